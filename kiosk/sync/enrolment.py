"""``kiosk enrol``: the device's Ed25519 key pair and the enrolment HQ registers (ODK App-User style,
with a key that never leaves the kiosk instead of a bearer token).

The enrolment is a small canonical JSON document — device id, public key, label, creation time and
app version — signed with the new private key (proof that whoever registers it holds the key). It is
written as ``keys/enrolment.json`` and as a QR code (``keys/enrolment.svg``, and printed in the
terminal); staff register it with ``kiosk hq device add``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk import __version__
from kiosk.errors import SyncError
from kiosk.log.events import canonical_json
from kiosk.log.identity import atomic_write, is_canonical_uuid, load_identity
from kiosk.paths import Paths
from kiosk.sync.signing import load_or_create_private_key, public_key_text, sign, verify

ENROLMENT_FORMAT = "cafe-numerique-enrolment/1"
DEVICE_KEY_FILE = "device_ed25519.key"
HQ_KEY_FILE = "hq_ed25519.pub"  # HQ's receipt-signing public key (kiosk.sync.trust pins and forgets it)


def device_key_path(paths: Paths) -> Path:
    return paths.keys_dir / DEVICE_KEY_FILE


def hq_key_path(paths: Paths) -> Path:
    return paths.keys_dir / HQ_KEY_FILE


@dataclass(frozen=True)
class Enrolment:
    device_id: str
    public_key: str
    label: str
    document: dict[str, Any]


def enrolment_document(device_id: str, key: Ed25519PrivateKey, label: str, created_at: str) -> dict[str, Any]:
    """The signed enrolment: the fields, plus ``signature`` over their canonical JSON."""
    fields = {
        "format": ENROLMENT_FORMAT,
        "device_id": device_id,
        "public_key": public_key_text(key),
        "label": label,
        "created_at": created_at,
        "app_version": __version__,
    }
    return dict(fields, signature=sign(key, canonical_json(fields).encode("utf-8")))


def check_enrolment(document: Any) -> Enrolment:
    """Validate an enrolment (format, canonical UUID, key, self-signature); raise :class:`SyncError` if bad.

    Only the canonical spelling of the device id is accepted: the id names the archived enrolment and
    its revocation marker at HQ, and two spellings of one id must never make two devices.
    """
    if not isinstance(document, dict) or document.get("format") != ENROLMENT_FORMAT:
        raise SyncError("errors.sync.enrolment_format", code="bad_enrolment", format=ENROLMENT_FORMAT)
    fields = {k: v for k, v in document.items() if k != "signature"}
    device_id, public_key, label = fields.get("device_id"), fields.get("public_key"), fields.get("label", "")
    if not is_canonical_uuid(device_id):
        raise SyncError("errors.sync.enrolment_device_id", code="bad_enrolment", value=str(device_id)[:60])
    if not isinstance(public_key, str) or not isinstance(label, str) or len(label) > 120:
        raise SyncError("errors.sync.enrolment_fields", code="bad_enrolment")
    verify(public_key, canonical_json(fields).encode("utf-8"), str(document.get("signature", "")), code="bad_enrolment")
    return Enrolment(str(device_id), public_key, label, document)


def read_enrolment(path: Path) -> Enrolment:
    try:
        return check_enrolment(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise SyncError(
            "errors.sync.enrolment_unreadable", code="bad_enrolment", file=str(path), reason=str(exc)
        ) from exc


def enrol(paths: Paths, *, label: str, now: datetime) -> Enrolment:
    """Create (or keep) the device key, write ``keys/enrolment.json`` and its QR code; return it.

    Running it again keeps the existing key: re-enrolling must not orphan what HQ registered.
    """
    identity = load_identity(paths.identity_file)
    key = load_or_create_private_key(device_key_path(paths))
    document = enrolment_document(identity.device_id, key, label, now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    text = canonical_json(document)
    atomic_write(paths.keys_dir / "enrolment.json", (text + "\n").encode("utf-8"))
    atomic_write(paths.keys_dir / "enrolment.svg", qr_svg(text))
    return check_enrolment(document)


def qr_svg(text: str) -> bytes:
    """``text`` as a QR code, SVG bytes (needs no imaging library)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string()


def qr_ascii(text: str) -> str:
    """``text`` as a QR code drawn with block characters, for the terminal."""
    import io

    import qrcode

    code = qrcode.QRCode(border=1)
    code.add_data(text)
    out = io.StringIO()
    code.print_ascii(out=out)
    return out.getvalue()
