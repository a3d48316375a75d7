"""Corpus-stage limits: a 20 MB article, a 2 MB line without spaces, and the think-tank corpus stage (optionally A/B against older code).

Each case runs in a fresh process (so its peak RSS is its own) on a text this script makes (never
a shared corpus's text): a 20 MB article of paragraphs with markdown, timestamps, captions and
credits mixed in (a caption before each credit, as news pages print them: the caption rule takes
it), and a 2 MB line of one character without a space. The think-tank corpus stage is timed
as ``python -m analysis run --params params/thinktank.yaml --stage corpus`` runs it.

With ``--before TREE`` (a checkout of older code, e.g. ``git worktree add /tmp/old3cc 3cc802d``), that
command runs ``--runs`` times in each tree, interleaved (before, after, then after, before, ...), each
in a fresh process tree, and the section gives the median CPU time (user + system of the command and
its worker processes, ``resource.getrusage(RUSAGE_CHILDREN)``: on a shared machine wall time mostly
measures the other jobs) and wall time of each, their ratio, and whether the two trees' tables are
identical (md5 of ``documents.csv``, ``sentences.csv``, ``removed_spans.csv`` and the clean texts).
Both trees read the same params: ``params/thinktank.yaml`` with the corpus path made absolute.

Run from the project root::

    python bench/bench_corpus.py --out docs/benchmarks/corpus.md
    python bench/bench_corpus.py --out docs/benchmarks/corpus.md --before /tmp/old3cc --runs 3
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from bench.corpora import THINKTANK, machine, missing_message  # noqa: E402

COMMAND = "python bench/bench_corpus.py --out docs/benchmarks/corpus.md"
PARAGRAPH = (
    "Paragraph {i}: officials said that about {i} troops had moved {k} km towards the river on Monday, "
    "according to the [ministry](https://example.org/{i}) and **two** agencies. Smoke rose over the river. "
    "Photograph: Jo Bloggs/Agency"
)


def big_article(megabytes: float) -> str:
    """About ``megabytes`` MB of paragraphs, one per line, with furniture inside some."""
    lines, size, i = [], 0, 0
    while size < megabytes * 1_000_000:
        line = PARAGRAPH.format(i=i, k=i % 97)
        if i % 10 == 0:
            line = f"1 Mar 202214.{i % 60:02d} {line}"
        lines.append(line)
        size += len(line) + 1
        i += 1
    return "\n".join(lines)


def measure(case: str) -> dict[str, float]:
    """One case in this process: wall time of the corpus stage's build, peak RSS, text size."""
    from analysis.corpus import Article, build_corpus, read_boilerplate_rules
    from analysis.lexicons import LEXICON_DIR

    text = big_article(20) if case == "article_20mb" else "x" * 2_000_000
    rules = read_boilerplate_rules(LEXICON_DIR / "boilerplate.txt")
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    corpus = build_corpus([Article("big", text, {"genre": ""}, "bench")], rules)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "peak_rss_mb": peak,
        "rss_before_mb": baseline,
        "text_mb": len(text.encode("utf-8")) / 1e6,
        "paragraphs": int(corpus.documents["n_paragraphs"].iloc[0]),
        "sentences": len(corpus.sentences),
    }


def run_case(case: str) -> dict[str, float]:
    output = subprocess.run([sys.executable, __file__, "--case", case], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT)
    return json.loads(output.stdout.strip().splitlines()[-1])


