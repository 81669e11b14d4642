"""The one place the UI turns an error or a notice into words for a person.

:func:`message_text` renders a :class:`~kiosk.errors.KioskError` (or a :class:`~kiosk.errors.Message`, or an
``OSError`` such as a pulled USB key) in the current language; :func:`show_error` puts it in the label that
belongs to the action that failed (the session form, the sync box…), styled as an error. Unexpected
exceptions never reach here: they go to the log and the friendly error screen (``kiosk.ui.errors``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from kiosk.errors import KioskError, Message
from kiosk.i18n import Translator

ERROR_OBJECT_NAME = "error_message"


def message_text(problem: KioskError | Message | OSError, tr: Translator) -> str:
    """``problem`` as a sentence in ``tr``'s language."""
    if isinstance(problem, KioskError):
        return problem.text(tr.language)
    if isinstance(problem, Message):
        return problem.text(tr.language)
    where = f"{problem.filename}: " if problem.filename else ""
    return tr.tr("errors.system", where=where, reason=problem.strerror or str(problem))


def show_error(label: QLabel, problem: KioskError | Message | OSError, tr: Translator) -> None:
    """Show ``problem`` in ``label`` (made visible, styled with the error colour) in ``tr``'s language."""
    label.setObjectName(ERROR_OBJECT_NAME)
    label.setWordWrap(True)
    label.setText("⚠️  " + message_text(problem, tr))
    label.style().unpolish(label)
    label.style().polish(label)
    label.setVisible(True)
