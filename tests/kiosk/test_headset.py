"""Headset files (kiosk.show.headset, kiosk.show.spherical, ``kiosk vr``): sizes, eyes, metadata, sound."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

av = pytest.importorskip("av")

from dome import Equirect, Fisheye, Mapping, Warper, build_maps  # noqa: E402
from kiosk.cli import main  # noqa: E402
from kiosk.errors import UsageError  # noqa: E402
from kiosk.show import headset, spherical  # noqa: E402
from kiosk.show.decode import MediaInfo  # noqa: E402
from tests.dome.conftest import psnr, smooth_equirect  # noqa: E402


def make_video(path: Path, frames: list[np.ndarray], audio: bool = True) -> Path:
    """An H.264 MP4 of BGR ``frames`` at 30 fps, with half a second of 440 Hz tone when ``audio``."""
    h, w = frames[0].shape[:2]
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264", rate=30, options={"crf": "12", "preset": "veryfast"})
        video.width, video.height, video.pix_fmt = w, h, "yuv420p"
        sound = out.add_stream("aac", rate=48_000) if audio else None
        for k, image in enumerate(frames):
            frame = av.VideoFrame.from_ndarray(image, format="bgr24")
            frame.pts = k
            for packet in video.encode(frame):
                out.mux(packet)
        if sound is not None:
            tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(24_000) / 48_000)).astype(np.float32)
            chunk = av.AudioFrame.from_ndarray(np.stack([tone, tone]), format="fltp", layout="stereo")
            chunk.sample_rate, chunk.pts = 48_000, 0
            for packet in [*sound.encode(chunk), *sound.encode(None)]:
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
    return path


def decoded(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="bgr24") for f in container.decode(video=0)]


def info(width: int, height: int, fps: float = 30.0) -> MediaInfo:
    return MediaInfo(Path("x.mp4"), width, height, fps, 10.0, True)


@pytest.mark.parametrize(
    "source,stereo,projection,fps,expected",
    [
        ((3840, 1920), "mono", "equirect", 30, (3840, 1920)),
        ((5760, 2880), "mono", "equirect", 29.97, (3840, 1920)),
        ((5760, 2880), "mono", "equirect", 60, (2880, 1440)),
        ((1000, 500), "mono", "equirect", 30, (992, 496)),  # never upscaled
        ((4096, 4096), "top-bottom", "equirect", 30, (2880, 2880)),
        ((4096, 4096), "top-bottom", "equirect", 60, (2048, 2048)),
        ((2048, 2048), "mono", "domemaster", 30, (3840, 1920)),
        ((1024, 1024), "mono", "domemaster", 30, (2048, 1024)),
    ],
)
def test_headset_sizes(source, stereo, projection, fps, expected) -> None:
    plan = headset.plan_for(info(*source, fps), stereo, projection)
    assert (plan.width, plan.height) == expected
    assert plan.file_name("show") == ("show_360_TB.mp4" if stereo == "top-bottom" else "show_360.mp4")


@pytest.mark.parametrize(
    "source,stereo,projection,match",
    [
        ((3840, 1920), "top-bottom", "equirect", "errors.vr.aspect"),
        ((2048, 2048), "mono", "equirect", "errors.vr.aspect"),
        ((2048, 1024), "mono", "domemaster", "errors.vr.domemaster"),
        ((2048, 2048), "top-bottom", "domemaster", "errors.vr.domemaster"),
        ((2048, 1024), "side-by-side", "equirect", "errors.vr.layout"),
    ],
)
def test_layouts_that_do_not_fit_the_source_are_refused(source, stereo, projection, match) -> None:
    with pytest.raises(UsageError) as caught:
        headset.plan_for(info(*source), stereo, projection)
    assert caught.value.key == match


def test_mono_file_keeps_picture_and_sound_and_declares_360(tmp_path) -> None:
    base = smooth_equirect(512, 256)
    source = make_video(tmp_path / "tour.mp4", [np.roll(base, 8 * k, axis=1) for k in range(8)])
    done = headset.prepare(source, tmp_path, "mono")
    assert done.path == tmp_path / "tour_360.mp4" and done.frames == 8 and done.audio == "copied"
    assert spherical.read(done.path) == {"v1": "mono", "v2": "mono"}
    with av.open(str(done.path)) as container:
        assert container.streams.audio and container.streams.video[0].codec_context.profile == "High"
        first = next(container.decode(video=0))
        kinds = {str(s.type) for s in first.side_data}
        assert "Type.SPHERICAL" in kinds and "Type.STEREO3D" in kinds  # FFmpeg reads what players read
    frames = decoded(done.path)
    assert psnr(frames[3], decoded(source)[3]) > 38
    assert (done.path.stat().st_mode & 0o777) == 0o644


def test_top_bottom_eyes_are_scaled_apart(tmp_path) -> None:
    left = smooth_equirect(512, 256)
    right = cv2.flip(left, 1)  # another picture: any bleeding at the middle row would show
    source = make_video(tmp_path / "stereo.mp4", [np.vstack([left, right])] * 4, audio=False)
    done = headset.prepare(source, tmp_path / "out.mp4", "top-bottom", max_width=256)
    assert (done.plan.width, done.plan.height) == (256, 256) and done.audio == "none"
    assert spherical.read(done.path) == {"v1": "top-bottom", "v2": "top-bottom"}
    frame = decoded(done.path)[0]
    want = [
        Warper(build_maps(Mapping(Equirect(512, 256), Equirect(256, 128)))).warp(eye).copy() for eye in (left, right)
    ]
    assert psnr(frame[:128], want[0]) > 35 and psnr(frame[128:], want[1]) > 35
    assert psnr(frame[126:128], want[0][-2:]) > 30 and psnr(frame[128:130], want[1][:2]) > 30  # no bleed


def test_a_dome_show_becomes_the_upper_half_of_the_sphere(tmp_path) -> None:
    dome = Warper(build_maps(Mapping(Equirect(512, 256), Fisheye(256, 256, tilt_deg=0)))).warp(
        smooth_equirect(512, 256)
    )
    source = make_video(tmp_path / "dome.mp4", [dome.copy()] * 3, audio=False)
    done = headset.prepare(source, tmp_path, "mono", "domemaster")
    frame = decoded(done.path)[0]
    assert frame.shape == (256, 512, 3)  # the dome's angular resolution: 256 px for 90°
    want = Warper(build_maps(Mapping(Fisheye(256, 256), Equirect(512, 256)))).warp(dome)
    assert psnr(frame[4:124], want[4:124]) > 32
    assert frame[136:].max() <= 20  # below the horizon: black


def test_injection_survives_fast_start_and_repeats(tmp_path) -> None:
    path = make_video(tmp_path / "plain.mp4", [smooth_equirect(128, 64)] * 5)
    fast = tmp_path / "fast.mp4"
    with av.open(str(path)) as src, av.open(str(fast), "w", options={"movflags": "+faststart"}) as out:
        streams = {s.index: out.add_stream_from_template(s) for s in src.streams}
        for packet in src.demux():
            if packet.dts is not None:
                packet.stream = streams[packet.stream_index]
                out.mux(packet)
    before = decoded(fast)
    spherical.inject(fast, "mono")
    spherical.inject(fast, "top-bottom")  # replaces, does not add a second set
    assert spherical.read(fast) == {"v1": "top-bottom", "v2": "top-bottom"}
    data = fast.read_bytes()
    assert data.count(spherical.V1_UUID) == 1 and data.count(b"sv3d") == 1
    assert data.index(b"moov") < data.index(b"mdat")  # chunk offsets had to move
    after = decoded(fast)
    assert len(after) == len(before) and all((a == b).all() for a, b in zip(after, before))


def test_a_file_that_is_not_mp4_is_refused(tmp_path) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"\x00\x00\x00\x10ftypisom\x00\x00\x00\x00")
    with pytest.raises(spherical.SphericalError, match="no moov"):
        spherical.inject(bad)


def test_command_line_prepare_and_check(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("LANG", "en_CA.UTF-8")
    source = make_video(tmp_path / "walk.mp4", [smooth_equirect(256, 128)] * 3, audio=False)
    assert main(["vr", "prepare", str(source), str(tmp_path / "walk-headset.mp4")]) == 0
    out = capsys.readouterr().out
    assert "256x128 360° mono, 3 frames at 30 fps" in out and "walk-headset_360.mp4" in out  # the name hint
    assert main(["vr", "check", str(tmp_path / "walk-headset.mp4")]) == 0
    assert "360° metadata: V1 mono, V2 mono" in capsys.readouterr().out
    assert main(["vr", "check", str(source)]) == 0
    assert "360° metadata: none" in capsys.readouterr().out
