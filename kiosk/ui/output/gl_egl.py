"""A headless OpenGL 3.3 core context through EGL (ctypes, no Qt, no display): the GPU bench's context.

On a GPU server with no X or Wayland (the bench machine) Qt cannot make an OpenGL context, but EGL can:
the first EGL device (``EGL_EXT_platform_device``: NVIDIA, Mesa's DRM render nodes) or Mesa's surfaceless
platform (``EGL_MESA_platform_surfaceless``, llvmpipe when there is no GPU), then a context made current
without a surface (``EGL_KHR_surfaceless_context``; a 16×16 pbuffer otherwise). The renderer draws into
a :class:`kiosk.ui.output.gl_framebuffer.Framebuffer` exactly as it does in Qt's context.

Linux only (libEGL.so.1, as installed by the Debian package ``libegl1`` and a GPU driver).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

from kiosk.ui.output.gl_api import GlApi, GlError

EGL_NONE, EGL_TRUE = 0x3038, 1
EGL_SURFACE_TYPE, EGL_PBUFFER_BIT = 0x3033, 0x0001
EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT = 0x3040, 0x0008
EGL_RED_SIZE, EGL_GREEN_SIZE, EGL_BLUE_SIZE = 0x3024, 0x3023, 0x3022
EGL_WIDTH, EGL_HEIGHT = 0x3057, 0x3056
EGL_OPENGL_API = 0x30A2
EGL_CONTEXT_MAJOR_VERSION, EGL_CONTEXT_MINOR_VERSION = 0x3098, 0x30FB
EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT = 0x30FD, 0x0001
EGL_PLATFORM_DEVICE_EXT, EGL_PLATFORM_SURFACELESS_MESA = 0x313F, 0x31DD
EGL_EXTENSIONS = 0x3055
EGL_DEVICE_EXT_NAMES = ("EGL_EXT_device_enumeration", "EGL_EXT_device_base")

_p = ctypes.c_void_p


def _library(names: tuple[str, ...]) -> ctypes.CDLL:
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    found = ctypes.util.find_library(names[0].split(".")[0].removeprefix("lib"))
    if found:
        return ctypes.CDLL(found)
    raise GlError(f"{names[0]} is not installed")


def _attribs(*pairs: int) -> ctypes.Array:
    return (ctypes.c_int * (len(pairs) + 1))(*pairs, EGL_NONE)


class EglContext:
    """A current headless OpenGL 3.3 core context; ``gl`` is its function table. Close it after use.

    ``platform`` is ``"device"`` (first EGL device), ``"surfaceless"`` (Mesa) or None to try both in that
    order (``KIOSK_EGL_PLATFORM`` overrides). :attr:`platform` tells which one answered.
    """

    def __init__(self, platform: str | None = None) -> None:
        self.egl = _library(("libEGL.so.1", "libEGL.so"))
        self.egl.eglGetProcAddress.restype = _p
        self.egl.eglGetProcAddress.argtypes = [ctypes.c_char_p]
        self.egl.eglQueryString.restype = ctypes.c_char_p
        self.egl.eglQueryString.argtypes = [_p, ctypes.c_int]
        for name in ("eglGetDisplay", "eglCreateContext", "eglCreatePbufferSurface"):
            getattr(self.egl, name).restype = _p
        self.display = self.context = self.surface = None
        wanted = platform or os.environ.get("KIOSK_EGL_PLATFORM")
        errors = []
        for name in [wanted] if wanted else ["device", "surfaceless"]:
            try:
                self._open(name)
                self.platform = name
                break
            except GlError as exc:
                errors.append(f"{name}: {exc}")
                self.close()
        else:
            raise GlError("no headless EGL context: " + "; ".join(errors))
        gl_lib = None
        for names in (("libOpenGL.so.0",), ("libGL.so.1",)):
            try:
                gl_lib = _library(names)
                break
            except GlError:
                continue

        def address(name: bytes) -> int:
            found = self.egl.eglGetProcAddress(name)
            if not found and gl_lib is not None:
                found = ctypes.cast(getattr(gl_lib, name.decode(), None) or 0, _p).value
            return int(found or 0)

        self.gl = GlApi(address)

    def _proc(self, name: str, restype: object, *argtypes: object) -> ctypes._CFuncPtr:
        address = self.egl.eglGetProcAddress(name.encode())
        if not address:
            raise GlError(f"{name} is not available")
        return ctypes.CFUNCTYPE(restype, *argtypes)(address)

    def _open(self, platform: str) -> None:
        client = (self.egl.eglQueryString(None, EGL_EXTENSIONS) or b"").decode()
        get_display = self._proc("eglGetPlatformDisplayEXT", _p, ctypes.c_int, _p, _p)
        if platform == "device":
            if not all(ext in client for ext in EGL_DEVICE_EXT_NAMES):
                raise GlError("EGL device enumeration is not supported")
            query = self._proc(
                "eglQueryDevicesEXT", ctypes.c_uint, ctypes.c_int, ctypes.POINTER(_p), ctypes.POINTER(ctypes.c_int)
            )
            devices, count = (_p * 16)(), ctypes.c_int(0)
            if not query(16, devices, ctypes.byref(count)) or count.value == 0:
                raise GlError("no EGL device")
            self.display = get_display(EGL_PLATFORM_DEVICE_EXT, self._pick(list(devices[: count.value])), None)
        elif platform == "surfaceless":
            if "EGL_MESA_platform_surfaceless" not in client:
                raise GlError("EGL_MESA_platform_surfaceless is not supported")
            self.display = get_display(EGL_PLATFORM_SURFACELESS_MESA, None, None)
        else:
            raise GlError(f"unknown EGL platform {platform!r}")
        self._context()

    def _pick(self, devices: list[int]) -> int:
        """The first hardware device; Mesa's software device only when there is nothing else."""
        try:
            describe = self._proc("eglQueryDeviceStringEXT", ctypes.c_char_p, _p, ctypes.c_int)
        except GlError:
            return devices[0]
        for device in devices:
            if b"EGL_MESA_device_software" not in (describe(device, EGL_EXTENSIONS) or b""):
                return device
        return devices[0]

    def _context(self) -> None:
        egl = self.egl
        major, minor = ctypes.c_int(0), ctypes.c_int(0)
        if not self.display or not egl.eglInitialize(_p(self.display), ctypes.byref(major), ctypes.byref(minor)):
            raise GlError("eglInitialize failed")
        config, count = _p(), ctypes.c_int(0)
        wanted = _attribs(EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_RED_SIZE, 8)
        if (
            not egl.eglChooseConfig(_p(self.display), wanted, ctypes.byref(config), 1, ctypes.byref(count))
            or not count.value
        ):
            raise GlError("no EGL config for desktop OpenGL with pbuffers")
        if not egl.eglBindAPI(EGL_OPENGL_API):
            raise GlError("eglBindAPI(OpenGL) failed")
        version = _attribs(
            EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
            EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
        )  # fmt: skip
        self.context = egl.eglCreateContext(_p(self.display), config, None, version)
        if not self.context:
            raise GlError("no OpenGL 3.3 core context")
        if not egl.eglMakeCurrent(_p(self.display), None, None, _p(self.context)):
            self.surface = egl.eglCreatePbufferSurface(
                _p(self.display), config, _attribs(EGL_WIDTH, 16, EGL_HEIGHT, 16)
            )
            if not self.surface or not egl.eglMakeCurrent(
                _p(self.display), _p(self.surface), _p(self.surface), _p(self.context)
            ):
                raise GlError("the EGL context cannot be made current")

    def close(self) -> None:
        egl = self.egl
        if self.display:
            egl.eglMakeCurrent(_p(self.display), None, None, None)
            if self.surface:
                egl.eglDestroySurface(_p(self.display), _p(self.surface))
            if self.context:
                egl.eglDestroyContext(_p(self.display), _p(self.context))
            egl.eglTerminate(_p(self.display))
        self.display = self.context = self.surface = None

    def __enter__(self) -> EglContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
