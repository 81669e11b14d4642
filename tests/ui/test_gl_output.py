"""The GPU dome renderer against the CPU warp: same picture (PSNR ≥ 40 dB) in both geometry modes.

The renderer runs in a headless EGL context (Mesa's llvmpipe in CI: ``libegl-mesa0`` + ``libgl1-mesa-dri``,
installed by ``./dev``), else in a Qt offscreen context when a display is at hand. The tests skip only when
no OpenGL 3.3 context can be made at all. The Qt path on a real X server (probe, ``QOpenGLWidget``) is
tested under Xvfb by ``test_gl_output_qt.py``.

The smooth test image is the holdout-style ``smooth_equirect`` of ``tests/dome``: a continuous function of
the 3-D direction, so the seam and the poles are part of the comparison.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from dome import Cubemap, Equirect, Fisheye, Mapping, Orientation, Perspective, Warper, build_maps, domemaster
from dome.mesh import WarpMesh, identity_mesh
from dome.yuv import YuvWarper
from kiosk.ui.output.gl_api import GlError
from kiosk.ui.output.gl_colour import yuv_to_rgb
from kiosk.ui.output.gl_framebuffer import Framebuffer
from kiosk.ui.output.gl_renderer import GlDomeRenderer
from tests.dome.conftest import psnr, smooth_equirect

pytestmark = pytest.mark.qt

SRC_W, SRC_H, OUT = 1024, 512, 384


@pytest.fixture(scope="module")
def context(qapp):
    """A current OpenGL context: headless EGL first, then Qt's offscreen context."""
    from kiosk.ui.output.gl_context import OffscreenGl
    from kiosk.ui.output.gl_egl import EglContext

    reasons = []
    for make in (EglContext, OffscreenGl):
        try:
            ctx = make()
        except (GlError, OSError) as exc:
            reasons.append(f"{make.__name__}: {exc}")
            continue
        yield ctx
        ctx.close()
        return
    pytest.skip("no OpenGL 3.3 context can be made here: " + "; ".join(reasons))


@pytest.fixture(scope="module")
def renderer(context):
    r = GlDomeRenderer(context.gl, getattr(context, "gles", False))
    yield r
    r.release()


@pytest.fixture(scope="module")
def source() -> np.ndarray:
    return smooth_equirect(SRC_W, SRC_H)


def draw(renderer: GlDomeRenderer, shape: tuple[int, int]) -> np.ndarray:
    fb = Framebuffer(renderer.gl, shape[1], shape[0])
    try:
        fb.render(renderer)
        return fb.read_bgr()
    finally:
        fb.release()


def set_geometry(renderer: GlDomeRenderer, mapping: Mapping, mode: str) -> None:
    if mode == "maps":
        renderer.set_maps(build_maps(mapping))
    else:
        renderer.set_mapping(mapping)


