"""Time stage 02-compare-framing (analysis.framing.build_framing_tables) on a large real corpus.

Run from the project root::

    python bench/bench_framing.py --out docs/benchmarks/framing.md

Reads ``thinktank_analysis/articles.jsonl.gz`` from ``../shared/corpora`` (or
``$NEWSFRAMES_CORPORA``), segments it with analysis.corpus (not timed), then times the framing
stage alone, a median of ``--runs`` runs. Skips with a message when the corpora are absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from analysis import framing  # noqa: E402
from analysis.corpus import Article, build_corpus  # noqa: E402

COMMAND = "python bench/bench_framing.py --out docs/benchmarks/framing.md"
CORPUS = "thinktank_analysis/articles.jsonl.gz"


def corpora_dir() -> Path:
    return Path(os.environ.get("NEWSFRAMES_CORPORA", PROJECT_ROOT.parent / "shared" / "corpora"))


def read_articles(path: Path) -> list[Article]:
    articles = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            record = json.loads(line)
            if (record.get("text") or "").strip():
                doc_id = f"t{number:05d}"
                articles.append(Article(doc_id, record["text"], {"doc_id": doc_id, "genre": ""}, f"{path.name}:{number}"))
    return articles


def memory_total() -> str:
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        return f"{pages * size / 2**30:.1f} GiB"
    except (ValueError, OSError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "benchmarks" / "framing.md")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    path = corpora_dir() / CORPUS
    if not path.is_file():
        print(f"bench_framing: skipped, no corpus at {path} (set NEWSFRAMES_CORPORA to point elsewhere)")
        return 0
    corpus = build_corpus(read_articles(path), [])
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
        f"Machine: {os.cpu_count()} cores, {memory_total()} memory. Corpus: `{CORPUS}`, {len(documents)} documents, "
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
