"""Benchmark the estimates extractor against quantulum3, in one run.

Usage (from the project root)::

    python bench/bench_estimates.py --out docs/benchmarks/estimates.md

Measures, each timing a median of several interleaved runs on CPU time (``bench/timing.py``;
wall time beside it):

1. precision and recall of both tools on the seed gold table ``tests/data/seed_estimates_gold.csv``
   (raw seed texts; ours must match the gold interval exactly, quantulum3 is counted generously:
   a quantity overlapping a gold surface whose value lies in the gold interval);
2. throughput in MB of UTF-8 text per second on ``bbc_news_2225/articles.jsonl``: both tools on
   the same fixed sample (the first ``--sample`` articles; ours as the extractor per article and
   as the whole stage on the sample's sentence table), ours also on the full corpus; peak
   memory of ours on the full corpus (tracemalloc) and of the process (ru_maxrss);
3. what ours finds on the full corpus (counts only: the corpus is held out, not read for tuning).

The corpora folder is ``<project root>/../shared/corpora`` unless ``NEWSFRAMES_CORPORA`` names
another; when it is absent the throughput parts are skipped with a message. quantulum3 is the
optional ``bench`` extra; without it its columns say "not installed".
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import sys
import tracemalloc
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.corpus import segment  # noqa: E402
from analysis.estimates import build_estimate_tables, extract, extract_all, gold_scores, locate_gold  # noqa: E402
from bench.corpora import BBC, machine, missing_message, read_texts  # noqa: E402
from bench.timing import Timing, interleaved, ratio  # noqa: E402

GOLD = ROOT / "tests/data/seed_estimates_gold.csv"
SEEDS = ROOT / "data/raw/articles"


def load_quantulum() -> tuple[Callable[[str], list] | None, str]:
    """quantulum3's parser (None when the optional dependency is missing) and how it runs.

    quantulum3 disambiguates units with a pickled scikit-learn model; when that pickle does not
    load under the installed scikit-learn, the parser is switched to quantulum3's own
    dictionary mode (``classifier.USE_CLF = False``, what it does when scikit-learn is absent).
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import classifier, parser
    except ImportError:
        return None, "not installed"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parser.parse("It weighs 5 pounds and costs 5 pounds.")
        return parser.parse, "with its unit classifier"
    except Exception as error:  # the pickled model fails in many ways across sklearn versions
        classifier.USE_CLF = False
        return parser.parse, f"without its unit classifier (the shipped model does not load: {type(error).__name__})"


def seed_texts() -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def read_gold(texts: dict[str, str]) -> pd.DataFrame:
    gold = pd.read_csv(GOLD, dtype={"doc_id": str}, keep_default_na=False,
                       na_values={"value_low": [""], "value_high": [""]})
    return locate_gold(gold, texts)


def ours_on_seeds(texts: dict[str, str]) -> pd.DataFrame:
    rows = [{"doc_id": d, **dataclasses.asdict(e)} for d, t in texts.items() for e in extract(t)]
    return pd.DataFrame(rows)


def quantulum_on_seeds(parse: Callable[[str], list], texts: dict[str, str]) -> pd.DataFrame:
    rows = []
    for doc_id, text in texts.items():
        for q in parse(text):
            rows.append({"doc_id": doc_id, "char_start": q.span[0], "char_end": q.span[1], "surface": q.surface,
                         "value_low": float(q.value), "value_high": float(q.value)})
    return pd.DataFrame(rows, columns=["doc_id", "char_start", "char_end", "surface", "value_low", "value_high"])


