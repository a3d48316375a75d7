"""analysis.heap: the C heap's free pages returned between a stage's steps."""

from __future__ import annotations

import subprocess
import sys

import pytest

import analysis.heap as heap

FREED_HEAP_RSS = """
import ctypes, sys
from analysis.heap import release_free_heap

def resident_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
libc.mallopt(-3, 1 << 20)  # M_MMAP_THRESHOLD: the 64 KB blocks below come from the heap, not their own mappings
blocks = [libc.malloc(64 * 1024) for _ in range(800)]  # 50 MB
for block in blocks:
    ctypes.memset(block, 1, 64 * 1024)
keep = libc.malloc(64 * 1024)  # a block at the top: freeing the rest leaves them inside the heap
for block in blocks:
    libc.free(block)
before = resident_kb()
done = release_free_heap()
print(done, before - resident_kb())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or heap._malloc_trim() is None, reason="glibc only")
def test_release_free_heap_returns_freed_blocks_to_the_system() -> None:
    """Blocks freed inside the heap stay resident until released; released, resident memory falls
    by most of them (in a fresh process, so the test's own heap does not blur it)."""
    output = subprocess.run([sys.executable, "-c", FREED_HEAP_RSS], capture_output=True, text=True, check=True).stdout.split()
    assert output[0] == "True"
    assert int(output[1]) > 30 * 1024  # of the 50 MB freed


def test_release_free_heap_is_a_no_op_without_glibc(monkeypatch) -> None:
    """Where the C library has no malloc_trim, nothing is called and the caller is told so."""
    monkeypatch.setattr(heap, "_malloc_trim", lambda: None)
    assert heap.release_free_heap() is False


def test_release_free_heap_calls_malloc_trim_with_zero_padding(monkeypatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(heap, "_malloc_trim", lambda: calls.append)
    assert heap.release_free_heap() is True
    assert calls == [0]


def test_malloc_trim_is_not_looked_for_off_linux_nor_where_the_c_library_lacks_it(monkeypatch) -> None:
    find = heap._malloc_trim.__wrapped__  # the look-up itself, not its cached answer
    monkeypatch.setattr(sys, "platform", "darwin")
    assert find() is None
    monkeypatch.setattr(sys, "platform", "linux")

    class NoTrim:  # a C library without malloc_trim (musl): ctypes raises AttributeError
        def __init__(self, name: object) -> None:
            pass

    monkeypatch.setattr(heap.ctypes, "CDLL", NoTrim)
    assert find() is None


def test_releasing_heap_releases_after_the_function_returns_or_raises(monkeypatch) -> None:
    events: list[str] = []
    monkeypatch.setattr(heap, "release_free_heap", lambda: events.append("released") or True)

    @heap.releasing_heap
    def task(value: int) -> int:
        events.append("ran")
        return value * 2

    @heap.releasing_heap
    def failing() -> None:
        events.append("failed")
        raise ValueError("boom")

    assert task(21) == 42 and events == ["ran", "released"]  # after the work, and the value kept
    assert task.__name__ == "task"  # Dask names a task by its function's name
    with pytest.raises(ValueError, match="boom"):
        failing()
    assert events[2:] == ["failed", "released"]


def test_a_function_not_wrapped_releases_nothing(monkeypatch) -> None:
    events: list[str] = []
    monkeypatch.setattr(heap, "release_free_heap", lambda: events.append("released") or True)

    def task(value: int) -> int:
        return value * 2

    assert task(21) == 42 and events == []
    assert heap.releasing_heap(task)(21) == 42 and events == ["released"]


def test_the_dask_claims_stages_long_tasks_release_the_heap_and_pickle_by_reference() -> None:
    # issue 14 (dask14g): the workers' unmanaged memory, the freed temporaries of earlier tasks, is
    # what Dask pauses and restarts a worker on; the long tasks give their heap back as they end
    import cloudpickle

    from analysis.engines import dask_claims

    long_tasks = ["_claim_count_task", "_claim_vectors_task", "_graph_block_task", "_plan_task", "_cluster_batch_task", "_labels_task",
                  "_describe_batch_task", "_describe_partition_task"]  # fmt: skip
    for name in long_tasks:
        function = getattr(dask_claims, name)
        assert function.__wrapped__.__name__ == name
        assert len(cloudpickle.dumps(function)) < 200  # by reference (module and name), not by value
    assert not hasattr(dask_claims._batch_piece_task, "__wrapped__")  # a short slice of rows: no heap walk
