"""``kiosk enrol``: create the device's signing key and the enrolment file/QR code HQ registers."""

from __future__ import annotations

import argparse
import socket
from datetime import UTC
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("enrol", help="create this kiosk's signing key and its enrolment for HQ")
    parser.add_argument("--label", default=socket.gethostname(), help="a name for staff (default: host name)")
    parser.add_argument(
        "--hq-key",
        type=Path,
        help="pin HQ's public key file (from `kiosk hq key --out hq.pub`): the safe way, before any sync",
    )
    parser.add_argument("--no-qr", action="store_true", help="do not print the QR code in the terminal")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from datetime import datetime

    from kiosk.errors import SyncError
    from kiosk.log.events import canonical_json
    from kiosk.paths import Paths
    from kiosk.sync.enrolment import enrol, qr_ascii
    from kiosk.sync.trust import pin_hq_key

    paths = Paths.discover(args.home).ensure()
    enrolment = enrol(paths, label=args.label, now=datetime.now(UTC))
    fingerprint = None
    if args.hq_key:
        try:
            text = args.hq_key.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            raise SyncError(
                "errors.sync.hq_key_unreadable", code="bad_key", file=str(args.hq_key), reason=str(exc)
            ) from exc
        fingerprint = pin_hq_key(paths, text)
    if not args.no_qr:
        print(qr_ascii(canonical_json(enrolment.document)))
    print(
        f"device_id: {enrolment.device_id}\npublic_key: {enrolment.public_key}\n"
        f"enrolment file: {paths.keys_dir / 'enrolment.json'} (QR: {paths.keys_dir / 'enrolment.svg'})\n"
        "Give the enrolment file to HQ: kiosk hq device add enrolment.json. The private key stays here."
    )
    if fingerprint:
        print(f"HQ key pinned, fingerprint {fingerprint}: bundles not acknowledged by this key are pending again.")
    return 0
