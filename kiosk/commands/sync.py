"""``kiosk sync --hq URL``: upload every bundle HQ does not hold (resumable, retried)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("sync", help="send the participation log to HQ")
    parser.add_argument("--hq", help="HQ address, e.g. https://hq.example.org (not needed with --status)")
    parser.add_argument("--status", action="store_true", help="only show what is pending")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.errors import UsageError
    from kiosk.i18n import system_language
    from kiosk.paths import Paths
    from kiosk.sync.service import prepare_log, sync_all, sync_status

    language = system_language()
    paths = Paths.discover(args.home).ensure()
    if not args.status:
        if not args.hq:
            raise UsageError("errors.sync.needs_hq_url")
        result = sync_all(paths, args.hq, lambda p: print(f"[{p.stage}] {p.message.text(language)}", flush=True))
        for rejection in result.rejected:
            print(f"rejected by HQ: {rejection.bundle}: {rejection.code}: {rejection.reason}")
    elif paths.db_file.exists():
        prepare_log(paths)
    status = sync_status(paths)
    print(
        f"pending events: {status.pending_events}, pending bundles: {status.pending_bundles}, "
        f"last successful sync: {status.last_success_at or 'never'}, "
        f"HQ key: {status.hq_key_fingerprint or 'not pinned'}"
    )
    if status.last_rejection:
        r = status.last_rejection
        print(f"last rejection: {r.bundle} ({r.code}) at {r.at}: {r.reason}")
    return 0
