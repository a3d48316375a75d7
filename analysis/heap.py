"""Give the memory a stage's finished step freed back to the operating system.

glibc keeps freed blocks in its heap for reuse, and after the first large array is freed it
raises its mmap threshold, so later large temporaries come from that heap too: their memory
stays resident after they are freed, and a step that then allocates through other allocators
(scipy's sparse products, Arrow's pool) adds its own peak on top: on a long article the claims
stage's TF-IDF counting left most of its peak resident that way (``docs/PROFILING.md``, mem16d).
``malloc_trim(0)`` returns the free pages at once; unlike a fixed mmap threshold (tried and
reverted: every large temporary became a fresh mapping to fault in, which cost CPU on the
think-tank claims stage) it costs one heap walk per call, so it is called only between steps.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable
from functools import cache
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none (macOS, musl, Windows)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        # the symbols already loaded into the process (glibc's among them): no search for the
        # library, which ctypes.util.find_library does by running ldconfig
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_free_heap() -> bool:
    """Return the C heap's free pages to the operating system; False where that cannot be done
    (no glibc), so callers need not know the platform. Nothing allocated is touched."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


def releasing_heap(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """``function``, giving the C heap's free pages back when it returns (or raises).

    For the Dask engine's long tasks: a worker process runs task after task, and the temporaries one
    task freed stay resident in its heap, where Dask counts them as unmanaged memory that it can
    neither spill nor free; its memory manager pauses the worker, or restarts it, on the sum (issue
    14). The wrapper keeps the function's name, so Dask names the task as before and pickles the
    function by reference."""

    @functools.wraps(function)
    def released(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return function(*args, **kwargs)
        finally:
            release_free_heap()

    return released
