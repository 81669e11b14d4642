"""The dome player's decoder: files open through kiosk.show.hwaccel (hardware where there is one, the
software decoder otherwise, and the player says which), NV12 frames of a hardware decoder kept as they are
for the GPU and split into U and V only for CPU consumers. CI has no hardware decoder: its failure is
simulated the way a laptop without a driver fails (the hardware open refused)."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest

from kiosk.show import hwaccel
from kiosk.show.decode import VideoPlanes, forget_decoders, frame_planes, video_frames
from kiosk.show.player import ShowPlayer

from .show_media import make_show


@pytest.fixture(scope="module")
def show(tmp_path_factory):
    return make_show(tmp_path_factory.mktemp("media") / "show.mp4", seconds=1.0)


@pytest.fixture
def no_driver(monkeypatch):
    """A machine whose FFmpeg has a ``cuda`` device type but no NVIDIA driver: the hardware open fails."""
    real_open = av.open
    tried: list[str] = []

    def open_(file, *args, hwaccel=None, **kwargs):
        if hwaccel is not None:
            tried.append("hardware")
            raise av.error.PermissionError(1, "Operation not permitted")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(av, "open", open_)
    monkeypatch.setattr(hwaccel, "wanted_devices", lambda prefer=None, environ=None: ["cuda"])
    forget_decoders()
    yield tried
    forget_decoders()


def _lumas(frames) -> list[np.ndarray]:
    return [(f.pts_s, f.y.copy()) for f in frames]


def test_without_a_hardware_decoder_the_software_one_decodes_the_same_frames(show, no_driver, monkeypatch):
    paths: list[hwaccel.DecodePath] = []
    got = _lumas(video_frames(show, on_path=paths.append))
    assert no_driver == ["hardware"]  # the hardware decoder (cuda) was tried first
    assert len(paths) == 1 and not paths[0].hardware and paths[0].reason.startswith("cuda:")
    monkeypatch.setenv(hwaccel.ENV, "off")
    plain = _lumas(video_frames(show))
    assert len(got) == len(plain) == 30
    assert all(a[0] == b[0] and np.array_equal(a[1], b[1]) for a, b in zip(got, plain))


def test_a_file_the_hardware_refused_reopens_in_software_at_once(show, no_driver):
    """A seek or a resync opens the file again: the devices that refused it are not tried again."""
    first: list[hwaccel.DecodePath] = []
    again: list[hwaccel.DecodePath] = []
    next(video_frames(show, on_path=first.append))
    next(video_frames(show, 0.5, on_path=again.append))
    assert no_driver == ["hardware"] and again == first and not again[0].hardware
    forget_decoders()
    next(video_frames(show, on_path=again.append))
    assert no_driver == ["hardware", "hardware"]


def test_the_player_says_which_decoder_runs(show, no_driver):
    player = ShowPlayer()
    player.open(show)
    assert player.decode_path is None
    player.play()
    assert player.wait_decoded(0.0)
    path = player.decode_path
    player.stop()
    assert path is not None and not path.hardware
    fr, en = path.message().text("fr"), path.message().text("en")
    assert fr.startswith("Décodage vidéo") and "logiciel" in fr and "cuda:" in fr
    assert en.startswith("Video decoding: software (cuda:")


def _decoded(show, pix_fmt: str):
    with av.open(str(show)) as container:
        frame = next(container.decode(video=0))
        return frame.reformat(format=pix_fmt), frame.reformat(format="yuv420p")


def test_nv12_frames_keep_their_interleaved_chroma_and_split_on_demand(show):
    nv12, planar = _decoded(show, "nv12")
    planes = frame_planes(nv12, 0.5)
    reference = frame_planes(planar, 0.5)
    h, w = reference.y.shape
    assert planes.format == "nv12" and planes.uv is not None and planes.uv.shape == (h // 2, w // 2, 2)
    assert planes._u is None  # nothing split until a CPU consumer asks
    assert np.array_equal(planes.y, reference.y)
    assert np.array_equal(planes.u, reference.u) and np.array_equal(planes.v, reference.v)
    assert planes.u.flags.c_contiguous and reference.format == "yuv420p" and reference.uv is None


def test_other_formats_are_reformatted_to_planar(show):
    other, planar = _decoded(show, "yuv444p")
    planes, reference = frame_planes(other, 0.0), frame_planes(planar, 0.0)
    assert planes.format == "yuv420p" and planes.u.shape == reference.u.shape
    assert np.abs(planes.u.astype(int) - reference.u.astype(int)).max() <= 2


def test_nv12_planes_from_a_decoders_padded_rows():
    """Decoders pad rows (``line_size`` > width: 112 for a 100 px frame): the planes are views with that stride."""
    h, w = 64, 100
    frame = av.VideoFrame(w, h, "nv12")
    frame.pts, frame.time_base = 0, Fraction(1, 30)
    for index, plane in enumerate(frame.planes):
        rows = np.ndarray((plane.buffer_size // plane.line_size, plane.line_size), np.uint8, buffer=plane)
        rows[...] = 40 if index == 0 else np.tile(np.array([100, 200], np.uint8), plane.line_size // 2)
        rows[:, 2 * (w // 2) if index else w :] = 255  # the padding, never part of the picture
    planes = frame_planes(frame, 0.0)
    assert frame.planes[0].line_size > w
    assert planes.y.shape == (h, w) and (planes.y == 40).all()
    assert planes.u.shape == (h // 2, w // 2) and (planes.u == 100).all() and (planes.v == 200).all()


def test_planar_planes_are_given_as_they_are():
    y, u, v = np.zeros((4, 6), np.uint8), np.ones((2, 3), np.uint8), np.full((2, 3), 2, np.uint8)
    planes = VideoPlanes(1.0, y, u, v)
    assert planes.u is u and planes.v is v and planes.format == "yuv420p"
