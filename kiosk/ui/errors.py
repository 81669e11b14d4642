"""Unexpected errors: the traceback goes to a rotating log file, the visitor sees a friendly screen.

:func:`setup_logging` writes ``logs/kiosk.log`` in the data folder (1 MB × 5 files).
:func:`install_excepthook` routes any unhandled exception (Qt slots included) to the log and to
``window.show_error()``, which returns the kiosk to the attract screen.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path
from types import TracebackType
from typing import Protocol

log = logging.getLogger("kiosk")


class ShowsErrors(Protocol):
    def show_error(self) -> None: ...


def setup_logging(log_dir: Path) -> Path:
    """Log to ``log_dir/kiosk.log`` with rotation; return the file path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "kiosk.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("kiosk")
    root.handlers = [h for h in root.handlers if not isinstance(h, logging.handlers.RotatingFileHandler)]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def install_excepthook(window: ShowsErrors) -> None:
    """Send unhandled exceptions to the log and to the friendly error screen."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.error("unhandled exception", exc_info=(kind, value, tb))
        try:
            window.show_error()
        except Exception:
            log.exception("the error screen failed")

    sys.excepthook = hook