def megabytes(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def gold_section(parse: Callable[[str], list] | None, lines: list[str]) -> None:
    texts = seed_texts()
    gold = read_gold(texts)
    ours = ours_on_seeds(texts)
    mine = gold_scores(ours, gold, "exact")
    generous = gold_scores(ours, gold, "within")
    theirs = gold_scores(quantulum_on_seeds(parse, texts), gold, "within") if parse else None
    lines += [
        "### Seed gold: precision and recall",
        "",
        f"Gold: `{GOLD.relative_to(ROOT)}`, {len(gold)} estimates hand-annotated in the 5 seed texts before the "
        "rules were written (see `tests/data/seed_estimates_gold.README.md`). The rules were developed while "
        "reading the same texts, so ours is an in-sample figure; quantulum3 never saw them.",
        "",
        "| tool | match rule | found | matched | precision | recall | F1 | qualifier | counted | category | cited source |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        _gold_row("ours", "span overlap + same interval", mine),
        _gold_row("ours", "span overlap + value in gold interval", generous),
    ]
    if theirs:
        lines.append(_gold_row("quantulum3", "span overlap + value in gold interval", theirs, fields=False))
    else:
        lines.append("| quantulum3 | not installed | | | | | | | | | |")
    lines += ["", "Field columns are shares of matched estimates with the gold value (cited source: one string "
              "contains the other, case-folded); quantulum3 gives no qualifier, counted noun or source.", ""]


def _gold_row(tool: str, rule: str, s: dict[str, float], fields: bool = True) -> str:
    extra = [fmt(s.get(k)) if fields else "none" for k in
             ("qualifier_accuracy", "counted_accuracy", "category_accuracy", "cited_source_accuracy")]
    return (f"| {tool} | {rule} | {int(s['n_found'])} | {int(s['n_matched'])} | {s['precision']:.2f} | "
            f"{s['recall']:.2f} | {s['f1']:.2f} | " + " | ".join(extra) + " |")


def sentence_table(texts: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sentence and document tables the estimates stage reads, for plain texts: each non-empty
    line a paragraph, sentences from the corpus stage's segmenter (:func:`analysis.corpus.segment`),
    offsets into the paragraphs joined by a blank line (as the corpus stage stores them)."""
    rows = []
    for number, text in enumerate(texts):
        paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
        joined = "\n\n".join(paragraphs)
        for sentence_id, (_, start, end, _) in enumerate(segment(paragraphs)):
            rows.append({"doc_id": f"bbc{number:04d}", "sentence_id": sentence_id, "char_start": start,
                         "char_end": end, "text": joined[start:end]})
    sentences = pd.DataFrame(rows, columns=["doc_id", "sentence_id", "char_start", "char_end", "text"])
    return sentences, pd.DataFrame({"doc_id": [f"bbc{number:04d}" for number in range(len(texts))]})


def throughput_section(parse: Callable[[str], list] | None, sample: int, runs: int, lines: list[str]) -> None:
    lines += ["### Throughput on bbc_news_2225", ""]
    message = missing_message(BBC)
    if message:
        print(message, file=sys.stderr)
        lines += [message, ""]
        return
    texts = read_texts(BBC)
    head = texts[:sample]
    sentences, documents = sentence_table(head)
    # All tools are timed on the same sample, interleaved (each run times every tool once, in
    # turn), on CPU time: a busy shared machine slows them alike and inflates wall time unevenly.
    tools: dict[str, Callable[[], object]] = {
        "extractor": lambda: [extract_all(t) for t in head],
        "stage": lambda: build_estimate_tables(sentences, documents),
    }
    if parse:
        tools["quantulum3"] = lambda: [parse(t) for t in head]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for tool in tools.values():  # warm up: compile patterns, load models
            tool()
        timed = interleaved(tools, runs)
    full = interleaved({"extractor": lambda: [extract_all(t) for t in texts]}, runs)["extractor"]
    mb_head, mb_all = megabytes(head), megabytes(texts)
    tracemalloc.start()
    for text in texts:
        extract_all(text)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    theirs = timed.get("quantulum3")
    lines += [
        "| tool | texts | MB | median CPU seconds | median wall seconds | MB/s (CPU) |",
        "|---|---|---|---|---|---|",
        _throughput_row("ours, extractor (`extract_all` per article)", f"first {len(head)}", mb_head, timed["extractor"]),
        _throughput_row(f"ours, whole stage ({len(sentences):,} sentences in, tables out)", f"first {len(head)}",
                        mb_head, timed["stage"]),
        _throughput_row("quantulum3 (`parse` per article)", f"first {len(head)}", mb_head, theirs) if theirs
        else f"| quantulum3 | first {len(head)} | {mb_head:.2f} | not installed | | |",
        _throughput_row("ours, extractor", f"all {len(texts)}", mb_all, full),
        "",
    ]
    if theirs:
        extractor_x, extractor_wall = ratio(theirs, timed["extractor"])
        stage_x, stage_wall = ratio(theirs, timed["stage"])
        met = "met" if min(extractor_x, stage_x) >= 100 else "not met"
        lines += [f"Speed-up of ours over quantulum3 on the same sample, CPU time: extractor **{extractor_x:.0f}x**, "
                  f"whole stage **{stage_x:.0f}x** (wall time: {extractor_wall:.0f}x and {stage_wall:.0f}x; "
                  f"target: at least 100x, {met}). The stage's sentences come from the corpus stage's segmenter "
                  "(not timed); the extractor also splits sentences itself."]
    lines += [f"Peak memory traced while ours runs over the full corpus (tracemalloc): {peak:.1f} MB.", ""]
    corpus_counts(texts, lines)


def _throughput_row(tool: str, texts: str, mb: float, timing: Timing) -> str:
    return f"| {tool} | {texts} | {mb:.2f} | {timing.cpu:.3f} | {timing.wall:.3f} | {mb / timing.cpu:.2f} |"


def corpus_counts(texts: list[str], lines: list[str]) -> None:
    """What ours finds on the held-out corpus: counts only, for scale (nobody tuned on it)."""
    categories, qualifiers, reasons = Counter(), Counter(), Counter()
    sourced = 0
    for text in texts:
        found, dropped = extract_all(text)
        categories.update(e.category for e in found)
        qualifiers.update(e.qualifier for e in found)
        reasons.update(x.reason for x in dropped)
        sourced += sum(1 for e in found if e.cited_source)
    total = sum(categories.values())
    lines += [
        f"On the full corpus ours finds {total} estimates ({sourced} with a cited source) and "
        f"{sum(reasons.values())} excluded numbers.",
        "",
        "- by category: " + ", ".join(f"{k} {v}" for k, v in sorted(categories.items())),
        "- by qualifier: " + ", ".join(f"{k} {v}" for k, v in sorted(qualifiers.items())),
        "- excluded by reason: " + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items())),
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--out", type=Path, help="Markdown file to write (default: print)")
    args.add_argument("--runs", type=int, default=5, help="timed runs per figure (median reported)")
    args.add_argument("--sample", type=int, default=200, help="articles in the shared throughput sample")
    options = args.parse_args(argv)
    parse, quantulum_mode = load_quantulum()
    command = "python bench/bench_estimates.py" + (f" --out {options.out}" if options.out else "")
    if options.runs != 5 or options.sample != 200:
        command += f" --runs {options.runs} --sample {options.sample}"
    lines = ["## Numeric estimates: ours vs quantulum3", "", f"Command: `{command}`", "", f"Machine: {machine()}.",
             f"quantulum3 ran {quantulum_mode}.",
             f"Each time is the median of {options.runs} interleaved runs (every run times each tool once, in "
             "turn), after one warm-up call; CPU time of this process (`time.process_time`), wall time beside it "
             "(a shared machine: other processes inflate wall time).", ""]
    gold_section(parse, lines)
    throughput_section(parse, options.sample, options.runs, lines)
    lines.append(f"Peak resident memory of the benchmark process (ru_maxrss, includes quantulum3): "
                 f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB.")
    text = "\n".join(lines) + "\n"
    if options.out:
        out = options.out if options.out.is_absolute() else ROOT / options.out
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
