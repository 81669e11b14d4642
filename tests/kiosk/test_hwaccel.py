"""Hardware decoding with the software decoder as the fallback (kiosk.show.hwaccel), on generated H.264."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

av = pytest.importorskip("av")

from kiosk.show import hwaccel  # noqa: E402


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    """Six 128×64 H.264 frames whose grey level steps up (libx264 from PyAV's own FFmpeg)."""
    path = tmp_path_factory.mktemp("hw") / "clip.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 128, 64, "yuv420p"
        for k in range(6):
            frame = av.VideoFrame.from_ndarray(np.full((64, 128, 3), 30 + 35 * k, np.uint8), format="rgb24")
            frame.pts = k
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def lumas(container) -> list[np.ndarray]:
    with container:
        return [f.reformat(format="yuv420p").to_ndarray()[:64].copy() for f in container.decode(video=0)]


def test_off_means_the_software_decoder(clip) -> None:
    container, path = hwaccel.open_video(clip, environ={"KIOSK_HWACCEL": "off"})
    assert not path.hardware and "KIOSK_HWACCEL=off" in path.reason
    assert len(lumas(container)) == 6
    assert "logiciel" in path.message().text("fr") and "software" in path.message().text("en")


def test_a_device_that_cannot_open_falls_back_to_software(clip, monkeypatch) -> None:
    """No driver (what a laptop without NVIDIA gets for cuda): the file is decoded in software, same frames."""
    real_open = av.open

    def no_driver(file, *args, hwaccel=None, **kwargs):
        if hwaccel is not None:
            raise av.error.PermissionError(1, "Operation not permitted")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(av, "open", no_driver)
    monkeypatch.setattr(hwaccel, "wanted_devices", lambda prefer=None, environ=None: ["cuda"])
    container, path = hwaccel.open_video(clip, environ={})
    assert path == hwaccel.DecodePath("software", path.reason) and path.reason.startswith("cuda:")
    assert "not permitted" in path.reason
    got = lumas(container)
    plain = lumas(real_open(str(clip)))
    assert len(got) == 6 and all((a == b).all() for a, b in zip(got, plain))


def test_a_device_without_a_decoder_for_the_codec_falls_back(clip) -> None:
    """FFmpeg's DRM device has no H.264 decoder: PyAV opens the file but decodes in software; we say so."""
    if "drm" not in hwaccel.wanted_devices(["drm"], {}):
        pytest.skip("this FFmpeg build has no DRM device type")
    container, path = hwaccel.open_video(clip, prefer=["drm"], environ={})
    assert not path.hardware and "drm: no h264 decoder" in path.reason
    assert len(lumas(container)) == 6


def test_unknown_or_unbuilt_devices_are_not_tried(clip) -> None:
    assert hwaccel.wanted_devices(["warp-drive"], {}) == []
    assert hwaccel.wanted_devices(None, {"KIOSK_HWACCEL": "none"}) == []
    container, path = hwaccel.open_video(clip, prefer=["warp-drive"], environ={})
    assert not path.hardware and path.reason == "no hardware decoder in this FFmpeg build"
    container.close()


def test_whatever_path_is_taken_the_frames_are_the_software_ones(clip) -> None:
    """On this machine's best path (NVDEC on an NVIDIA laptop, software elsewhere) the pictures are
    bit-exact with the software decoder's."""
    container, path = hwaccel.open_video(clip, environ={})
    got = lumas(container)
    plain = lumas(av.open(str(clip)))
    assert len(got) == len(plain) == 6
    assert all((a == b).all() for a, b in zip(got, plain))
    assert path.hardware == (path.reason == "")
