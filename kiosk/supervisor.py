"""A small supervisor: restart the kiosk after a crash, without a crash loop.

``kiosk supervise [-- run-args]`` runs ``kiosk run …`` as a child (the bundle's executable, or ``python -m
kiosk`` from a checkout). A clean exit (code 0: the facilitator left with the PIN) ends the supervisor. Any
other end is a crash: the kiosk is started again at once. A run shorter than ``quick_s`` counts as a quick
failure; after 3 quick failures in a row the supervisor waits ``backoff_s`` (doubling up to ``max_backoff_s``)
before the next try, so a kiosk that cannot start does not burn the CPU. Every start and end goes to
``logs/supervisor.log``.
"""

from __future__ import annotations

import logging
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kiosk.paths import Paths, kiosk_command


@dataclass
class Backoff:
    """Counts quick failures and says how long to wait before the next start (seconds)."""

    quick_s: float = 30.0
    quick_limit: int = 3
    backoff_s: float = 30.0
    max_backoff_s: float = 300.0
    quick_failures: int = 0
    current_backoff: float = 0.0

    def after_run(self, ran_s: float) -> float:
        """Record a crash after ``ran_s`` seconds of running; return the wait before restarting."""
        if ran_s >= self.quick_s:
            self.quick_failures = 0
            self.current_backoff = 0.0
            return 0.0
        self.quick_failures += 1
        if self.quick_failures < self.quick_limit:
            return 0.0
        self.current_backoff = min(self.max_backoff_s, self.current_backoff * 2 or self.backoff_s)
        return self.current_backoff


def supervise(
    home: str | None,
    app_args: Sequence[str],
    *,
    start: Callable[[list[str]], int] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
    backoff: Backoff | None = None,
    max_starts: int | None = None,
) -> int:
    """Run the kiosk until it exits cleanly; return its last exit code."""
    paths = Paths.discover(home).ensure()
    log = logging.getLogger("kiosk.supervisor")
    if not log.handlers:
        handler = logging.FileHandler(paths.log_dir / "supervisor.log", encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    args = [a for a in app_args if a != "--"]
    command = [*kiosk_command(), *(["--home", str(home)] if home else []), "run", *args]
    run = start or (lambda cmd: subprocess.call(cmd))
    backoff = backoff or Backoff()
    starts = 0
    while True:
        starts += 1
        began = monotonic()
        log.info("starting kiosk: %s", " ".join(command))
        code = run(command)
        ran = monotonic() - began
        if code == 0:
            log.info("kiosk exited cleanly after %.1f s", ran)
            return 0
        wait = backoff.after_run(ran)
        log.warning("kiosk ended with code %s after %.1f s; restarting in %.0f s", code, ran, wait)
        if max_starts is not None and starts >= max_starts:
            return code
        if wait:
            sleep(wait)
