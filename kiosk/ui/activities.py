"""The visitor activities the home screen offers, in order: one explicit line each.

An activity screen is a ``QWidget`` built as ``Screen(ctx)`` that implements
:class:`kiosk.ui.screen.KioskScreen`: ``start()`` (a visitor opens it), ``reset()`` (the visitor left or the
kiosk went idle: log what the activity core returns for an unfinished activity, then forget their state) and
``retranslate()`` (the language changed). To go back to the home screen it emits ``ctx.signals.go_home``.
The window checks the interface when it builds the screens.
"""

from __future__ import annotations

from kiosk.flow import ACTIVITIES
from kiosk.ui.screen import ScreenFactory
from kiosk.ui.screens.careers.player import CareersScreen
from kiosk.ui.screens.dome.viewer import DomeViewerScreen
from kiosk.ui.screens.quiz.player import QuizScreen


def activity_screens() -> dict[str, ScreenFactory]:
    """``{activity: factory}`` for every activity whose screen exists, in home-screen order."""
    screens: dict[str, ScreenFactory] = {}
    screens["quiz"] = QuizScreen
    screens["careers"] = CareersScreen
    screens["dome"] = DomeViewerScreen
    return {name: screens[name] for name in ACTIVITIES if name in screens}
