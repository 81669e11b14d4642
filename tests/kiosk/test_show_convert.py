"""``kiosk dome convert`` keeps the sound; ``convert``/``pattern`` ``--profile`` give exactly the projector's
image (the renderer the output uses), labels in French or English."""

from __future__ import annotations

import av
import cv2
import numpy as np
import pytest

from kiosk.cli import main
from kiosk.show.calibration import SourceKind, build_geometry
from kiosk.show.decode import audio_blocks, probe
from kiosk.show.patterns import PatternSources
from kiosk.show.profiles import Profile, ProfileStore
from kiosk.show.render import ProjectorRenderer

from .show_media import make_show, tone_onset_s

PROFILE = Profile(name="Test", projector_width=320, projector_height=240, tilt_deg=10, flip_h=True, gamma=1.3)


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv("KIOSK_HOME", str(folder))
    ProfileStore(folder / "dome").save(PROFILE)
    return folder


@pytest.mark.parametrize("profile", [None, "Test"])
def test_convert_keeps_the_sound_in_time(tmp_path, home, capsys, profile):
    show = make_show(tmp_path / "in.mp4", seconds=1.5, event_s=0.8)
    out = tmp_path / "dome.mp4"
    args = ["dome", "convert", str(show), str(out)] + (["--profile", profile] if profile else ["--size", "96"])
    assert main(args) == 0
    assert "sound copied" in capsys.readouterr().out
    info = probe(out)
    assert info.has_audio and (info.width, info.height) == ((320, 240) if profile else (96, 96))
    with av.open(str(out)) as container:
        assert container.streams.audio[0].codec_context.name == "aac"
    samples = np.concatenate([b.samples for b in audio_blocks(out)])
    assert abs(tone_onset_s(samples) - 0.8) < 0.040


def test_convert_with_a_profile_is_the_projector_image(tmp_path, home, capsys):
    pano = tmp_path / "pano.png"
    image = np.zeros((256, 512, 3), np.uint8)
    image[:, :256] = (0, 0, 255)  # the left half of the world in red
    cv2.imwrite(str(pano), image)
    assert main(["dome", "convert", str(pano), str(tmp_path / "out.png"), "--profile", "Test"]) == 0
    written = cv2.imread(str(tmp_path / "out.png"))
    renderer = ProjectorRenderer(build_geometry(PROFILE, SourceKind("equirect", 512, 256)))
    expected = cv2.cvtColor(renderer.render_bgr(image), cv2.COLOR_RGB2BGR)
    assert written.shape == (240, 320, 3) and np.array_equal(written, expected)


def test_pattern_with_a_profile_draws_labels_in_the_language_asked(tmp_path, home, monkeypatch):
    monkeypatch.setattr(PatternSources, "get", lambda self, name, size=None: _small_pattern(name))
    fr, en = tmp_path / "fr.png", tmp_path / "en.png"
    assert main(["dome", "pattern", "polar", "-o", str(fr), "--profile", "Test", "--lang", "fr"]) == 0
    assert main(["dome", "pattern", "polar", "-o", str(en), "--profile", "Test", "--lang", "en"]) == 0
    a, b = cv2.imread(str(fr)), cv2.imread(str(en))
    assert a.shape == (240, 320, 3)
    assert not np.array_equal(a, b)  # AVANT vs FRONT…


def _small_pattern(name: str) -> np.ndarray:
    from dome import Equirect
    from dome.patterns import draw_pattern

    return draw_pattern(name, Equirect(512, 256))


def test_the_commands_share_one_progress_line():
    """``kiosk dome convert`` and ``kiosk vr prepare`` draw the same bar (kiosk.commands.progress)."""
    import io

    from kiosk.commands import dome
    from kiosk.commands.progress import Progress

    stream = io.StringIO()
    progress = Progress("show.mp4", 60, stream)
    progress(30)
    progress(31)  # within a tenth of a second: not redrawn
    progress(60)  # the end is always drawn
    progress.finish()
    lines = stream.getvalue().split("\r")
    assert lines[1].startswith("show.mp4 [" + "#" * 15 + "." * 15 + "] 30/60")
    assert lines[2].startswith("show.mp4 [" + "#" * 30 + "] 60/60") and lines[2].endswith("fps\n")
    assert len(lines) == 3
    assert dome.Progress is Progress
