"""The packaging inputs: the install script's package list, the Qt parts left out and why, library pruning.

The built bundle itself is tested in tests/e2e/test_bundle.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "build"))

import bundling  # noqa: E402  (build/bundling.py, the spec's helpers)
import sizes  # noqa: E402  (build/sizes.py)

DEV_ONLY = {"xvfb", "xauth"}  # the virtual display of `./dev run` without a screen: never on a kiosk laptop
QT_DIR = ROOT / ".venv" / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
QT = QT_DIR / "PySide6" / "Qt"


def shell_list(path: Path, name: str) -> set[str]:
    """The words of the shell variable ``name="…"`` (may span lines) in ``path``."""
    match = re.search(rf'^{name}="([^"]*)"', path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{name} not found in {path}"
    return set(match.group(1).split())


def test_the_install_script_installs_every_runtime_package_the_dev_setup_uses():
    runtime = shell_list(ROOT / "dev", "APT_RUNTIME") - DEV_ONLY
    assert runtime <= shell_list(ROOT / "build" / "install.sh", "RUNTIME_PACKAGES")


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_install_script_is_valid_bash_and_documents_itself():
    script = ROOT / "build" / "install.sh"
    subprocess.run(["bash", "-n", str(script)], check=True)
    usage = subprocess.run(["bash", str(script), "--help"], capture_output=True, text=True, check=True).stdout
    assert "--uninstall" in usage and "--user NAME" in usage and "data folder" in usage


def test_the_desktop_entry_starts_the_supervised_kiosk_full_screen():
    entry = (ROOT / "build" / "kiosk.desktop").read_text(encoding="utf-8")
    assert "\nExec=kiosk supervise -- --kiosk\n" in entry
    assert "\nIcon=cafe-numerique-kiosk\n" in entry and (ROOT / "build" / "icons" / "cafe-numerique-kiosk.svg").exists()


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "cv2/cv2.abi3.so",
    ],
)
def test_what_the_kiosk_loads_is_kept(dest):
    assert bundling.qt_unused(dest, platform="linux") is None


@pytest.mark.parametrize(
    ("dest", "why"),
    [
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", "without a desktop"),
        ("PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-egldevice-integration.so", "eglfs"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "style sheet"),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", "tiff"),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", "httpx"),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", "never loads"),
        ("PySide6/Qt/translations/qtbase_fr.qm", "QTranslator"),
    ],
)
def test_what_the_kiosk_never_loads_is_left_out_with_a_reason(dest, why):
    assert why in (bundling.qt_unused(dest, platform="linux") or "")


def test_a_windows_build_leaves_no_qt_plugin_out():
    assert bundling.qt_unused("PySide6/Qt/plugins/platforms/libqeglfs.so", platform="win32") is None


def test_elf_needed_reads_the_dependencies_of_a_library():
    assert "libQt6Core.so.6" in bundling.elf_needed(QT / "lib" / "libQt6Gui.so.6")
    assert bundling.elf_needed(ROOT / "pyproject.toml") == []


@pytest.mark.skipif(not (QT / "plugins" / "platforms" / "libqeglfs.so").exists(), reason="PySide6 without eglfs")
def test_libraries_only_a_left_out_plugin_needed_are_left_out_too():
    def entry(relative: str) -> bundling.Entry:
        return (f"PySide6/Qt/{relative}", str(QT / relative), "BINARY")

    eglfs, xcb = entry("plugins/platforms/libqeglfs.so"), entry("plugins/platforms/libqxcb.so")
    device, xcb_qpa = entry("lib/libQt6EglFSDeviceIntegration.so.6"), entry("lib/libQt6XcbQpa.so.6")
    gui, core = entry("lib/libQt6Gui.so.6"), entry("lib/libQt6Core.so.6")
    qm = ("PySide6/Qt/translations/qtbase_fr.qm", "x", "DATA")
    binaries = [eglfs, xcb, device, xcb_qpa, gui, core]
    kept, datas, left_out = bundling.drop_unused(binaries, [qm], bundling.qt_unused)
    assert kept == [xcb, xcb_qpa, gui, core] and datas == []
    assert left_out[device[0]] == "needed only by the Qt parts left out above"
    assert set(left_out) == {eglfs[0], device[0], qm[0]}


def test_stripping_leaves_the_wheels_libraries_alone(tmp_path):
    wheel_lib = ("cv2/cv2.abi3.so", str(QT_DIR / "cv2" / "cv2.abi3.so"), "EXTENSION")
    assert bundling.strip_interpreter([wheel_lib], tmp_path) == [wheel_lib]
    assert not any(tmp_path.iterdir())


def test_the_size_table_puts_each_file_in_one_component(tmp_path):
    bundle = tmp_path / "kiosk"
    for relative, size in {
        "kiosk": 5,
        "install.sh": 1,
        "_internal/PySide6/Qt/lib/libQt6Core.so.6": 40,
        "_internal/cv2/cv2.abi3.so": 30,
        "_internal/libX11.so.6": 10,
        "_internal/quizzes/vie-privee.toml": 2,
    }.items():
        (bundle / relative).parent.mkdir(parents=True, exist_ok=True)
        (bundle / relative).write_bytes(b"x" * size)
    totals = sizes.sizes(bundle)
    assert totals["Qt (PySide6)"] == 40 and totals["OpenCV"] == 30 and totals["system libraries"] == 10
    assert totals["kiosk executable"] == 5 and totals["content"] == 2 and totals["other"] == 1
    assert sizes.table(bundle).splitlines()[-1].startswith("| **total** | **0.0**")


def test_the_supervisor_starts_the_bundle_itself_when_frozen(monkeypatch):
    from kiosk.paths import kiosk_command

    assert kiosk_command() == [sys.executable, "-m", "kiosk"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/cafe-numerique-kiosk/current/kiosk")
    assert kiosk_command() == ["/opt/cafe-numerique-kiosk/current/kiosk"]  # not `kiosk -m kiosk`
