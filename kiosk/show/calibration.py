"""A profile + a source → the projector's inverse maps (:class:`Geometry`), fast enough to follow a slider.

Chain for one projector pixel: projector flips/rotation (a pure permutation of the output pixels, folded
into the maps: free per frame) → [warp mesh or spherical mirror: projector pixel → domemaster pixel +
gain] → the fisheye lens of the profile (field of view, image circle, dome tilt) → the content
orientation (yaw, pitch, roll) → the source pixel.

* Without a mesh or mirror the lens *is* the projector frame: a ``Fisheye`` of the projector's size whose
  circle is ``circle_radius × height / 2`` px, offset by ``circle_x/y × height`` px.
* With a mesh or mirror the lens is a square intermediate domemaster; the warp's projector → domemaster
  map depends only on the warp and the output size, so it is computed once and cached, and the adaptive
  domemaster maps (fast) are composed with it by ``cv2.remap`` (the equirect seam is composed through the
  cosine and sine of the longitude, so it never smears).
* A **domemaster source** is defined in the dome's own frame (its zenith is the dome's zenith, whatever the
  tilt); an **equirect source** is level with the room, so the dome tilt turns it.

:func:`build_geometry` takes any even output size: the console asks first for a small one (a quarter of
the projector) while a slider moves, then for the full one (:class:`kiosk.show.geometry_service` does
that in the background). ``dome.DomeError`` becomes :class:`kiosk.errors.SettingsError` here.

A back end that computes the projection itself (the GPU's analytic mode) needs no maps for a profile
without a mesh or mirror: :func:`analytic_geometry` gives the same geometry as parameters — the
``dome.Mapping`` of the unrotated projector frame and the projector's rotation and flips — so that a
slider is a uniform change there (:func:`build_geometry` builds its maps from the very same mapping).
"""

from __future__ import annotations

import dataclasses
import math
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from dome import Equirect, Fisheye, Mapping, Maps, Orientation, SphericalMirror, build_maps
from dome.errors import DomeError
from dome.maps import PixelWarp
from dome.mesh import WarpMesh, read_mesh
from dome.projection import Projection
from kiosk.errors import SettingsError
from kiosk.show.profiles import Profile

INTERMEDIATE_MAX = 2048  # side of the intermediate domemaster behind a mesh or a mirror


@dataclass(frozen=True)
class SourceKind:
    """What the projector shows: ``projection`` (``"equirect"`` or ``"domemaster"``) of ``width × height`` px."""

    projection: str
    width: int
    height: int

    def projection_for(self, profile: Profile, factor: float = 1.0) -> Projection:
        """The source as a dome projection (``factor`` 0.5: its chroma plane)."""
        w, h = round(self.width * factor), round(self.height * factor)
        if self.projection == "domemaster":
            return Fisheye(w, h, fov_deg=180.0, tilt_deg=profile.tilt_deg)
        return Equirect(w, h)


@dataclass(frozen=True)
class Geometry:
    """The projector's maps for one profile, source and output size.

    ``luma`` maps sample the full-size source (or a BGR still); ``chroma`` maps are the same geometry at
    half size for the U and V planes of 4:2:0 video. ``gain`` (float32, or None) is the mesh/mirror
    brightness; it is *not* inside the maps (the renderer applies it once). ``version`` orders requests.
    """

    profile: Profile
    source: SourceKind
    luma: Maps
    chroma: Maps | None  # None until needed (a preview over a still): see chroma_maps()
    gain: np.ndarray | None
    version: int = 0
    preview: bool = False

    @property
    def shape(self) -> tuple[int, int]:
        """Output (projector) shape ``(h, w)`` at this geometry's size."""
        return self.luma.shape


