"""Helpers for ``installer.spec``: what of Qt the kiosk never loads, pruning, stripping, build info.

Kept out of the spec so that the spec stays one readable list of what is bundled and why. Nothing here
imports PyInstaller: the functions work on PyInstaller's TOC entries, ``(dest_name, src_name, typecode)``.
"""

from __future__ import annotations

import hashlib
import mmap
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

Entry = tuple[str, str, str]

QT = "PySide6/Qt/"

# Qt plugin folders the kiosk loads, and which plugins in them (None: all of them).
QT_PLUGINS_KEPT: dict[str, frozenset[str] | None] = {
    # X11; Wayland (KDE and others: Qt picks it on a Wayland session, GNOME's runs Qt apps on XWayland); offscreen
    # for --selftest. Without the Wayland plugin, Qt would refuse to start on a non-GNOME Wayland session.
    "platforms": frozenset({"libqxcb.so", "libqwayland.so", "libqoffscreen.so"}),
    "wayland-shell-integration": None,
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": None,
    "xcbglintegrations": None,  # OpenGL on X11: the dome's GPU output
    "imageformats": frozenset({"libqsvg.so", "libqjpeg.so", "libqgif.so", "libqico.so"}),  # PNG is in QtGui
    "iconengines": None,  # SVG icons
    "platforminputcontexts": None,  # compose key and IBus: accents typed on a keyboard (venue names)
}

# Why the other plugin folders are left out (the spec prints these reasons in its build log).
QT_PLUGINS_WHY: dict[str, str] = {
    "platforms": "window systems for machines without a desktop session (eglfs, linuxfb, vnc, vkkhrdisplay)",
    "platformthemes": "GTK and portal looks: the kiosk draws its own style sheet (GTK alone pulls ~15 MB)",
    "egldeviceintegrations": "eglfs back ends: only for running without a window system",
    "generic": "evdev/tuio input for eglfs/linuxfb only (on X11, touch arrives through XInput2)",
    "networkinformation": "QtNetwork is not used (sync goes through httpx)",
    "tls": "QtNetwork is not used (sync goes through httpx)",
    "imageformats": "image formats the content never uses (tiff, webp, tga, wbmp, icns)",
}


def qt_unused(dest: str, platform: str = sys.platform) -> str | None:
    """Why the bundle entry ``dest`` is a part of Qt the kiosk never loads; ``None`` to keep it.

    The rules name the Linux wheel's files; elsewhere (a Windows build) nothing is left out.
    """
    if not platform.startswith("linux"):
        return None
    if dest.startswith(QT + "translations/"):
        return "Qt's own translations: the kiosk installs no QTranslator (its strings are in kiosk/locales)"
    if not dest.startswith(QT + "plugins/"):
        return None
    kind, _, name = dest[len(QT + "plugins/") :].partition("/")
    if kind not in QT_PLUGINS_KEPT:
        return QT_PLUGINS_WHY.get(kind, "plugins the kiosk never loads")
    kept = QT_PLUGINS_KEPT[kind]
    if kept is not None and name not in kept:
        return QT_PLUGINS_WHY.get(kind, "plugin not used")
    return None


# --- ELF dependencies -----------------------------------------------------------------------------
def elf_needed(path: Path) -> list[str]:
    """The ``DT_NEEDED`` sonames of a 64-bit little-endian ELF file ([] for anything else)."""
    try:
        with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _needed(data)
    except (OSError, ValueError, struct.error):
        return []


def _needed(data: mmap.mmap) -> list[str]:
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    (phoff,) = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    loads, dynamic = [], None
    for index in range(phnum):
        p_type, _, p_offset, p_vaddr, _, p_filesz = struct.unpack_from("<IIQQQQ", data, phoff + index * phentsize)
        if p_type == 1:  # PT_LOAD
            loads.append((p_vaddr, p_offset, p_filesz))
        elif p_type == 2:  # PT_DYNAMIC
            dynamic = (p_offset, p_filesz)
    if dynamic is None:
        return []
    needed, strtab = [], None
    for offset in range(dynamic[0], dynamic[0] + dynamic[1], 16):
        tag, value = struct.unpack_from("<qQ", data, offset)
        if tag == 0:
            break
        if tag == 1:  # DT_NEEDED: an offset into the string table
            needed.append(value)
        elif tag == 5:  # DT_STRTAB: a virtual address
            strtab = next((value - vaddr + off for vaddr, off, size in loads if vaddr <= value < vaddr + size), None)
    if strtab is None:
        return []
    return [data[strtab + n : data.find(b"\0", strtab + n)].decode() for n in needed]


