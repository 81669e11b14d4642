"""Load a careers folder (``cards.toml`` + ``jobs/*.toml``) into an immutable :class:`CareerCatalogue`."""

from __future__ import annotations

from pathlib import Path

from kiosk.careers.models import CardDeck, CareerCatalogue, Job
from kiosk.careers.validator import check_catalogue, parse_file
from kiosk.errors import ContentError

MAX_LISTED = 5
"""How many problems the ContentError message lists before "… and N more"."""


def load_careers(root: Path) -> CareerCatalogue:
    """Validate every file under ``root`` and return the catalogue (jobs sorted by id).

    Raises :class:`kiosk.errors.ContentError` naming the first problems (``file:line: message``)
    when anything is wrong: the kiosk never shows a half-valid careers module.
    """
    root = Path(root)
    problems = check_catalogue(root)
    if problems:
        listed = "; ".join(str(p) for p in problems[:MAX_LISTED])
        more = f" … and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED else ""
        raise ContentError("errors.content.careers_invalid", folder=root, problems=f"{listed}{more}")
    deck, _ = parse_file(root / "cards.toml")
    jobs = [parse_file(path)[0] for path in sorted((root / "jobs").glob("*.toml"))]
    assert isinstance(deck, CardDeck) and all(isinstance(j, Job) for j in jobs)
    return CareerCatalogue(deck=deck, jobs=tuple(sorted(jobs, key=lambda j: j.id)))
