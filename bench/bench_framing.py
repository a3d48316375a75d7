"""Time stage 02-compare-framing (sentence_features, build_framing_tables) on the think-tank corpus, optionally A/B against older code.

Run from the project root::

    python bench/bench_framing.py --out docs/benchmarks/framing.md
    python bench/bench_framing.py --out docs/benchmarks/framing.md --before /work/old03e --runs 3

Reads ``thinktank_analysis/articles.jsonl.gz`` from ``../shared/corpora`` (or
``$NEWSFRAMES_CORPORA``), segments it with this tree's corpus stage (not timed), then times the
framing stage alone, ``--runs`` runs: CPU time (user + system, ``time.process_time``) and wall
time of ``sentence_features`` and of ``build_framing_tables`` (1,000 bootstrap draws), medians.

With ``--before TREE`` (a checkout of older code, e.g. ``git worktree add /tmp/old03e 03e30d7``)
the section also gives an A/B: the first ``--documents`` articles, segmented once by this tree's
corpus stage so both trees read the same sentences, timed in a fresh process per run with the
``analysis`` package imported from each tree (the process checks it), interleaved (before,
after, then after, before, ...), each step's median CPU time and the after/before ratio; on a
shared machine wall time mostly measures the other jobs. Skips with a message when the corpus is
absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

COMMAND = "python bench/bench_framing.py --out docs/benchmarks/framing.md"
STEPS = ("sentence_features", "build_framing_tables")
N_BOOTSTRAP = 1000
SEED = 20241022
BUDGET = 0.10
"""Issue 12: the framing stage stays within 10% of its time before (commit 03e30d7) on the think-tank corpus."""


def timed_steps(sentences, documents) -> dict[str, dict[str, float]]:
    """CPU and wall seconds of each step of the framing stage, in this process, with the
    ``analysis`` package first on ``sys.path``."""
    from analysis import framing

    framing.sentence_features(sentences.head(200))  # the lexicons compile once per process: not timed
    timings = {}
    for step in STEPS:
        cpu, wall = time.process_time(), time.perf_counter()
        if step == "sentence_features":
            framing.sentence_features(sentences)
        else:
            framing.build_framing_tables(sentences, documents, n_bootstrap=N_BOOTSTRAP, seed=SEED)
        timings[step] = {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}
    return timings


def child(tree: Path, tables: Path) -> int:
    """One A/B run: the framing stage of ``tree``'s ``analysis`` on the pickled tables; prints JSON."""
    sys.path.insert(0, str(tree))
    import analysis

    where = Path(analysis.__file__).resolve()
    if tree.resolve() not in where.parents:
        print(f"bench_framing: analysis imported from {where}, not from {tree}", file=sys.stderr)
        return 2
    with tables.open("rb") as handle:
        sentences, documents = pickle.load(handle)
    print(json.dumps(timed_steps(sentences, documents)))
    return 0


def first_documents(folder: Path, n_documents: int):
    """The corpus stage's ``sentences`` and ``documents`` of the first ``n_documents`` think-tank
    articles, by this tree's code (the records are written to ``folder``, a temporary folder)."""
    sys.path.insert(0, str(PROJECT_ROOT))
    from analysis.corpus import load_corpus
    from analysis.params import CorpusParams
    from bench.corpora import THINKTANK

    path = folder / "first.jsonl.gz"
    with gzip.open(THINKTANK, "rt", encoding="utf-8") as lines, gzip.open(path, "wt", encoding="utf-8") as out:
        for index, line in enumerate(lines):
            if index >= n_documents:
                break
            out.write(line)
    corpus = load_corpus(CorpusParams(source=str(path)))
    return corpus.sentences, corpus.documents


