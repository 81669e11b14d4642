"""The one interface of a page of the main window's stack: built as ``Screen(ctx)``, then start / reset / retranslate.

Every page the window shows — attract, home, the visitor activities (quiz, careers, dome viewer), the
facilitator pages (panel, pause-débat, class hexagon…) and the room's vote — is a ``QWidget`` that

* is built with the context alone: ``Screen(ctx)`` (:class:`kiosk.ui.context.KioskContext` holds every
  service: settings, translator, flow, log, catalogues);
* implements the three methods of :class:`KioskScreen`, which the window calls and nothing else probes:

  ``start()``
      The page is being opened by navigation (a visitor chose the activity, the facilitator opened the
      page). Begin afresh: show the first view, refresh figures, start the page's timers.
  ``reset()``
      Whoever used the page is gone (idle, « Retour au kiosque », the facilitator side opening over a
      visitor, an error). Hand the events of what was left unfinished to ``ctx.log`` (e.g. the core's
      ``abandon()``) *then* forget every per-person state. Called on every page at each reset, shown or
      not, before the flow forgets the visitor — so those events still carry their token.
  ``retranslate()``
      The language changed: set every text again from ``ctx.tr``.

A page asks the window to go somewhere through signals (``ctx.signals.go_home`` for visitor pages; the
facilitator pages have their own, see :mod:`kiosk.ui.facilitator.pages`), never by reaching into the window.
Pages log only what activity cores return (``ctx.log(core.action())``); the flow stamps visitor and session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from kiosk.ui.context import KioskContext


@runtime_checkable
class KioskScreen(Protocol):
    """What the main window calls on each page of its stack (see the module docstring for the contract)."""

    def start(self) -> None:
        """The page is opened by navigation: begin afresh."""
        ...

    def reset(self) -> None:
        """Whoever used the page is gone: log what was left unfinished, then forget them."""
        ...

    def retranslate(self) -> None:
        """The language changed: every text again."""
        ...


ScreenFactory = Callable[["KioskContext"], QWidget]
"""How every page is built: ``Screen(ctx)``; the widget it returns implements :class:`KioskScreen`."""


def check_screen(widget: QWidget) -> QWidget:
    """``widget`` if it implements :class:`KioskScreen`, else ``TypeError`` naming what it lacks (at start-up)."""
    if not isinstance(widget, KioskScreen):
        raise TypeError(f"{type(widget).__name__} does not implement KioskScreen (start, reset, retranslate)")
    return widget
