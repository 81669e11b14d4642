"""The built kiosk bundle (dist/kiosk/, `./dev build`) as a facilitator receives it.

`./dev test` builds the bundle and sets KIOSK_BUNDLE; without it these tests are skipped (after `./dev build`:
``KIOSK_BUNDLE=dist/kiosk .venv/bin/python -m pytest tests/e2e/test_bundle.py``). The bundle is copied into a
read-only folder and run as an unprivileged user when the tests run as root (root ignores file permissions),
with a data folder of its own; a snapshot of the bundle's files before and after proves it wrote nothing.
Set KIOSK_SCREENSHOTS=DIR to keep the screenshot of the bundle's attract screen.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.cli import build_parser
from tests.e2e.xvfb import start_xvfb

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
NOBODY = 65534
DATA = Path(".local") / "share" / "cafe-numerique-kiosk"


@dataclass(frozen=True)
class Installed:
    """A read-only copy of the bundle, and how to run it as a plain user."""

    app: Path
    base: Path

    def home(self, name: str) -> Path:
        """A fresh HOME for the plain user."""
        home = self.base / "homes" / name
        home.mkdir(parents=True)
        if os.geteuid() == 0:
            os.chown(home, NOBODY, NOBODY)
        return home

    def command(self, *args: str) -> list[str]:
        as_user = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] if os.geteuid() == 0 else []
        return [*as_user, str(self.app / "kiosk"), *args]


def environment(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "XDG_", "PYTHON", "QT_", "LC_"))}
    return {**env, "HOME": str(home), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen", **extra}


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns) for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def bundle() -> Path:
    value = os.environ.get("KIOSK_BUNDLE")
    if not value:
        pytest.skip("KIOSK_BUNDLE is not set (./dev test builds the bundle and sets it)")
    path = Path(value)
    assert (path / "kiosk").is_file() and (path / "_internal").is_dir(), f"KIOSK_BUNDLE={value} is not a bundle"
    return path


@pytest.fixture(scope="module")
def installed(bundle: Path) -> Iterator[Installed]:
    base = Path(tempfile.mkdtemp(prefix="kiosk-bundle-"))
    base.chmod(0o755)  # the plain user must reach the copy
    app = base / "opt" / "kiosk"
    shutil.copytree(bundle, app, symlinks=True)
    subprocess.run(["chmod", "-R", "a-w", str(app)], check=True)
    yield Installed(app, base)
    subprocess.run(["chmod", "-R", "u+w", str(base)], check=True)
    shutil.rmtree(base)


def test_selftest_passes_offscreen_from_a_read_only_bundle_as_a_plain_user(installed: Installed):
    home = installed.home("selftest")
    before = snapshot(installed.app)
    started = time.monotonic()
    result = subprocess.run(
        installed.command("--selftest", "--lang", "en"),
        env=environment(home),
        capture_output=True,
        text=True,
        timeout=300,
    )
    print(f"bundle selftest: {time.monotonic() - started:.1f} s wall\n{result.stdout}")  # the figure CI reports
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAILED" not in result.stdout and result.stdout.splitlines()[-1].startswith("selftest passed")
    assert snapshot(installed.app) == before, "the bundle wrote inside its own folder"
    assert not (home / DATA).exists(), "the selftest wrote in the data folder"


def test_version_names_the_app_the_content_and_the_build(installed: Installed):
    lines = subprocess.run(
        installed.command("--version"), env=environment(installed.home("version")), capture_output=True, text=True
    ).stdout.splitlines()
    assert lines[0].startswith("kiosk ") and lines[1].startswith("content (") and "careers v" in lines[1]
    assert lines[2].startswith("built 20") and " from commit " in lines[2]


def command_paths() -> list[tuple[str, ...]]:
    """Every command and sub-command of the CLI, e.g. ("db", "check"), from the source's own parser."""

    def walk(parser: argparse.ArgumentParser, prefix: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield prefix
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    yield from walk(child, (*prefix, name))

    return list(walk(build_parser(), ()))


def test_every_command_answers_help_from_the_bundle(installed: Installed):
    """``kiosk [COMMAND…] --help`` for every command and sub-command, as many at a time as there are cores."""
    home = installed.home("help")

    def help_of(path: tuple[str, ...]) -> str | None:
        result = subprocess.run(
            installed.command(*path, "--help"), env=environment(home), capture_output=True, text=True, timeout=120
        )
        usage = f"usage: {' '.join(('kiosk', *path))}"
        if result.returncode == 0 and result.stdout.startswith(usage):
            return None
        return f"kiosk {' '.join(path)} --help: exit {result.returncode}\n{result.stderr[-1500:]}"

    paths = command_paths()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        failures = [failure for failure in pool.map(help_of, paths) if failure]
    assert len(paths) > 20 and failures == [], "\n".join(failures)


def test_the_hq_side_is_not_in_the_bundle_and_says_so(installed: Installed):
    internal = installed.app / "_internal"
    assert not [name for name in ("uvicorn", "starlette", "psycopg", "psycopg_binary") if (internal / name).exists()]
    result = subprocess.run(
        installed.command("hq", "report", "--db", "hq.db"),
        env=environment(installed.home("hq")),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "the HQ side is not installed here" in result.stderr


def kiosk_log(home: Path) -> str:
    path = home / DATA / "logs" / "kiosk.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def wait_for(predicate, timeout: float = 60.0) -> bool:
    """Poll ``predicate`` until it holds; the timeout only bounds a failure, it is never the expected path."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


@pytest.fixture
def display() -> Iterator[str]:
    missing = [tool for tool in ("Xvfb", "import", "setpriv") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (installed by ./dev test)")
    xvfb, name = start_xvfb(1280, 800)
    yield name
    xvfb.terminate()
    xvfb.wait(timeout=10)


def test_the_autostart_command_shows_the_attract_screen_and_restarts_after_a_crash(installed, display, tmp_path):
    import cv2

    home = installed.home("kiosk")
    env = environment(home, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    subprocess.run(installed.command("pin", "set", "--stdin"), input="2468\n", text=True, env=env, check=True)
    before = snapshot(installed.app)
    supervisor = subprocess.Popen(
        installed.command("supervise", "--", "--kiosk"), env=env, start_new_session=True, stdout=subprocess.DEVNULL
    )
    try:
        assert wait_for(lambda: "first frame painted" in kiosk_log(home)), kiosk_log(home)[-2000:]
        shot = tmp_path / "bundle-attract.png"
        subprocess.run(["import", "-display", display, "-window", "root", str(shot)], check=True, timeout=30)
        image = cv2.imread(str(shot))
        assert image is not None and image.shape[:2] == (800, 1280) and float(image.std()) > 20, "blank screen"
        if os.environ.get("KIOSK_SCREENSHOTS"):
            shutil.copy(shot, Path(os.environ["KIOSK_SCREENSHOTS"]) / shot.name)
        (kiosk,) = children(supervisor.pid)
        os.kill(kiosk, signal.SIGKILL)  # a crash: the supervisor starts the bundle again
        assert wait_for(lambda: kiosk_log(home).count("first frame painted") == 2), kiosk_log(home)[-2000:]
        db = home / DATA / "participation.db"
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            started = conn.execute("SELECT COUNT(*) FROM events WHERE type = 'app_started'").fetchone()[0]
        assert started == 2
    finally:
        os.killpg(supervisor.pid, signal.SIGKILL)
        supervisor.wait(timeout=30)
    assert snapshot(installed.app) == before, "the running kiosk wrote inside its own folder"


def run_installer(bundle: Path, root: Path, *options: str) -> str:
    user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
    result = subprocess.run(
        ["bash", str(bundle / "install.sh"), "--root", str(root), "--user", user, *options],
        env=environment(Path("/nonexistent")),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def next_build(bundle: Path, folder: Path, built_at: str) -> Path:
    """The same bundle as a later build: hard links, and a build-info.json of its own."""
    subprocess.run(["cp", "-al", str(bundle), str(folder)], check=True)
    info = folder / "_internal" / "build-info.json"
    data = json.loads(info.read_text(encoding="utf-8"))
    info.unlink()  # a hard link to the original bundle's file: replace it, never write through it
    info.write_text(json.dumps({**data, "built_at": built_at}), encoding="utf-8")
    return folder


def test_the_install_script_installs_upgrades_keeps_the_data_and_uninstalls(bundle, tmp_path):
    root = tmp_path / "root"
    prefix = root / "opt" / "cafe-numerique-kiosk"
    user_home = root / Path.home().relative_to("/")
    data = user_home / DATA
    out = run_installer(bundle, root)
    assert "selftest passed" in out and "no facilitator PIN yet" in out
    first = (prefix / "current").readlink()
    assert os.readlink(root / "usr/local/bin/kiosk") == "/opt/cafe-numerique-kiosk/current/kiosk"
    entry = (root / "usr/share/applications/cafe-numerique-kiosk.desktop").read_text(encoding="utf-8")
    assert "\nExec=/usr/local/bin/kiosk supervise -- --kiosk\n" in entry
    assert (user_home / ".config/autostart/cafe-numerique-kiosk.desktop").read_text(encoding="utf-8") == entry
    assert data.is_dir() and (data.stat().st_mode & 0o777) == 0o700

    env = environment(user_home)
    kiosk = str(prefix / "current" / "kiosk")
    subprocess.run([kiosk, "pin", "set", "--stdin"], input="2468\n", text=True, env=env, check=True)
    db = data / "participation.db"
    subprocess.run(
        [kiosk, "demo-session", "--db", str(db), "--visitors", "3"], env=env, check=True, capture_output=True
    )
    kept = {p: p.read_bytes() for p in (data / "pin.json", db)}
    info = subprocess.run([kiosk, "db", "info"], env=env, capture_output=True, text=True, check=True).stdout

    for year in ("2098", "2099"):  # two upgrades: the oldest release goes, the previous one stays for a rollback
        run_installer(next_build(bundle, tmp_path / f"next-{year}", f"{year}-01-01T00:00:00Z"), root, "--no-selftest")
    releases = sorted(p.name for p in (prefix / "releases").iterdir())
    assert len(releases) == 2 and first.name not in releases and (prefix / "current").readlink().name == releases[-1]
    assert releases[-1].endswith("20990101T000000Z")
    assert {p: p.read_bytes() for p in kept} == kept, "an upgrade touched the data folder"
    assert subprocess.run([kiosk, "db", "info"], env=env, capture_output=True, text=True, check=True).stdout == info

    run_installer(bundle, root, "--uninstall")
    assert not prefix.exists() and not (root / "usr/local/bin/kiosk").is_symlink()
    assert not (user_home / ".config/autostart/cafe-numerique-kiosk.desktop").exists()
    assert {p: p.read_bytes() for p in kept} == kept, "uninstalling removed the data"
