"""The one background helper: outcomes and progress come back on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.errors import PinError
from kiosk.i18n import Translator
from kiosk.ui.background import run_in_background
from kiosk.ui.messages import message_text, show_error

pytestmark = pytest.mark.qt


def test_success_and_progress_arrive_on_the_gui_thread(qtbot):
    gui = threading.get_ident()
    seen: list[tuple[str, object, int]] = []

    def work(report):
        assert threading.get_ident() != gui  # the work itself runs elsewhere
        report(1)
        report(2)
        return "done"

    op = run_in_background(
        work,
        on_success=lambda result: seen.append(("ok", result, threading.get_ident())),
        on_failure=lambda error: seen.append(("failed", error, threading.get_ident())),
        on_progress=lambda step: seen.append(("progress", step, threading.get_ident())),
    )
    qtbot.waitUntil(lambda: not op.running)
    assert [(kind, value) for kind, value, _ in seen] == [("progress", 1), ("progress", 2), ("ok", "done")]
    assert {thread for _, _, thread in seen} == {gui}


@pytest.mark.parametrize("error", [PinError("errors.pin.not_set"), OSError(5, "Input/output error", "/media/usb")])
def test_expected_failures_reach_on_failure_on_the_gui_thread(qtbot, error):
    gui = threading.get_ident()
    failures: list[tuple[Exception, int]] = []

    def work(report):
        raise error

    op = run_in_background(
        work, on_success=lambda r: None, on_failure=lambda e: failures.append((e, threading.get_ident()))
    )
    qtbot.waitUntil(lambda: not op.running)
    assert failures == [(error, gui)]


def test_show_error_speaks_the_current_language(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    tr = Translator("fr")
    show_error(label, PinError("errors.pin.length", low=4, high=8), tr)
    assert "Le NIP doit avoir de 4 à 8 chiffres" in label.text()
    assert label.objectName() == "error_message"
    tr.language = "en"
    assert message_text(PinError("errors.pin.length", low=4, high=8), tr) == "The PIN must be 4 to 8 digits."
    assert message_text(OSError(28, "No space left on device", "/media/usb"), tr) == (
        "/media/usb: No space left on device"
    )
