"""Shared test set-up.

* Qt runs offscreen unless a test starts its own display.
* With ``KIOSK_PURE_TESTS=1`` (the first of the two pytest runs of ``./dev test``) importing PySide6,
  shiboken6 or pyqtgraph raises at once: the pure core, content and dome tests must never need Qt.
"""

from __future__ import annotations

import importlib.abc
import os
import sys

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph")


class _QtBlocker(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname.split(".")[0] in QT_MODULES:
            raise ImportError(f"{fullname} imported in the pure (no-Qt) test process")
        return None


if os.environ.get("KIOSK_PURE_TESTS") == "1":
    sys.meta_path.insert(0, _QtBlocker())


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh, empty kiosk data folder (KIOSK_HOME)."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("KIOSK_HOME", str(folder))
    return folder
