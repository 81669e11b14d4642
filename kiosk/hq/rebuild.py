"""``kiosk hq rebuild``: the database is a projection of the archive; rebuild it from there.

Devices are registered again from their archived enrolments, every archived bundle is ingested again
(in device, epoch, seq order, with every check; revoked devices' earlier bundles included), then
revocations are re-applied. Running it over a database that already holds some bundles is harmless:
ingest is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.errors import SyncError
from kiosk.hq.ingest import Ingestor, ingest_bundle
from kiosk.hq.registry import add_device, revoke_device
from kiosk.sync.bundle import read_bundle
from kiosk.sync.enrolment import check_enrolment


@dataclass
class RebuildResult:
    devices: int = 0
    bundles: int = 0
    events: int = 0
    failed: int = 0


def rebuild(ingestor: Ingestor) -> RebuildResult:
    store, archive = ingestor.store, ingestor.archive
    result = RebuildResult()
    revoked = []
    for document, revoked_at in archive.devices():
        add_device(store, check_enrolment(document), ingestor.stamp())
        result.devices += 1
        if revoked_at:
            revoked.append((document["device_id"], revoked_at))
    paths = list(archive.bundles())
    order = []
    for path in paths:
        data = path.read_bytes()
        m = read_bundle(data, events=False).manifest
        order.append(((m["device_id"], m["epoch"], m["from_seq"]), data))
    for _key, data in sorted(order, key=lambda item: item[0]):
        try:
            outcome = ingest_bundle(ingestor, data, via="rebuild", allow_revoked=True)
        except SyncError:
            result.failed += 1
            continue
        result.bundles += 1
        result.events += int(outcome.receipt["accepted"]) if outcome.status == 201 else 0
    for device_id, stamp in revoked:
        revoke_device(store, device_id, stamp)
    return result
