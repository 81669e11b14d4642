"""``kiosk sync --hq URL``: upload every bundle HQ has not acknowledged (resumable, retried)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("sync", help="send the participation log to HQ")
    parser.add_argument("--hq", required=True, help="HQ address, e.g. https://hq.example.org")
    parser.add_argument("--status", action="store_true", help="only show what is pending")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.paths import Paths
    from kiosk.sync.service import sync_all, sync_status

    paths = Paths.discover(args.home).ensure()
    if not args.status:
        result = sync_all(paths, args.hq, lambda p: print(f"[{p.stage}] {p.message}", flush=True))
        for rejection in result.rejected:
            print(f"rejected by HQ: {rejection.bundle}: {rejection.code}: {rejection.reason}")
    status = sync_status(paths)
    print(
        f"pending events: {status.pending_events}, pending bundles: {status.pending_bundles}, "
        f"last successful sync: {status.last_success_at or 'never'}"
    )
    if status.last_rejection:
        r = status.last_rejection
        print(f"last rejection: {r.bundle} ({r.code}) at {r.at}: {r.reason}")
    return 0
