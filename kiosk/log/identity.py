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

Written atomically (temporary file, fsync, rename, fsync of the folder). Ids are written and accepted
only in the canonical spelling of a UUID (:func:`is_canonical_uuid`): one device, one spelling, so an id
can name a file or a revocation marker without a look-alike spelling getting past it.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from kiosk.errors import LogbookError

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def is_canonical_uuid(value: object) -> bool:
    """True only for the canonical spelling ``str(uuid.UUID(x))``: 36 characters, lower-case hex and hyphens.

    ``urn:uuid:…``, braces, capitals and the 32-digit form are refused although :class:`uuid.UUID` reads them.
    """
    return isinstance(value, str) and _CANONICAL_UUID.fullmatch(value) is not None


@dataclass(frozen=True)
class Identity:
    device_id: str
    epoch: int = 0
    db_instance: str = ""
    high_seq: int = 0  # highest seq of this epoch seen at the last clean close

    def next_epoch(self) -> Identity:
        """Same device, epoch + 1, a fresh database instance id."""
        return replace(self, epoch=self.epoch + 1, db_instance=uuid.uuid4().hex, high_seq=0)


def atomic_write(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file, never half.

    The file is created with permission bits ``mode`` (less the umask) from its first byte: a secret
    written with ``mode=0o600`` is never readable by others, not even before the rename.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)  # a stale temporary file would keep its own, older permissions
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with open(fd, "wb") as handle:
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
            device_id=_canonical(data["device_id"]),
            epoch=int(data["epoch"]),
            db_instance=str(data.get("db_instance", "")),
            high_seq=int(data.get("high_seq", 0)),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise LogbookError("errors.log.identity_damaged", file=str(path), reason=str(exc)) from exc


def _canonical(device_id: str) -> str:
    """The canonical spelling of a device id read from ``device.json`` (an older file may hold capitals)."""
    return str(uuid.UUID(device_id))


def save_identity(path: Path, identity: Identity) -> None:
    atomic_write(path, (json.dumps(asdict(identity), indent=2) + "\n").encode("utf-8"))
