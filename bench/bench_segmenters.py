"""Compare sentence segmenters on speed and on the cases our texts contain.

Run: ``python bench/bench_segmenters.py --out docs/benchmarks/segmenters.md`` (part of ``make bench``).
Speed is measured on the BBC corpus (skipped when absent); the cases come from the seed articles
(curly quotes, "U.S.", ellipses, headings without a final stop, text glued across a missing space).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import blingfire  # noqa: E402
import pysbd  # noqa: E402
import sentencex  # noqa: E402
import syntok.segmenter as syntok  # noqa: E402

from analysis import PROJECT_ROOT  # noqa: E402
from analysis.paths import shown  # noqa: E402
from analysis.corpus import segment  # noqa: E402
from bench.corpora import BBC, machine, missing_message, read_texts  # noqa: E402

CASES = [
    ("He called them “meat soldiers.” Then he left.", ["He called them “meat soldiers.”", "Then he left."]),
    ("U.S. officials spoke on Tuesday. They said more.", ["U.S. officials spoke on Tuesday.", "They said more."]),
    ("It was frightening.North Korea sent troops.", ["It was frightening.", "North Korea sent troops."]),
    ("It supports Putin’s war… It is sending shells.", ["It supports Putin’s war…", "It is sending shells."]),
    ("It sends ammunition… including shells.", ["It sends ammunition… including shells."]),
    ("Troops still deployed\nAccording to HUR, thousands fight.", ["Troops still deployed", "According to HUR, thousands fight."]),
]


def with_pysbd(text: str) -> list[str]:
    return [s.strip() for s in pysbd.Segmenter(language="en", clean=False).segment(text) if s.strip()]


def with_syntok(text: str) -> list[str]:
    return ["".join(t.spacing + t.value for t in sentence).strip() for paragraph in syntok.process(text) for sentence in paragraph]


def with_blingfire(text: str) -> list[str]:
    return [s for s in blingfire.text_to_sentences(text).split("\n") if s]


def with_sentencex(text: str) -> list[str]:
    return [s.strip() for s in sentencex.segment("en", text) if s.strip()]


def with_ours(text: str) -> list[str]:
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    joined = "\n\n".join(paragraphs)
    return [joined[start:end] for _, start, end, _ in segment(paragraphs)]


SEGMENTERS: dict[str, Callable[[str], list[str]]] = {
    "pysbd": with_pysbd,
    "syntok": with_syntok,
    "blingfire": with_blingfire,
    "sentencex": with_sentencex,
    "sentencex per paragraph + ellipsis rule (ours)": with_ours,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/benchmarks/segmenters.md")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    skip = missing_message(BBC)
    sample = "\n".join(read_texts(BBC, 300)) if not skip else ""
    megabytes = len(sample.encode("utf-8")) / 1e6
    lines = [
        "## Sentence segmenters",
        "",
        f"Command: `python bench/bench_segmenters.py --out {args.out}`. Machine: {machine()}.",
        f"Speed: median of {args.repeats} runs over the first 300 BBC articles ({megabytes:.2f} MB)." if not skip else skip,
        "",
        f"| segmenter | cases right (of {len(CASES)}) | MB/s |",
        "|---|---:|---:|",
    ]
    for name, function in SEGMENTERS.items():
        right = sum(function(text) == expected for text, expected in CASES)
        speed = "n/a"
        if sample:
            times = []
            for _ in range(args.repeats):
                started = time.perf_counter()
                function(sample)
                times.append(time.perf_counter() - started)
            speed = f"{megabytes / statistics.median(times):.1f}"
        lines.append(f"| {name} | {right} | {speed} |")
    lines += ["", "Cases: " + "; ".join(f"“{text}”" for text, _ in CASES).replace("\n", " ⏎ ") + "."]
    out = PROJECT_ROOT / args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {shown(out)}")


if __name__ == "__main__":
    main()
