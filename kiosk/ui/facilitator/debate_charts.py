"""What the pause-débat charts show, from the log's figures: a quiz question's answers, a poll's rounds.

Functions of the figures (:mod:`kiosk.figures.debate`) and the translator only, so the screen just picks
which chart to draw. Counts are people: the chart's axis has whole-number ticks
(:func:`kiosk.figures.debate.count_ticks`).
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.content.models import Kind, Question
from kiosk.debate import DebateState
from kiosk.figures.debate import QuestionTally
from kiosk.i18n import Translator
from kiosk.ui.widgets.bar_chart import ChartData, Series

Tr = Callable[..., str]


def answers_chart(question: Question, tally: QuestionTally | None, tr: Translator, *, revealed: bool) -> ChartData:
    """How the session answered ``question``; the right choices turn green only once ``revealed``."""
    language = tr.language
    labels = tuple(c.text.get(language) for c in question.choices)
    visitors, right = (tally.visitors, tally.right) if tally else (0, 0)
    note = tr.plural("debate.answers", visitors)
    if question.kind is Kind.ORDERING:
        if revealed:
            note = tr.tr("debate.right_order", right=right, count=visitors)
        return ChartData(question.prompt.get(language), labels, (), frozenset(), note)
    values = tuple(tally.count(c.id) if tally else 0 for c in question.choices)
    highlight = frozenset(i for i, c in enumerate(question.choices) if c.correct) if revealed else frozenset()
    return ChartData(question.prompt.get(language), labels, (Series("", values),), highlight, note)


def votes_chart(question: Question, state: DebateState | None, tr: Translator) -> ChartData:
    """The room's votes on ``question``: revealed rounds side by side (before, after); hidden ones as a count."""
    language = tr.language
    labels = tuple(c.text.get(language) for c in question.choices)
    series = []
    for round_, name in ((1, tr.tr("debate.before")), (2, tr.tr("debate.after"))):
        if state is not None and round_ in state.revealed:
            votes = state.rounds.get(round_, {})
            series.append(Series(name, tuple(votes.get(c.id, 0) for c in question.choices)))
    hidden = state.hidden if state else ()
    note = tr.plural("debate.hidden", state.votes(hidden[-1])) if state and hidden else ""
    return ChartData(question.prompt.get(language), labels, tuple(series), frozenset(), note)
