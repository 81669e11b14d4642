"""Job cards: the small tile (result strip, browse list) and the full job card page.

The full card shows every field of a :class:`kiosk.careers.Job`: title, mission, a typical day,
skills and tools, work settings, Québec training paths with their typical duration, myth vs
reality, figures only with their source and year, related jobs (tap to open) and a next step.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.careers import CareerCatalogue, Job, TrainingPath
from kiosk.i18n import Translator
from kiosk.typography import with_colon
from kiosk.ui.context import KioskContext
from kiosk.ui.widgets.touch import back_bar, kinetic_scroll, touch_button

TILE_WIDTH = 340
TILE_HEIGHT = 190
"""A job tile's width and least height (logical px) with normal text."""
TILE_EMS = 15.5
"""A job tile is this many times its title's text size wide: 340 px with normal text, wider with larger text."""


def display_title(job: Job, lang: str) -> str:
    """The job title with a capital first letter (titles are stored in lower case)."""
    title = job.title.get(lang)
    return title[:1].upper() + title[1:]


def duration_text(path: TrainingPath, tr: Translator) -> str:
    """« 3 ans », « 1,5 an », « 900 h » / "3 years", "1.5 years", "900 h"."""
    if path.hours is not None:
        return tr.tr("careers.duration_hours", n=path.hours)
    years = path.years or 0
    number = f"{years:g}"
    if tr.language == "fr":
        number = number.replace(".", ",")
    return tr.tr("careers.duration_year" if years < 2 else "careers.duration_years", n=number)


def type_words(catalogue: CareerCatalogue, job: Job, lang: str) -> str:
    """The job's RIASEC types by name, strongest first: « Artistique · Réaliste · Conventionnel »."""
    return " · ".join(catalogue.type_names(job.code, lang))