def i420(bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    h, w = bgr.shape[:2]
    flat = cv2.cvtColor(bgr, cv2.COLOR_BGR2YUV_I420)
    return flat[:h], flat[h : h + h // 4].reshape(h // 2, w // 2), flat[h + h // 4 :].reshape(h // 2, w // 2)


def a_mesh(width: int, height: int) -> WarpMesh:
    """A projector mesh that bends and dims the picture: nodes pulled sideways, intensity 0.5…1."""
    base = identity_mesh(width, height, 17, 13)
    u = base.u + 0.04 * np.sin(np.pi * base.v * 2)
    i = 0.5 + 0.5 * base.v
    return WarpMesh(base.x, base.y, np.clip(u, 0, 1), base.v, i, width, height)


GEOMETRIES = {
    "tilt0": Mapping(Equirect(SRC_W, SRC_H), domemaster(OUT)),
    "tilt20-yaw30": Mapping(Equirect(SRC_W, SRC_H), domemaster(OUT, tilt_deg=20), Orientation(30, 0, 0)),
    "seam-in-front": Mapping(Equirect(SRC_W, SRC_H), domemaster(OUT, tilt_deg=20), Orientation(180, 5, -8)),
    "mesh": Mapping(Equirect(SRC_W, SRC_H), domemaster(OUT), warp=a_mesh(OUT + 96, OUT)),
    "mesh-tilt20": Mapping(Equirect(SRC_W, SRC_H), domemaster(OUT, tilt_deg=20), warp=a_mesh(OUT + 96, OUT)),
}


@pytest.mark.parametrize("mode", ["maps", "analytic"])
@pytest.mark.parametrize("name", list(GEOMETRIES))
def test_bgr_frames_match_the_cpu_warp(renderer, source, name: str, mode: str) -> None:
    mapping = GEOMETRIES[name]
    maps = build_maps(mapping)
    cpu = Warper(maps).warp(source)
    renderer.set_bgr(source)
    set_geometry(renderer, mapping, mode)
    gpu = draw(renderer, maps.shape)
    assert psnr(gpu, cpu) >= 40.0
    assert (gpu[~maps.valid] == 0).all()  # border colour outside the picture


@pytest.mark.parametrize("mode", ["maps", "analytic"])
@pytest.mark.parametrize("name", ["tilt0", "tilt20-yaw30", "mesh-tilt20"])
def test_yuv_frames_match_the_cpu_yuv_warp(renderer, source, name: str, mode: str) -> None:
    """The CPU warps the planes, then converts (chroma upsampled by pixel replication); the GPU samples
    the chroma bilinearly at each pixel. The CPU's rim, where luma and half-size chroma validity differ by
    a pixel, is left out (2 px)."""
    mapping = GEOMETRIES[name]
    y, u, v = i420(source)
    oy, ou, ov = YuvWarper.from_mapping(mapping).warp(y, u, v)
    h, w = oy.shape
    cpu = cv2.cvtColor(np.concatenate([oy, ou.reshape(-1, w), ov.reshape(-1, w)]), cv2.COLOR_YUV2BGR_I420)
    renderer.set_yuv420(y, u, v)
    set_geometry(renderer, mapping, mode)
    gpu = draw(renderer, (h, w))
    valid = build_maps(mapping).valid
    inner = cv2.erode(valid.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    assert psnr(gpu, cpu, inner) >= 40.0
    assert (gpu[~valid] == 0).all()


def test_nv12_frames_from_a_hardware_decoder_look_like_yuv420(renderer, source) -> None:
    mapping = GEOMETRIES["tilt20-yaw30"]
    y, u, v = i420(source)
    renderer.set_mapping(mapping)
    renderer.set_yuv420(y, u, v)
    planar = draw(renderer, mapping.output_shape)
    renderer.set_nv12(y, np.dstack([u, v]))
    np.testing.assert_array_equal(draw(renderer, mapping.output_shape), planar)
    with pytest.raises(GlError, match="NV12"):
        renderer.set_nv12(y, u)


def test_padded_decoder_planes_are_read_in_place(renderer, source) -> None:
    """A decoder's planes have padded rows (``line_size`` > width): same picture as contiguous planes."""
    mapping = GEOMETRIES["tilt0"]
    y, u, v = i420(source)
    renderer.set_mapping(mapping)
    renderer.set_yuv420(y, u, v)
    plain = draw(renderer, mapping.output_shape)
    padded = [np.zeros((p.shape[0], p.shape[1] + 64), np.uint8) for p in (y, u, v)]
    for big, p in zip(padded, (y, u, v)):
        big[:, : p.shape[1]] = p
    views = [big[:, : p.shape[1]] for big, p in zip(padded, (y, u, v))]
    assert not views[0].flags.c_contiguous
    renderer.set_yuv420(*views)
    np.testing.assert_array_equal(draw(renderer, mapping.output_shape), plain)


def test_a_calibration_slider_is_a_uniform_change(context, source, monkeypatch) -> None:
    """In analytic mode a new tilt, yaw or field of view uploads nothing; a new mesh uploads it once."""
    renderer = GlDomeRenderer(context.gl, getattr(context, "gles", False))
    uploads = []
    real = renderer._upload
    monkeypatch.setattr(renderer, "_upload", lambda slot, *a, **k: (uploads.append(slot), real(slot, *a, **k)))
    mesh = a_mesh(OUT + 96, OUT)
    try:
        renderer.set_bgr(source)
        renderer.set_mapping(Mapping(Equirect(SRC_W, SRC_H), domemaster(OUT), warp=mesh))
        assert sorted(uploads) == ["u_map", "u_mask", "u_y"]
        uploads.clear()
        for tilt, yaw, fov in [(5, 0, 180), (12, 40, 190), (20, -90, 200)]:
            mapping = Mapping(Equirect(SRC_W, SRC_H), domemaster(OUT, fov, tilt), Orientation(yaw, 0, 0), warp=mesh)
            renderer.set_mapping(mapping)
            gpu = draw(renderer, mapping.output_shape)
            assert psnr(gpu, Warper(build_maps(mapping)).warp(source)) >= 40.0
        assert uploads == []
        renderer.set_mapping(Mapping(Equirect(SRC_W, SRC_H), domemaster(OUT), warp=a_mesh(OUT + 32, OUT)))
        assert sorted(uploads) == ["u_map", "u_mask"]
    finally:
        renderer.release()


def test_perspective_view_for_the_vr_viewer(renderer, source) -> None:
    mapping = Mapping(Equirect(SRC_W, SRC_H), Perspective(320, 200, 100), Orientation(-150, 35, 10))
    renderer.set_bgr(source)
    renderer.set_mapping(mapping)
    assert psnr(draw(renderer, (200, 320)), Warper(build_maps(mapping)).warp(source)) >= 40.0


def test_fisheye_source_is_retilted(renderer, source) -> None:
    dome = Warper(build_maps(Mapping(Equirect(SRC_W, SRC_H), domemaster(512)))).warp(source).copy()
    mapping = Mapping(Fisheye(512, 512), Fisheye(320, 320, fov_deg=160, offset_x_px=12, tilt_deg=15))
    renderer.set_bgr(dome)
    renderer.set_mapping(mapping)
    assert psnr(draw(renderer, (320, 320)), Warper(build_maps(mapping)).warp(dome)) >= 40.0


def test_mipmaps_stop_aliasing_when_shrinking(renderer) -> None:
    stripes = np.zeros((1024, 2048, 3), np.uint8)
    stripes[:, ::2] = 255
    renderer.set_bgr(stripes)
    renderer.set_mapping(Mapping(Equirect(2048, 1024), Perspective(64, 64, 90)))
    assert renderer.mipmaps
    out = draw(renderer, (64, 64)).astype(float)
    assert out.std() < 8 and abs(out.mean() - 127.5) < 8


def test_mipmaps_keep_the_poles_and_the_seam_clean(renderer) -> None:
    """Shrinking 4× (mip level ≈ 2): the zenith, where longitude spins, and the back seam look like the
    CPU's prefiltered warp (no bright spot, no seam line)."""
    source = smooth_equirect(2048, 1024)
    mapping = Mapping(Equirect(2048, 1024), domemaster(256, tilt_deg=30), Orientation(181, 0, 0))
    maps = build_maps(mapping)
    cpu = Warper(maps).warp(source)
    renderer.set_bgr(source)
    renderer.set_mapping(mapping)
    assert renderer.mipmaps
    gpu = draw(renderer, maps.shape)
    inner = cv2.erode(maps.valid.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    assert psnr(gpu, cpu, inner) >= 40.0
    assert np.abs(gpu.astype(int) - cpu.astype(int))[inner].max() <= 12


def test_curves_gain_and_border_match_the_projector_renderer(renderer, source) -> None:
    """Brightness, gamma and fade (the dome console's picture settings) and a separate gain, as
    :class:`kiosk.show.render.ProjectorRenderer` applies them on the CPU, for video and for stills."""
    from kiosk.show.render import Look, chroma_curve, luma_curve, tone_curve

    mapping = GEOMETRIES["tilt20-yaw30"]
    maps, chroma = build_maps(mapping), build_maps(mapping.scaled(0.5))
    look = Look(brightness=0.9, gamma=1.4, fade=0.7)
    gain = np.linspace(0.4, 1.0, maps.shape[1], dtype=np.float32)[None, :].repeat(maps.shape[0], axis=0)
    y, u, v = i420(source)
    oy, ou, ov = YuvWarper(maps, chroma).warp(y, u, v)
    oy = cv2.LUT(oy, luma_curve(look))
    ou, ov = cv2.LUT(ou, chroma_curve(look)), cv2.LUT(ov, chroma_curve(look))
    h, w = oy.shape
    cpu_video = cv2.cvtColor(np.concatenate([oy, ou.reshape(-1, w), ov.reshape(-1, w)]), cv2.COLOR_YUV2BGR_I420)
    cpu_video = cv2.multiply(cpu_video, cv2.merge([gain] * 3), dtype=cv2.CV_8U)
    cpu_still = cv2.multiply(
        cv2.LUT(Warper(maps).warp(source), tone_curve(look)), cv2.merge([gain] * 3), dtype=cv2.CV_8U
    )
    renderer.set_maps(maps, gain)
    renderer.set_curves(tone_curve(look), luma_curve(look), min(1.0, look.fade))
    renderer.set_border((10, 20, 30))
    try:
        renderer.set_yuv420(y, u, v)
        gpu_video = draw(renderer, maps.shape)
        renderer.set_bgr(source)
        gpu_still = draw(renderer, maps.shape)
    finally:
        renderer.set_curves()
        renderer.set_border((0, 0, 0))
    inner = cv2.erode(maps.valid.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    assert psnr(gpu_video, cpu_video, inner) >= 40.0
    assert psnr(gpu_still, cpu_still, maps.valid) >= 40.0
    assert (gpu_still[~maps.valid] == (30, 20, 10)).all()  # BGR of the RGB border (10, 20, 30)


@pytest.mark.parametrize("rotate,flip_h,flip_v", [(90, False, False), (270, True, False), (180, False, True)])
def test_projector_rotation_and_flips(renderer, source, rotate: int, flip_h: bool, flip_v: bool) -> None:
    mapping = Mapping(Equirect(SRC_W, SRC_H), Fisheye(320, 240, tilt_deg=10))
    cpu = np.rot90(Warper(build_maps(mapping)).warp(source), rotate // 90)
    cpu = cpu[:, ::-1] if flip_h else cpu
    cpu = cpu[::-1] if flip_v else cpu
    renderer.set_bgr(source)
    renderer.set_mapping(mapping)
    renderer.set_output_transform(rotate, flip_h, flip_v)
    try:
        assert renderer.output_shape == cpu.shape[:2]
        gpu = draw(renderer, cpu.shape[:2])
    finally:
        renderer.set_output_transform()
    assert psnr(gpu, cpu) >= 40.0


def test_overlay_is_painted_on_top(renderer, source) -> None:
    mapping = GEOMETRIES["tilt0"]
    renderer.set_bgr(source)
    renderer.set_mapping(mapping)
    overlay = np.zeros((OUT, OUT, 4), np.uint8)
    overlay[100:140, 50:300] = (255, 0, 0, 153)  # a red label (RGBA), 60 % opaque
    renderer.set_overlay(overlay, dim=0.5)
    try:
        gpu = draw(renderer, (OUT, OUT))
    finally:
        renderer.set_overlay(None)
    cpu = Warper(build_maps(mapping)).warp(source).astype(float)
    np.testing.assert_allclose(gpu[120, 200], 0.4 * cpu[120, 200] + 0.6 * 0.5 * np.array([0, 0, 255]), atol=1.5)
    assert psnr(gpu[200:], cpu[200:]) >= 40.0  # untouched below the label


def test_unknown_projection_and_missing_frame_are_refused(context) -> None:
    fresh = GlDomeRenderer(context.gl, getattr(context, "gles", False))
    try:
        with pytest.raises(GlError, match="set a source frame"):
            fresh.draw((0, 0, 8, 8))
        with pytest.raises(GlError, match="Cubemap"):
            fresh.set_mapping(Mapping(Equirect(64, 32), Cubemap(16)))
        with pytest.raises(GlError, match="4:2:0"):
            fresh.set_yuv420(np.zeros((8, 8), np.uint8), np.zeros((8, 8), np.uint8), np.zeros((8, 8), np.uint8))
    finally:
        fresh.release()


def test_the_offscreen_test_platform_never_takes_the_gpu_path(qapp) -> None:
    """Qt's offscreen platform (these tests) cannot show OpenGL widgets: the probe says CPU, whatever the
    machine's OpenGL, with the console line that says why."""
    from kiosk.ui.output.gl_context import probe

    found = probe()
    assert found.platform == "offscreen" and not found.usable
    assert "processeur" in found.message().text("fr") and "processor" in found.message().text("en")


@pytest.mark.parametrize("matrix", ["bt601", "bt709"])
def test_yuv_matrix_inverts_the_encoder(matrix: str) -> None:
    """``yuv_to_rgb`` undoes a limited-range encoder of the same matrix (and equals OpenCV's BT.601)."""
    m, offset = yuv_to_rgb(matrix)
    rgb = np.random.default_rng(1).uniform(0, 1, (100, 3))
    kr, kb = {"bt601": (0.299, 0.114), "bt709": (0.2126, 0.0722)}[matrix]
    luma = rgb @ [kr, 1 - kr - kb, kb]
    yuv = np.stack(
        [
            16 + 219 * luma,
            128 + 224 * (rgb[:, 2] - luma) / (2 * (1 - kb)),
            128 + 224 * (rgb[:, 0] - luma) / (2 * (1 - kr)),
        ],
        axis=1,
    )
    back = (yuv / 255.0 - offset) @ m.T
    np.testing.assert_allclose(back, rgb, atol=1e-9)
    if matrix == "bt601":
        buffer = np.array([[120, 120], [120, 120], [90, 200]], np.uint8)  # a 2×2 I420 frame: Y, then U, V
        cv = cv2.cvtColor(buffer, cv2.COLOR_YUV2RGB_I420).astype(float)
        ours = np.clip((np.array([120, 90, 200]) / 255.0 - offset) @ m.T * 255, 0, 255)
        assert np.abs(cv[0, 0] - ours).max() <= 2
