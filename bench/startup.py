"""Cold start to the first painted frame, and resident memory after N minutes idle (run by hand).

Starts the real ``kiosk`` process on a private Xvfb display (xcb, as on a kiosk), a fresh data folder
each run; the app prints ``first-frame`` when its window first paints. The time measured here is from
``Popen`` to reading that line (interpreter start and imports included). Then one process is left idle
on the attract screen for ``--idle-s`` seconds (default 300 = 5 minutes) and its VmRSS is read from
/proc. Prints a table and writes bench/out/startup.json. Targets: < 2 s and < 250 MB on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.xvfb import start_xvfb  # noqa: E402


def launch(display: str) -> tuple[subprocess.Popen, float, Path]:
    home = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "KIOSK_HOME": str(home)}
    began = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--first-frame-marker"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("first-frame"):
            return proc, time.perf_counter() - began, home
    raise RuntimeError("the kiosk exited before painting: " + "".join(lines[-5:]))


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--idle-s", type=float, default=300.0)
    args = parser.parse_args()
    xvfb, display = start_xvfb()
    try:
        starts = []
        for _ in range(args.runs):
            proc, seconds, home = launch(display)
            starts.append(seconds)
            proc.kill()
            proc.wait()
            shutil.rmtree(home, ignore_errors=True)
        proc, _, home = launch(display)
        rss_start = rss_mb(proc.pid)
        time.sleep(args.idle_s)
        rss_idle = rss_mb(proc.pid)
        proc.kill()
        proc.wait()
        shutil.rmtree(home, ignore_errors=True)
    finally:
        xvfb.kill()
    result = {
        "cold_start_s": {
            "median": statistics.median(starts),
            "min": min(starts),
            "max": max(starts),
            "runs": len(starts),
        },
        "rss_mb": {"after_start": rss_start, f"after_{int(args.idle_s)}s_idle": rss_idle},
        "cpus": os.cpu_count(),
    }
    print(f"{'measure':38} {'value':>10}")
    print(f"{'cold start → first frame, median (s)':38} {result['cold_start_s']['median']:10.2f}")
    print(f"{'cold start min / max (s)':38} {min(starts):5.2f}/{max(starts):4.2f}")
    print(f"{'RSS after start (MB)':38} {rss_start:10.0f}")
    print(f"{f'RSS after {args.idle_s:.0f} s idle (MB)':38} {rss_idle:10.0f}")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "startup.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
