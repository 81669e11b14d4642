"""Start a private Xvfb display for tests and benchmarks.

Display numbers are chosen from 100 up, never from 0: an X server listens on both a file socket and an
abstract socket (``@/tmp/.X11-unix/X<n>``), and abstract sockets are shared by everything in the same
network namespace. A free file socket for ``:0`` (what ``Xvfb -displayfd`` picks first) can still mean
someone else's server answers on the abstract ``X0`` — Qt then fails with "Could not load the Qt platform
plugin xcb". High numbers avoid that.
"""

from __future__ import annotations

import random
import subprocess
import time
from pathlib import Path


def start_xvfb(width: int = 1280, height: int = 800, tries: int = 20) -> tuple[subprocess.Popen, str]:
    """Start ``Xvfb`` on a free display ≥ 100; return the process and ``":<n>"``."""
    for _ in range(tries):
        number = random.randint(100, 999)
        if Path(f"/tmp/.X{number}-lock").exists():
            continue
        proc = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
            stderr=subprocess.DEVNULL,
        )
        socket = Path(f"/tmp/.X11-unix/X{number}")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None and not socket.exists():
            time.sleep(0.05)
        if proc.poll() is None and socket.exists():
            time.sleep(0.2)  # the socket exists slightly before the server accepts
            return proc, f":{number}"
        proc.kill()
        proc.wait()
    raise RuntimeError("could not start Xvfb on a free display")
