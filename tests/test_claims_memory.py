"""The claims stage's allocator setting (analysis/claims/memory.py): a freed large block leaves the process.

Each case runs in a fresh interpreter, since the setting is the process's own: a 16 MiB array is
made and freed (which, left alone, raises glibc's mmap threshold to 16 MiB), then a 1 MiB array is
made, and glibc's ``mallinfo2`` says whether it got a mapping of its own (returned to the system
when freed) or came from the heap.
"""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.claims.memory import _libc, return_large_blocks_to_system

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import ctypes, sys
import numpy as np
from analysis.claims.memory import return_large_blocks_to_system

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = MallInfo2
if sys.argv[1] == "set":
    assert return_large_blocks_to_system()
large = np.ones(2 << 20)  # 16 MiB, mapped; freeing it raises glibc's threshold unless it is fixed
del large
before = libc.mallinfo2().hblkhd
block = np.ones(1 << 17)  # 1 MiB
print(libc.mallinfo2().hblkhd - before >= block.nbytes)
"""

glibc = pytest.mark.skipif(_libc() is None or not hasattr(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6"), "mallinfo2"),
                           reason="glibc >= 2.33 (mallinfo2) only")


def _mapped_after_large_free(mode: str) -> bool:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    environment.pop("MALLOC_MMAP_THRESHOLD_", None)
    done = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, env=environment, check=True)
    return done.stdout.strip() == "True"


@glibc
def test_fixed_threshold_maps_a_block_after_a_large_one_was_freed() -> None:
    assert _mapped_after_large_free("set")


@glibc
def test_without_the_setting_the_block_comes_from_the_heap() -> None:
    # the behaviour the setting exists to change: if glibc stops raising its threshold, this fails and the module can go
    assert not _mapped_after_large_free("unset")


def test_off_glibc_nothing_is_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("analysis.claims.memory._libc", lambda: None)
    assert return_large_blocks_to_system() is False
