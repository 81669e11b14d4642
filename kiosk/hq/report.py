"""The reach report: cafés, participants, themes, quiz items, dome and stations, gaps per device.

Definitions (docs/sync.md):

* a **café** is a ``session_started`` event (one per kiosk and day); its region, venue type, venue
  name (the school when the venue is a school) and month come from that event. The month is
  ``inconnu`` when the kiosk's clock was suspect (flagged by the kiosk, or later than HQ's receipt);
* **participants** = distinct anonymous visitor tokens per session (summed over sessions);
* **theme** participants = distinct (session, visitor) that started a quiz of that theme;
* **quiz items**: answers, share correct, most chosen wrong answer (choices joined by ``+``);
* **gaps**: per (device, epoch) the seq ranges HQ lacks below the highest it holds, broken
  ``prev_bundle_sha256`` links, and restores/quarantines announced by ``epoch_started`` events.

:func:`tables` gives every table with counts below :data:`MIN_COUNT` replaced by ``"<5"``: that is
the only form that leaves this module (CLI, CSV, dashboard).
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.hq.store import Store

MIN_COUNT = 5
Table = tuple[tuple[str, ...], list[tuple[Any, ...]]]


@dataclass
class Report:
    date_from: str | None = None
    date_to: str | None = None
    cafes: int = 0
    participants: int = 0
    by: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # dimension -> value -> [cafés, people]
    themes: dict[str, int] = field(default_factory=dict)
    quiz_items: list[tuple[str, str, int, int, str, int]] = field(default_factory=list)
    dome_shows: dict[str, int] = field(default_factory=dict)
    dome_audience: dict[str, int] = field(default_factory=dict)  # media_id -> people counted by the operator
    vr_views: dict[str, tuple[int, int]] = field(default_factory=dict)  # media_id -> (views, seconds watched)
    stations: dict[str, int] = field(default_factory=dict)
    gaps: list[tuple[str, int, str, int, str]] = field(default_factory=list)


def _session_filter(store: Store, date_from: str | None, date_to: str | None) -> tuple[str, list[str]]:
    if not date_from and not date_to:
        return "1 = 1", []  # no semi-join over every event when there is no date range
    clauses, params = ["type = 'session_started'"], []
    if date_from:
        clauses.append("substr(occurred_at_utc, 1, 10) >= ?")
        params.append(date_from)
    if date_to:
        clauses.append("substr(occurred_at_utc, 1, 10) <= ?")
        params.append(date_to)
    return f"session_id IN (SELECT session_id FROM events WHERE {' AND '.join(clauses)})", params


def build_report(store: Store, date_from: str | None = None, date_to: str | None = None) -> Report:
    """Compute the report over sessions started between the dates (``YYYY-MM-DD``, inclusive)."""
    report = Report(date_from, date_to)
    where, params = _session_filter(store, date_from, date_to)
    people = dict(
        store.query(
            f"SELECT session_id, COUNT(DISTINCT visitor) FROM events WHERE {where}"
            " AND visitor IS NOT NULL GROUP BY session_id",
            params,
        )
    )
    by: dict[str, dict[str, list[int]]] = {
        d: defaultdict(lambda: [0, 0]) for d in ("region", "venue_type", "school", "month")
    }
    for session_id, payload, occurred, suspect, received in store.query(
        "SELECT session_id, payload, occurred_at_utc, clock_suspect, received_at FROM events"
        f" WHERE type = 'session_started' AND {where}",
        params,
    ):
        data = json.loads(payload)
        month = "inconnu" if suspect or occurred[:10] > received[:10] else occurred[:7]
        count = int(people.get(session_id, 0))
        keys = {  # a key a kiosk left out (or null) leaves that dimension out for this café
            "region": data.get("region"),
            "venue_type": data.get("venue_type"),
            "month": month,
            "school": data.get("venue_name") if data.get("venue_type") == "school" else None,
        }
        for dimension, value in keys.items():
            if value is not None:
                by[dimension][value][0] += 1
                by[dimension][value][1] += count
        report.cafes += 1
        report.participants += count
    report.by = {d: dict(sorted(v.items())) for d, v in by.items()}
    theme = store.json_text("theme")
    report.themes = dict(
        store.query(
            f"SELECT theme, COUNT(*) FROM (SELECT DISTINCT session_id, visitor, {theme} AS theme FROM events"
            f" WHERE type = 'quiz_started' AND {where}) t GROUP BY theme ORDER BY theme",
            params,
        )
    )
    report.quiz_items = _quiz_items(store, where, params)
    media, station, count_field = store.json_text("media_id"), store.json_text("station"), store.json_text("count")
    report.dome_shows = dict(
        store.query(
            f"SELECT {media}, COUNT(*) FROM events WHERE type = 'dome_show_started'"
            f" AND {where} GROUP BY {media} ORDER BY 1",
            params,
        )
    )
    report.vr_views = {
        str(k): (int(views), int(seconds or 0))
        for k, views, seconds in store.query(
            f"SELECT {media}, SUM(CASE WHEN type = 'vr_view_started' THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN type = 'vr_view_ended' THEN CAST({store.json_text('seconds')} AS INTEGER) ELSE 0 END)"
            f" FROM events WHERE type IN ('vr_view_started', 'vr_view_ended') AND {where} GROUP BY {media} ORDER BY 1",
            params,
        )
    }
    report.dome_audience = {
        str(k): int(v)
        for k, v in store.query(
            f"SELECT {media}, SUM(CAST({count_field} AS INTEGER)) FROM events WHERE type = 'dome_audience'"
            f" AND {where} GROUP BY {media} ORDER BY 1",
            params,
        )
    }
    report.stations = {
        k: int(v)
        for k, v in store.query(
            f"SELECT {station}, SUM(CAST({count_field} AS INTEGER)) FROM events WHERE type = 'station_group'"
            f" AND {where} GROUP BY {station} ORDER BY 1",
            params,
        )
    }
    report.gaps = device_gaps(store)
    return report


def _quiz_items(store: Store, where: str, params: list[str]) -> list[tuple[str, str, int, int, str, int]]:
    question, correct, choices = (
        store.json_text("question_id"),
        store.json_text("correct"),
        store.json_text("choice_ids"),
    )
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    wrong: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for quiz, q, ok, chosen, n in store.query(
        f"SELECT content_id, {question}, {correct}, {choices}, COUNT(*) FROM events"
        f" WHERE type = 'quiz_answered' AND {where} GROUP BY content_id, {question}, {correct}, {choices}",
        params,
    ):
        key = (str(quiz), str(q))
        totals[key][0] += int(n)
        if ok == "true":
            totals[key][1] += int(n)
        else:
            wrong[key]["+".join(str(c) for c in json.loads(chosen or "[]"))] += int(n)
    items = []
    for key in sorted(totals):
        top, top_n = (wrong[key].most_common(1) or [("", 0)])[0]
        items.append((key[0], key[1], totals[key][0], totals[key][1], top, top_n))
    return items


def _missing(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    missing, high = [], 0
    for low, top in sorted(ranges):
        if low > high + 1:
            missing.append((high + 1, low - 1))
        high = max(high, top)
    return missing


def device_gaps(store: Store) -> list[tuple[str, int, str, int, str]]:
    """Per (device, epoch): missing seq ranges, broken chain links, and restore/quarantine notices."""
    ranges: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    ids: dict[tuple[str, int], set[str]] = defaultdict(set)
    prevs: dict[tuple[str, int], list[tuple[int, str | None]]] = defaultdict(list)
    for device, epoch, low, top, bundle_id, prev in store.query(
        "SELECT device_id, epoch, from_seq, to_seq, bundle_id, prev_bundle_sha256 FROM bundles"
    ):
        key = (device, int(epoch))
        ranges[key].append((int(low), int(top)))
        ids[key].add(bundle_id)
        prevs[key].append((int(low), prev))
    notices = defaultdict(list)
    for device, epoch, payload in store.query(
        "SELECT device_id, epoch, payload FROM events WHERE type = 'epoch_started'"
    ):
        reason = json.loads(payload).get("reason")
        if reason in ("database_replaced", "quarantine"):
            notices[(device, int(epoch))].append(reason)
    rows = []
    for key in sorted(ranges):
        breaks = sum(1 for low, prev in prevs[key] if (prev is None and low > 1) or (prev and prev not in ids[key]))
        missing = ", ".join(f"{a}-{b}" for a, b in _missing(ranges[key]))
        rows.append((key[0], key[1], missing, breaks, ", ".join(notices.get(key, []))))
    return rows


def _n(value: int) -> int | str:
    return value if value >= MIN_COUNT else f"<{MIN_COUNT}"


def tables(report: Report) -> dict[str, Table]:
    """Every table of the report, counts below :data:`MIN_COUNT` suppressed (the exportable form)."""
    out: dict[str, Table] = {
        "summary": (("cafes", "participants"), [(report.cafes, _n(report.participants))]),
    }
    for dimension, values in report.by.items():
        out[f"by_{dimension}"] = (
            (dimension, "cafes", "participants"),
            [(k, v[0], _n(v[1])) for k, v in values.items()],
        )
    out["by_theme"] = (("theme", "participants"), [(k, _n(v)) for k, v in report.themes.items()])
    quiz_rows = []
    for quiz, question, answers, correct, top, top_n in report.quiz_items:
        shown = answers >= MIN_COUNT
        quiz_rows.append(
            (
                quiz,
                question,
                _n(answers),
                f"{correct / answers:.2f}" if shown else "",
                top if shown and top_n >= MIN_COUNT else "",
                _n(top_n) if top else "",
            )
        )
    out["quiz_items"] = (
        ("quiz_id", "question_id", "answers", "share_correct", "most_chosen_wrong", "wrong_count"),
        quiz_rows,
    )
    out["dome_shows"] = (("media_id", "shows"), [(k, _n(v)) for k, v in report.dome_shows.items()])
    out["dome_audience"] = (("media_id", "people"), [(k, _n(v)) for k, v in report.dome_audience.items()])
    out["vr_views"] = (
        ("media_id", "views", "seconds_watched"),
        [(k, _n(views), seconds if views >= MIN_COUNT else "") for k, (views, seconds) in report.vr_views.items()],
    )
    out["stations"] = (("station", "visitors"), [(k, _n(v)) for k, v in report.stations.items()])
    out["gaps"] = (("device_id", "epoch", "missing_seq", "chain_breaks", "notices"), list(report.gaps))
    return out


def write_csv(report: Report, folder: Path) -> list[Path]:
    """One CSV per table of :func:`tables` (suppressed) in ``folder``; return the files."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (header, rows) in tables(report).items():
        path = folder / f"{name}.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        written.append(path)
    return written


def format_text(report: Report) -> str:
    """The suppressed tables as plain text for the terminal."""
    lines = [f"Report {report.date_from or '…'} – {report.date_to or '…'}"]
    for name, (header, rows) in tables(report).items():
        lines.append(f"\n## {name}\n" + " | ".join(header))
        lines.extend(" | ".join(str(v) for v in row) for row in rows)
    return "\n".join(lines)
