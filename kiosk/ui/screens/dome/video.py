"""The viewer's 360° video: the dome station's player (:class:`kiosk.show.player.ShowPlayer`) for one visitor.

The same decoder as the dome (hardware where there is one, 4:2:0 planes, the sound as the master clock),
its sound on the default output (:class:`~kiosk.show.audio.PortAudioSink`) or, on a machine without a
sound card, the player's real-time :class:`~kiosk.show.audio.PacedSink`. No Qt: the screen polls
:meth:`ViewerVideo.frame` on its timer. A video loops; a decoding error is kept for the screen to show.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.show.audio import PortAudioSink
from kiosk.show.decode import MediaInfo, VideoPlanes
from kiosk.show.player import ShowPlayer

log = logging.getLogger("kiosk")


def default_sink() -> PortAudioSink | None:
    """The default sound output, or None (the player then keeps time on its own)."""
    try:
        return PortAudioSink(None)
    except KioskError as exc:
        log.info("360° viewer: no sound output (%s), video timed by the clock", exc)
        return None


class ViewerVideo:
    """One video at a time: :meth:`open` (raises :class:`~kiosk.errors.KioskError`), :meth:`play`, :meth:`frame`,
    :meth:`stop` (keeps the position for :meth:`resume`), :meth:`close` (frees the player and the sound)."""

    def __init__(self) -> None:
        self.player: ShowPlayer | None = None
        self.info: MediaInfo | None = None
        self.resume_at: float | None = None  # where a stopped video goes on (the page was hidden)
        self.error: KioskError | None = None

    @property
    def playing(self) -> bool:
        return self.info is not None and self.resume_at is None

    def open(self, path: Path) -> MediaInfo:
        if self.player is None:
            self.player = ShowPlayer(default_sink())
        self.resume_at, self.error = None, None
        try:
            self.info = self.player.open(path)
        except KioskError:
            self.info = None
            raise
        return self.info

    def play(self, start_s: float = 0.0) -> None:
        if self.player is not None and self.info is not None:
            self.resume_at = None
            self.player.play(start_s)

    def position_s(self) -> float | None:
        """The player's clock while it plays, None while stopped."""
        return self.player.position_s() if self.player is not None and self.playing else None

    def frame(self) -> VideoPlanes | None:
        """The frame due now (None: keep the last one); loops at the end; stops on a decoding error
        (:attr:`error`)."""
        player = self.player
        if player is None or not self.playing:
            return None
        planes = player.due_frame()
        if planes is not None:
            player.presented(planes.pts_s)
            return planes
        if player.error is not None:
            self.error = player.error
            self.stop(forget=True)
        elif player.ended:
            player.play(0.0)  # loop
        return None

    def stop(self, forget: bool = False) -> None:
        """Stop decoding and the sound; the position is kept for :meth:`resume` unless ``forget``."""
        if self.player is None or self.info is None:
            return
        if not forget and self.resume_at is None:
            self.resume_at = self.player.position_s()
        self.player.stop()
        if forget:
            self.info, self.resume_at = None, None

    def resume(self) -> None:
        if self.resume_at is not None:
            self.play(self.resume_at)

    def close(self) -> None:
        self.stop(forget=True)
        if self.player is not None:
            self.player.close()
            self.player = None
