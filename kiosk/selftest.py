"""``kiosk --selftest``: can this installation run the kiosk? Checked without touching its data.

Each :class:`Check` returns a :class:`~kiosk.errors.Message` that says what it did, raises
:class:`NothingToCheckError` when the machine has nothing to test (no audio device), or raises anything else when
it failed. :func:`run_checks` prints one line per check in the operator's language and returns the exit
code: 0 when nothing failed, 1 otherwise, with the failed checks named on the last line.

The checks here are pure; the one that renders screens needs Qt and is added by ``kiosk.commands.selftest``
(see :mod:`kiosk.ui.selftest_render`). The database check uses a throw-away folder: the data folder is only
read (its settings file), never written, so the selftest is safe on a kiosk in service and in a
read-only bundle.
"""

from __future__ import annotations

import dis
import importlib
import importlib.util
import pkgutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import CodeType
from typing import TextIO

from kiosk.about import HQ_SIDE
from kiosk.errors import KioskError, Message
from kiosk.paths import Paths
from kiosk.settings import Settings, load_settings

APP_PACKAGES: tuple[str, ...] = ("kiosk", "dome")


class NothingToCheckError(KioskError):
    """The machine offers nothing to check (e.g. no audio device): reported, not a failure."""


class SelftestError(KioskError):
    """A check found a problem; the message names it."""


class Status(StrEnum):
    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"


STATUS_LABELS: dict[Status, Message] = {
    Status.OK: Message("selftest.status.ok"),
    Status.FAILED: Message("selftest.status.failed"),
    Status.SKIPPED: Message("selftest.status.skipped"),
}


@dataclass(frozen=True)
class Check:
    """One check: its name for people (``selftest.check.*``) and the function that runs it."""

    label: Message
    run: Callable[[], Message]


@dataclass(frozen=True)
class Outcome:
    label: Message
    status: Status
    detail: Message
    seconds: float


def run_check(check: Check) -> Outcome:
    """Run ``check`` and classify what happened; an unexpected exception is a failure, never a crash."""
    started = time.perf_counter()
    try:
        detail, status = check.run(), Status.OK
    except NothingToCheckError as exc:
        detail, status = exc.message, Status.SKIPPED
    except KioskError as exc:
        detail, status = exc.message, Status.FAILED
    except Exception as exc:  # noqa: BLE001 - a selftest reports every failure and goes on with the next check
        first_line = (str(exc).splitlines() or [""])[0]
        detail, status = Message("selftest.unexpected", {"error": f"{type(exc).__name__}: {first_line}"}), Status.FAILED
        traceback.print_exc(file=sys.stderr)  # a bug, not a problem of the installation: the details for support
    return Outcome(check.label, status, detail, time.perf_counter() - started)


def run_checks(checks: Sequence[Check], language: str, out: TextIO) -> int:
    """Run every check, print one line each and a summary in ``language``; 0 if none failed, else 1."""
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    for check in checks:
        outcome = run_check(check)
        outcomes.append(outcome)
        label = STATUS_LABELS[outcome.status].text(language)
        line = Message(
            "selftest.line",
            {
                "name": outcome.label,
                "detail": outcome.detail,
                "seconds": _decimal(outcome.seconds, language),
            },
        )
        print(f"{label:<8} {line.text(language)}", file=out, flush=True)
    failed = [outcome.label.text(language) for outcome in outcomes if outcome.status is Status.FAILED]
    seconds = _decimal(time.perf_counter() - started, language)
    if failed:
        summary = Message("selftest.summary_failed", {"count": len(failed), "names": ", ".join(failed)})
    else:
        summary = Message("selftest.summary_ok", {"count": len(outcomes), "seconds": seconds})
    print(summary.text(language), file=out, flush=True)
    return 1 if failed else 0


def _decimal(seconds: float, language: str) -> str:
    """``1.5`` in English, ``1,5`` in French."""
    text = f"{seconds:.1f}"
    return text.replace(".", ",") if language == "fr" else text


