"""Tests for bench/timing.py: interleaved runs and CPU-time ratios."""

from __future__ import annotations

import time

from bench.timing import Timing, interleaved, ratio


def test_every_run_times_each_tool_once_in_turn() -> None:
    calls: list[str] = []
    timings = interleaved({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, runs=3)
    assert calls == ["a", "b", "a", "b", "a", "b"]
    assert set(timings) == {"a", "b"} and all(t.runs == 3 for t in timings.values())


def test_cpu_time_counts_work_and_not_sleep() -> None:
    def busy() -> None:
        end = time.process_time() + 0.02
        while time.process_time() < end:
            pass

    timings = interleaved({"busy": busy, "sleep": lambda: time.sleep(0.02)}, runs=1)
    assert timings["busy"].cpu >= 0.02 > timings["sleep"].cpu
    assert timings["sleep"].wall >= 0.02


def test_ratio_is_slow_over_fast_on_both_clocks() -> None:
    assert ratio(Timing(cpu=3.0, wall=8.0, runs=1), Timing(cpu=0.03, wall=0.1, runs=1)) == (100.0, 80.0)
