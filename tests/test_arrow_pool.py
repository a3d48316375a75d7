"""Importing ``analysis`` switches Arrow to the system allocator unless the user chose one."""

from __future__ import annotations

import os
import subprocess
import sys

from analysis import PROJECT_ROOT

PROBE = "import {first}; import pyarrow, analysis; print(pyarrow.default_memory_pool().backend_name)"


def backend(first: str, **env: str) -> str:
    clean = {key: value for key, value in os.environ.items() if key != "ARROW_DEFAULT_MEMORY_POOL"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(first=first)], env={**clean, "PYTHONPATH": str(PROJECT_ROOT), **env},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip()


def test_system_pool_by_default_whichever_loads_first() -> None:
    assert backend("analysis") == "system"
    assert backend("pyarrow") == "system"


def test_a_users_choice_wins() -> None:
    assert backend("analysis", ARROW_DEFAULT_MEMORY_POOL="mimalloc") == "mimalloc"
