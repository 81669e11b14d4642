"""Profile → projector maps: flips and rotation folded in, the circle and tilt where the profile says, a
mesh composed with the fast maps as exactly as the slow exact build, previews the same picture smaller,
the renderer's picture settings; the analytic geometry (the GPU's: a mapping + the output transform) is
the very geometry of the maps, and the geometry service hands it on at once."""

from __future__ import annotations

import dataclasses
import threading

import numpy as np
import pytest

from dome import Equirect, Fisheye, Mapping, Orientation, build_maps
from dome.mesh import mesh_from_warp, write_mesh
from dome.mirror import SphericalMirror
from kiosk.errors import SettingsError
from kiosk.show.calibration import FULL_TOLERANCE_PX, SourceKind, analytic_geometry, build_geometry, preview_size
from kiosk.show.profiles import Profile
from kiosk.show.render import Look, ProjectorRenderer, luma_curve, tone_curve
from tests.dome.conftest import psnr, smooth_equirect

SOURCE = SourceKind("equirect", 512, 256)
SMALL = Profile(projector_width=256, projector_height=144)


def _render(profile: Profile, size=None) -> np.ndarray:
    renderer = ProjectorRenderer(build_geometry(profile, SOURCE, size))
    try:
        return renderer.render_bgr(smooth_equirect(512, 256)).copy()
    finally:
        renderer.close()


def test_the_circle_sits_where_the_profile_says():
    image = _render(Profile(projector_width=256, projector_height=144, circle_radius=0.8, circle_x=0.1))
    lit = np.argwhere(image.any(axis=-1))
    centre_x = 127.5 + 0.1 * 144
    assert lit[:, 1].min() == pytest.approx(centre_x - 0.8 * 72, abs=1.5)
    assert lit[:, 1].max() == pytest.approx(centre_x + 0.8 * 72, abs=1.5)


@pytest.mark.parametrize(("changes", "transform"), [
    ({"flip_h": True}, lambda a: a[:, ::-1]),
    ({"flip_v": True}, lambda a: a[::-1]),
    ({"rotate_deg": 180}, lambda a: a[::-1, ::-1]),
])  # fmt: skip
def test_flips_and_rotation_are_exact_permutations(changes, transform):
    plain = _render(SMALL)
    turned = _render(Profile(projector_width=256, projector_height=144, **changes))
    assert np.array_equal(turned, transform(plain))


def test_a_quarter_turn_keeps_the_projector_size():
    image = _render(Profile(projector_width=256, projector_height=144, rotate_deg=90))
    assert image.shape == (144, 256, 3)


def test_the_preview_is_the_same_picture_smaller():
    full = _render(SMALL)
    preview = _render(SMALL, preview_size(SMALL))
    assert preview.shape == full.shape and psnr(preview, full) > 22


def test_a_mesh_composed_with_fast_maps_matches_the_exact_build(tmp_path):
    mesh = mesh_from_warp(SphericalMirror(320, 240), (240, 240), 33, 25)
    write_mesh(tmp_path / "m.data", mesh)
    profile = Profile(
        projector_width=320, projector_height=240, tilt_deg=10, yaw_deg=170,  # the seam in view
        mesh_name="m.data", mesh_text=(tmp_path / "m.data").read_text(),
    )  # fmt: skip
    geometry = build_geometry(profile, SOURCE)
    exact = build_maps(Mapping(Equirect(512, 256), Fisheye(240, 240, tilt_deg=10), Orientation(yaw_deg=170), warp=mesh))
    both = geometry.luma.valid & exact.valid
    assert both.sum() > 0.9 * exact.valid.sum()
    dx = np.abs(geometry.luma.map_x - exact.map_x)[both]
    assert np.percentile(np.minimum(dx, 512 - dx), 99) < 0.6  # no smear across the ±180° seam
    assert np.percentile(np.abs(geometry.luma.map_y - exact.map_y)[both], 99) < 0.6
    assert geometry.gain is not None and exact.gain is not None
    np.testing.assert_allclose(geometry.gain[both], exact.gain[both], atol=1e-3)


def test_impossible_geometry_is_a_message():
    with pytest.raises(SettingsError) as bad:
        build_geometry(Profile(setup="mirror", mirror_z_m=2.8, dome_radius_m=2.0), SOURCE)
    assert bad.value.key == "errors.dome.mirror"
    with pytest.raises(SettingsError, match="impossible output size"):
        build_geometry(SMALL, SOURCE, (255, 144))


def test_picture_settings():
    assert np.array_equal(tone_curve(Look()), np.arange(256))
    assert tone_curve(Look(fade=0.0)).max() == 0 and luma_curve(Look(fade=0.0)).max() == 16
    assert tone_curve(Look(gamma=2.0))[64] > 64 and tone_curve(Look(brightness=0.5))[200] == 100
    bright = _render(Profile(projector_width=256, projector_height=144, brightness=0.5))
    assert 0.45 < bright.mean() / _render(SMALL).mean() < 0.55