@dataclass(frozen=True)
class AnalyticGeometry:
    """The projector geometry of a profile without a mesh or mirror, as parameters instead of maps.

    ``mapping`` is the source → projector mapping in the *unrotated* projector frame (``mapping.
    output_shape`` is the projector's ``(h, w)`` before a 90°/270° turn); ``rotate_deg`` (``np.rot90``
    quarter turns, counter-clockwise) then ``flip_h`` and ``flip_v`` orient it, as :func:`build_geometry`
    folds them into its maps. ``version`` orders requests together with the :class:`Geometry` versions.
    """

    profile: Profile
    source: SourceKind
    mapping: Mapping
    rotate_deg: int = 0
    flip_h: bool = False
    flip_v: bool = False
    version: int = 0

    @property
    def shape(self) -> tuple[int, int]:
        """Output (projector) shape ``(h, w)``, rotation included."""
        h, w = self.mapping.output_shape
        return (w, h) if self.rotate_deg in (90, 270) else (h, w)


def needs_maps(profile: Profile) -> bool:
    """True when the profile's geometry has a per-pixel warp (a mesh, or the mirror set-up): only exact
    maps describe it, there is no :func:`analytic_geometry`."""
    return bool(profile.mesh_text.strip()) or profile.setup == "mirror"


def analytic_geometry(
    profile: Profile, source: SourceKind, size: tuple[int, int] | None = None, version: int = 0
) -> AnalyticGeometry | None:
    """The geometry of ``profile`` for ``source`` at output ``size`` ``(w, h)`` (default: the projector's)
    as a mapping plus the output transform, or None when :func:`needs_maps`. Costs microseconds: nothing
    is sampled. Raises :class:`SettingsError` for an impossible geometry, as :func:`build_geometry` does."""
    if needs_maps(profile):
        return None
    width, height = size if size is not None else (profile.projector_width, profile.projector_height)
    if width % 2 or height % 2 or width < 2 or height < 2:
        raise SettingsError("errors.dome.output_size", width=width, height=height)
    if profile.rotate_deg in (90, 270):
        width, height = height, width
    try:
        mapping = _lens_mapping(profile, source.projection_for(profile), width, height)
    except DomeError as exc:
        raise SettingsError("errors.dome.geometry", problem=str(exc)) from None
    return AnalyticGeometry(profile, source, mapping, profile.rotate_deg, profile.flip_h, profile.flip_v, version)


def mesh_of(profile: Profile, width: int, height: int) -> WarpMesh | None:
    """The profile's warp mesh for a ``width × height`` output, or None."""
    if not profile.mesh_text.strip():
        return None
    return _parse_mesh(profile.mesh_text, profile.mesh_name or "mesh.data", width, height)


_MESHES: OrderedDict[tuple[str, str], WarpMesh] = OrderedDict()


def _parse_mesh(text: str, name: str, width: int, height: int) -> WarpMesh:
    key = (name, text)
    mesh = _MESHES.get(key)
    if mesh is None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(name).name
            path.write_text(text, encoding="ascii", errors="replace")
            try:
                mesh = read_mesh(path, width, height)
            except DomeError as exc:
                raise SettingsError("errors.dome.mesh", file=name, problem=str(exc).replace(str(path), name)) from None
        _MESHES[key] = mesh
        while len(_MESHES) > 4:
            _MESHES.popitem(last=False)
    return dataclasses.replace(mesh, width=width, height=height)


def _pixel_warp(profile: Profile, width: int, height: int) -> PixelWarp | None:
    """The mesh (if any) or, for the mirror set-up, the mirror, for a ``width × height`` projector frame."""
    mesh = mesh_of(profile, width, height)
    if mesh is not None:
        return mesh
    if profile.setup == "mirror":
        try:
            return SphericalMirror(
                width,
                height,
                dome_radius_m=profile.dome_radius_m,
                mirror_radius_m=profile.mirror_radius_m,
                mirror_m=(0.0, profile.mirror_y_m, profile.mirror_z_m),
                projector_m=(0.0, 0.3, profile.projector_z_m),
                throw=profile.throw,
                lens_shift=profile.lens_shift,
                fov_deg=profile.fov_deg,
            )
        except DomeError as exc:
            raise SettingsError("errors.dome.mirror", problem=str(exc)) from None
    return None


