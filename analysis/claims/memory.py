"""Freed memory back to the system at once: the allocator setting of the claims stage.

glibc serves an allocation of at least its *mmap threshold* with a mapping of its own, which
``free`` unmaps; smaller ones come from the heap, where a freed block between live ones stays
resident. The threshold starts at 128 KiB but rises (up to 32 MiB) each time a mapped block is
freed, so after the first large numpy temporary of the stage every later array of that size is
carved from the heap. The claims stage makes and drops many temporaries of tens of MB (token
streams, sort keys, cluster sums) on a long article: with the rising threshold the heap kept
them resident through the stage (the 20 MB article of ``bench/bench_limits.py``: 633 MB peak,
523 MB with the threshold fixed). Fixing it is a process setting: it changes no result.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_MMAP_THRESHOLD = -3
"""``mallopt``'s parameter number for the mmap threshold (glibc's malloc.h); setting it also stops the
threshold's rise."""

MMAP_THRESHOLD_BYTES = 128 * 1024
"""glibc's initial threshold, kept: an array of 128 KiB or more is mapped on its own and unmapped when freed."""


def _libc() -> ctypes.CDLL | None:
    """The C library when it is glibc (the only one whose ``mallopt`` this module knows), else None."""
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c") or "libc.so.6"
    try:
        libc = ctypes.CDLL(name)
        libc.gnu_get_libc_version  # noqa: B018 - present in glibc only
    except (OSError, AttributeError):
        return None
    return libc


def return_large_blocks_to_system(threshold: int = MMAP_THRESHOLD_BYTES) -> bool:
    """Fix the allocator's mmap threshold at ``threshold`` bytes for this process, so every block
    that large is returned to the system when freed, whatever was freed before. Returns whether
    the setting was applied (False off glibc, where nothing is changed)."""
    libc = _libc()
    if libc is None:
        return False
    return bool(libc.mallopt(ctypes.c_int(M_MMAP_THRESHOLD), ctypes.c_int(threshold)))
