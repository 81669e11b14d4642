"""The dome station's pure side: calibration profiles, pattern and show sources, decoding, sound, the player.

No Qt here (``kiosk/ui/output`` and the dome console show and forward). The pieces:

* :mod:`kiosk.show.profiles` — named calibration profiles in the data folder, export/import as one file;
* :mod:`kiosk.show.calibration` — a profile + a source → the projector's inverse maps (luma and chroma),
  built fast at preview size while a slider moves and exactly at full size in the background;
* :mod:`kiosk.show.render` — the projector image (RGB) of a YUV frame or a still through those maps,
  with brightness, gamma, fade and pattern labels: the one renderer behind the projector, the console
  preview and ``kiosk dome pattern|convert --profile``;
* :mod:`kiosk.show.patterns` — calibration patterns as equirect sources, their labels drawn with a TTF;
* :mod:`kiosk.show.decode` — PyAV decoding into Y/U/V planes and 48 kHz stereo audio blocks;
* :mod:`kiosk.show.audio` — the audio output (sounddevice), whose clock is the master;
* :mod:`kiosk.show.player` — decode threads, the audio clock, frames dropped or repeated to follow it;
* :mod:`kiosk.show.playlist` — the shows of the media manifest; :mod:`kiosk.show.convert` — offline
  conversion keeping the audio track; :mod:`kiosk.show.events` — show and audience events.

``dome.DomeError`` is translated into a :class:`kiosk.errors.KioskError` with a message key here, once.
"""