def ab_runs(before: Path, n_documents: int, runs: int) -> list[str]:
    """Interleaved A/B runs of the framing stage in ``before`` and here, as lines of the section."""
    trees = {"before": before.resolve(), "after": PROJECT_ROOT}
    times: dict[str, list[dict[str, dict[str, float]]]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sentences, documents = first_documents(folder, n_documents)
        tables = folder / "tables.pickle"
        with tables.open("wb") as handle:
            pickle.dump((sentences, documents), handle)
        for index in range(runs):
            for which in ("before", "after") if index % 2 == 0 else ("after", "before"):
                output = subprocess.run(
                    [sys.executable, __file__, "--child", str(trees[which]), "--tables", str(tables)],
                    capture_output=True, text=True, cwd=trees[which], env={**os.environ, "PYTHONPATH": str(trees[which])},
                )
                if output.returncode:
                    sys.stderr.write(output.stderr)
                    raise SystemExit(f"bench_framing: the {which} run in {trees[which]} failed (exit {output.returncode})")
                times[which].append(json.loads(output.stdout.strip().splitlines()[-1]))
                print(f"[bench framing] run {index + 1} {which}: "
                      + ", ".join(f"{s} {times[which][-1][s]['cpu']:.2f} s CPU" for s in STEPS), file=sys.stderr)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=trees["before"], capture_output=True, text=True).stdout.strip() or "?"
    lines = [
        f"### Before and after: A/B against commit {commit}", "",
        "```", f"{COMMAND} --before <checkout of {commit}> --documents {n_documents} --runs {runs}", "```", "",
        f"The first {n_documents} articles of the corpus ({len(sentences)} sentences), segmented once by this tree's corpus "
        f"stage; each run a fresh process with the `analysis` package of one tree, before and after interleaved, {runs} runs "
        "each. CPU time (user + system, `time.process_time`), median; the ratio is after / before.", "",
        "| step | before: median CPU (s) | after: median CPU (s) | after / before | before, each run (s) | after, each run (s) |",
        "|---|---|---|---|---|---|",
    ]
    for step in STEPS:
        values = {which: [run[step]["cpu"] for run in times[which]] for which in times}
        medians = {which: statistics.median(v) for which, v in values.items()}
        lines.append(
            f"| {step} | {medians['before']:.2f} | {medians['after']:.2f} | {medians['after'] / medians['before']:.2f} | "
            f"{', '.join(f'{v:.2f}' for v in values['before'])} | {', '.join(f'{v:.2f}' for v in values['after'])} |"
        )
    stage = {which: [run["build_framing_tables"]["cpu"] for run in times[which]] for which in times}
    ratio = statistics.median(stage["after"]) / statistics.median(stage["before"])
    spread = max(stage["before"]) / min(stage["before"])
    lines += ["", f"`build_framing_tables` is the framing stage (it runs `sentence_features` inside): its CPU time after is "
              f"{ratio:.2f} times that before ({'within' if ratio <= 1 + BUDGET else 'over'} the {BUDGET:.0%} budget of issue 12); "
              f"between runs of the same code before, the largest CPU time was {spread:.2f} times the smallest.", ""]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "benchmarks" / "framing.md")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="a checkout of older code to compare with (A/B, CPU time)")
    parser.add_argument("--documents", type=int, default=300, help="A/B: the first this many think-tank articles")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tables", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.tables)
    sys.path.insert(0, str(PROJECT_ROOT))
    from analysis.corpus import load_corpus
    from analysis.params import CorpusParams
    from bench.corpora import THINKTANK, machine, missing_message

    skip = missing_message(THINKTANK)
    if skip:
        print(f"bench_framing: {skip}")
        return 0
    if args.before and not (args.before / "analysis").is_dir():
        print(f"bench_framing: {args.before}: no analysis package there; give a checkout of the project (--before)", file=sys.stderr)
        return 2
    corpus = load_corpus(CorpusParams(source=str(THINKTANK)))
    sentences, documents = corpus.sentences, corpus.documents
    n_chars = int(sentences["text"].str.len().sum())
    runs = [timed_steps(sentences, documents) for _ in range(args.runs)]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    command = COMMAND + (f" --before {args.before} --documents {args.documents} --runs {args.runs}" if args.before else "")
    lines = [
        "## Framing stage (02-compare-framing)", "",
        "```", command, "```", "",
        f"Machine: {machine()}. Corpus: `{THINKTANK.name}`, {len(documents)} documents, "
        f"{len(sentences)} sentences, {n_chars / 1e6:.1f} million characters of sentence text.", "",
        f"| step | median CPU of {args.runs} runs (s) | median wall of {args.runs} runs (s) | sentences per CPU second |",
        "|---|---|---|---|",
    ]
    for step in STEPS:
        cpu = statistics.median(run[step]["cpu"] for run in runs)
        wall = statistics.median(run[step]["wall"] for run in runs)
        name = f"{step} (n_bootstrap={N_BOOTSTRAP})" if step == "build_framing_tables" else step
        lines.append(f"| {name} | {cpu:.1f} | {wall:.1f} | {len(sentences) / cpu:,.0f} |")
    lines += ["", f"Peak resident memory of the whole process (corpus loading included): {peak:,.0f} MiB "
              "(`resource.getrusage` ru_maxrss).", ""]
    if args.before:
        lines += ab_runs(args.before, args.documents, args.runs)
    text = "\n".join(lines)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