def thinktank_stage() -> dict[str, float] | None:
    if missing_message(THINKTANK):
        return None
    output = subprocess.run(
        [sys.executable, "bench/measure_stage.py", "stage", "--params", "params/thinktank.yaml", "--stage", "corpus", "--jobs", "2"],
        capture_output=True, text=True, check=True, cwd=PROJECT_ROOT,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


STAGE_COMMAND = "python -m analysis run --params params/thinktank.yaml --stage corpus"
TABLES = ("documents.csv", "sentences.csv", "removed_spans.csv")


def absolute_params(folder: Path) -> Path:
    """``params/thinktank.yaml`` with its corpus path made absolute, so a checkout elsewhere reads the same corpus."""
    text = (PROJECT_ROOT / "params" / "thinktank.yaml").read_text(encoding="utf-8")
    path = folder / "thinktank.yaml"
    path.write_text(text.replace("source: ../shared/corpora/thinktank_analysis/articles.jsonl.gz", f"source: {THINKTANK}"), encoding="utf-8")
    return path


def timed_stage(tree: Path, params: Path) -> dict[str, float]:
    """The corpus stage run in ``tree`` in a fresh process: CPU seconds of it and its workers, wall seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "analysis", "run", "--params", str(params), "--stage", "corpus"],
        cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, check=True, capture_output=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"cpu": cpu, "wall": wall}


def tables_digest(tree: Path) -> dict[str, str]:
    """md5 of each corpus-stage table the run in ``tree`` wrote, and of its clean texts in file-name order."""
    folder = tree / "data" / "processed" / "thinktank"
    digests = {name: hashlib.md5((folder / name).read_bytes()).hexdigest() for name in TABLES}
    clean = hashlib.md5()
    for path in sorted((folder / "clean").iterdir()):
        clean.update(path.name.encode() + b"\0" + path.read_bytes())
    digests["clean/"] = clean.hexdigest()
    return digests


def ab_runs(before_tree: Path, runs: int) -> list[str]:
    """Interleaved runs of the corpus stage in ``before_tree`` and here, as lines of the section."""
    times: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    trees = {"before": before_tree.resolve(), "after": PROJECT_ROOT}
    with tempfile.TemporaryDirectory() as folder:
        params = absolute_params(Path(folder))
        for index in range(runs):
            order = ("before", "after") if index % 2 == 0 else ("after", "before")
            for which in order:
                times[which].append(timed_stage(trees[which], params))
                print(f"[bench corpus] run {index + 1} {which}: {times[which][-1]['cpu']:.1f} s CPU", file=sys.stderr)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=trees["before"], capture_output=True, text=True).stdout.strip() or "?"
    digests = {which: tables_digest(tree) for which, tree in trees.items()}
    differ = [name for name in digests["after"] if digests["after"][name] != digests["before"][name]]
    median = {which: {key: statistics.median(run[key] for run in times[which]) for key in ("cpu", "wall")} for which in times}
    ratio = median["after"]["cpu"] / median["before"]["cpu"]
    each = "; ".join(which + " " + ", ".join(f"{run['cpu']:.1f}" for run in times[which]) for which in ("before", "after"))
    return [
        "",
        f"Before and after, interleaved (`{STAGE_COMMAND}` in a checkout of commit {commit} and here, same environment, "
        f"same params with the corpus path made absolute, {runs} runs each alternating which goes first; shared machine, "
        "so CPU time, user + system of the command and its worker processes):",
        "",
        "| code | median CPU s | median wall s |",
        "|---|---:|---:|",
        f"| before ({commit}) | {median['before']['cpu']:.1f} | {median['before']['wall']:.1f} |",
        f"| after (this tree) | {median['after']['cpu']:.1f} | {median['after']['wall']:.1f} |",
        "",
        f"After / before, median CPU: **{ratio:.2f}x** (issue 17's aim: within 10%, at most 1.10x). Each run's CPU s: {each}. "
        + ("Tables identical (md5 of documents, sentences, removed spans and clean texts)." if not differ else f"Tables differ: {', '.join(differ)} (rule changes of this tree).")
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/benchmarks/corpus.md")
    parser.add_argument("--before", type=Path, help="a checkout of older code to run the think-tank corpus stage against, interleaved")
    parser.add_argument("--runs", type=int, default=3, help="runs of each tree with --before (default 3; the median is given)")
    parser.add_argument("--case", choices=["article_20mb", "line_2mb"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(measure(args.case)))
        return
    cases = {case: run_case(case) for case in ("article_20mb", "line_2mb")}
    lines = [
        "## Corpus stage limits",
        "",
        f"Produced by `{COMMAND}{f' --before {args.before} --runs {args.runs}' if args.before else ''}` on {machine()} "
        "(shared machine: other sessions' work runs beside it, so timings are noisy).",
        "",
        "| case | text MB | paragraphs | sentences | seconds | peak RSS MB | RSS before the build MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for case, r in cases.items():
        lines.append(
            f"| {case} | {r['text_mb']:.1f} | {r['paragraphs']:,} | {r['sentences']:,} | {r['seconds']:.1f} | {r['peak_rss_mb']:.0f} | {r['rss_before_mb']:.0f} |"
        )
    stage = thinktank_stage()
    if stage:
        lines += [
            "",
            f"Think-tank corpus stage (`python -m analysis run --params params/thinktank.yaml --stage corpus`, 2 processes): "
            f"{stage['seconds']:.1f} s wall, peak RSS {stage['peak_rss_mb']:.0f} MB.",
        ]
        if args.before:
            lines += ab_runs(args.before, args.runs)
    out = PROJECT_ROOT / args.out
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
