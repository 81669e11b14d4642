"""The GPU dome renderer: frame planes in, warped RGB out, drawn by one fragment shader.

:class:`GlDomeRenderer` holds the GL objects of one context (program, source-plane textures, geometry
textures, look-up table) and draws the warped picture into the framebuffer the caller binds — a
``QOpenGLWidget`` on the projector, an offscreen framebuffer for tests and benchmarks. The CPU only
decodes; YUV → RGB, the warp, the gain, the scaling to the viewport and the output look-up table happen
in :data:`kiosk.ui.output.gl_shaders.FRAGMENT`.

Geometry comes from :mod:`dome`, in one of two modes:

* :meth:`GlDomeRenderer.set_maps` — the core's exact :class:`dome.maps.Maps` as float textures (warp
  meshes and mirrors included). Changing the calibration means building new maps (tens of ms on the CPU).
* :meth:`GlDomeRenderer.set_mapping` — a :class:`dome.maps.Mapping` whose projections the shader knows
  (target: :class:`dome.Fisheye` or :class:`dome.Perspective`; source: :class:`dome.Equirect` or
  :class:`dome.Fisheye`), computed per pixel on the GPU. A new tilt, yaw/pitch/roll, field of view or
  circle offset/radius is a uniform change; only a new warp mesh or mirror uploads a texture.

Every method must be called with the renderer's GL context current.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass

import numpy as np

from dome import Equirect, Fisheye, Mapping, Maps, Perspective
from kiosk.ui.output import gl_api as glc
from kiosk.ui.output.gl_api import GlApi, GlError
from kiosk.ui.output.gl_colour import yuv_to_rgb
from kiosk.ui.output.gl_shaders import program_sources


@dataclass
class _Texture:
    name: int = 0
    size: tuple[int, int, int] = (0, 0, 0)  # (w, h, internal format)


class GlDomeRenderer:
    """Draws one source frame through one geometry; see the module docstring.

    Args:
        gl: the GL functions of the current context.
        gles: True for an OpenGL ES 3.0 context (GLSL ES 3.00), False for OpenGL 3.3 core.
    """

    UNITS = {"u_y": 0, "u_u": 1, "u_v": 2, "u_map": 3, "u_mask": 4, "u_curves": 5, "u_overlay": 6}

    def __init__(self, gl: GlApi, gles: bool = False) -> None:
        self.gl = gl
        self.program = gl.compile_program(*program_sources(gles))
        self.vao = gl.gen("glGenVertexArrays")
        self._tex = {name: _Texture() for name in self.UNITS}
        self._loc: dict[str, int] = {}
        self.geometry_shape: tuple[int, int] | None = None  # (h, w) of the geometry (before rotation)
        self._turns = 0
        self.source_shape: tuple[int, int] | None = None  # (h, w) of the luma plane / image
        self.mipmaps = False
        self._warp_key: str | None = None
        self._wraps = False
        gl.glUseProgram(self.program)
        for name, unit in self.UNITS.items():
            gl.glUniform1i(self._uniform(name), unit)
        self.set_colour()
        self.set_curves()
        self.set_overlay(None)
        self.set_output_transform()
        self.set_border((0, 0, 0))
        gl.check("the renderer's set-up")

    # --- uniforms and textures ----------------------------------------------------------------
    def _uniform(self, name: str) -> int:
        if name not in self._loc:
            self._loc[name] = self.gl.glGetUniformLocation(self.program, name.encode("ascii"))
        return self._loc[name]

    def _set(self, name: str, *values: float) -> None:
        gl = self.gl
        gl.glUseProgram(self.program)
        loc = self._uniform(name)
        setter = {1: gl.glUniform1f, 2: gl.glUniform2f, 3: gl.glUniform3f, 4: gl.glUniform4f}[len(values)]
        setter(loc, *(float(v) for v in values))

    def _set_int(self, name: str, value: int) -> None:
        self.gl.glUseProgram(self.program)
        self.gl.glUniform1i(self._uniform(name), int(value))

    def _set_matrix(self, name: str, m: np.ndarray) -> None:
        self.gl.glUseProgram(self.program)
        column_major = (ctypes.c_float * 9)(*np.asarray(m, np.float64).T.ravel())
        self.gl.glUniformMatrix3fv(self._uniform(name), 1, 0, column_major)

    def _upload(self, slot: str, array: np.ndarray, internal: int, fmt: int, kind: int, filtering: bool) -> None:
        """Upload a 2-D (h, w[, c]) array to the texture of ``slot``; reallocate only on a size change.

        Rows may be padded (a decoder's planes, ``line_size`` ≥ width): they are read in place with
        ``GL_UNPACK_ROW_LENGTH``, without a copy."""
        gl, tex = self.gl, self._tex[slot]
        array = _rows_in_place(array)
        h, w = array.shape[:2]
        pixel = array.itemsize * (array.shape[2] if array.ndim == 3 else 1)
        if not tex.name:
            tex.name = gl.gen("glGenTextures")
        gl.glActiveTexture(glc.TEXTURE0 + self.UNITS[slot])
        gl.glBindTexture(glc.TEXTURE_2D, tex.name)
        gl.glPixelStorei(glc.UNPACK_ALIGNMENT, 1)
        gl.glPixelStorei(glc.UNPACK_ROW_LENGTH, array.strides[0] // pixel)
        data = ctypes.c_void_p(array.ctypes.data)
        if tex.size != (w, h, internal):
            gl.glTexImage2D(glc.TEXTURE_2D, 0, internal, w, h, 0, fmt, kind, data)
            tex.size = (w, h, internal)
            self._sampling(slot, filtering)
        else:
            gl.glTexSubImage2D(glc.TEXTURE_2D, 0, 0, 0, w, h, fmt, kind, data)
        if filtering and self.mipmaps:
            gl.glGenerateMipmap(glc.TEXTURE_2D)

    def _sampling(self, slot: str, filtering: bool) -> None:
        """Filter and wrap modes of the bound texture of ``slot``."""
        gl = self.gl
        source = slot in ("u_y", "u_u", "u_v")
        if not filtering:
            mag = minify = glc.NEAREST
        else:
            mag = glc.LINEAR
            minify = glc.LINEAR_MIPMAP_LINEAR if (source and self.mipmaps) else glc.LINEAR
        gl.glTexParameteri(glc.TEXTURE_2D, glc.TEXTURE_MIN_FILTER, minify)
        gl.glTexParameteri(glc.TEXTURE_2D, glc.TEXTURE_MAG_FILTER, mag)
        wrap_s = glc.REPEAT if (source and self._wraps) else glc.CLAMP_TO_EDGE
        gl.glTexParameteri(glc.TEXTURE_2D, glc.TEXTURE_WRAP_S, wrap_s)
        gl.glTexParameteri(glc.TEXTURE_2D, glc.TEXTURE_WRAP_T, glc.CLAMP_TO_EDGE)

    def _resample_sources(self) -> None:
        """Re-apply the sources' wrap/filter modes after the geometry changed them."""
        for slot in ("u_y", "u_u", "u_v"):
            tex = self._tex[slot]
            if tex.name:
                self.gl.glActiveTexture(glc.TEXTURE0 + self.UNITS[slot])
                self.gl.glBindTexture(glc.TEXTURE_2D, tex.name)
                self._sampling(slot, True)
                if self.mipmaps:
                    self.gl.glGenerateMipmap(glc.TEXTURE_2D)

    # --- source frames ------------------------------------------------------------------------
    def set_yuv420(self, y: np.ndarray, u: np.ndarray, v: np.ndarray) -> None:
        """Upload one decoded frame: uint8 planes Y ``(h, w)``, U and V ``(h/2, w/2)`` (rounded up)."""
        h, w = y.shape
        if u.shape != ((h + 1) // 2, (w + 1) // 2) or v.shape != u.shape:
            raise GlError(f"chroma planes {u.shape} {v.shape} do not match a 4:2:0 luma plane {y.shape}")
        self._set_int("u_format", 0)
        for slot, plane in (("u_y", y), ("u_u", u), ("u_v", v)):
            self._upload(slot, plane, glc.R8, glc.RED, glc.UNSIGNED_BYTE, True)
        self.source_shape = (h, w)

    def set_nv12(self, y: np.ndarray, uv: np.ndarray) -> None:
        """Upload an NV12 frame (what hardware decoders give): Y ``(h, w)`` and U/V interleaved, ``(h/2, w/2, 2)``
        or ``(h/2, w)`` uint8."""
        h, w = y.shape
        cw, ch = (w + 1) // 2, (h + 1) // 2
        pairs = uv.reshape(ch, cw, 2) if uv.size == ch * cw * 2 else None
        if pairs is None:
            raise GlError(f"an NV12 chroma plane of {uv.shape} does not match a luma plane {y.shape}")
        self._set_int("u_format", 2)
        self._upload("u_y", y, glc.R8, glc.RED, glc.UNSIGNED_BYTE, True)
        self._upload("u_u", pairs, glc.RG8, glc.RG, glc.UNSIGNED_BYTE, True)
        self.source_shape = (h, w)

    def set_bgr(self, image: np.ndarray) -> None:
        """Upload a BGR uint8 image ``(h, w, 3)`` (stills, e.g. the 360° viewer's pictures)."""
        if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
            raise GlError(f"a BGR image must be (h, w, 3) uint8, not {image.shape} {image.dtype}")
        self._set_int("u_format", 1)
        self._upload("u_y", image, glc.RGBA8, glc.RGB, glc.UNSIGNED_BYTE, True)
        self.source_shape = image.shape[:2]

    # --- geometry -----------------------------------------------------------------------------
    def set_maps(self, maps: Maps, gain: np.ndarray | None = None) -> None:
        """Mode "maps": sample the core's exact maps (uploads ``h × w`` RG32F + RG8 textures).

        ``gain`` (float32 ``(h, w)``) replaces ``maps.gain`` when the caller keeps it apart (as
        :class:`kiosk.show.calibration.Geometry` does)."""
        sh, sw = maps.source_shape
        coords = np.empty(maps.shape + (2,), np.float32)
        np.add(maps.map_x, 0.5, out=coords[..., 0])
        coords[..., 0] /= sw
        np.add(maps.map_y, 0.5, out=coords[..., 1])
        coords[..., 1] /= sh
        self._upload("u_map", coords, glc.RG32F, glc.RG, glc.FLOAT, False)
        self._upload_mask(maps.gain if gain is None else gain, maps.valid)
        self._warp_key = None
        self._set_int("u_geometry", 0)
        self._geometry(maps.shape, (sh, sw), maps.wraps_x, maps.footprint())

    def set_mapping(self, mapping: Mapping) -> None:
        """Mode "analytic": the projections of ``mapping`` computed per pixel in the shader.

        Only a change of the pixel warp (mesh, mirror) uploads a texture; anything else is uniforms.
        Raises :class:`GlError` for projections the shader does not know (cube maps).
        """
        target, source = mapping.target, mapping.source
        self._set_int("u_geometry", 1)
        self._set_target(target)
        self._set_source(source)
        self._set_matrix("u_rotation", mapping.rotation())
        self._set_warp(mapping)
        self._geometry(mapping.output_shape, source.shape, source.wraps_x, _footprint(mapping))

    def _set_target(self, target: object) -> None:
        if isinstance(target, Fisheye):
            cx, cy = target.centre
            self._set_int("u_target", 0)
            self._set("u_target_p", cx, cy, target.radius, math.radians(target.fov_deg) / 2.0)
        elif isinstance(target, Perspective):
            self._set_int("u_target", 1)
            self._set("u_target_p", (target.width - 1) / 2.0, (target.height - 1) / 2.0, target.focal_px, 0.0)
        else:
            raise GlError(f"the GPU renderer cannot compute a {type(target).__name__} target; use set_maps")
        self._set("u_target_size", float(target.shape[1]), float(target.shape[0]))

    def _set_source(self, source: object) -> None:
        if isinstance(source, Equirect):
            self._set_int("u_source", 2)
        elif isinstance(source, Fisheye):
            cx, cy = source.centre
            self._set_int("u_source", 0)
            self._set("u_source_p", cx, cy, source.radius, math.radians(source.fov_deg) / 2.0)
        else:
            raise GlError(f"the GPU renderer cannot sample a {type(source).__name__} source; use set_maps")
        self._set("u_source_size", float(source.shape[1]), float(source.shape[0]))

    def _set_warp(self, mapping: Mapping) -> None:
        """Upload the pixel warp's intermediate coordinates and gain once per warp (by its key)."""
        warp = mapping.warp
        self._set_int("u_has_warp", warp is not None)
        if warp is None:
            self._warp_key = None
            return
        key = warp.key() + repr(mapping.target.shape)
        if key == self._warp_key:
            return
        h, w = warp.shape
        ys = np.arange(h, dtype=np.float64)[:, None]
        xs = np.arange(w, dtype=np.float64)[None, :]
        ix, iy, gain, valid = warp.to_intermediate(*np.broadcast_arrays(xs, ys), mapping.target.shape)
        coords = np.stack([ix, iy], axis=-1).astype(np.float32)
        self._upload("u_map", coords, glc.RG32F, glc.RG, glc.FLOAT, False)
        self._upload_mask(np.asarray(gain, np.float32), np.asarray(valid, bool))
        self._warp_key = key

    def _upload_mask(self, gain: np.ndarray | None, valid: np.ndarray) -> None:
        mask = np.zeros(valid.shape + (2,), np.uint8)
        mask[..., 0] = 255 if gain is None else np.clip(np.rint(np.clip(gain, 0, 1) * 255), 0, 255)
        mask[..., 1] = np.where(valid, 255, 0)
        self._upload("u_mask", mask, glc.RG8, glc.RG, glc.UNSIGNED_BYTE, False)

    def _geometry(self, out: tuple[int, int], src: tuple[int, int], wraps: bool, footprint: float) -> None:
        """Record the geometry's size and the source sampling; mipmaps when the source shrinks ≥ 2×."""
        self.geometry_shape = (int(out[0]), int(out[1]))
        self._set("u_out_size", float(out[1]), float(out[0]))
        self._set_int("u_wrap_x", wraps)
        mipmaps = footprint >= 2.0
        if wraps != self._wraps or mipmaps != self.mipmaps:
            self._wraps, self.mipmaps = wraps, mipmaps
            self._resample_sources()

    # --- colour -------------------------------------------------------------------------------
    def set_colour(self, matrix: str = "bt601", full_range: bool = False) -> None:
        """The YUV → RGB conversion of the frames (what the decoder reports; default BT.601 limited)."""
        m, offset = yuv_to_rgb(matrix, full_range)
        self._set_matrix("u_yuv", m)
        self._set("u_yuv_offset", *offset)

    def set_curves(self, rgb: np.ndarray | None = None, luma: np.ndarray | None = None, chroma: float = 1.0) -> None:
        """The picture settings as :mod:`kiosk.show.render` computes them: ``rgb`` the uint8 curve of
        stills (``(256,)`` or ``(256, 3)``: ``tone_curve``), ``luma`` the uint8 curve of video luma
        (``luma_curve``, limited range), ``chroma`` the scale of U and V around grey (``min(1, fade)``).
        None is the identity."""
        identity = np.arange(256, dtype=np.uint8)
        table = np.asarray(identity if rgb is None else rgb)
        if table.ndim == 1:
            table = table[:, None].repeat(3, axis=1)
        luma_table = np.asarray(identity if luma is None else luma)
        if table.shape != (256, 3) or luma_table.shape != (256,):
            raise GlError(f"curves are (256,) or (256, 3) and (256,), not {table.shape} and {luma_table.shape}")
        rgba = np.empty((1, 256, 4), np.uint8)
        rgba[0, :, :3] = table
        rgba[0, :, 3] = luma_table
        self._upload("u_curves", rgba, glc.RGBA8, glc.RGBA, glc.UNSIGNED_BYTE, True)
        self._set("u_chroma", float(chroma))

    def set_overlay(self, rgba: np.ndarray | None, dim: float = 1.0) -> None:
        """An RGBA uint8 image (any size; stretched over the final output) painted on top, e.g. the pattern
        labels: ``rgb × (1 − a) + overlay × a × dim``, as :func:`kiosk.show.labels.blend_sprites` does
        (``dim``: the fade). None removes it."""
        self._set_int("u_has_overlay", rgba is not None)
        self._set("u_overlay_dim", float(dim))
        if rgba is not None:
            if rgba.ndim != 3 or rgba.shape[2] != 4 or rgba.dtype != np.uint8:
                raise GlError(f"an overlay is (h, w, 4) uint8, not {rgba.shape} {rgba.dtype}")
            self._upload("u_overlay", rgba, glc.RGBA8, glc.RGBA, glc.UNSIGNED_BYTE, True)

    def set_overlay_dim(self, dim: float) -> None:
        """Only the overlay's dimming (0…1), e.g. as the picture fades."""
        self._set("u_overlay_dim", float(dim))

    def set_output_transform(self, rotate_deg: int = 0, flip_h: bool = False, flip_v: bool = False) -> None:
        """The projector's rotation (0, 90, 180, 270: ``np.rot90`` turns, counter-clockwise) then flips,
        applied to a geometry computed in the unrotated frame (as ``kiosk.show.calibration`` orients its
        maps). Maps that already include them need the identity (the default)."""
        if rotate_deg % 90:
            raise GlError(f"the projector turns by quarter turns, not {rotate_deg}°")
        turns = (rotate_deg // 90) % 4
        m = np.eye(3)
        if flip_v:
            m = np.array([[1.0, 0, 0], [0, -1, 1], [0, 0, 1]]) @ m
        if flip_h:
            m = np.array([[-1.0, 0, 1], [0, 1, 0], [0, 0, 1]]) @ m
        quarter = np.array([[0.0, -1, 1], [1, 0, 0], [0, 0, 1]])  # (u, v) of a turned image -> (1 - v, u)
        for _ in range(turns):
            m = quarter @ m
        self._turns = turns
        self._set_matrix("u_output", m)

    @property
    def output_shape(self) -> tuple[int, int] | None:
        """Shape ``(h, w)`` of the drawn picture (the geometry's, turned by the output transform)."""
        if self.geometry_shape is None:
            return None
        h, w = self.geometry_shape
        return (w, h) if self._turns % 2 else (h, w)

    def set_border(self, rgb: tuple[int, int, int]) -> None:
        """Colour outside the picture, RGB 0…255 (default black)."""
        self._set("u_border", *(c / 255.0 for c in rgb))

    # --- drawing ------------------------------------------------------------------------------
    def draw(self, viewport: tuple[int, int, int, int]) -> None:
        """Draw the warped picture into the bound framebuffer's ``(x, y, w, h)`` viewport (GL pixels,
        origin bottom-left). The output image fills the viewport; keep its aspect ratio there."""
        if self.output_shape is None or self.source_shape is None:
            raise GlError("set a source frame and a geometry before drawing")
        gl = self.gl
        gl.glViewport(*viewport)
        gl.glUseProgram(self.program)
        for slot, unit in self.UNITS.items():
            gl.glActiveTexture(glc.TEXTURE0 + unit)
            gl.glBindTexture(glc.TEXTURE_2D, self._tex[slot].name)
        gl.glBindVertexArray(self.vao)
        gl.glDrawArrays(glc.TRIANGLES, 0, 3)
        gl.glBindVertexArray(0)

    def release(self) -> None:
        """Free the GL objects (with the context current)."""
        for tex in self._tex.values():
            self.gl.delete("glDeleteTextures", tex.name)
            tex.name, tex.size = 0, (0, 0, 0)
        self.gl.delete("glDeleteVertexArrays", self.vao)
        self.gl.glDeleteProgram(self.program)
        self.vao = self.program = 0


def _rows_in_place(array: np.ndarray) -> np.ndarray:
    """``array`` itself when each row is contiguous and the row stride a whole number of pixels (GL reads
    it with a row length), else a contiguous copy."""
    pixel = array.itemsize * (array.shape[2] if array.ndim == 3 else 1)
    rows_ok = array.ndim in (2, 3) and array.strides[0] > 0 and array.strides[0] % pixel == 0
    if rows_ok and array.strides[1] == pixel and (array.ndim == 2 or array.strides[2] == array.itemsize):
        return array
    return np.ascontiguousarray(array)


def _footprint(mapping: Mapping) -> float:
    """Source pixels per output pixel at the centre of the target (decides mipmapping)."""

    def pixels_per_radian(p: object) -> float:
        if isinstance(p, Equirect):
            return p.width / (2.0 * math.pi)
        if isinstance(p, Fisheye):
            return p.radius / math.radians(p.fov_deg / 2.0)
        if isinstance(p, Perspective):
            return p.focal_px
        return 1.0

    return pixels_per_radian(mapping.source) / pixels_per_radian(mapping.target)
