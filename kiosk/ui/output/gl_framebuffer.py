"""An offscreen framebuffer to render the dome into and read it back (tests, benchmarks, screenshots).

Works in any current OpenGL 3.3 / ES 3.0 context (Qt's or a headless EGL one). Rows come back top row
first (OpenGL reads bottom-up; the flip is a numpy view).
"""

from __future__ import annotations

import ctypes

import numpy as np

from kiosk.ui.output import gl_api as glc
from kiosk.ui.output.gl_api import GlApi, GlError
from kiosk.ui.output.gl_renderer import GlDomeRenderer


class Framebuffer:
    """An RGBA8 colour texture of ``width × height`` attached to a framebuffer object."""

    def __init__(self, gl: GlApi, width: int, height: int) -> None:
        self.gl, self.width, self.height = gl, int(width), int(height)
        self.texture = gl.gen("glGenTextures")
        gl.glActiveTexture(glc.TEXTURE0)
        gl.glBindTexture(glc.TEXTURE_2D, self.texture)
        gl.glTexImage2D(glc.TEXTURE_2D, 0, glc.RGBA8, self.width, self.height, 0, glc.RGBA, glc.UNSIGNED_BYTE, None)
        gl.glTexParameteri(glc.TEXTURE_2D, glc.TEXTURE_MIN_FILTER, glc.NEAREST)
        gl.glTexParameteri(glc.TEXTURE_2D, glc.TEXTURE_MAG_FILTER, glc.NEAREST)
        self.fbo = gl.gen("glGenFramebuffers")
        gl.glBindFramebuffer(glc.FRAMEBUFFER, self.fbo)
        gl.glFramebufferTexture2D(glc.FRAMEBUFFER, glc.COLOR_ATTACHMENT0, glc.TEXTURE_2D, self.texture, 0)
        status = gl.glCheckFramebufferStatus(glc.FRAMEBUFFER)
        if status != glc.FRAMEBUFFER_COMPLETE:
            raise GlError(f"framebuffer {width}x{height} is incomplete (0x{status:04x})")
        self._pixels = np.empty((self.height, self.width, 4), np.uint8)

    def render(self, renderer: GlDomeRenderer) -> None:
        """Draw ``renderer``'s picture over the whole framebuffer (no readback)."""
        self.gl.glBindFramebuffer(glc.FRAMEBUFFER, self.fbo)
        renderer.draw((0, 0, self.width, self.height))

    def read_rgba(self) -> np.ndarray:
        """The framebuffer's pixels, ``(h, w, 4)`` RGBA, top row first (a view of a reused array)."""
        gl = self.gl
        gl.glBindFramebuffer(glc.FRAMEBUFFER, self.fbo)
        gl.glPixelStorei(glc.PACK_ALIGNMENT, 1)
        gl.glReadPixels(
            0, 0, self.width, self.height, glc.RGBA, glc.UNSIGNED_BYTE, ctypes.c_void_p(self._pixels.ctypes.data)
        )
        gl.check("glReadPixels")
        return self._pixels[::-1]

    def read_bgr(self) -> np.ndarray:
        """The framebuffer's pixels as a new ``(h, w, 3)`` BGR array, top row first."""
        return np.ascontiguousarray(self.read_rgba()[..., 2::-1])

    def release(self) -> None:
        self.gl.delete("glDeleteFramebuffers", self.fbo)
        self.gl.delete("glDeleteTextures", self.texture)
        self.fbo = self.texture = 0
