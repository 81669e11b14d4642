"""What the screenshot scripts share: a kiosk window on a throw-away data folder, and the sizes it is shot at.

Every ``scripts/screenshots*.py`` builds :class:`Kiosk` (the real app context and main window, offscreen
Qt, demo content, a temporary data folder), drives it the way a visitor or a facilitator would, and calls
:meth:`Kiosk.shoot` at each state worth a picture. ``shoot`` grabs the window in every :data:`VARIANTS`:

* the reference, ``docs/screenshots/<name>.png`` — 1280×800, French, normal text (the README shows these);
* the others, ``docs/screenshots/variants/<width>x<height>/<language>[-large]/<name>.png`` — 1280×800 and
  1920×1080, French and English, normal and larger text.

The layout test (``tests/ui/test_layout.py``) checks that nothing is clipped at any size; these pictures
are for people to look at. Usage: ``./dev screenshots`` (or ``python scripts/screenshots*.py [OUT_DIR]``).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
DEFAULT_OUT = ROOT / "docs" / "screenshots"
LAYOUT_PASSES = 10


@dataclass(frozen=True)
class Variant:
    """One way of showing the kiosk: window size, language, larger text or not."""

    width: int
    height: int
    language: str
    large_text: bool

    def path(self, out: Path, name: str) -> Path:
        """Where the picture ``name`` of this variant goes under ``out``."""
        if self == REFERENCE:
            return out / f"{name}.png"
        text = f"{self.language}-large" if self.large_text else self.language
        return out / "variants" / f"{self.width}x{self.height}" / text / f"{name}.png"


REFERENCE = Variant(1280, 800, "fr", False)
VARIANTS = tuple(
    Variant(width, height, language, large)
    for large in (False, True)  # restyling is the slow step: once per text size
    for language in ("fr", "en")
    for width, height in ((1280, 800), (1920, 1080))
)


def output_folder(argv: list[str]) -> Path:
    """The folder named on the command line, else docs/screenshots."""
    out = Path(argv[0]) if argv else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    return out


class Kiosk:
    """The real main window over a fresh data folder (see :func:`kiosk`); ``shoot`` saves every variant.

    ``prepare(paths)`` runs on the data folder before the app opens it (e.g. a café session already under
    way, as the app finds it after a restart).
    """

    def __init__(self, home: Path, out: Path, prepare: Callable[[Any], None] | None = None) -> None:
        from PySide6.QtWidgets import QApplication

        from kiosk.app import build_context
        from kiosk.log.clock import SystemClock
        from kiosk.paths import Paths
        from kiosk.settings import Settings
        from kiosk.ui.activities import activity_screens
        from kiosk.ui.theme import load_fonts, stylesheet
        from kiosk.ui.window import MainWindow

        self.out = out
        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self.app.setFont(load_fonts())
        self.app.setStyleSheet(stylesheet(large_text=False, high_contrast=False))
        paths = Paths(home=home, resources=ROOT).ensure()
        if prepare is not None:
            prepare(paths)
        self.ctx = build_context(paths, Settings(), SystemClock())
        self.window = MainWindow(self.ctx, kiosk_mode=False, activities=activity_screens())
        self.window.resize(REFERENCE.width, REFERENCE.height)
        self.window.show()
        self.settle()

    def settle(self) -> None:
        """Let every layout, queued call and paint happen."""
        for _ in range(LAYOUT_PASSES):
            self.app.processEvents()

    def apply(self, variant: Variant) -> None:
        """Show the window as ``variant`` says (what a visitor's switches would do)."""
        self.window.set_language(variant.language)
        self.ctx.set_accessibility(large_text=variant.large_text, high_contrast=False)
        self.window.resize(variant.width, variant.height)
        self.settle()

    def shoot(self, name: str, widget: Any = None) -> None:
        """Save ``widget`` (the window by default) as ``name`` in every variant, then back to the reference."""
        for variant in VARIANTS:
            self.apply(variant)
            path = variant.path(self.out, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            (widget or self.window).grab().save(str(path))
        self.apply(REFERENCE)
        print(REFERENCE.path(self.out, name), flush=True)

    def unlock(self) -> None:
        """As after the right PIN (the screenshots do not type it)."""
        self.ctx.flow.unlock()

    def close(self) -> None:
        self.window.close()
        self.ctx.close()
        self.window.deleteLater()
        self.app.processEvents()


@contextmanager
def kiosk(out: Path, prepare: Callable[[Any], None] | None = None) -> Iterator[Kiosk]:
    """A :class:`Kiosk` on a temporary data folder, removed afterwards."""
    home = Path(tempfile.mkdtemp(prefix="kiosk-shots-"))
    shots = Kiosk(home, out, prepare)
    try:
        yield shots
    finally:
        shots.close()
        shutil.rmtree(home, ignore_errors=True)


def finish() -> None:
    """End the script at once: PySide6 with pyqtgraph can crash in interpreter finalisation (feasibility §2)."""
    sys.stdout.flush()
    os._exit(0)
