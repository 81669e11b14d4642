"""HQ's key as this kiosk trusts it: pinned, shown as a fingerprint, re-pinned on purpose.

HQ signs its state and its receipts with an Ed25519 key. The kiosk keeps HQ's public key in
``keys/hq_ed25519.pub``: pinned before any sync by ``kiosk enrol --hq-key hq.pub`` (the safe way), or
else on the first sync (trust on first use). Every acknowledgement the kiosk records carries the key that
signed it (``bundles.acked_by``), and only acknowledgements by the key pinned *now* count: pinning
another key — or forgetting the pinned one, a facilitator action behind the PIN — makes every bundle
that key has not acknowledged pending again, so a look-alike that answered first cannot swallow data.
"""

from __future__ import annotations

from kiosk.errors import SyncError
from kiosk.log.identity import atomic_write
from kiosk.paths import Paths
from kiosk.sync.enrolment import hq_key_path
from kiosk.sync.signing import key_fingerprint, load_public_key


def pinned_hq_key(paths: Paths) -> str | None:
    """HQ's pinned public key (base64 text), or ``None`` when no key is pinned yet."""
    path = hq_key_path(paths)
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise SyncError("errors.sync.hq_key_unreadable", code="bad_key", file=str(path), reason=str(exc)) from exc
    try:
        load_public_key(text)
    except SyncError as exc:
        raise SyncError("errors.sync.hq_key_unreadable", code="bad_key", file=str(path), reason=exc) from exc
    return text


def pin_hq_key(paths: Paths, public_key: str) -> str:
    """Pin ``public_key`` (base64 text of 32 bytes) as HQ's key; return its fingerprint.

    Bundles acknowledged under another key become pending again (they are sent to this HQ next time).
    """
    text = public_key.strip()
    load_public_key(text)
    atomic_write(hq_key_path(paths), (text + "\n").encode("ascii"))
    return key_fingerprint(text)


def forget_hq_key(paths: Paths) -> None:
    """Unpin HQ's key: the next sync pins the key of the HQ that answers, and sends it every bundle again."""
    hq_key_path(paths).unlink(missing_ok=True)


def pinned_fingerprint(paths: Paths) -> str | None:
    """The pinned key's fingerprint (see :func:`kiosk.sync.signing.key_fingerprint`), or ``None``."""
    key = pinned_hq_key(paths)
    return key_fingerprint(key) if key else None