def _lens(profile: Profile, width: int, height: int, square: bool) -> Fisheye:
    """The fisheye of the profile on a ``width × height`` frame (``square``: a plain domemaster)."""
    if square:
        return Fisheye(width, height, fov_deg=profile.fov_deg, tilt_deg=profile.tilt_deg)
    return Fisheye(
        width,
        height,
        fov_deg=profile.fov_deg,
        radius_px=profile.circle_radius * height / 2.0,
        offset_x_px=profile.circle_x * height,
        offset_y_px=profile.circle_y * height,
        tilt_deg=profile.tilt_deg,
    )


def _lens_mapping(profile: Profile, source: Projection, width: int, height: int, square: bool = False) -> Mapping:
    """Source → the profile's lens on a ``width × height`` frame, content orientation included."""
    orientation = Orientation(profile.yaw_deg, profile.pitch_deg, profile.roll_deg)
    return Mapping(source, _lens(profile, width, height, square), orientation)


_WARP_MAPS: OrderedDict[str, tuple[np.ndarray, ...]] = OrderedDict()


def _warp_map(warp: PixelWarp, side: int) -> tuple[np.ndarray, ...]:
    """Projector pixel → intermediate domemaster pixel (float32), gain and validity; cached per warp."""
    key = f"{warp.key()}|{warp.shape}|{side}"
    cached = _WARP_MAPS.get(key)
    if cached is None:
        h, w = warp.shape
        xs, ys = np.meshgrid(np.arange(w, dtype=np.float64), np.arange(h, dtype=np.float64))
        ix, iy, gain, valid = warp.to_intermediate(xs, ys, (side, side))
        cached = (ix.astype(np.float32), iy.astype(np.float32), gain.astype(np.float32), valid)
        _WARP_MAPS[key] = cached
        while len(_WARP_MAPS) > 6:
            _WARP_MAPS.popitem(last=False)
    return cached


def _compose(inner: Maps, warp: tuple[np.ndarray, ...]) -> Maps:
    """Maps of ``warp`` (projector → intermediate) followed by ``inner`` (intermediate → source)."""
    ix, iy, _, valid = warp
    linear, border = cv2.INTER_LINEAR, cv2.BORDER_REPLICATE
    map_x: np.ndarray
    if inner.wraps_x:  # through cos/sin of the longitude: no smear across the seam
        w = inner.source_shape[1]
        angle = (inner.map_x.astype(np.float32) + 0.5) * np.float32(2 * math.pi / w)
        cos = cv2.remap(np.cos(angle), ix, iy, linear, borderMode=border)
        sin = cv2.remap(np.sin(angle), ix, iy, linear, borderMode=border)
        map_x = cv2.phase(cos, sin) * np.float32(w / (2 * math.pi)) - np.float32(0.5)  # phase: 0 … 2π
    else:
        map_x = cv2.remap(np.ascontiguousarray(inner.map_x), ix, iy, linear, borderMode=border)
    map_y = cv2.remap(np.ascontiguousarray(inner.map_y), ix, iy, linear, borderMode=border)
    inside = cv2.remap(inner.valid.astype(np.uint8), ix, iy, cv2.INTER_NEAREST, borderMode=cv2.BORDER_CONSTANT)
    return Maps(map_x, map_y, valid & (inside > 0), None, inner.source_shape, inner.wraps_x)


def _orient(maps: Maps, profile: Profile) -> Maps:
    """Fold the projector's rotation and flips into the maps (a permutation of output pixels)."""
    arrays = [maps.map_x, maps.map_y, maps.valid]
    turns = profile.rotate_deg // 90
    if turns:
        arrays = [np.rot90(a, turns) for a in arrays]
    if profile.flip_h:
        arrays = [a[:, ::-1] for a in arrays]
    if profile.flip_v:
        arrays = [a[::-1] for a in arrays]
    if turns or profile.flip_h or profile.flip_v:
        arrays = [np.ascontiguousarray(a) for a in arrays]
    return Maps(arrays[0], arrays[1], arrays[2], None, maps.source_shape, maps.wraps_x)


