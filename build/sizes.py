"""Print what takes the space in a built bundle, as a Markdown table (``./dev build`` runs it).

    python build/sizes.py dist/kiosk

Every file of the bundle is counted once, in the first component whose pattern matches its path relative to
the bundle's ``_internal/`` folder (or the bundle itself for the executable and the installer files).
"""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

# (component, what it is for, patterns), in matching order; the last one catches everything else.
COMPONENTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Qt (PySide6)", "every screen: QtCore/Gui/Widgets/Svg/OpenGL, ICU, xcb", ("PySide6/*", "shiboken6/*")),
    ("OpenCV", "the dome core: remap, resize, image files", ("cv2/*", "opencv_python_headless.libs/*")),
    ("PyAV + FFmpeg", "dome shows: video and sound decode, `dome convert`", ("av/*", "av.libs/*")),
    ("numpy", "arrays for the dome core, sound cues", ("numpy/*", "numpy.libs/*")),
    ("Python", "the interpreter and its standard library", ("libpython*", "python3*/*", "base_library.zip")),
    ("kiosk executable", "bootloader + the app's and libraries' Python code (compressed)", ("../kiosk",)),
    ("cryptography", "signed sync bundles, enrolment keys", ("cryptography/*", "cryptography-*")),
    ("pydantic", "settings and content validation", ("pydantic/*", "pydantic_core/*")),
    ("content", "quizzes/, media/ (pictures, sounds, 360° media)", ("quizzes/*", "media/*")),
    ("system libraries", "X11/xcb, fonts, GLib, D-Bus, PortAudio… copied from the build machine", ("lib*.so*",)),
    ("other", "pyqtgraph, sqlite-utils, qrcode, httpx, locales, installer files…", ("*",)),
)


def component_of(relative: str) -> str:
    """The component a bundle file belongs to (``relative`` to ``_internal/``, ``../name`` beside it)."""
    for name, _, patterns in COMPONENTS:
        if any(fnmatch.fnmatch(relative, pattern) for pattern in patterns):
            return name
    return "other"


def sizes(bundle: Path) -> dict[str, int]:
    """Bytes per component of ``bundle`` (symbolic links not followed, not counted)."""
    internal = bundle / "_internal"
    totals = dict.fromkeys((name for name, _, _ in COMPONENTS), 0)
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            relative = path.relative_to(internal).as_posix() if path.is_relative_to(internal) else f"../{path.name}"
            totals[component_of(relative)] += path.stat().st_size
    return totals


def table(bundle: Path) -> str:
    """The Markdown table of :func:`sizes`, biggest first, with the total."""
    totals = sizes(bundle)
    whole = sum(totals.values())
    purposes = {name: purpose for name, purpose, _ in COMPONENTS}
    lines = ["| component | MB | share | what it is for |", "|---|---:|---:|---|"]
    for name, size in sorted(totals.items(), key=lambda item: -item[1]):
        lines.append(f"| {name} | {size / 1e6:.1f} | {100 * size / whole:.0f} % | {purposes[name]} |")
    lines.append(f"| **total** | **{whole / 1e6:.1f}** | 100 % | unpacked, `du --apparent-size` |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(Path(sys.argv[1] if len(sys.argv) > 1 else "dist/kiosk")))
