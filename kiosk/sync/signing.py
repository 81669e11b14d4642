"""Ed25519 keys and signatures, and their text forms (shared by the kiosk and HQ).

Public keys travel as base64 (standard alphabet) of the 32 raw bytes; signatures as base64 of the
64 raw bytes. A key's fingerprint, for people to compare by eye, is the first 16 bytes of the SHA-256 of
its 32 raw bytes in hex, in groups of four (:func:`key_fingerprint`). Private keys are stored as
unencrypted PKCS#8 PEM files created readable by their owner only (0600); a device's private key never
leaves the device.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.errors import SyncError
from kiosk.log.identity import atomic_write


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, *, code: str = "bad_signature") -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
        raise SyncError("errors.sync.not_base64", code=code, text=text[:20]) from exc


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The base64 form of a public key (32 raw bytes)."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return b64(public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def load_public_key(text: str) -> Ed25519PublicKey:
    raw = unb64(text, code="bad_key")
    if len(raw) != 32:
        raise SyncError("errors.sync.public_key_size", code="bad_key", size=len(raw))
    return Ed25519PublicKey.from_public_bytes(raw)


def key_fingerprint(public_key: str) -> str:
    """``public_key`` (base64 text) as 32 hex digits in groups of four, e.g. ``3f9a 0c41 …``."""
    digest = hashlib.sha256(load_public_key(public_key).public_bytes_raw()).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return b64(key.sign(message))


def verify(public_key: Ed25519PublicKey | str, message: bytes, signature: str, *, code: str = "bad_signature") -> None:
    """Raise :class:`SyncError` with ``code`` unless ``signature`` signs ``message``."""
    key = load_public_key(public_key) if isinstance(public_key, str) else public_key
    try:
        key.verify(unb64(signature, code=code), message)
    except InvalidSignature as exc:
        raise SyncError("errors.sync.signature", code=code) from exc


def save_private_key(path: Path, key: Ed25519PrivateKey) -> None:
    """Write ``key`` as PEM, atomically, created with mode 0600 (never readable by others, even briefly)."""
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    atomic_write(path, pem, mode=0o600)


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError as exc:
        raise SyncError("errors.sync.no_key", code="not_enrolled", file=str(path)) from exc
    except (ValueError, TypeError) as exc:
        raise SyncError("errors.sync.unreadable_key", code="bad_key", file=str(path), reason=str(exc)) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SyncError("errors.sync.not_ed25519", code="bad_key", file=str(path))
    return key


def load_or_create_private_key(path: Path) -> Ed25519PrivateKey:
    """The key at ``path``, generated and saved first if the file does not exist."""
    if path.exists():
        return load_private_key(path)
    key = Ed25519PrivateKey.generate()
    save_private_key(path, key)
    return key


def request_message(method: str, path: str, nonce: str, body: bytes) -> bytes:
    """What a device signs for one HTTP request: method, path, HQ's nonce and the body's SHA-256."""
    return f"{method}\n{path}\n{nonce}\n{hashlib.sha256(body).hexdigest()}".encode()
