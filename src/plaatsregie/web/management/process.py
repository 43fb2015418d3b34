"""How long this process has run, start-up included, for honest timing reports."""

from __future__ import annotations

import os
import time
from pathlib import Path


def seconds_since_process_start() -> float:
    """Seconds since the operating system started this process (Linux), else since Python's clock began."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started_ticks = int(fields[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - started_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return time.process_time()
