"""The device's identity and epoch, kept beside the database in ``device.json``.

* ``device_id``: a random UUID created the first time the kiosk starts (``kiosk enrol`` later binds a
  signing key to it). It identifies the laptop, never a visitor.
* ``epoch``: incremented whenever the participation database is (re)created — first start, a
  database that failed its check and was moved aside, or a database restored from a copy — so that
  ``(device_id, epoch, seq)`` is never reused for different events.
* ``db_instance``: a random id written into the database's ``meta`` table; a mismatch means the
  database file was replaced behind the kiosk's back (restore, copy), which starts a new epoch.
* ``high_seq``: the highest sequence number at the last clean close; a database whose events stop
  below it is an older copy, which also starts a new epoch.

Written atomically (temporary file, fsync, rename, fsync of the folder).
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from kiosk.errors import LogbookError


@dataclass(frozen=True)
class Identity:
    device_id: str
    epoch: int = 0
    db_instance: str = ""
    high_seq: int = 0  # highest seq of this epoch seen at the last clean close

    def next_epoch(self) -> Identity:
        """Same device, epoch + 1, a fresh database instance id."""
        return replace(self, epoch=self.epoch + 1, db_instance=uuid.uuid4().hex, high_seq=0)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def load_identity(path: Path) -> Identity:
    """Read ``device.json``, creating a new device id (epoch 0) if the file does not exist yet."""
    if not path.exists():
        identity = Identity(device_id=str(uuid.uuid4()))
        save_identity(path, identity)
        return identity
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Identity(
            device_id=str(uuid.UUID(data["device_id"])),
            epoch=int(data["epoch"]),
            db_instance=str(data.get("db_instance", "")),
            high_seq=int(data.get("high_seq", 0)),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise LogbookError("errors.log.identity_damaged", file=str(path), reason=str(exc)) from exc


def save_identity(path: Path, identity: Identity) -> None:
    atomic_write(path, (json.dumps(asdict(identity), indent=2) + "\n").encode("utf-8"))
