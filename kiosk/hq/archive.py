"""HQ's raw archive: the source of truth, written once, from which the database can be rebuilt.

Layout under the archive folder::

    bundles/<device_id>/<epoch>/<bundle_id>.cnb   every accepted bundle, as received, read-only
    quarantine/<sha256>.cnb                        every rejected bundle of a known sender or a USB stick,
                                                   once per content (a refused file sent again costs nothing)
    devices/<device_id>.json                       the enrolment HQ registered
    devices/<device_id>.revoked                    present once revoked (holds the time)
    keys/hq_ed25519.key                            HQ's receipt-signing key (created on first use)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.log.events import canonical_json
from kiosk.log.identity import atomic_write, is_canonical_uuid
from kiosk.sync.signing import load_or_create_private_key


class Archive:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _write_once(self, path: Path, data: bytes) -> Path:
        """Create ``path`` with ``data`` (fsynced, read-only) unless it exists; safe between concurrent writers."""
        if path.exists():
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        try:
            with open(tmp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o444)
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)  # atomic create-if-absent: the first writer wins
        finally:
            tmp.unlink(missing_ok=True)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        return path

    def bundle_path(self, device_id: str, epoch: int, bundle_id: str) -> Path:
        return self.root / "bundles" / device_id / str(epoch) / f"{bundle_id}.cnb"

    def store_bundle(self, device_id: str, epoch: int, bundle_id: str, data: bytes) -> Path:
        """Keep the first copy of a bundle id (a rebuilt bundle differs only in its manifest's time)."""
        return self._write_once(self.bundle_path(device_id, epoch, bundle_id), data)

    def quarantine(self, data: bytes) -> Path:
        """Keep the bytes of a refused bundle, named by their SHA-256 (the rejection row says why)."""
        return self._write_once(self.root / "quarantine" / f"{hashlib.sha256(data).hexdigest()}.cnb", data)

    def bundles(self) -> Iterator[Path]:
        yield from sorted((self.root / "bundles").glob("*/*/*.cnb"))

    def save_device(self, document: dict[str, Any]) -> None:
        path = self.root / "devices" / f"{document['device_id']}.json"
        atomic_write(path, (canonical_json(document) + "\n").encode("utf-8"))

    def mark_revoked(self, device_id: str, stamp: str) -> None:
        if not is_canonical_uuid(device_id):  # the id names a file: never a path of someone's choosing
            raise ValueError(f"not a canonical device id: {device_id[:60]!r}")
        atomic_write(self.root / "devices" / f"{device_id}.revoked", stamp.encode("ascii"))

    def devices(self) -> Iterator[tuple[Path, Any, str | None]]:
        """Each archived enrolment file, its JSON (``None`` if unreadable) and its revocation time (or ``None``)."""
        for path in sorted((self.root / "devices").glob("*.json")):
            revoked = path.with_suffix(".revoked")
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError, RecursionError):
                document = None
            try:
                revoked_at = revoked.read_text(encoding="ascii").strip() if revoked.exists() else None
            except (OSError, UnicodeDecodeError):
                revoked_at = "unreadable revocation marker"  # revoked all the same: never let a kiosk back
            yield path, document, revoked_at

    def hq_key(self) -> Ed25519PrivateKey:
        return load_or_create_private_key(self.root / "keys" / "hq_ed25519.key")
