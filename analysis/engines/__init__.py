"""Where the pipeline runs: ``local`` (default) or ``dask`` (a dask.distributed cluster).

Public functions:

- :func:`run` runs the chosen stages on the engine the params (or ``--engine``) choose;
- :func:`analysis.engines.local.run_local` and :func:`analysis.engines.dask.run_dask` are the two engines;
- :mod:`analysis.engines.readers` reads a corpus as partitions (globs of ``.jsonl``, ``.jsonl.gz``, ``.parquet``);
- :mod:`analysis.engines.combine` joins per-partition pieces into the stages' tables;
- :mod:`analysis.engines.stagefuncs` is the one place the stages' functions are imported.

Both engines write the same tables (``tests/test_engines.py``); see README "Running on a cluster".
"""

from __future__ import annotations

import glob

from analysis.params import CorpusParams, Params


def is_file_corpus(params: CorpusParams) -> bool:
    """True when ``corpus.source`` is a glob or a Parquet file (which only the engines read).

    Here rather than in :mod:`analysis.engines.readers` because ``python -m analysis run`` asks it
    before every run: importing the readers imports every stage's code (:mod:`analysis.engines.stagefuncs`),
    about a second of CPU that a corpus-stage run of the local engine never uses.
    """
    return glob.has_magic(params.source) or params.source.endswith(".parquet")


def run(params: Params, stages: tuple[str, ...], jobs: int = 2) -> None:
    """Run ``stages`` (in pipeline order) with ``params.engine.name``."""
    if params.engine.name == "dask":
        from analysis.engines.dask import run_dask

        run_dask(params, stages)
    else:
        from analysis.engines.local import run_local

        run_local(params, stages, jobs)


__all__ = ["is_file_corpus", "run"]