def _orient_gain(gain: np.ndarray | None, profile: Profile) -> np.ndarray | None:
    if gain is None:
        return None
    turns = profile.rotate_deg // 90
    turned: np.ndarray = np.rot90(gain, turns) if turns else gain
    turned = turned[:, ::-1] if profile.flip_h else turned
    turned = turned[::-1] if profile.flip_v else turned
    return np.ascontiguousarray(turned, dtype=np.float32)


def _maps_for(
    profile: Profile, source: Projection, width: int, height: int, tolerance_px: float
) -> tuple[Maps, np.ndarray | None]:
    """Unoriented maps and gain of a ``width × height`` projector frame (before flips/rotation)."""
    warp = _pixel_warp(profile, width, height)
    if warp is None:
        return build_maps(_lens_mapping(profile, source, width, height), tolerance_px=tolerance_px), None
    side = min(INTERMEDIATE_MAX, 2 * round(max(width, height) / 2))
    inner = build_maps(_lens_mapping(profile, source, side, side, square=True), tolerance_px=tolerance_px)
    warp_map = _warp_map(warp, side)
    return _compose(inner, warp_map), np.clip(np.where(warp_map[3], warp_map[2], 0), 0, 1).astype(np.float32)


def build_geometry(
    profile: Profile,
    source: SourceKind,
    size: tuple[int, int] | None = None,
    version: int = 0,
    chroma: bool = True,
) -> Geometry:
    """The projector maps of ``profile`` for ``source`` at output ``size`` ``(w, h)`` (even; default: the
    profile's projector resolution). A size smaller than the projector's is a preview: its maps are built
    to a looser tolerance (:func:`preview_tolerance`), which a preview cannot show anyway. ``chroma``
    False leaves the chroma maps for later (:func:`chroma_maps`)."""
    width, height = size if size is not None else (profile.projector_width, profile.projector_height)
    if width % 2 or height % 2 or width < 2 or height < 2:
        raise SettingsError("errors.dome.output_size", width=width, height=height)
    preview = width < profile.projector_width
    tolerance = preview_tolerance(source, width) if preview else FULL_TOLERANCE_PX
    if profile.rotate_deg in (90, 270):
        width, height = height, width  # build in the unrotated frame, then turn
    try:
        luma, gain = _maps_for(profile, source.projection_for(profile), width, height, tolerance)
        chroma_maps_ = _chroma(profile, source, width, height, tolerance) if chroma else None
    except DomeError as exc:
        raise SettingsError("errors.dome.geometry", problem=str(exc)) from None
    return Geometry(
        profile, source, _orient(luma, profile), chroma_maps_, _orient_gain(gain, profile), version, preview
    )


def _chroma(profile: Profile, source: SourceKind, width: int, height: int, tolerance: float) -> Maps:
    maps, _ = _maps_for(profile, source.projection_for(profile, 0.5), width // 2, height // 2, tolerance / 2)
    return _orient(maps, profile)


def chroma_maps(geometry: Geometry) -> Maps:
    """The chroma maps of ``geometry`` (built now if it was built without them)."""
    if geometry.chroma is not None:
        return geometry.chroma
    h, w = geometry.shape
    if geometry.profile.rotate_deg in (90, 270):
        w, h = h, w
    tolerance = preview_tolerance(geometry.source, w) if geometry.preview else FULL_TOLERANCE_PX
    try:
        return _chroma(geometry.profile, geometry.source, w, h, tolerance)
    except DomeError as exc:
        raise SettingsError("errors.dome.geometry", problem=str(exc)) from None


FULL_TOLERANCE_PX = 0.05  # source pixels: the mapping core's exactness


def preview_tolerance(source: SourceKind, output_width: int) -> float:
    """Source pixels a preview map may be off by: an eighth of the source pixels one output pixel spans."""
    return max(FULL_TOLERANCE_PX, 0.125 * source.width / max(output_width, 1))


def preview_size(profile: Profile, divisor: int = 4) -> tuple[int, int]:
    """An even output size ``divisor`` times smaller than the projector's (for maps built while a slider moves)."""
    return (
        max(2, profile.projector_width // (2 * divisor) * 2),
        max(2, profile.projector_height // (2 * divisor) * 2),
    )
