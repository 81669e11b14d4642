"""The show player on short generated files: frames follow the audio clock (dropped or repeated), the flash
frame is on time, seeking lands where asked, broken and missing files are refused with a message."""

from __future__ import annotations

import pytest

from kiosk.errors import MediaError
from kiosk.show.decode import probe
from kiosk.show.player import ShowPlayer

from .show_media import make_show


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def show(tmp_path_factory):
    return make_show(tmp_path_factory.mktemp("media") / "show.mp4")


def _play(player: ShowPlayer, clock: FakeClock, step_s: float, until_s: float) -> list[tuple[float, float]]:
    """Advance the clock by ``step_s`` until ``until_s``; (clock, pts) of each frame handed out."""
    shown = []
    start = clock.now
    while clock.now - start < until_s:
        clock.now += step_s
        position = player.position_s()
        assert player.wait_decoded(position)
        frame = player.due_frame()
        if frame is not None:
            player.presented(frame.pts_s)
            shown.append((position, frame.pts_s))
    return shown


def test_frames_follow_the_clock_and_repeat_between_frames(show):
    clock = FakeClock()
    player = ShowPlayer(clock=clock)
    player.open(show)
    player.play()
    shown = _play(player, clock, 1 / 120, 1.9)  # a 120 Hz display: every frame shown once, then repeated
    player.stop()
    assert all(pts <= position + 1e-9 for position, pts in shown)  # never early
    assert [round(p * 30) for _, p in shown] == list(range(len(shown)))  # in order, none dropped
    assert player.stats.dropped == 0 and len(shown) >= 56
    worst, p95 = player.stats.offset_summary()
    assert worst < 1 / 120 + 1e-6 and p95 <= worst


def test_a_slow_display_drops_frames_to_keep_time(show):
    clock = FakeClock()
    player = ShowPlayer(clock=clock)
    player.open(show)
    player.play()
    shown = _play(player, clock, 0.1, 1.5)  # 10 Hz: two of every three frames dropped
    player.stop()
    assert player.stats.dropped >= 25
    assert all(position - pts < 1 / 30 + 1e-9 for position, pts in shown)  # what is shown is the current frame


def test_the_flash_is_shown_within_40_ms_of_its_time(show):
    clock = FakeClock()
    player = ShowPlayer(clock=clock)
    player.open(show)
    player.play()
    shown = _play(player, clock, 1 / 60, 1.5)
    player.stop()
    flash = [position for position, pts in shown if abs(pts - 1.0) < 1e-6]
    assert flash and abs(flash[0] - 1.0) < 0.040


def test_seek_lands_on_the_frame_asked_for(show):
    clock = FakeClock()
    player = ShowPlayer(clock=clock)
    player.open(show)
    player.play(0.0)
    player.seek(1.5)
    assert player.position_s() == pytest.approx(1.5)
    assert player.wait_decoded(1.5)
    frame = player.due_frame(0.001)
    player.stop()
    assert frame is not None and frame.pts_s == pytest.approx(1.5)


def test_the_show_ends_after_its_last_frame(show):
    clock = FakeClock()
    player = ShowPlayer(clock=clock)
    player.open(show)
    player.play()
    _play(player, clock, 1 / 30, 1.9)
    assert not player.ended  # the last frame (1.967 s) is still to come
    clock.now += 0.2
    assert player.wait_decoded(player.position_s())
    assert player.due_frame() is not None
    assert player.ended


def test_missing_and_corrupt_files_are_refused_with_their_name(tmp_path, show):
    with pytest.raises(MediaError) as missing:
        probe(tmp_path / "nope.mp4")
    assert missing.value.key == "errors.dome.media_missing" and "nope.mp4" in str(missing.value)
    corrupt = tmp_path / "corrupt.mp4"
    corrupt.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 64)
    with pytest.raises(MediaError) as broken:
        probe(corrupt)
    assert broken.value.key in ("errors.dome.media_unreadable", "errors.dome.media_no_video")
    assert "corrupt.mp4" in broken.value.text("fr")


def test_a_decoder_far_behind_the_sound_jumps_to_it(tmp_path):
    show = make_show(tmp_path / "long.mp4", seconds=4.0)
    clock = FakeClock()
    player = ShowPlayer(clock=clock)
    player.open(show)
    player.play()
    clock.now += 2.0  # the machine stalled for 2 s: the sound went on
    shown = []
    for _ in range(40):
        clock.now += 1 / 30
        assert player.wait_decoded(player.position_s())
        frame = player.due_frame()
        if frame is not None:
            shown.append((player.position_s(), frame.pts_s))
        if shown and shown[-1][1] >= 2.0:
            break
    player.stop()
    assert player.stats.resyncs == 1
    position, pts = shown[-1]
    assert pts >= 2.0 and abs(position - pts) < 0.1  # back in time with the sound
