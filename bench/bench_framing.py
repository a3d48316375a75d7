"""Time stage 02-compare-framing (analysis.framing.build_framing_tables) on a large real corpus.

Run from the project root::

    python bench/bench_framing.py --out docs/benchmarks/framing.md

Reads ``thinktank_analysis/articles.jsonl.gz`` from ``../shared/corpora`` (or
``$NEWSFRAMES_CORPORA``), segments it with analysis.corpus (not timed), then times the framing
stage alone, a median of ``--runs`` runs. Skips with a message when the corpora are absent.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from analysis import framing  # noqa: E402
from analysis.corpus import load_corpus  # noqa: E402
from analysis.params import CorpusParams  # noqa: E402
from bench.corpora import THINKTANK, machine, missing_message  # noqa: E402

COMMAND = "python bench/bench_framing.py --out docs/benchmarks/framing.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "benchmarks" / "framing.md")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    skip = missing_message(THINKTANK)
    if skip:
        print(f"bench_framing: {skip}")
        return 0
    corpus = load_corpus(CorpusParams(source=str(THINKTANK)))
    sentences, documents = corpus.sentences, corpus.documents
    n_chars = int(sentences["text"].str.len().sum())
    timings = {"sentence_features": [], "build_framing_tables (n_bootstrap=1000)": []}
    for _ in range(args.runs):
        start = time.perf_counter()
        framing.sentence_features(sentences)
        timings["sentence_features"].append(time.perf_counter() - start)
        start = time.perf_counter()
        framing.build_framing_tables(sentences, documents, n_bootstrap=1000)
        timings["build_framing_tables (n_bootstrap=1000)"].append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    lines = [
        "## Framing stage (02-compare-framing)", "",
        "```", COMMAND, "```", "",
        f"Machine: {machine()}. Corpus: `{THINKTANK.name}`, {len(documents)} documents, "
        f"{len(sentences)} sentences, {n_chars / 1e6:.1f} million characters of sentence text.", "",
        f"| step | median of {args.runs} runs (s) | sentences per second |", "|---|---|---|",
    ]
    for step, values in timings.items():
        median = statistics.median(values)
        lines.append(f"| {step} | {median:.1f} | {len(sentences) / median:,.0f} |")
    lines += ["", f"Peak resident memory of the whole process (corpus loading included): {peak:,.0f} MiB "
              "(`resource.getrusage` ru_maxrss).", ""]
    text = "\n".join(lines)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
