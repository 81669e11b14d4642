"""``kiosk hq rebuild``: the database is a projection of the archive; rebuild it from there.

Devices are registered again from their archived enrolments and **revocations are applied at once**,
before any bundle is read: whatever happens next, a revoked kiosk never comes back. Then every archived
bundle is ingested again (in device, epoch, seq order, with every check; revoked devices' earlier
bundles included). A file that cannot be used — unreadable, refused by today's checks (say a NaN an
older HQ let in) — is skipped and named in :attr:`RebuildResult.failed`; the rebuild goes on. Running it
over a database that already holds some bundles is harmless: ingest is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.errors import KioskError, SyncError
from kiosk.hq.bulk import ingest_files
from kiosk.hq.ingest import Ingestor
from kiosk.hq.registry import add_device, find_device, revoke_device
from kiosk.sync.bundle import read_bundle
from kiosk.sync.enrolment import check_enrolment


@dataclass
class RebuildResult:
    devices: int = 0
    bundles: int = 0
    events: int = 0
    failed: list[tuple[Path, KioskError]] = field(default_factory=list)  # archive file, why it was skipped


def _devices(ingestor: Ingestor, result: RebuildResult) -> None:
    """Register every archived enrolment, revoking at once those marked revoked."""
    for path, document, revoked_at in ingestor.archive.devices():
        try:
            enrolment = check_enrolment(document)
            add_device(ingestor.store, enrolment, ingestor.stamp())
            known = find_device(ingestor.store, enrolment.device_id)
            if revoked_at and known is not None and known.status != "revoked":
                revoke_device(ingestor.store, enrolment.device_id, revoked_at)
        except SyncError as exc:
            result.failed.append((path, exc))
            continue
        result.devices += 1


def rebuild(ingestor: Ingestor, *, workers: int | None = None) -> RebuildResult:
    """Rebuild the database from the archive (module doc); ``workers`` as in :func:`~kiosk.hq.bulk.ingest_files`."""
    result = RebuildResult()
    _devices(ingestor, result)
    order = []
    for path in ingestor.archive.bundles():
        try:
            m = read_bundle(path.read_bytes(), events=False).manifest
        except (OSError, SyncError) as exc:
            result.failed.append((path, exc if isinstance(exc, SyncError) else _unreadable(path, exc)))
            continue
        order.append(((m["device_id"], m["epoch"], m["from_seq"]), path))
    paths = [path for _key, path in sorted(order, key=lambda item: item[0])]
    for path, outcome in ingest_files(ingestor, paths, via="rebuild", workers=workers, allow_revoked=True):
        if isinstance(outcome, SyncError):
            result.failed.append((path, outcome))
        elif isinstance(outcome, OSError):
            result.failed.append((path, _unreadable(path, outcome)))
        else:
            result.bundles += 1
            result.events += 0 if outcome.replay else int(outcome.receipt["accepted"])
    return result


def _unreadable(path: Path, exc: OSError) -> SyncError:
    return SyncError("errors.hq.archive_unreadable", code="archive_unreadable", file=str(path), reason=str(exc))