def _transformed(maps, analytic):
    """``maps`` of the unrotated frame turned and flipped as the GPU's output transform does."""
    arrays = [maps.map_x, maps.map_y, maps.valid]
    arrays = [np.rot90(a, analytic.rotate_deg // 90) for a in arrays]
    arrays = [a[:, ::-1] if analytic.flip_h else a for a in arrays]
    return [a[::-1] if analytic.flip_v else a for a in arrays]


@pytest.mark.parametrize("source", [SOURCE, SourceKind("domemaster", 256, 256)], ids=["equirect", "domemaster"])
@pytest.mark.parametrize("changes", [
    {},
    {"tilt_deg": 20.0, "yaw_deg": 30.0, "pitch_deg": -10.0, "circle_x": 0.05, "circle_radius": 0.9},
    {"flip_h": True, "rotate_deg": 90, "tilt_deg": 12.0},
    {"flip_v": True, "rotate_deg": 270, "fov_deg": 200.0, "circle_y": -0.04},
    {"flip_h": True, "flip_v": True, "rotate_deg": 180, "roll_deg": 25.0},
])  # fmt: skip
def test_the_analytic_geometry_is_the_geometry_of_the_maps(changes, source):
    profile = dataclasses.replace(SMALL, **changes)
    analytic = analytic_geometry(profile, source, version=7)
    geometry = build_geometry(profile, source)
    assert analytic is not None and analytic.version == 7 and analytic.source == source
    assert analytic.shape == geometry.shape == (144, 256)
    got = _transformed(build_maps(analytic.mapping, tolerance_px=FULL_TOLERANCE_PX), analytic)
    for ours, theirs in zip(got, (geometry.luma.map_x, geometry.luma.map_y, geometry.luma.valid)):
        assert np.array_equal(ours, theirs)


def test_meshes_and_mirrors_have_no_analytic_geometry(tmp_path):
    write_mesh(tmp_path / "m.data", mesh_from_warp(SphericalMirror(256, 144), (144, 144), 9, 5))
    meshed = dataclasses.replace(SMALL, mesh_name="m.data", mesh_text=(tmp_path / "m.data").read_text())
    assert analytic_geometry(meshed, SOURCE) is None
    assert analytic_geometry(dataclasses.replace(SMALL, setup="mirror"), SOURCE) is None
    with pytest.raises(SettingsError, match="impossible output size"):
        analytic_geometry(SMALL, SOURCE, (255, 144))


class _Inbox:
    """Geometries handed over by the service's threads; :meth:`wait` for a number of them."""

    def __init__(self) -> None:
        self.items: list = []
        self.cond = threading.Condition()

    def __call__(self, item) -> None:
        with self.cond:
            self.items.append(item)
            self.cond.notify_all()

    def wait(self, count: int) -> list:
        with self.cond:
            assert self.cond.wait_for(lambda: len(self.items) >= count, timeout=60)
            return list(self.items)


def test_the_service_hands_the_analytic_geometry_at_once_and_maps_for_the_labels_later(monkeypatch, tmp_path):
    from kiosk.show import geometry_service

    builds: list[tuple[bool, bool]] = []
    real = geometry_service.build_geometry

    def build(profile, source, size=None, version=0, chroma=True):
        builds.append((size is not None, chroma))
        return real(profile, source, size, version, chroma)

    monkeypatch.setattr(geometry_service, "build_geometry", build)
    maps, analytic, errors = _Inbox(), [], []
    service = geometry_service.GeometryService(maps, errors.append, publish_analytic=analytic.append)
    try:
        version = service.request(SMALL.with_value("tilt_deg", 15.0), SOURCE)
        assert [a.version for a in analytic] == [version]  # handed on before request() returned
        assert analytic[0].profile.tilt_deg == 15.0
        (full,) = maps.wait(1)
        assert full.version == version and not full.preview and full.chroma is None  # the GPU needs no chroma
        assert builds == [(False, False)]  # no preview build, one luma build once the slider rested
        write_mesh(tmp_path / "m.data", mesh_from_warp(SphericalMirror(256, 144), (144, 144), 9, 5))
        meshed = dataclasses.replace(SMALL, mesh_name="m.data", mesh_text=(tmp_path / "m.data").read_text())
        version = service.request(meshed, SOURCE)
        got = maps.wait(3)
        assert len(analytic) == 1  # a mesh: maps, the preview first
        assert sorted((g.version, g.preview) for g in got[1:]) == [(version, False), (version, True)]
        assert all(g.chroma is not None for g in got[1:] if not g.preview) and errors == []
    finally:
        service.close()
