"""The career-exploration activity: intro → one card per screen → result → job cards → take-away QR.

This screen owns the visitor's :class:`kiosk.careers.Questionnaire` (answers live only in that
object) and stacks the pages of ``career_*.py``, which show things and report taps. The questionnaire
returns its events — started, completed (the aggregate code), abandoned (the progress) — and
:func:`kiosk.careers.events.job_opened` builds the job-opened one (a public job id); this screen only hands
them to ``ctx.log``. ``reset()`` — the visitor left or the kiosk went idle — logs ``career_abandoned`` if a
questionnaire was under way and forgets everything.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from kiosk.careers import Job, Questionnaire, Result, job_opened
from kiosk.ui.context import KioskContext
from kiosk.ui.screens.careers.browse import CareerBrowsePage
from kiosk.ui.screens.careers.card import CareerCardPage
from kiosk.ui.screens.careers.intro import CareerIntroPage
from kiosk.ui.screens.careers.job import CareerJobPage
from kiosk.ui.screens.careers.result import CareerResultPage
from kiosk.ui.screens.careers.style import careers_style
from kiosk.ui.screens.careers.takeaway import CareerTakeawayPage
from kiosk.ui.screens.home import VisitorHeader

log = logging.getLogger("kiosk")


class CareersScreen(QWidget):
    """The activity screen registered as ``"careers"`` in :mod:`kiosk.ui.activities`."""

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.restyle()
        ctx.signals.accessibility_changed.connect(lambda *_: self.restyle())
        self.questionnaire: Questionnaire | None = None
        self.result: Result | None = None
        self._trail: list[tuple[QWidget, Job | None]] = []
        """Pages to go back to, with the job each job page showed (related jobs chain)."""
        self.header = VisitorHeader(ctx)
        self.header.home_requested.connect(self.leave)
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.pages, 1)
        self.catalogue = ctx.careers  # loaded once by the app; None when the careers files are invalid
        if self.catalogue is None:
            self.unavailable = QLabel(objectName="subtitle", alignment=Qt.AlignmentFlag.AlignCenter)
            self.unavailable.setWordWrap(True)
            self.pages.addWidget(self.unavailable)
        else:
            self._build_pages()
        self.retranslate()

    def restyle(self) -> None:
        """The career pages' sizes and colours for the current visitor's larger-text / contrast choice."""
        self.setStyleSheet(careers_style(large_text=self.ctx.large_text, high_contrast=self.ctx.high_contrast))

    def _build_pages(self) -> None:
        """Every page is built as ``Page(ctx)``, like every screen (they read ``ctx.careers`` and ``ctx.tr``)."""
        ctx = self.ctx
        self.intro = CareerIntroPage(ctx)
        self.card = CareerCardPage(ctx)
        self.result_page = CareerResultPage(ctx)
        self.job = CareerJobPage(ctx)
        self.takeaway = CareerTakeawayPage(ctx)
        self.browse = CareerBrowsePage(ctx)
        for page in (self.intro, self.card, self.result_page, self.job, self.takeaway, self.browse):
            self.pages.addWidget(page)
        self.intro.start_requested.connect(self.begin)
        self.intro.browse_requested.connect(lambda: self._push(self.browse))
        self.card.answered.connect(self.answer)
        self.card.skipped.connect(lambda: self.answer(None))
        self.card.back_requested.connect(self.back)
        self.result_page.job_requested.connect(self.open_job)
        self.result_page.browse_requested.connect(lambda: self._push(self.browse))
        self.result_page.takeaway_requested.connect(self.open_takeaway)
        self.result_page.restart_requested.connect(self.restart)
        self.job.job_requested.connect(self.open_job)
        self.job.back_requested.connect(self._pop)
        self.takeaway.back_requested.connect(self._pop)
        self.browse.job_requested.connect(self.open_job)
        self.browse.back_requested.connect(self._pop)

    # --- the screen protocol (kiosk.ui.activities) ---------------------------------------------
    def start(self) -> None:
        """A visitor opens the activity: the intro page, nothing remembered from anyone before."""
        self.reset()

    def reset(self) -> None:
        """Log ``career_abandoned`` if a questionnaire was under way, then forget everything."""
        if self.questionnaire is not None:
            self.ctx.log(self.questionnaire.abandon())
        self.questionnaire = None
        self.result = None
        self._trail = []
        if self.catalogue is not None:
            self.card.stop_speaking()
            self.intro.show_resume(False)
            self.pages.setCurrentWidget(self.intro)

    def retranslate(self) -> None:
        self.header.retranslate()
        if self.catalogue is None:
            self.unavailable.setText("🛠  " + self.ctx.tr.tr("careers.unavailable"))
            return
        for page in (self.intro, self.card, self.result_page, self.job, self.takeaway, self.browse):
            page.retranslate()

    @property
    def in_progress(self) -> bool:
        """A questionnaire was started and has no result yet."""
        return self.questionnaire is not None and self.result is None

    # --- the questionnaire ---------------------------------------------------------------------
    def begin(self) -> None:
        """« Commencer » (a new questionnaire, logged) or « Continuer » (the one under way)."""
        if not self.in_progress:
            self.questionnaire = Questionnaire(self.catalogue.deck)
            self.result = None
            self.ctx.log(self.questionnaire.start())
        self._show_current()

    def answer(self, level: int | None) -> None:
        """The visitor tapped a level (0..4) or « passer » (None) for the card on screen."""
        card = self.questionnaire.current if self.questionnaire else None
        if card is None:
            return
        self.questionnaire.answer(card.id, level)
        self._show_current()

    def back(self) -> None:
        """One card back; from the first card, back to the intro (the questionnaire waits)."""
        if self.questionnaire is None or self.questionnaire.position == 0:
            self.intro.show_resume(self.in_progress)
            self.pages.setCurrentWidget(self.intro)
            return
        self.questionnaire.back()
        self._show_current()

    def _show_current(self) -> None:
        q = self.questionnaire
        card = q.current
        if card is None:
            self._finish()
            return
        self.card.show_card(
            card, position=q.position, total=q.total, progress=q.progress, previous=q.responses.get(card.id)
        )
        self.pages.setCurrentWidget(self.card)

    def _finish(self) -> None:
        self.ctx.log(self.questionnaire.finish(self.catalogue.jobs))
        self.result = self.questionnaire.outcome
        self.result_page.show_result(self.result)
        self._trail = []
        self.pages.setCurrentWidget(self.result_page)

    def restart(self) -> None:
        """« Recommencer » from the result: a fresh questionnaire for the same visitor."""
        self.questionnaire = None
        self.result = None
        self.begin()

    # --- exploring -----------------------------------------------------------------------------
    def open_job(self, job_id: str) -> None:
        """Show the full card of ``job_id`` (logged: a public id only)."""
        self.ctx.log([job_opened(self.catalogue.deck.version, job_id)])
        self._push(self.job)
        self.job.show_job(self.catalogue.job(job_id))

    def open_takeaway(self) -> None:
        if self.result is not None:
            self.takeaway.show_result(self.result)
            self._push(self.takeaway)

    def _push(self, page: QWidget) -> None:
        """Show ``page``, remembering the page (and job) on screen for the back button."""
        current = self.pages.currentWidget()
        self._trail.append((current, self.job.job if current is self.job else None))
        self.pages.setCurrentWidget(page)

    def _pop(self) -> None:
        page, job = self._trail.pop() if self._trail else (self.intro, None)
        if job is not None:
            self.job.show_job(job)
        self.pages.setCurrentWidget(page)

    def leave(self) -> None:
        """The home button: leaving mid-questionnaire counts as abandoned."""
        self.reset()
        self.ctx.signals.go_home.emit()