def _label(object_name: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(objectName=object_name)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return label


class JobTile(QPushButton):
    """A big tappable card: title, RIASEC types in words and mission of one job; ``opened(job_id)`` when tapped.

    :meth:`tile_width` wide and exactly as tall as its words need (at least :data:`TILE_HEIGHT`): long titles
    and larger text make it taller, never cut. The size is fixed on the tile itself (a grid asking a
    layout-holding widget for its height at another width would get a wrong answer).
    """

    opened = Signal(str)

    def __init__(self, job: Job, ctx: KioskContext) -> None:
        super().__init__()
        self.job = job
        self.catalogue: CareerCatalogue = ctx.careers
        self.tr_ = ctx.tr
        self.setObjectName("job_tile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title = _label("job_tile_title")
        self.types = _label("job_tile_types")
        self.mission = _label("job_tile_text")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(self.title)
        layout.addWidget(self.types)
        layout.addWidget(self.mission, 1)
        self.clicked.connect(self._open)
        self.retranslate()

    def tile_width(self) -> int:
        """:data:`TILE_EMS` times the title's text size, never under :data:`TILE_WIDTH`."""
        return max(TILE_WIDTH, round(TILE_EMS * QFontInfo(self.title.font()).pixelSize()))

    def event(self, event: QEvent) -> bool:
        """A label's text or size changed (language, larger text): the tile takes the size its words need."""
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._resize()
        return super().event(event)

    def _resize(self) -> None:
        """Fixed to :meth:`tile_width` and the height of its words at that width (layouts cannot squeeze it)."""
        width = self.tile_width()
        size = QSize(width, max(TILE_HEIGHT, self.layout().totalHeightForWidth(width)))
        if self.minimumSize() != size or self.maximumSize() != size:
            self.setFixedSize(size)

    def _open(self, _checked: bool = False) -> None:  # accepts clicked(bool)'s argument
        self.opened.emit(self.job.id)

    def retranslate(self) -> None:
        lang = self.tr_.language
        self.title.setText(display_title(self.job, lang))
        self.types.setText(type_words(self.catalogue, self.job, lang))
        self.mission.setText(self.job.mission.get(lang))
        self._resize()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        width = self.tile_width()
        return QSize(width, max(TILE_HEIGHT, self.layout().totalHeightForWidth(width)))


class CareerJobPage(QWidget):
    """The full job card; ``back_requested()``, ``job_requested(job_id)`` for a related job."""

    back_requested = Signal()
    job_requested = Signal(str)

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.catalogue: CareerCatalogue = ctx.careers  # pages are built only when the catalogue loaded
        self.tr_ = ctx.tr
        self.job: Job | None = None
        self.back, self.title, top = back_bar(self.back_requested)
        self.title.setWordWrap(True)
        self.code = _label("subtitle")
        self.sections: dict[str, tuple[QLabel, QLabel]] = {}
        body = QWidget(objectName="job_body")
        grid = QGridLayout(body)
        grid.setHorizontalSpacing(32)
        grid.setVerticalSpacing(12)
        left = ("mission", "day", "skills", "settings")
        right = ("paths", "myth", "figures", "next_step")
        for column, keys in enumerate((left, right)):
            box = QVBoxLayout()
            box.setSpacing(12)
            for key in keys:
                box.addWidget(self._section(key))
            box.addStretch()
            grid.addLayout(box, 0, column)
        self.related_title = _label("job_section_title")
        self.related_row = QGridLayout()
        self.related_buttons: list[QPushButton] = []
        related = QVBoxLayout()
        related.addWidget(self.related_title)
        related.addLayout(self.related_row)
        grid.addLayout(related, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.scroll = kinetic_scroll(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 0, 24, 12)
        layout.addLayout(top)
        layout.addWidget(self.code)
        layout.addWidget(self.scroll, 1)

    def _section(self, key: str) -> QFrame:
        frame = QFrame(objectName="job_section")
        box = QVBoxLayout(frame)
        title, text = _label("job_section_title"), _label("job_section_text")
        box.addWidget(title)
        box.addWidget(text)
        self.sections[key] = (title, text)
        return frame

    def show_job(self, job: Job) -> None:
        self.job = job
        for button in self.related_buttons:
            self.related_row.removeWidget(button)
            button.deleteLater()
        self.related_buttons = []
        for index, job_id in enumerate(job.related):
            button = touch_button("", name="job_related", min_height=72)
            button.clicked.connect(lambda _=False, j=job_id: self.job_requested.emit(j))
            button.setProperty("job_id", job_id)
            self.related_row.addWidget(button, index // 2, index % 2)
            self.related_buttons.append(button)
        self.retranslate()
        self.scroll.verticalScrollBar().setValue(0)

    def texts(self) -> dict[str, str]:
        """The body text of each section in the current language (for tests and read-aloud)."""
        return {key: text.text() for key, (_, text) in self.sections.items()}

    def retranslate(self) -> None:
        tr, lang = self.tr_.tr, self.tr_.language
        self.back.setText("←  " + tr("common.back"))
        for key, (title, _) in self.sections.items():
            title.setText(tr(f"careers.job_{key}"))
        self.related_title.setText(tr("careers.job_related"))
        job = self.job
        if job is None:
            return
        self.title.setText(display_title(job, lang))
        types = tr("careers.job_types", types=type_words(self.catalogue, job, lang))
        self.code.setText(types + (f" · CNP {job.cnp}" if job.cnp else ""))
        bullets = lambda items: "\n".join(f"•  {item}" for item in items)  # noqa: E731
        skills = bullets(s.get(lang) for s in job.skills)
        if job.tools:
            skills += "\n" + with_colon(tr("careers.job_tools"), lang) + " " + ", ".join(job.tools_in(lang))
        paths = [
            f"•  {p.level} — {p.program.get(lang)}"
            + (f" ({p.code})" if p.code else "")
            + f" · {duration_text(p, self.tr_)}"
            + (f"\n    {p.note.get(lang)}" if p.note else "")
            for p in job.paths
        ]
        source = with_colon(tr("careers.job_source"), lang)
        figures = [f"•  {f.text.get(lang)} ({source} {f.source}, {f.year})" for f in job.figures]
        values = {
            "mission": job.mission.get(lang),
            "day": bullets(t.get(lang) for t in job.tasks),
            "skills": skills,
            "settings": bullets(s.get(lang) for s in job.settings),
            "paths": "\n".join(paths),
            "myth": f"{job.myth.get(lang)}\n{job.reality.get(lang)}",
            "figures": "\n".join(figures),
            "next_step": "👉  " + job.next_step.get(lang),
        }
        for key, (title, text) in self.sections.items():
            text.setText(values[key])
            title.parentWidget().setVisible(bool(values[key]))
        for button in self.related_buttons:
            title = display_title(self.catalogue.job(button.property("job_id")), lang)
            button.setText("→  " + title)
        self.related_title.setVisible(bool(self.related_buttons))
