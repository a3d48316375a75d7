"""Command line: ``python -m analysis run --params params/default.yaml`` runs the stages without notebooks.

Other commands are the steps the Makefile uses to execute the notebooks into readable reports.
Every failure a user can cause ends with one line on stderr naming the file and the fix, and exit 2.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys

from analysis.params import InputError, Params, load_params
from analysis.stages import STAGE_TABLES, input_files


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
    report = commands.add_parser("report", help="execute a notebook template into reports/<run>/ as .ipynb and .html")
    report.add_argument("template", help="e.g. notebooks/01-load-corpus.ipynb")
    report.add_argument("--params", required=True)
    index = commands.add_parser("index", help="write reports/<run>/index.html listing the run's reports")
    index.add_argument("--params", required=True)
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "run":
        from analysis.engines import run
        from analysis.engines.readers import is_file_corpus
        from analysis.pipeline import run_all

        if args.jobs < 1:
            raise InputError(f"--jobs {args.jobs}: use 1 or more cores")
        params = with_engine(load_params(args.params), args.engine, args.scheduler)
        stages = tuple(STAGE_TABLES) if args.stage == "all" else (args.stage,)
        if params.engine.name == "local" and not is_file_corpus(params.corpus):
            run_all(params, stages, jobs=args.jobs)
        else:
            run(params, stages, jobs=args.jobs)
    elif args.command == "inputs":
        print("\n".join(input_files(load_params(args.params))))
    elif args.command == "report":
        from analysis.publish import execute_report

        execute_report(args.template, load_params(args.params))
    elif args.command == "index":
        from analysis.publish import write_index

        write_index(load_params(args.params))
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