# --- imports ------------------------------------------------------------------------------------
def _within(name: str, prefixes: Iterable[str]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def app_modules(packages: Sequence[str], skip: Sequence[str] = ()) -> tuple[list[str], list[str]]:
    """Every module of ``packages`` (``__main__`` and ``skip`` left out), and the packages that failed to load."""
    modules: list[str] = []
    broken: list[str] = []
    for package in packages:
        try:
            root = importlib.import_module(package)
        except Exception:  # noqa: BLE001 - reported by the caller, which imports it again for the message
            broken.append(package)
            continue
        modules.append(package)
        for info in pkgutil.walk_packages(root.__path__, package + ".", onerror=broken.append):
            if not info.name.endswith(".__main__") and not _within(info.name, skip):
                modules.append(info.name)
    return modules, broken


def imported_names(code: CodeType) -> set[str]:
    """Absolute module names imported anywhere in ``code`` (functions and classes included).

    ``import a.b`` and ``from a.b import c`` compile to ``LOAD_CONST level``, ``LOAD_CONST fromlist``,
    ``IMPORT_NAME a.b``; a level of 0 means absolute (relative imports are inside the app anyway).
    """
    names: set[str] = set()
    instructions = list(dis.get_instructions(code))
    for index, instruction in enumerate(instructions):
        if instruction.opname != "IMPORT_NAME" or index < 2:
            continue
        level = instructions[index - 2]
        if level.opname == "LOAD_CONST" and level.argval == 0:
            names.add(str(instruction.argval))
    for const in code.co_consts:
        if isinstance(const, CodeType):
            names |= imported_names(const)
    return names


def _code_of(module: str) -> CodeType | None:
    spec = importlib.util.find_spec(module)
    loader = getattr(spec, "loader", None)
    get_code = getattr(loader, "get_code", None)
    return get_code(module) if get_code is not None else None


def check_imports(packages: Sequence[str] = APP_PACKAGES, skip: Sequence[str] = HQ_SIDE) -> Message:
    """Import every module of the app, then every library those modules import (even inside functions)."""
    modules, broken = app_modules(packages, skip)
    failures: list[str] = []
    libraries: set[str] = set()
    for name in [*broken, *modules]:
        try:
            importlib.import_module(name)
            code = _code_of(name)
        except Exception as exc:  # noqa: BLE001 - every failure is named in the report
            failures.append(f"{name} ({type(exc).__name__}: {exc})")
            continue
        if code is not None:
            libraries |= {lib for lib in imported_names(code) if not _within(lib, (*packages, *skip))}
    for name in sorted(libraries):
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001
            failures.append(f"{name} ({type(exc).__name__}: {exc})")
    if failures:
        raise SelftestError("selftest.imports_failed", count=len(failures), modules="; ".join(failures))
    return Message("selftest.imports_ok", {"modules": len(modules), "libraries": len(libraries)})


# --- settings and content -----------------------------------------------------------------------
def check_settings(paths: Paths) -> Message:
    """The data folder's settings file is valid (read only; a missing file means the defaults)."""
    if not paths.settings_file.exists():
        return Message("selftest.settings_default", {"file": str(paths.settings_file)})
    load_settings(paths.settings_file)
    return Message("selftest.settings_ok", {"file": str(paths.settings_file)})


def _settings_or_default(paths: Paths) -> Settings:
    try:
        return load_settings(paths.settings_file)
    except KioskError:
        return Settings()  # the settings check names the problem


def check_content(paths: Paths) -> Message:
    """Validate every quiz, career and media file the kiosk will load, as ``kiosk content check`` does."""
    from kiosk.careers import check_file, load_careers
    from kiosk.content.check import check_content as check_files
    from kiosk.content.loader import load_quizzes

    settings = _settings_or_default(paths)
    quizzes_dir = Path(settings.quizzes_dir) if settings.quizzes_dir else paths.quizzes_dir
    report = check_files([quizzes_dir], paths.media_dir, career_checker=check_file)
    if report.problems:
        first = str(report.problems[0])
        raise SelftestError("selftest.content_problems", count=len(report.problems), first=first)
    catalogue = load_quizzes(quizzes_dir, paths.media_dir)
    careers = load_careers(quizzes_dir / "careers")
    return Message(
        "selftest.content_ok",
        {
            "quizzes": len(catalogue.quizzes),
            "questions": sum(len(quiz.questions) for quiz in catalogue.quizzes),
            "jobs": len(careers.jobs),
            "media": len(report.media.items) if report.media else 0,
        },
    )


# --- database -----------------------------------------------------------------------------------
def check_database() -> Message:
    """Create, migrate, write and read back a participation database in a throw-away folder."""
    from sqlite_utils import Database

    from kiosk.log.events import NewEvent
    from kiosk.log.logbook import Logbook
    from kiosk.log.migrations import migrations

    with tempfile.TemporaryDirectory(prefix="kiosk-selftest-") as folder:
        book = Logbook.open(Path(folder) / "participation.db", Path(folder) / "device.json")
        try:
            book.append([NewEvent("app_started", {"kiosk_mode": False, "language": "fr"})])
            pending = migrations.pending(Database(book.conn))
            applied = len(migrations.applied(Database(book.conn)))
            (events,) = book.conn.execute("SELECT COUNT(*) FROM events").fetchone()
            verdict = book.integrity_check()
        finally:
            book.close()
    if pending or verdict != "ok" or events < 1:
        raise SelftestError("selftest.database_wrong", pending=len(pending), verdict=verdict, events=events)
    return Message("selftest.database_ok", {"migrations": applied, "events": events})


# --- dome, video, sound -------------------------------------------------------------------------
def check_dome() -> Message:
    """Build a small equirect → domemaster map and warp one frame whose right answer is known.

    The upper hemisphere of the source is red, the lower blue: the centre of a domemaster is the zenith (red),
    the middle of its bottom edge is the front of the horizon, and its corners lie outside the 180° disc (border).
    """
    import numpy as np

    from dome import Equirect, Mapping, Warper, build_maps, domemaster

    source = np.zeros((128, 256, 3), np.uint8)
    source[:64] = (0, 0, 255)
    source[64:] = (255, 0, 0)
    maps = build_maps(Mapping(Equirect(256, 128), domemaster(128)))
    warper = Warper(maps, threads=1, border=(0, 255, 0))
    try:
        frame = warper.warp(source)
    finally:
        warper.close()
    centre, corner = frame[64, 64].tolist(), frame[0, 0].tolist()
    if centre != [0, 0, 255] or corner != [0, 255, 0]:
        raise SelftestError("selftest.dome_wrong", centre=centre, corner=corner)
    return Message("selftest.dome_ok", {"source": "256×128", "size": "128×128"})


def check_video() -> Message:
    """Encode eight small H.264 frames in memory with PyAV and decode them back (the dome's video path)."""
    import io

    import av
    import numpy as np

    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=8)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for index in range(8):
            frame = av.VideoFrame.from_ndarray(np.full((64, 64, 3), index * 30, np.uint8), format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    buffer.seek(0)
    with av.open(buffer, mode="r") as container:
        decoded = sum(1 for _ in container.decode(video=0))
    if decoded != 8:
        raise SelftestError("selftest.video_wrong", decoded=decoded, expected=8)
    return Message("selftest.video_ok", {"frames": decoded, "pyav": av.__version__})


def check_audio(seconds: float = 0.1, rate: int = 48_000) -> Message:
    """Play ``seconds`` of silence on the default output device; skipped when there is no device."""
    import numpy as np

    try:
        import sounddevice as sd
    except OSError as exc:  # the PortAudio library itself is missing
        raise SelftestError("selftest.audio_no_portaudio", reason=str(exc)) from exc
    try:
        device = sd.query_devices(kind="output")
    except (sd.PortAudioError, ValueError) as exc:
        raise NothingToCheckError("selftest.audio_no_device") from exc
    if not device or device.get("max_output_channels", 0) < 1:
        raise NothingToCheckError("selftest.audio_no_device")
    try:
        sd.play(np.zeros(int(seconds * rate), np.float32), rate, blocking=True)
    except sd.PortAudioError as exc:
        raise SelftestError("selftest.audio_refused", device=device["name"], reason=str(exc)) from exc
    return Message("selftest.audio_ok", {"seconds": seconds, "device": device["name"]})


def check_read_aloud() -> Message:
    """espeak-ng and a French and an English voice (without them the read-aloud button is hidden: skipped)."""
    from kiosk.sound.speech import Speaker

    speaker = Speaker()
    if speaker.command is None:
        raise NothingToCheckError("selftest.read_aloud_missing")
    voices = {language: speaker.voice(language) for language in ("fr", "en")}
    missing = [language for language, voice in voices.items() if voice is None]
    if missing:
        raise NothingToCheckError("selftest.read_aloud_no_voice", languages=", ".join(missing))
    return Message("selftest.read_aloud_ok", {"voices": ", ".join(str(v) for v in voices.values())})


def pure_checks(paths: Paths) -> list[Check]:
    """Every check that needs no Qt, in the order they run (the screens check is added by the command)."""
    return [
        Check(Message("selftest.check.imports"), check_imports),
        Check(Message("selftest.check.settings"), lambda: check_settings(paths)),
        Check(Message("selftest.check.content"), lambda: check_content(paths)),
        Check(Message("selftest.check.database"), check_database),
        Check(Message("selftest.check.dome"), check_dome),
        Check(Message("selftest.check.video"), check_video),
        Check(Message("selftest.check.audio"), check_audio),
        Check(Message("selftest.check.read_aloud"), check_read_aloud),
    ]
