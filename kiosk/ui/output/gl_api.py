"""The few OpenGL entry points the GPU dome renderer calls, bound with ctypes from a proc-address lookup.

Why not Qt's ``QOpenGLFunctions``: its Python binding cannot return the names that ``glGenTextures`` and
friends write into caller arrays, and a renderer written against Qt's function objects could not run in a
headless EGL context (the GPU bench on a server with no display). Binding the functions from whatever
``getProcAddress`` the current context offers (Qt's :meth:`QOpenGLContext.getProcAddress`, or
``eglGetProcAddress`` in :mod:`kiosk.ui.output.gl_egl`) gives one renderer for both.

Only OpenGL 3.3 core / OpenGL ES 3.0 functions are used, with the same enum values in both.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

# Enums (identical in OpenGL 3.3 core and OpenGL ES 3.0).
TEXTURE_2D = 0x0DE1
TEXTURE0 = 0x84C0
TEXTURE_MIN_FILTER, TEXTURE_MAG_FILTER = 0x2801, 0x2800
TEXTURE_WRAP_S, TEXTURE_WRAP_T = 0x2802, 0x2803
NEAREST, LINEAR, LINEAR_MIPMAP_LINEAR = 0x2600, 0x2601, 0x2703
REPEAT, CLAMP_TO_EDGE = 0x2901, 0x812F
UNPACK_ALIGNMENT, UNPACK_ROW_LENGTH, PACK_ALIGNMENT = 0x0CF5, 0x0CF2, 0x0D05
UNSIGNED_BYTE, FLOAT = 0x1401, 0x1406
RED, RG, RGB, RGBA, BGRA = 0x1903, 0x8227, 0x1907, 0x1908, 0x80E1
R8, RG8, RGBA8, R32F, RG32F = 0x8229, 0x822B, 0x8058, 0x822E, 0x8230
FRAGMENT_SHADER, VERTEX_SHADER = 0x8B30, 0x8B31
COMPILE_STATUS, LINK_STATUS, INFO_LOG_LENGTH = 0x8B81, 0x8B82, 0x8B84
FRAMEBUFFER, READ_FRAMEBUFFER, COLOR_ATTACHMENT0 = 0x8D40, 0x8CA8, 0x8CE0
FRAMEBUFFER_COMPLETE = 0x8CD5
FRAMEBUFFER_BINDING = 0x8CA6
TRIANGLES = 0x0004
VENDOR, RENDERER, VERSION, SHADING_LANGUAGE_VERSION = 0x1F00, 0x1F01, 0x1F02, 0x8B8C
NO_ERROR = 0
MAX_TEXTURE_SIZE = 0x0D33
VIEWPORT = 0x0BA2
COLOR_BUFFER_BIT = 0x00004000

_u, _i, _f, _p = ctypes.c_uint, ctypes.c_int, ctypes.c_float, ctypes.c_void_p
_SIGNATURES: dict[str, tuple[Any, tuple[Any, ...]]] = {
    "glGetString": (ctypes.c_char_p, (_u,)),
    "glGetError": (_u, ()),
    "glGetIntegerv": (None, (_u, ctypes.POINTER(_i))),
    "glGenTextures": (None, (_i, ctypes.POINTER(_u))),
    "glDeleteTextures": (None, (_i, ctypes.POINTER(_u))),
    "glBindTexture": (None, (_u, _u)),
    "glActiveTexture": (None, (_u,)),
    "glTexParameteri": (None, (_u, _u, _i)),
    "glTexImage2D": (None, (_u, _i, _i, _i, _i, _i, _u, _u, _p)),
    "glTexSubImage2D": (None, (_u, _i, _i, _i, _i, _i, _u, _u, _p)),
    "glGenerateMipmap": (None, (_u,)),
    "glPixelStorei": (None, (_u, _i)),
    "glCreateShader": (_u, (_u,)),
    "glShaderSource": (None, (_u, _i, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(_i))),
    "glCompileShader": (None, (_u,)),
    "glGetShaderiv": (None, (_u, _u, ctypes.POINTER(_i))),
    "glGetShaderInfoLog": (None, (_u, _i, ctypes.POINTER(_i), ctypes.c_char_p)),
    "glDeleteShader": (None, (_u,)),
    "glCreateProgram": (_u, ()),
    "glAttachShader": (None, (_u, _u)),
    "glLinkProgram": (None, (_u,)),
    "glGetProgramiv": (None, (_u, _u, ctypes.POINTER(_i))),
    "glGetProgramInfoLog": (None, (_u, _i, ctypes.POINTER(_i), ctypes.c_char_p)),
    "glDeleteProgram": (None, (_u,)),
    "glUseProgram": (None, (_u,)),
    "glGetUniformLocation": (_i, (_u, ctypes.c_char_p)),
    "glUniform1i": (None, (_i, _i)),
    "glUniform1f": (None, (_i, _f)),
    "glUniform2f": (None, (_i, _f, _f)),
    "glUniform3f": (None, (_i, _f, _f, _f)),
    "glUniform4f": (None, (_i, _f, _f, _f, _f)),
    "glUniformMatrix3fv": (None, (_i, _i, ctypes.c_ubyte, ctypes.POINTER(_f))),
    "glGenVertexArrays": (None, (_i, ctypes.POINTER(_u))),
    "glBindVertexArray": (None, (_u,)),
    "glDeleteVertexArrays": (None, (_i, ctypes.POINTER(_u))),
    "glDrawArrays": (None, (_u, _i, _i)),
    "glViewport": (None, (_i, _i, _i, _i)),
    "glClearColor": (None, (_f, _f, _f, _f)),
    "glClear": (None, (_u,)),
    "glGenFramebuffers": (None, (_i, ctypes.POINTER(_u))),
    "glDeleteFramebuffers": (None, (_i, ctypes.POINTER(_u))),
    "glBindFramebuffer": (None, (_u, _u)),
    "glFramebufferTexture2D": (None, (_u, _u, _u, _u, _i)),
    "glCheckFramebufferStatus": (_u, (_u,)),
    "glReadPixels": (None, (_i, _i, _i, _i, _u, _u, _p)),
    "glFinish": (None, ()),
}


class GlError(RuntimeError):
    """An OpenGL entry point is missing or a call failed (shader compile, framebuffer, GL error)."""


class GlApi:
    """OpenGL functions as attributes (``gl.glBindTexture(...)``), plus a few helpers for out-parameters.

    Args:
        get_proc_address: returns the address of an entry point by name (bytes), 0 when absent; it must
            be called while the context the functions are for is current.
    """

    def __init__(self, get_proc_address: Callable[[bytes], int]) -> None:
        for name, (restype, argtypes) in _SIGNATURES.items():
            address = int(get_proc_address(name.encode("ascii")) or 0)
            if not address:
                raise GlError(f"OpenGL entry point {name} is missing")
            setattr(self, name, ctypes.CFUNCTYPE(restype, *argtypes)(address))

    def __getattr__(self, name: str) -> Any:  # typing aid: every bound function is set in __init__
        raise AttributeError(name)

    def string(self, name: int) -> str:
        """``glGetString`` as text ('' when the driver returns nothing)."""
        value = self.glGetString(name)
        return value.decode("utf-8", "replace") if value else ""

    def integer(self, name: int, count: int = 1) -> list[int]:
        values = (ctypes.c_int * count)()
        self.glGetIntegerv(name, values)
        return list(values)

    def gen(self, function: str) -> int:
        """One new name from ``glGenTextures``/``glGenFramebuffers``/``glGenVertexArrays``."""
        name = ctypes.c_uint(0)
        getattr(self, function)(1, ctypes.byref(name))
        return int(name.value)

    def delete(self, function: str, name: int) -> None:
        """Free one name with ``glDeleteTextures``/``glDeleteFramebuffers``/``glDeleteVertexArrays``."""
        if name:
            getattr(self, function)(1, ctypes.byref(ctypes.c_uint(name)))

    def check(self, what: str) -> None:
        """Raise :class:`GlError` if the last calls left a GL error."""
        error = self.glGetError()
        if error != NO_ERROR:
            raise GlError(f"OpenGL error 0x{error:04x} after {what}")

    def compile_program(self, vertex: str, fragment: str) -> int:
        """Compile and link a program; raise :class:`GlError` with the driver's log on failure."""
        shaders = [self._compile(VERTEX_SHADER, vertex), self._compile(FRAGMENT_SHADER, fragment)]
        program = self.glCreateProgram()
        for shader in shaders:
            self.glAttachShader(program, shader)
        self.glLinkProgram(program)
        for shader in shaders:
            self.glDeleteShader(shader)
        status = ctypes.c_int(0)
        self.glGetProgramiv(program, LINK_STATUS, ctypes.byref(status))
        if not status.value:
            log = self._log(self.glGetProgramiv, self.glGetProgramInfoLog, program)
            self.glDeleteProgram(program)
            raise GlError(f"shader program does not link: {log}")
        return int(program)

    def _compile(self, kind: int, source: str) -> int:
        shader = self.glCreateShader(kind)
        text = ctypes.c_char_p(source.encode("utf-8"))
        self.glShaderSource(shader, 1, ctypes.byref(text), None)
        self.glCompileShader(shader)
        status = ctypes.c_int(0)
        self.glGetShaderiv(shader, COMPILE_STATUS, ctypes.byref(status))
        if not status.value:
            log = self._log(self.glGetShaderiv, self.glGetShaderInfoLog, shader)
            self.glDeleteShader(shader)
            raise GlError(f"shader does not compile: {log}")
        return int(shader)

    @staticmethod
    def _log(get_iv: Callable[..., None], get_log: Callable[..., None], obj: int) -> str:
        length = ctypes.c_int(0)
        get_iv(obj, INFO_LOG_LENGTH, ctypes.byref(length))
        buffer = ctypes.create_string_buffer(max(1, length.value))
        get_log(obj, len(buffer), None, buffer)
        return buffer.value.decode("utf-8", "replace").strip()
