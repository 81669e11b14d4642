"""Spherical-video metadata in MP4 files, so that headset and web players know a video is 360° (and stereo).

Written in both forms players read (Google's spatial-media specifications, which YouTube, VLC/FFmpeg,
Meta Quest's players, DeoVR, Skybox and Pigasus follow):

* **Spherical Video V1**: an XML (RDF) description in a ``uuid`` box
  (``ffcc8263-f855-4a93-8814-587a02521fdd``) inside the video track: ``Spherical``, ``Stitched``,
  ``ProjectionType`` equirectangular, ``StereoMode`` mono or top-bottom.
* **Spherical Video V2**: ``st3d`` (stereo mode: 0 mono, 1 top-bottom) and ``sv3d`` (``svhd`` the writing
  software, ``proj`` with ``prhd`` pose 0/0/0 and ``equi`` full-sphere bounds) boxes appended to the video
  sample entry (``avc1``/``hvc1``…).

:func:`inject` rewrites the ``moov`` box with those boxes added and, when ``moov`` comes before the media
data (a "fast start" file), moves every chunk offset (``stco``/``co64``) by the bytes added. FFmpeg's own
muxer writes V2 only from stream side data and only with ``-strict unofficial``, which PyAV cannot set
per stream; writing the boxes here is what Google's Spatial Media Metadata Injector does.
"""

from __future__ import annotations

import os
import stat
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

V1_UUID = bytes.fromhex("ffcc8263f8554a938814587a02521fdd")
CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"udta"}
STEREO_MODES = {"mono": 0, "top-bottom": 1}
SOFTWARE = "Cafe numerique kiosk"


class SphericalError(ValueError):
    """The file is not an MP4 this module can rewrite (no moov, no video track, a truncated box)."""


@dataclass
class Box:
    """One ISO-BMFF box: ``kind`` (4 bytes), its payload, and its children when it is a container."""

    kind: bytes
    payload: bytes = b""
    children: list[Box] | None = None

    def encode(self) -> bytes:
        body = self.payload + b"".join(c.encode() for c in self.children or [])
        if len(body) + 8 < 2**32:
            return struct.pack(">I4s", len(body) + 8, self.kind) + body
        return struct.pack(">I4sQ", 1, self.kind, len(body) + 16) + body

    def find(self, kind: bytes) -> list[Box]:
        return [c for c in self.children or [] if c.kind == kind]


def _parse(data: bytes, start: int, end: int, containers: bool = True) -> list[Box]:
    """The boxes in ``data[start:end]``; container boxes of :data:`CONTAINERS` are parsed recursively."""
    boxes, pos = [], start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            (size,) = struct.unpack_from(">Q", data, pos + 8)
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise SphericalError(f"box {kind!r} at {pos} has an impossible size {size}")
        body = (pos + header, pos + size)
        if containers and kind in CONTAINERS:
            boxes.append(Box(kind, b"", _parse(data, *body)))
        else:
            boxes.append(Box(kind, data[body[0] : body[1]]))
        pos += size
    return boxes


def _v1_box(stereo: str) -> Box:
    xml = (
        '<?xml version="1.0"?><rdf:SphericalVideo xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:GSpherical="http://ns.google.com/videos/1.0/spherical/">'
        "<GSpherical:Spherical>true</GSpherical:Spherical><GSpherical:Stitched>true</GSpherical:Stitched>"
        f"<GSpherical:StitchingSoftware>{SOFTWARE}</GSpherical:StitchingSoftware>"
        "<GSpherical:ProjectionType>equirectangular</GSpherical:ProjectionType>"
        f"<GSpherical:StereoMode>{stereo}</GSpherical:StereoMode></rdf:SphericalVideo>"
    )
    return Box(b"uuid", V1_UUID + xml.encode("utf-8"))


def _v2_boxes(stereo: str) -> list[Box]:
    full = b"\x00\x00\x00\x00"  # version 0, flags 0
    st3d = Box(b"st3d", full + bytes([STEREO_MODES[stereo]]))
    svhd = Box(b"svhd", full + SOFTWARE.encode("ascii") + b"\x00")
    prhd = Box(b"prhd", full + struct.pack(">iii", 0, 0, 0))  # pose yaw, pitch, roll (16.16 degrees)
    equi = Box(b"equi", full + struct.pack(">IIII", 0, 0, 0, 0))  # projection bounds: the whole sphere
    return [st3d, Box(b"sv3d", b"", [svhd, Box(b"proj", b"", [prhd, equi])])]


