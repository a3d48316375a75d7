"""Corpus-stage limits: a 20 MB article, a 2 MB line without spaces, and the think-tank corpus stage.

Each case runs in a fresh process (so its peak RSS is its own) on a text this script makes (never
a shared corpus's text): a 20 MB article of about 38,000 paragraphs with markdown, timestamps and
credits mixed in, and a 2 MB line of one character without a space. The think-tank corpus stage is
timed as ``python -m analysis run --params params/thinktank.yaml --stage corpus`` runs it.

Run from the project root::

    python bench/bench_corpus.py --out docs/benchmarks/corpus.md
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from bench.corpora import THINKTANK, machine, missing_message  # noqa: E402

COMMAND = "python bench/bench_corpus.py --out docs/benchmarks/corpus.md"
PARAGRAPH = (
    "Paragraph {i}: officials said that about {i} troops had moved {k} km towards the river on Monday, "
    "according to the [ministry](https://example.org/{i}) and **two** agencies. Photograph: Jo Bloggs/Agency"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/benchmarks/corpus.md")
    parser.add_argument("--case", choices=["article_20mb", "line_2mb"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(measure(args.case)))
        return
    cases = {case: run_case(case) for case in ("article_20mb", "line_2mb")}
    lines = [
        "## Corpus stage limits",
        "",
        f"Produced by `{COMMAND}` on {machine()} (shared with other work: timings are noisy).",
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
            f"{stage['seconds']:.1f} s, peak RSS {stage['peak_rss_mb']:.0f} MB.",
        ]
    out = PROJECT_ROOT / args.out
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
