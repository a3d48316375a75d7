"""Timing several tools against each other on a shared, busy machine: interleaved runs, CPU time.

Each run calls every tool once, in turn, so a burst of load from another process falls on all of
them alike; a tool's figure is the median over the runs. Both clocks are kept: the CPU time of
this process (``time.process_time``: what the tool itself costs, little moved by other
processes) and the wall time (``time.perf_counter``: what a user waits, inflated under load).
Ratios are reported on CPU time, with the wall-time ratio beside them.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Median CPU and wall seconds of one tool over interleaved runs."""

    cpu: float
    wall: float
    runs: int


def interleaved(tools: dict[str, Callable[[], object]], runs: int) -> dict[str, Timing]:
    """Run every tool once per run, in turn, ``runs`` times; the median CPU and wall seconds of each.

    The caller warms each tool up first (one call compiles its patterns and loads its models)."""
    cpu: dict[str, list[float]] = {name: [] for name in tools}
    wall: dict[str, list[float]] = {name: [] for name in tools}
    for _ in range(runs):
        for name, tool in tools.items():
            cpu_start, wall_start = time.process_time(), time.perf_counter()
            tool()
            cpu[name].append(time.process_time() - cpu_start)
            wall[name].append(time.perf_counter() - wall_start)
    return {name: Timing(statistics.median(cpu[name]), statistics.median(wall[name]), runs) for name in tools}


def ratio(slow: Timing, fast: Timing) -> tuple[float, float]:
    """How many times faster ``fast`` is than ``slow``: on CPU time, then on wall time."""
    return slow.cpu / fast.cpu, slow.wall / fast.wall