def _video_trak(moov: Box) -> Box:
    for trak in moov.find(b"trak"):
        for mdia in trak.find(b"mdia"):
            for hdlr in mdia.find(b"hdlr"):
                if hdlr.payload[8:12] == b"vide":
                    return trak
    raise SphericalError("the file has no video track")


def _add_to_sample_entry(trak: Box, boxes: list[Box]) -> None:
    """Append ``boxes`` to the first visual sample entry of the track's ``stsd``."""
    stbl = trak.find(b"mdia")[0].find(b"minf")[0].find(b"stbl")[0]
    stsd = stbl.find(b"stsd")[0]
    header, entries = stsd.payload[:8], stsd.payload[8:]
    size, kind = struct.unpack_from(">I4s", entries, 0)
    visual = 8 + 78  # sample entry header + VisualSampleEntry fields
    children = [c for c in _parse(entries, visual, size, containers=False) if c.kind not in (b"st3d", b"sv3d")]
    entry = Box(kind, entries[8:visual], children + boxes)
    stsd.payload = header + entry.encode() + entries[size:]


def _shift_chunk_offsets(box: Box, delta: int) -> None:
    for child in box.children or []:
        if child.kind in (b"stco", b"co64"):
            fmt = ">I" if child.kind == b"stco" else ">Q"
            step = struct.calcsize(fmt)
            (count,) = struct.unpack_from(">I", child.payload, 4)
            values = [struct.unpack_from(fmt, child.payload, 8 + k * step)[0] + delta for k in range(count)]
            if child.kind == b"stco" and max(values, default=0) >= 2**32:
                raise SphericalError("chunk offsets overflow 32 bits after the metadata was added")
            child.payload = child.payload[:8] + b"".join(struct.pack(fmt, v) for v in values)
        _shift_chunk_offsets(child, delta)


def inject(path: Path | str, stereo: str = "mono") -> None:
    """Add V1 and V2 equirectangular metadata (``stereo``: ``"mono"`` or ``"top-bottom"``) to the MP4 at
    ``path``, in place (written to a temporary file, then renamed). Existing spherical boxes are replaced."""
    if stereo not in STEREO_MODES:
        raise SphericalError(f"unknown stereo mode {stereo!r}")
    path = Path(path)
    data = path.read_bytes()
    top = _parse(data, 0, len(data), containers=False)
    kinds = [b.kind for b in top]
    if b"moov" not in kinds:
        raise SphericalError(f"{path.name}: no moov box (not an MP4 file)")
    index = kinds.index(b"moov")
    old_moov = top[index]
    moov = Box(b"moov", b"", _parse(old_moov.payload, 0, len(old_moov.payload)))
    trak = _video_trak(moov)
    assert trak.children is not None
    trak.children = [c for c in trak.children if not (c.kind == b"uuid" and c.payload[:16] == V1_UUID)]
    trak.children.append(_v1_box(stereo))
    _add_to_sample_entry(trak, _v2_boxes(stereo))
    delta = len(moov.encode()) - len(old_moov.encode())
    if b"mdat" in kinds and kinds.index(b"mdat") > index:
        _shift_chunk_offsets(moov, delta)
    top[index] = moov
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.stem}-", suffix=".mp4", delete=False) as out:
        for box in top:
            out.write(box.encode())
    os.chmod(out.name, stat.S_IMODE(path.stat().st_mode))
    os.replace(out.name, path)


def read(path: Path | str) -> dict[str, str]:
    """What spherical metadata the file declares: ``{"v1": stereo mode, "v2": stereo mode}`` (keys only for
    the forms present). For checks and tests."""
    data = Path(path).read_bytes()
    found: dict[str, str] = {}
    for box in _parse(data, 0, len(data)):
        if box.kind != b"moov":
            continue
        trak = _video_trak(box)
        for uuid in trak.find(b"uuid"):
            if uuid.payload[:16] == V1_UUID:
                text = uuid.payload[16:].decode("utf-8", "replace")
                found["v1"] = (
                    text.split("<GSpherical:StereoMode>")[1].split("<")[0] if "StereoMode>" in text else "mono"
                )
        stsd = trak.find(b"mdia")[0].find(b"minf")[0].find(b"stbl")[0].find(b"stsd")[0].payload[8:]
        size = struct.unpack_from(">I", stsd, 0)[0]
        names = {v: k for k, v in STEREO_MODES.items()}
        entry = {child.kind: child for child in _parse(stsd, 8 + 78, size, containers=False)}
        if b"sv3d" in entry:
            found["v2"] = names.get(entry[b"st3d"].payload[4], "unknown") if b"st3d" in entry else "mono"
    return found