def _closure(roots: Iterable[Entry], libraries: dict[str, Entry]) -> set[str]:
    """Destination names of the bundled libraries ``roots`` need, directly or not."""
    seen: set[str] = set()
    stack = [Path(src) for _, src, _ in roots]
    while stack:
        for soname in elf_needed(stack.pop()):
            entry = libraries.get(soname)
            if entry is not None and entry[0] not in seen:
                seen.add(entry[0])
                stack.append(Path(entry[1]))
    return seen


def drop_unused(
    binaries: list[Entry], datas: list[Entry], unused: Callable[[str], str | None]
) -> tuple[list[Entry], list[Entry], dict[str, str]]:
    """Leave out the entries ``unused`` gives a reason for, then the shared libraries only they needed.

    Only libraries at the top of the bundle or in Qt's lib folder are candidates for the second step, and only
    those a left-out file needed: a library a hook collected on purpose (such as the one ``ctypes`` loads by
    name) stays. A candidate stays when a kept Python extension or plugin needs it, directly or not.
    Returns the kept binaries, the kept datas and ``{dest: reason}`` of everything left out.
    """
    dropped = {dest: reason for dest, _, _ in (*binaries, *datas) if (reason := unused(dest)) is not None}
    kept = [entry for entry in binaries if entry[0] not in dropped]
    if sys.platform.startswith("linux"):
        libraries = {Path(e[0]).name: e for e in binaries if "/" not in e[0] or e[0].startswith(QT + "lib/")}
        users = [entry for entry in kept if Path(entry[0]).name not in libraries]  # extensions and plugins
        only_dropped = _closure([e for e in binaries if e[0] in dropped], libraries) - _closure(users, libraries)
        dropped.update(dict.fromkeys(only_dropped, "needed only by the Qt parts left out above"))
        kept = [entry for entry in kept if entry[0] not in only_dropped]
    return kept, [entry for entry in datas if entry[0] not in dropped], dropped


# --- stripping --------------------------------------------------------------------------------------
def strip_interpreter(binaries: list[Entry], cache: Path) -> list[Entry]:
    """The interpreter's own libraries (libpython, lib-dynload) with their debug symbols stripped.

    A Python built from source (pyenv) keeps its symbols (libpython: 23 MB, 6 MB stripped). Wheels' libraries
    are left alone: stripping a library that auditwheel patched can break it. Copies are cached by content.
    """
    strip = shutil.which("strip")
    prefixes = {Path(sys.base_prefix).resolve(), Path(sys.base_exec_prefix).resolve()}
    if strip is None or not sys.platform.startswith("linux"):
        return binaries
    result = []
    for dest, src, kind in binaries:
        source = Path(src).resolve()
        if any(source.is_relative_to(prefix) for prefix in prefixes) and "site-packages" not in source.parts:
            src = str(_stripped(source, cache, strip))
        result.append((dest, src, kind))
    return result


def _stripped(source: Path, cache: Path, strip: str) -> Path:
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = cache / digest / source.name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        subprocess.run([strip, "--strip-unneeded", str(target)], check=True)
    return target


def git_commit(root: Path) -> str:
    """The checkout's short commit id, with ``+dirty`` when files differ; "" outside git."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=10", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "diff", "--quiet", "HEAD"], check=False).returncode != 0
    except (OSError, subprocess.CalledProcessError):
        return ""
    return commit + ("+dirty" if dirty else "")


INSTALLER_FILES: dict[str, int] = {"install.sh": 0o755, "kiosk.desktop": 0o644, "cafe-numerique-kiosk.svg": 0o644}


def add_installer(bundle: Path, build_dir: Path) -> None:
    """Put the install script, the desktop entry and the icon beside the bundle's executable."""
    if not sys.platform.startswith("linux"):
        return
    for name, mode in INSTALLER_FILES.items():
        source = build_dir / name if (build_dir / name).exists() else build_dir / "icons" / name
        target = bundle / name
        shutil.copyfile(source, target)
        target.chmod(mode)
