"""One writer per run: the per-run lock that keeps two runs of the same params file apart.

Two ``make RUN=x`` (or a ``make`` and a ``python -m analysis run``) at once would otherwise
rebuild the same tables and reports side by side, and a failure in one could make Make delete a
report the other had just finished. Whoever starts writing a run takes an exclusive
:func:`fcntl.flock` on ``data/processed/.locks/<run>.lock`` and holds it until it ends; a second
one waits for it (printing one line saying so), then finds its work done or does it. The lock
lives beside the run's folder rather than in it, so a run refused for bad input leaves no folder.

The Makefile takes the same lock with ``flock`` (util-linux) around the whole ``make`` and
passes its path to its steps in :data:`ENV`: the ``python -m analysis`` steps of that make run
under their parent's lock (side by side, as Make schedules them) instead of waiting for it. The
kernel drops a flock when its holder dies, so a killed run never leaves a stale lock.

It does leave its temporary files: a run killed while it writes (SIGKILL, power loss) keeps its
hidden ``.staging-*`` folders and ``.*.partial`` files in the run's folders, which the atomic
writes would otherwise have renamed or removed. Whoever takes the lock itself (not a step under a
make's lock, which may run beside a live sibling) removes them first with :func:`sweep_stale`: at
that moment no other writer of the run is alive, so every such file is a dead writer's leftover.
The Makefile does the same once, right after taking the lock and before its steps start
(``python -m analysis sweep``).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from analysis import PROJECT_ROOT
from analysis.paths import shown

ENV = "ANALYSIS_RUN_LOCK"
"""Set by the Makefile to the absolute path of the lock it holds for its run."""

LOCKS_DIR = Path("data") / "processed" / ".locks"


def lock_path(run: str) -> Path:
    """The lock file of a run (its name already checked to be a plain file-name stem)."""
    return PROJECT_ROOT / LOCKS_DIR / f"{run}.lock"


STALE_PATTERNS = (".staging-*", ".*.partial", ".*.partial.ipynb")
"""Temporary names of the atomic writes (:mod:`analysis.pipeline`, :mod:`analysis.engines.dask`,
:mod:`analysis.publish`), directly inside a run's tables or reports folder."""


def run_folders(run: str) -> tuple[Path, Path]:
    """The run's tables folder and reports folder (as :class:`analysis.params.Params` names them)."""
    return PROJECT_ROOT / "data" / "processed" / run, PROJECT_ROOT / "reports" / run


def sweep_stale(run: str) -> int:
    """Remove what killed writers of ``run`` left behind; call only while holding its lock exclusively.

    Prints one line when anything was removed; returns how many folders and files were.
    """
    stale = sorted(
        {path for folder in run_folders(run) if folder.is_dir() for pattern in STALE_PATTERNS for path in folder.glob(pattern)}
    )
    for path in stale:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    if stale:
        folders = sum(1 for path in stale if path.name.startswith(".staging-"))
        print(
            f"[lock] run {run}: removed {folders} staging folder(s) and {len(stale) - folders} partial file(s) "
            "left by an interrupted run",
            file=sys.stderr,
        )
    return len(stale)


def held_by_parent(path: Path) -> bool:
    """True when the process that started this one holds ``path`` (the Makefile says so in :data:`ENV`)."""
    inherited = os.environ.get(ENV, "")
    if not inherited:
        return False
    try:
        return os.path.samefile(inherited, path)
    except OSError:  # the file is gone (``make clean all`` removes data/processed): compare the paths
        return os.path.realpath(inherited) == os.path.realpath(path)


@contextlib.contextmanager
def run_lock(run: str, *, what: str = "python -m analysis") -> Iterator[None]:
    """Hold the run's lock for the body, waiting while another process holds it.

    ``what`` describes this process in the lock file, which the waiting side quotes.
    """
    path = lock_path(run)
    if held_by_parent(path):
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = " ".join(handle.read(200).split()) or "a make"
            print(f"[lock] run {run} is being written by {holder}; waiting for it to finish ({shown(path)})", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} ({what})\n")
        handle.flush()
        try:
            sweep_stale(run)
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


__all__ = ["ENV", "lock_path", "run_lock", "held_by_parent", "sweep_stale"]
