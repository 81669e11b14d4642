"""Hardware video decoding where the platform has it, the software decoder otherwise (PyAV).

:func:`open_video` opens a file for decoding with the first hardware decoder that both this FFmpeg build
and the file's codec support (NVIDIA's NVDEC through ``cuda``, Intel Quick Sync, VideoToolbox on a Mac,
D3D11 on Windows, VA-API where the FFmpeg build has it) and says which one it took; when none can be
used — no such device, no driver, a codec the device cannot decode — it opens the file for software
decoding and says why. PyAV is told to fall back to software by itself if the hardware decoder gives up
in the middle of a file (``allow_software_fallback``). Frames of a hardware decoder reach Python in system
memory, usually as ``nv12`` (Y plane + interleaved U/V) rather than ``yuv420p``: the GPU back end uploads
them as they are (:meth:`kiosk.ui.output.gl_renderer.GlDomeRenderer.set_nv12`), the CPU path reformats.

The dome player's decoder opens every video through it (:func:`kiosk.show.decode.video_frames`, whose
``on_path`` hears the :class:`DecodePath`); the player keeps it (``ShowPlayer.decode_path``) and the dome
console shows ``path.message()`` under its pages.

``KIOSK_HWACCEL`` overrides the choice: ``off`` (software), or a device name (``cuda``, ``qsv``…) to try
only that one. The H.264/HEVC output of NVDEC is bit-exact with the software decoder's (the standards
define decoding exactly), so the picture does not change with the path.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import Message

PREFERRED = ("cuda", "videotoolbox", "d3d11va", "vaapi", "qsv")  # tried in this order
ENV = "KIOSK_HWACCEL"


@dataclass(frozen=True)
class DecodePath:
    """How a file is decoded: ``device`` is a hardware device type (``"cuda"``…) or ``"software"``;
    ``reason`` says why it is software ('' for hardware)."""

    device: str
    reason: str = ""

    @property
    def hardware(self) -> bool:
        return self.device != "software"

    def message(self) -> Message:
        """One console line (French or English through the locale tables)."""
        if self.hardware:
            return Message("gpu.decode_hardware", {"device": self.device})
        return Message("gpu.decode_software", {"reason": self.reason or "-"})


def available_devices() -> list[str]:
    """Hardware device types this PyAV's FFmpeg was built with, in :data:`PREFERRED` order."""
    from av.codec.hwaccel import hwdevices_available

    built = set(hwdevices_available())
    return [name for name in PREFERRED if name in built]


def wanted_devices(prefer: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> list[str]:
    """The devices :func:`open_video` will try: ``$KIOSK_HWACCEL`` (``off`` = none), else ``prefer``, else
    every available one; only device types the FFmpeg build knows."""
    env = os.environ if environ is None else environ
    choice = env.get(ENV, "").strip().lower()
    if choice in ("off", "none", "software", "0"):
        return []
    names = [choice] if choice else list(prefer if prefer is not None else PREFERRED)
    from av.codec.hwaccel import hwdevices_available

    built = set(hwdevices_available())
    return [name for name in names if name in built]


def open_video(
    path: Path | str, prefer: Sequence[str] | None = None, environ: Mapping[str, str] | None = None
) -> tuple[Any, DecodePath]:
    """Open ``path`` for decoding its first video stream on hardware when possible; see the module doc.

    Returns the PyAV input container (close it) and the :class:`DecodePath` taken. Errors opening the
    file itself (missing, not a media file) are PyAV's, from the final software open, as ``av.open``'s.
    """
    import av
    from av.codec.hwaccel import HWAccel

    reasons: list[str] = []
    env = os.environ if environ is None else environ
    if env.get(ENV, "").strip().lower() in ("off", "none", "software", "0"):
        reasons.append(f"{ENV}=off")
    for device in wanted_devices(prefer, env):
        try:
            container = av.open(str(path), hwaccel=HWAccel(device_type=device, allow_software_fallback=True))
        except (av.error.FFmpegError, OSError, NotImplementedError, ValueError) as exc:
            reasons.append(f"{device}: {exc}")
            continue
        try:
            stream = container.streams.video[0]
            if stream.codec_context.is_hwaccel:
                return container, DecodePath(device)
            reasons.append(f"{device}: no {stream.codec_context.name} decoder on it")
        except (IndexError, av.error.FFmpegError, NotImplementedError) as exc:
            reasons.append(f"{device}: {exc}")
        container.close()
    if not reasons:
        reasons.append("no hardware decoder in this FFmpeg build")
    return av.open(str(path)), DecodePath("software", "; ".join(reasons))
