"""``kiosk dome convert`` / ``kiosk dome pattern`` on generated images and a short generated video."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.cli import main

from .conftest import smooth_equirect


@pytest.fixture
def equirect_png(tmp_path):
    path = tmp_path / "pano.png"
    cv2.imwrite(str(path), smooth_equirect(256, 128))
    return path


@pytest.mark.parametrize(
    "args,shape",
    [
        (["--to", "fisheye", "--size", "96"], (96, 96, 3)),
        (["--to", "fisheye", "--size", "96", "--fov", "210", "--tilt", "20", "--yaw", "30"], (96, 96, 3)),
        (["--to", "perspective", "--width", "80", "--height", "60", "--fov", "100", "--pitch", "10"], (60, 80, 3)),
        (["--to", "cubemap", "--size", "32", "--interp", "nearest"], (32, 192, 3)),
        (["--to", "equirect", "--size", "128", "--roll", "5", "--interp", "cubic"], (64, 128, 3)),
    ],
)
def test_convert_images(tmp_path, equirect_png, capsys, args, shape) -> None:
    out = tmp_path / "out.png"
    assert main(["dome", "convert", str(equirect_png), str(out), *args]) == 0
    image = cv2.imread(str(out))
    assert image.shape == shape and image.any()
    assert str(out) in capsys.readouterr().out


def test_convert_back_from_cubemap_and_fisheye(tmp_path, equirect_png) -> None:
    cube, dome_png, back = tmp_path / "cube.png", tmp_path / "dome.png", tmp_path / "back.png"
    assert main(["dome", "convert", str(equirect_png), str(cube), "--to", "cubemap", "--size", "64"]) == 0
    assert (
        main(["dome", "convert", str(cube), str(back), "--from", "cubemap", "--to", "equirect", "--size", "256"]) == 0
    )
    err = np.abs(cv2.imread(str(back)).astype(int) - smooth_equirect(256, 128)).mean()
    assert err < 3
    assert main(["dome", "convert", str(equirect_png), str(dome_png), "--size", "128"]) == 0
    assert (
        main(
            [
                "dome",
                "convert",
                str(dome_png),
                str(back),
                "--from",
                "fisheye",
                "--to",
                "fisheye",
                "--tilt",
                "15",
                "--size",
                "128",
            ]
        )
        == 0
    )


def test_convert_with_a_mesh(tmp_path, equirect_png) -> None:
    from dome.mesh import identity_mesh, write_mesh

    write_mesh(tmp_path / "m.data", identity_mesh(64, 48, 5, 5))
    out = tmp_path / "proj.png"
    assert (
        main(
            [
                "dome",
                "convert",
                str(equirect_png),
                str(out),
                "--size",
                "64",
                "--mesh",
                str(tmp_path / "m.data"),
                "--width",
                "64",
                "--height",
                "48",
            ]
        )
        == 0
    )
    assert cv2.imread(str(out)).shape == (48, 64, 3)


@pytest.mark.parametrize(
    "args,message",
    [
        (["missing.png", "o.png"], "no such file"),
        (["{txt}", "o.png"], "cannot read this image"),
        (["{png}", "o.png", "--fov", "300"], "--fov 300 is impossible"),
        (["{png}", "o.png", "--to", "perspective", "--tilt", "10"], "--tilt applies"),
        (["{png}", "o.png", "--size", "-5"], "--size -5"),
        (["{png}", "o.png", "--from", "cubemap"], "cube map"),
        (["{png}", "o.xyz"], "cannot write the image"),
        (["{png}", "o.png", "--mesh", "{txt}"], "first two lines"),
    ],
)
def test_bad_input_is_one_line(tmp_path, equirect_png, capsys, args, message) -> None:
    txt = tmp_path / "note.txt"
    txt.write_text("not an image")
    args = [a.format(png=equirect_png, txt=txt) for a in args]
    args = [str(tmp_path / a) if a in ("o.png", "o.xyz", "missing.png") else a for a in args]
    assert main(["dome", "convert", *args]) in (1, 2)
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_unknown_projection_is_refused(capsys, equirect_png) -> None:
    with pytest.raises(SystemExit):
        main(["dome", "convert", str(equirect_png), "o.png", "--to", "mercator"])
    assert "mercator" in capsys.readouterr().err


def test_convert_a_short_video_keeps_the_frame_rate(tmp_path, capsys) -> None:
    import av

    src, dst = tmp_path / "in.mp4", tmp_path / "dome.mp4"
    base = smooth_equirect(128, 64)
    writer = cv2.VideoWriter(str(src), cv2.VideoWriter_fourcc(*"mp4v"), 12.0, (128, 64))
    for k in range(6):
        writer.write(np.roll(base, 8 * k, axis=1))
    writer.release()
    assert main(["dome", "convert", str(src), str(dst), "--size", "64"]) == 0
    captured = capsys.readouterr()
    assert "6/6" in captured.err or "6 frames" in captured.err  # the progress bar
    with av.open(str(dst)) as container:
        stream = container.streams.video[0]
        frames = [f.to_ndarray(format="bgr24") for f in container.decode(stream)]
        assert float(stream.average_rate) == pytest.approx(12.0)
    assert len(frames) == 6 and frames[0].shape == (64, 64, 3)
    assert frames[0][32, 32].any() and frames[0][0, 0].max() < 40


def test_pattern_command(tmp_path, capsys) -> None:
    out = tmp_path / "polar.png"
    assert main(["dome", "pattern", "polar", "-o", str(out), "--size", "128", "--tilt", "20"]) == 0
    assert cv2.imread(str(out)).shape == (128, 128, 3)
    assert main(["dome", "pattern", "bogus", "-o", str(out)]) == 2
    assert "unknown pattern" in capsys.readouterr().err
