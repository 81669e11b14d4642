"""The « Synchroniser » box of the facilitator panel: what is pending, upload to HQ, export to a USB key.

Shows :func:`kiosk.sync.service.sync_status` (pending events, last successful sync, last rejection
explained in the panel's language, the fingerprint of the pinned HQ key). Uploads and exports run through
:func:`kiosk.ui.background.run_in_background`; progress and outcome come back on the GUI thread, errors are
shown with :func:`kiosk.ui.messages.show_error`. « Changer la clé du siège… » forgets the pinned HQ key
(every bundle is then sent again to the HQ that answers next) behind the PIN and a clear warning.
Nothing here is ever shown to visitors.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from kiosk.i18n import strings
from kiosk.sync.ledger import Rejection
from kiosk.sync.service import SyncProgress, SyncResult, export_to, sync_all, sync_status
from kiosk.sync.trust import forget_hq_key
from kiosk.sync.upload import RetryPolicy
from kiosk.ui.background import BackgroundOp, run_in_background
from kiosk.ui.context import KioskContext
from kiosk.ui.messages import show_error
from kiosk.ui.widgets.pinpad import PinPad
from kiosk.ui.widgets.touch import touch_button

# A facilitator is waiting in front of the panel: give up after a few seconds, the next tap resumes.
PANEL_RETRY = RetryPolicy(attempts=4, base_s=0.5, cap_s=4.0)
OUTCOME_NAME = "sync_outcome"
REPIN_SIZE = (960, 780)  # px: the warning in a few wide lines and the full-size pad, within a 1280×800 screen


class RepinDialog(QDialog):
    """The warning, then the PIN pad: the HQ key is forgotten only once the right PIN is entered."""

    def __init__(self, ctx: KioskContext, fingerprint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="repin_dialog")
        tr = ctx.tr.tr
        self.setWindowTitle(tr("sync.repin_title"))
        self.setModal(True)
        self.warning = QLabel(tr("sync.repin_warning", fingerprint=fingerprint), wordWrap=True, objectName="warning")
        self.warning.setMinimumWidth(REPIN_SIZE[0] - 80)
        self.pad = PinPad(ctx, self)
        self.pad.accepted.connect(self.accept)
        self.pad.cancelled.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.pad)
        self.resize(*REPIN_SIZE)
        self.pad.start()


class SyncBox(QFrame):
    def __init__(self, ctx: KioskContext) -> None:
        super().__init__(objectName="panel")
        self.ctx = ctx
        self.title = QLabel(objectName="subtitle")
        self.status = QLabel(wordWrap=True, objectName="sync_status")
        self.hq_key = QLabel(wordWrap=True, objectName="sync_hq_key")
        self.progress = QProgressBar(minimum=0, maximum=1, value=0)
        self.progress.setMinimumHeight(32)
        self.outcome = QLabel(wordWrap=True, objectName=OUTCOME_NAME)
        self.sync_button = touch_button("", name="primary", min_height=64)
        self.sync_button.clicked.connect(self.start_sync)
        self.export_button = touch_button("", min_height=64)
        self.export_button.clicked.connect(self.choose_and_export)
        self.repin_button = touch_button("", min_height=48)
        self.repin_button.clicked.connect(self.ask_repin)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.status, self.progress, self.outcome):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.hq_key)
        layout.addWidget(self.repin_button)
        self._op: BackgroundOp | None = None
        self._fingerprint: str | None = None
        self.repin_dialog: RepinDialog | None = None
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.ctx.tr.tr
        self.title.setText(tr("sync.title"))
        self.sync_button.setText("⇪  " + tr("sync.upload"))
        self.export_button.setText("💾  " + tr("sync.export"))
        self.repin_button.setText("🔑  " + tr("sync.repin"))
        self.refresh()

    @property
    def busy(self) -> bool:
        return self._op is not None and self._op.running

    def _explain(self, rejection: Rejection) -> str:
        """HQ's refusal in the panel's language (HQ's own English words only for codes the kiosk does not know)."""
        key = f"sync.refused.{rejection.code}"
        if key in strings(self.ctx.tr.language):
            return self.ctx.tr.tr(key)
        return self.ctx.tr.tr("sync.refused.other", code=rejection.code) + (
            f" — {rejection.reason}" if rejection.reason else ""
        )

    def refresh(self) -> None:
        tr = self.ctx.tr.tr
        try:
            status = sync_status(self.ctx.paths)
        except KioskError as exc:
            show_error(self.status, exc, self.ctx.tr)
            return
        lines = [
            tr("sync.pending", events=status.pending_events),
            tr("sync.last_success", when=status.last_success_at or tr("sync.never")),
        ]
        if not status.enrolled:
            lines.append(tr("sync.not_enrolled"))
        if status.last_rejection is not None:
            rejection = status.last_rejection
            lines.append(tr("sync.rejected", bundle=rejection.bundle, reason=self._explain(rejection)))
        self.status.setText("\n".join(lines))
        self._fingerprint = status.hq_key_fingerprint
        self.hq_key.setText(
            tr("sync.hq_key", fingerprint=self._fingerprint) if self._fingerprint else tr("sync.hq_key_none")
        )
        can_upload = status.enrolled and bool(self.ctx.settings.hq_url)
        self.sync_button.setEnabled(can_upload and not self.busy)
        self.sync_button.setToolTip("" if self.ctx.settings.hq_url else tr("sync.no_hq"))
        self.export_button.setEnabled(status.enrolled and not self.busy)
        self.repin_button.setEnabled(self._fingerprint is not None and not self.busy)

    def _say(self, text: str) -> None:
        """A plain outcome line (undoing the error style :func:`show_error` may have left)."""
        if self.outcome.objectName() != OUTCOME_NAME:
            self.outcome.setObjectName(OUTCOME_NAME)
            self.outcome.style().unpolish(self.outcome)
            self.outcome.style().polish(self.outcome)
        self.outcome.setText(text)

    def _run(self, work: Callable[[Callable[[Any], None]], str]) -> None:
        for button in (self.sync_button, self.export_button, self.repin_button):
            button.setEnabled(False)
        self._say("")
        self._op = run_in_background(work, self._succeeded, self._failed, self._show_progress)

    def start_sync(self) -> None:
        tr, paths, url = self.ctx.tr.tr, self.ctx.paths, self.ctx.settings.hq_url

        def work(report: Callable[[Any], None]) -> str:
            result: SyncResult = sync_all(paths, url, report, retry=PANEL_RETRY)
            if result.rejected:
                return tr("sync.done_with_rejections", acked=result.acked, rejected=len(result.rejected))
            return tr("sync.done", acked=result.acked)

        self._run(work)

    def choose_and_export(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.ctx.tr.tr("sync.choose_folder"), "/media")
        if folder:
            self.export(Path(folder))

    def export(self, folder: Path) -> None:
        tr, paths = self.ctx.tr.tr, self.ctx.paths

        def work(report: Callable[[Any], None]) -> str:
            return tr("sync.exported", count=len(export_to(paths, folder, report)), folder=str(folder))

        self._run(work)

    def ask_repin(self) -> None:
        """Show the warning and the PIN pad; the HQ key is forgotten only once the right PIN is entered."""
        if self._fingerprint is None or self.busy:
            return
        self.repin_dialog = RepinDialog(self.ctx, self._fingerprint, self)
        self.repin_dialog.accepted.connect(self._forget_hq_key)
        self.repin_dialog.open()

    def _forget_hq_key(self) -> None:
        forget_hq_key(self.ctx.paths)
        self._say(self.ctx.tr.tr("sync.repin_done"))
        self.refresh()

    def _show_progress(self, update: SyncProgress) -> None:
        self.progress.setMaximum(max(1, update.total))
        self.progress.setValue(update.done)
        self._say(update.message.text(self.ctx.tr.language))

    def _succeeded(self, message: str) -> None:
        self._say(message)
        self.refresh()

    def _failed(self, error: Exception) -> None:
        if isinstance(error, (KioskError, OSError)):
            show_error(self.outcome, error, self.ctx.tr)
        else:  # a bug: logged with its traceback by run_in_background; say something rather than freeze
            show_error(self.outcome, KioskError("errors.unexpected", error=type(error).__name__), self.ctx.tr)
        self.refresh()
