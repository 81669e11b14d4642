"""``kiosk enrol``: create the device's signing key and the enrolment file/QR code HQ registers."""

from __future__ import annotations

import argparse
import socket
from datetime import UTC
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("enrol", help="create this kiosk's signing key and its enrolment for HQ")
    parser.add_argument("--label", default=socket.gethostname(), help="a name for staff (default: host name)")
    parser.add_argument("--hq-key", type=Path, help="pin HQ's public key file (else pinned at the first sync)")
    parser.add_argument("--no-qr", action="store_true", help="do not print the QR code in the terminal")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from datetime import datetime

    from kiosk.log.events import canonical_json
    from kiosk.log.identity import atomic_write
    from kiosk.paths import Paths
    from kiosk.sync.enrolment import enrol, hq_key_path, qr_ascii
    from kiosk.sync.signing import load_public_key

    paths = Paths.discover(args.home).ensure()
    enrolment = enrol(paths, label=args.label, now=datetime.now(UTC))
    if args.hq_key:
        text = args.hq_key.read_text(encoding="ascii").strip()
        load_public_key(text)
        atomic_write(hq_key_path(paths), text.encode("ascii"))
    if not args.no_qr:
        print(qr_ascii(canonical_json(enrolment.document)))
    print(
        f"device_id: {enrolment.device_id}\npublic_key: {enrolment.public_key}\n"
        f"enrolment file: {paths.keys_dir / 'enrolment.json'} (QR: {paths.keys_dir / 'enrolment.svg'})\n"
        "Give the enrolment file to HQ: kiosk hq device add enrolment.json. The private key stays here."
    )
    return 0
