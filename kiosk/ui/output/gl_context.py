"""Qt OpenGL contexts for the GPU dome renderer: the capability probe and an offscreen context.

Why plain OpenGL through Qt (``QOpenGLContext`` + ``QOffscreenSurface``, ``QOpenGLWidget`` on screen) and
not QRhi: QRhi needs shaders baked to ``.qsb`` by Qt's ``qsb`` tool (not in PySide6-Essentials) and its
Python binding is young, while GLSL compiled at run time works with the PySide6 we pin, on every laptop
GPU driver (OpenGL 3.3 core or OpenGL ES 3.0), on Mesa's software renderer in CI (llvmpipe under Xvfb),
and — with the same renderer code — in a headless EGL context for the GPU bench (:mod:`.gl_egl`).

:func:`probe` answers "can this machine draw the dome on its GPU?": a context of the needed version, the
renderer's program compiled, and whether the renderer is real hardware (Mesa's llvmpipe/softpipe draw on
the CPU and are slower than :mod:`dome.yuv`). The player takes the GPU path only when
:attr:`GlCapability.usable` is True and says on the console which path it took (:meth:`GlCapability.message`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext, QSurfaceFormat

from kiosk.errors import Message
from kiosk.ui.output import gl_api as glc
from kiosk.ui.output.gl_api import GlApi, GlError

DESKTOP_VERSION = (3, 3)
GLES_VERSION = (3, 0)
SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast", "software rasterizer", "microsoft basic render")
NO_GL_WIDGETS = ("offscreen", "minimal", "vnc", "linuxfb")  # Qt platforms that cannot show a QOpenGLWidget


def surface_format(gles: bool | None = None) -> QSurfaceFormat:
    """The format the renderer needs: OpenGL 3.3 core, or OpenGL ES 3.0 where Qt is built for GLES
    (``gles`` None follows Qt's OpenGL module type)."""
    if gles is None:
        gles = QOpenGLContext.openGLModuleType() == QOpenGLContext.OpenGLModuleType.LibGLES
    fmt = QSurfaceFormat()
    if gles:
        fmt.setRenderableType(QSurfaceFormat.RenderableType.OpenGLES)
        fmt.setVersion(*GLES_VERSION)
    else:
        fmt.setRenderableType(QSurfaceFormat.RenderableType.OpenGL)
        fmt.setVersion(*DESKTOP_VERSION)
        fmt.setProfile(QSurfaceFormat.OpenGLContextProfile.CoreProfile)
    fmt.setDepthBufferSize(0)
    fmt.setStencilBufferSize(0)
    return fmt


@dataclass(frozen=True)
class GlCapability:
    """What :func:`probe` found.

    Attributes:
        available: an OpenGL context of the needed version exists and the renderer's shaders compile.
        hardware: the renderer is a GPU driver (not a software rasteriser).
        widgets: Qt's platform can show OpenGL widgets (not ``offscreen``, ``minimal``…); ``platform``.
        api: ``"OpenGL"`` or ``"OpenGL ES"``; version, renderer, vendor: the driver's strings.
        max_texture: the largest texture side in pixels (a source frame must fit).
        reason: why not available (the driver's message, for the log), '' when available.
    """

    available: bool
    hardware: bool = False
    widgets: bool = False
    platform: str = ""
    api: str = ""
    version: str = ""
    renderer: str = ""
    vendor: str = ""
    max_texture: int = 0
    reason: str = ""

    @property
    def usable(self) -> bool:
        """True when the player should take the GPU path."""
        return self.available and self.hardware and self.widgets

    def fits(self, width: int, height: int) -> bool:
        """Whether a ``width × height`` source frame fits in one texture."""
        return self.available and max(width, height) <= self.max_texture

    def message(self) -> Message:
        """One console line: which path the player takes and why."""
        if self.usable:
            return Message("gpu.path_gpu", {"renderer": self.renderer, "version": f"{self.api} {self.version}"})
        if self.available and not self.widgets:
            return Message("gpu.path_cpu_platform", {"platform": self.platform})
        if self.available:
            return Message("gpu.path_cpu_software", {"renderer": self.renderer})
        return Message("gpu.path_cpu_no_gl", {"reason": self.reason or "-"})


class OffscreenGl:
    """A current OpenGL context on an offscreen surface (needs a ``QGuiApplication``); close it after use.

    Use as a context manager. ``gl`` is the bound function table, ``gles`` whether it is OpenGL ES.
    Raises :class:`GlError` when no context of the needed version can be made.
    """

    def __init__(self, gles: bool | None = None) -> None:
        if QGuiApplication.instance() is None:
            raise GlError("an OpenGL context needs a QGuiApplication")
        fmt = surface_format(gles)
        self.context = QOpenGLContext()
        self.context.setFormat(fmt)
        if not self.context.create():
            raise GlError("no OpenGL context of the needed version (3.3 core or ES 3.0) could be created")
        self.surface = QOffscreenSurface()
        self.surface.setFormat(self.context.format())
        self.surface.create()
        if not self.context.makeCurrent(self.surface):
            self.surface.destroy()
            raise GlError("the OpenGL context cannot be made current on an offscreen surface")
        self.gles = bool(self.context.isOpenGLES())
        got = self.context.format()
        need = GLES_VERSION if self.gles else DESKTOP_VERSION
        if (got.majorVersion(), got.minorVersion()) < need:
            version = f"{got.majorVersion()}.{got.minorVersion()}"
            self.close()
            raise GlError(f"OpenGL {version} is older than the needed {need[0]}.{need[1]}")
        self.gl = GlApi(lambda name: self.context.getProcAddress(name))

    def make_current(self) -> None:
        if not self.context.makeCurrent(self.surface):
            raise GlError("the OpenGL context cannot be made current")

    def close(self) -> None:
        if self.context is not None:
            self.context.doneCurrent()
            self.surface.destroy()
            self.context = None  # type: ignore[assignment]

    def __enter__(self) -> OffscreenGl:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def probe() -> GlCapability:
    """Try to make the renderer's context and program; never raises (the reason is in the result)."""
    from kiosk.ui.output.gl_renderer import GlDomeRenderer

    platform = QGuiApplication.platformName() if QGuiApplication.instance() is not None else ""
    try:
        with OffscreenGl() as ctx:
            gl = ctx.gl
            renderer_name = gl.string(glc.RENDERER)
            found = GlCapability(
                available=True,
                hardware=not any(s in renderer_name.lower() for s in SOFTWARE_RENDERERS),
                widgets=platform not in NO_GL_WIDGETS,
                platform=platform,
                api="OpenGL ES" if ctx.gles else "OpenGL",
                version=gl.string(glc.VERSION),
                renderer=renderer_name,
                vendor=gl.string(glc.VENDOR),
                max_texture=gl.integer(glc.MAX_TEXTURE_SIZE)[0],
            )
            GlDomeRenderer(gl, ctx.gles).release()  # the shaders compile on this driver
            return found
    except GlError as exc:
        return GlCapability(available=False, platform=platform, reason=str(exc))
