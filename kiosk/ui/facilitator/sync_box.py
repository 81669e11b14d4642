"""The « Synchroniser » box of the facilitator panel: what is pending, upload to HQ, export to a USB key.

Shows :func:`kiosk.sync.service.sync_status` (pending events, last successful sync, last rejection with
HQ's reason). Uploads and exports run on a worker thread; their progress reaches the progress bar
through a queued Qt signal. Errors (no network, unknown device…) are shown here, never to visitors.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout

from kiosk.errors import KioskError
from kiosk.sync.service import SyncProgress, export_to, sync_all, sync_status
from kiosk.sync.upload import RetryPolicy
from kiosk.ui.context import KioskContext
from kiosk.ui.widgets.touch import touch_button

# A facilitator is waiting in front of the panel: give up after a few seconds, the next tap resumes.
PANEL_RETRY = RetryPolicy(attempts=4, base_s=0.5, cap_s=4.0)


class _Relay(QObject):
    progress = Signal(object)  # SyncProgress
    finished = Signal(str)  # a one-line outcome for the facilitator


class SyncBox(QFrame):
    def __init__(self, ctx: KioskContext) -> None:
        super().__init__(objectName="panel")
        self.ctx = ctx
        self.title = QLabel(objectName="subtitle")
        self.status = QLabel(wordWrap=True, objectName="sync_status")
        self.progress = QProgressBar(minimum=0, maximum=1, value=0)
        self.progress.setMinimumHeight(32)
        self.outcome = QLabel(wordWrap=True, objectName="sync_outcome")
        self.sync_button = touch_button("", name="primary", min_height=64)
        self.sync_button.clicked.connect(self.start_sync)
        self.export_button = touch_button("", min_height=64)
        self.export_button.clicked.connect(self.choose_and_export)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.status, self.progress, self.outcome):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.relay = _Relay()
        self.relay.progress.connect(self._show_progress)
        self.relay.finished.connect(self._finished)
        self._worker: threading.Thread | None = None
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.ctx.tr.tr
        self.title.setText(tr("sync.title"))
        self.sync_button.setText("⇪  " + tr("sync.upload"))
        self.export_button.setText("💾  " + tr("sync.export"))
        self.refresh()

    @property
    def busy(self) -> bool:
        return self._worker is not None and self._worker.is_alive()

    def refresh(self) -> None:
        tr = self.ctx.tr.tr
        try:
            status = sync_status(self.ctx.paths)
        except KioskError as exc:
            self.status.setText(str(exc))
            return
        lines = [
            tr("sync.pending", events=status.pending_events),
            tr("sync.last_success", when=status.last_success_at or tr("sync.never")),
        ]
        if not status.enrolled:
            lines.append(tr("sync.not_enrolled"))
        if status.last_rejection is not None:
            rejection = status.last_rejection
            lines.append(tr("sync.rejected", bundle=rejection.bundle, reason=rejection.reason))
        self.status.setText("\n".join(lines))
        can_upload = status.enrolled and bool(self.ctx.settings.hq_url)
        self.sync_button.setEnabled(can_upload and not self.busy)
        self.sync_button.setToolTip("" if self.ctx.settings.hq_url else tr("sync.no_hq"))
        self.export_button.setEnabled(status.enrolled and not self.busy)

    def _run(self, job) -> None:
        def work() -> None:
            try:
                message = job(self.relay.progress.emit)
            except KioskError as exc:
                message = f"⚠️  {exc}"
            except OSError as exc:  # a pulled USB key, a full disk
                message = f"⚠️  {exc}"
            self.relay.finished.emit(message)

        self.sync_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.outcome.setText("")
        self._worker = threading.Thread(target=work, name="sync", daemon=True)
        self._worker.start()

    def start_sync(self) -> None:
        tr, paths, url = self.ctx.tr.tr, self.ctx.paths, self.ctx.settings.hq_url

        def job(progress) -> str:
            result = sync_all(paths, url, progress, retry=PANEL_RETRY)
            if result.rejected:
                return tr("sync.done_with_rejections", acked=result.acked, rejected=len(result.rejected))
            return tr("sync.done", acked=result.acked)

        self._run(job)

    def choose_and_export(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.ctx.tr.tr("sync.choose_folder"), "/media")
        if folder:
            self.export(Path(folder))

    def export(self, folder: Path) -> None:
        tr, paths = self.ctx.tr.tr, self.ctx.paths
        self._run(
            lambda progress: tr("sync.exported", count=len(export_to(paths, folder, progress)), folder=str(folder))
        )

    def _show_progress(self, update: SyncProgress) -> None:
        self.progress.setMaximum(max(1, update.total))
        self.progress.setValue(update.done)
        self.outcome.setText(update.message)

    def _finished(self, message: str) -> None:
        self.outcome.setText(message)
        self._worker = None
        self.refresh()
