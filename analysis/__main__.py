"""Command line: ``python -m analysis run --params params/default.yaml`` runs the stages without notebooks.

Other commands are the steps the Makefile uses to execute the notebooks into readable reports.
Every failure a user can cause ends with one line on stderr naming the file and the fix, and exit 2.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from analysis.locking import held_by_parent, lock_path, run_lock, sweep_stale
from analysis.params import InputError, Params, load_params
from analysis.stages import STAGE_TABLES, input_files, table_suffix


MAX_JOBS = 64
"""More processes than this would only contend (and each holds a copy of the corpus)."""


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run pipeline stages and write their tables to data/processed/<run>/")
    run.add_argument("--params", required=True, help="params file, e.g. params/default.yaml")
    run.add_argument("--stage", choices=[*STAGE_TABLES, "all"], default="all", help="one stage, or all (default)")
    run.add_argument("--jobs", type=int, default=2, help="cores to use (default 2); the tables never depend on it")
    run.add_argument("--engine", choices=["local", "dask"], help="where to run (default: the params' engine.name, local)")
    run.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler, e.g. tcp://host:8786 (implies --engine dask)")
    inputs = commands.add_parser("inputs", help="list the input files a run reads (for the Makefile's dependencies)")
    inputs.add_argument("--params", required=True)
    inputs.add_argument("--table-suffix", action="store_true", help="first print the suffix of the run's tables (.csv or .parquet)")
    report = commands.add_parser("report", help="execute a notebook template into reports/<run>/ as .ipynb and .html")
    report.add_argument("template", help="e.g. notebooks/01-load-corpus.ipynb")
    report.add_argument("--params", required=True)
    index = commands.add_parser("index", help="write reports/<run>/index.html listing the run's reports")
    index.add_argument("--params", required=True)
    sweep = commands.add_parser("sweep", help="remove the temporary files a killed run left in data/processed/<run>/ and reports/<run>/")
    sweep.add_argument("--params", required=True)
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: the tables and reports written before stay complete; run again to finish", file=sys.stderr)
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "run":
        from analysis.engines import is_file_corpus, run
        from analysis.pipeline import run_all

        if not 1 <= args.jobs <= MAX_JOBS:
            raise InputError(f"--jobs {args.jobs}: use 1 to {MAX_JOBS} cores")
        params = with_engine(load_params(args.params), args.engine, args.scheduler)
        stages = tuple(STAGE_TABLES) if args.stage == "all" else (args.stage,)
        with run_lock(params.run, what=f"python -m analysis run --stage {args.stage}"):
            if params.engine.name == "local" and not is_file_corpus(params.corpus):
                run_all(params, stages, jobs=args.jobs)
            else:
                run(params, stages, jobs=args.jobs)
    elif args.command == "inputs":
        params = load_params(args.params)
        print("\n".join([table_suffix(params)] * args.table_suffix + input_files(params)))
    elif args.command == "report":
        from analysis.publish import execute_report

        params = load_params(args.params)
        if not Path(args.template).is_file() or not args.template.endswith(".ipynb"):
            raise InputError(f"{args.template}: no such notebook template; pick one of notebooks/*.ipynb")
        with run_lock(params.run, what=f"python -m analysis report {args.template}"):
            execute_report(args.template, params)
    elif args.command == "index":
        from analysis.publish import write_index

        params = load_params(args.params)
        with run_lock(params.run, what="python -m analysis index"):
            write_index(params)
    elif args.command == "sweep":
        params = load_params(args.params)
        with run_lock(params.run, what="python -m analysis sweep"):  # taking the lock sweeps
            if held_by_parent(lock_path(params.run)):  # the Makefile, before any of its steps starts
                sweep_stale(params.run)
    return 0


def with_engine(params: Params, engine: str | None, scheduler: str | None) -> Params:
    """The params with ``--engine`` / ``--scheduler`` put over the params file's ``engine`` keys."""
    settings = params.engine
    if scheduler:
        settings = dataclasses.replace(settings, name="dask", scheduler=scheduler)
    if engine:
        settings = dataclasses.replace(settings, name=engine)
    if settings.name == "local" and scheduler:
        raise InputError(f"--scheduler {scheduler} needs the dask engine; leave out --engine local")
    return dataclasses.replace(params, engine=settings)


if __name__ == "__main__":
    sys.exit(main())
