"""Score the estimates stage on NewsQuant, news sentences nobody on this project wrote, beside quantulum3.

Each sentence of ``newsquant/dev.jsonl`` is a one-sentence article put through the stage
(:func:`analysis.estimates.build_estimate_tables`). NewsQuant gives no character offsets, so the
score is value-level, per sentence: a prediction is an estimate, or an excluded number that still
carries a value (``excluded_numbers.csv`` rows with ``value_low``/``value_high``: small counts,
durations, ages, scores, measurements); dates, years, ordinals, labels, codes and URLs are never
quantities. A prediction matches an unused gold quantity of the same sentence when its values
agree: a gold range "low-high" needs both ends, in either order (NewsQuant writes a fall
"2415-2315"; a predicted score keeps the text's order, "9-2"), a gold point the same value (the
stated figure of a bound: "more than 5" states 5). Precision = matched / predictions, recall = matched / gold.

Qualifier accuracy is the share of matched pairs whose qualifier agrees with the gold ``change``:
``=`` is exact or range, ``~`` approx or vague, ``>`` lower bound, ``<`` upper bound. NewsQuant's
``up`` and ``down`` mark a change ("rose 5%", "fell by $3m"): the quantity itself is stated as
given, so they count as ``=`` (exact or range); the direction of a change is not a qualifier of
the figure in this project's sense.

quantulum3 (the ``bench`` extra) runs on the same sentences in the same run; it gives one value
per quantity and no qualifier, so its qualifier is always ``=``, and it is scored with the same
value rule (its value equal to a gold point, or to either end of a gold range, which is generous).
Throughput: both tools over all sentences taken four times, CPU time, the median of several
interleaved runs; ours both as the whole stage and as the extractor alone (see :func:`throughput`).

Run from the project root::

    python validation/validate_estimates.py --out docs/validation/estimates.md

The corpus is read by path from ``../shared/corpora`` (or ``$NEWSFRAMES_CORPORA``); when it is
absent the script says so and exits 0. Its texts are never copied into the project: the section
holds only counts and scores.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from analysis.estimates import build_estimate_tables, extract_all  # noqa: E402
from bench.corpora import CORPORA, machine  # noqa: E402
from bench.timing import interleaved, ratio  # noqa: E402

NEWSQUANT = CORPORA / "newsquant" / "dev.jsonl"
NUMBER_WORDS = PROJECT_ROOT / "docs" / "validation" / "estimates_number_words.md"
COMMAND = "python validation/validate_estimates.py --out docs/validation/estimates.md"
OURS_TO_CHANGE = {"exact": "=", "range": "=", "approx": "~", "vague": "~", "lower_bound": ">", "upper_bound": "<"}
GOLD_CHANGE = {"=": "=", "up": "=", "down": "=", "~": "~", ">": ">", "<": "<"}
NEVER_QUANTITIES = frozenset({"year", "date", "ordinal", "label number", "model name or code", "url or handle",
                              "time of day"})
RUNS = 9  # interleaved timing runs (the median is reported)
TIMING_REPEAT = 4


def read_sentences(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


# The dash of a gold range "low-high" follows a digit ("2415-2315", "3.0 - 4.0"); a leading minus
# ("-1.4") and an exponent's sign ("2.998E-08") are part of one number.
_RANGE_DASH = re.compile(r"(?<=[\d.])\s*-\s*")


def gold_values(record: dict) -> list[tuple[tuple[float, float], str]]:
    """The gold quantities of a sentence as ((low, high), change); a point has low == high."""
    out = []
    for quantity in record["quantities"]:
        text = quantity["value"].strip()
        parts = [p.strip() for p in _RANGE_DASH.split(text)]
        try:
            values = [float(p) for p in parts if p]
        except ValueError:
            continue
        low, high = (min(values[0], values[-1]), max(values[0], values[-1])) if values else (math.nan, math.nan)
        out.append(((low, high), GOLD_CHANGE.get(quantity["change"], "=")))
    return out


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def ours(records: list[dict]) -> dict[str, list[tuple[tuple[float, float], str]]]:
    """Our predictions per sentence id: ((low, high), change)."""
    ids = [r["id"] for r in records]
    sentences = pd.DataFrame({"doc_id": ids, "sentence_id": 0, "char_start": 0,
                              "char_end": [len(r["text"]) for r in records], "text": [r["text"] for r in records]})
    tables = build_estimate_tables(sentences, pd.DataFrame({"doc_id": ids}))
    found: dict[str, list] = {i: [] for i in ids}
    for row in tables["estimates"].itertuples(index=False):
        low = row.value_low if not pd.isna(row.value_low) else row.value_high
        high = row.value_high if not pd.isna(row.value_high) else row.value_low
        found[row.doc_id].append(((low, high), OURS_TO_CHANGE[row.qualifier]))
    excluded = tables["excluded_numbers"]
    for row in excluded.itertuples(index=False):
        if row.reason in NEVER_QUANTITIES or (pd.isna(row.value_low) and pd.isna(row.value_high)):
            continue
        low = row.value_low if not pd.isna(row.value_low) else row.value_high
        high = row.value_high if not pd.isna(row.value_high) else row.value_low
        found[row.doc_id].append(((min(low, high), max(low, high)), "="))  # a score "9-2" is written high first
    return found


def load_quantulum() -> Callable[[str], list] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import classifier, parser
    except ImportError:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parser.parse("It weighs 5 pounds and costs 5 pounds.")
    except Exception:  # the shipped pickle fails to load under newer scikit-learn
        classifier.USE_CLF = False
    return parser.parse


def theirs(parse: Callable[[str], list], records: list[dict]) -> dict[str, list[tuple[tuple[float, float], str]]]:
    found: dict[str, list] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for record in records:
            found[record["id"]] = [((float(q.value), float(q.value)), "=") for q in parse(record["text"])]
    return found


def score(records: list[dict], found: dict[str, list], generous: bool = False) -> dict[str, float]:
    """Value-level precision, recall, F1 and qualifier accuracy over matched pairs."""
    n_found = n_gold = n_matched = n_qualifier = 0
    misses: Counter[str] = Counter()
    for record in records:
        gold = gold_values(record)
        predicted = list(found.get(record["id"], []))
        n_found += len(predicted)
        n_gold += len(gold)
        used: set[int] = set()
        for (glow, ghigh), change in gold:
            for index, ((low, high), ours_change) in enumerate(predicted):
                if index in used:
                    continue
                if (_close(low, glow) and _close(high, ghigh)) or (
                        generous and _close(low, high) and (_close(low, glow) or _close(low, ghigh))):
                    used.add(index)
                    n_matched += 1
                    n_qualifier += ours_change == change
                    if ours_change != change:
                        misses[f"gold {change} read as {ours_change}"] += 1
                    break
    precision = n_matched / n_found if n_found else 0.0
    recall = n_matched / n_gold if n_gold else 0.0
    return {"n_found": n_found, "n_gold": n_gold, "n_matched": n_matched, "precision": precision,
            "recall": recall, "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "qualifier_accuracy": n_qualifier / n_matched if n_matched else 0.0, "qualifier_misses": misses}


def _row(tool: str, s: dict) -> str:
    return (f"| {tool} | {s['n_gold']} | {s['n_found']} | {s['n_matched']} | {s['precision']:.3f} | "
            f"{s['recall']:.3f} | {s['f1']:.3f} | {s['qualifier_accuracy']:.3f} |")


def throughput(texts: list[str], parse: Callable[[str], list], runs: int, repeat: int = TIMING_REPEAT) -> list[str]:
    """CPU seconds of ours and of quantulum3 over the sentences, each a median of ``runs``
    interleaved runs (:func:`bench.timing.interleaved`: every run times each tool once, in turn),
    on the sentences taken ``repeat`` times (more text, steadier timings on a shared machine; every
    part of both tools is per sentence, so repeating changes no ratio but the noise). CPU time of
    this process is the measure (wall time, inflated by other processes, is given beside it).
    Ours is timed twice: the whole stage (a sentence table in, the two tables built as DataFrames,
    sources and groups included) and the extractor alone (:func:`extract_all` per sentence, text
    in and quantities out, like quantulum3's ``parse``). Each tool is warmed up first."""
    timed = texts * repeat
    sentences = pd.DataFrame({"doc_id": [str(i) for i in range(len(timed))], "sentence_id": 0, "char_start": 0,
                              "char_end": [len(t) for t in timed], "text": timed})
    documents = pd.DataFrame({"doc_id": sentences["doc_id"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for text in texts[:5]:
            extract_all(text)
            parse(text)
        build_estimate_tables(sentences.head(5), documents)
        t = interleaved({"stage": lambda: build_estimate_tables(sentences, documents),
                         "extractor": lambda: [extract_all(text) for text in timed],
                         "quantulum3": lambda: [parse(text) for text in timed]}, runs)
    stage_x, stage_wall = ratio(t["quantulum3"], t["stage"])
    alone_x, alone_wall = ratio(t["quantulum3"], t["extractor"])
    per = 1e6 / len(timed)
    met = "met" if min(stage_x, alone_x) >= 100 else "not met"
    return [f"Throughput over the {len(texts)} sentences taken {repeat} times ({len(timed):,} sentences; CPU time, "
            f"median of {runs} interleaved runs; shared machine): quantulum3 {t['quantulum3'].cpu:.3f} s "
            f"({t['quantulum3'].cpu * per / 1000:.2f} ms per sentence); ours {t['stage'].cpu:.3f} s for the whole "
            f"stage (tables included; {t['stage'].cpu * per:.0f} µs per sentence), **{stage_x:.0f}x** faster, and "
            f"{t['extractor'].cpu:.3f} s for the extractor alone (`extract_all` per sentence, like quantulum3's "
            f"`parse`; {t['extractor'].cpu * per:.0f} µs per sentence), **{alone_x:.0f}x** faster. On wall time: "
            f"{stage_wall:.0f}x and {alone_wall:.0f}x. Aim: at least 100x ({met}).", ""]


def section(records: list[dict], parse: Callable[[str], list] | None, runs: int) -> list[str]:
    mine = ours(records)
    s_ours = score(records, mine)
    lines = ["## Numeric estimates on NewsQuant", "", f"Command: `{COMMAND}` (machine: {machine()}).", "",
             f"Corpus: `newsquant/dev.jsonl`, {len(records)} news sentences with "
             f"{s_ours['n_gold']} labelled quantities (the development half; the other half is held back). "
             "Each sentence is a one-sentence article through the estimates stage; the score is value-level "
             "per sentence (see the script's docstring for the rule). Qualifiers: `=` exact or range, `~` approx or "
             "vague, `>` lower bound, `<` upper bound; NewsQuant's `up`/`down` (a stated change) count as `=`.", "",
             "| tool | gold | predicted | matched | precision | recall | F1 | qualifier accuracy |",
             "|---|---|---|---|---|---|---|---|", _row("ours (estimates stage)", s_ours)]
    texts = [r["text"] for r in records]
    if parse is None:
        lines += ["| quantulum3 | not installed | | | | | | |", ""]
        return lines
    s_theirs = score(records, theirs(parse, records))
    s_generous = score(records, theirs(parse, records), generous=True)
    lines += [_row("quantulum3 (same rule)", s_theirs), _row("quantulum3 (its value at either end of a range)", s_generous), ""]
    lines += throughput(texts, parse, runs)
    misses = s_ours["qualifier_misses"]
    if misses:
        lines += ["Qualifier disagreements of ours on matched quantities: "
                  + ", ".join(f"{k} {v}" for k, v in sorted(misses.items(), key=lambda kv: (-kv[1], kv[0]))) + ".", ""]
    return lines


GUARDIAN_PARAMS = PROJECT_ROOT / "params" / "guardian.yaml"
_CURRENCY_MARK = r"^\s*([^\d\s.,-]+?)\s?(?=\d)"  # what is written before the digits: "$", "€", "US$", "EUR"
_PERCENT_MARK = re.compile(r"%|\bper\s?cent\b|\bpercent\b|\bpc\b", re.I)


def guardian_section() -> list[str]:
    """Like with like on the Guardian set read as a user's corpus (``params/guardian.yaml``): the
    estimates stage's spread rows and, checked from the article's words rather than the stage's
    ``unit`` column, how many money rows mix currency marks written before the digits ("$" and
    "€") or hold a percentage; and the widest money spread. Skipped with a line when the corpus
    is absent."""
    from analysis.corpus import load_corpus
    from analysis.estimates import estimate_spread, stated_figures
    from analysis.params import load_params

    params = load_params(GUARDIAN_PARAMS)
    if not Path(params.corpus.source).is_file():
        return ["### Like with like on the Guardian set", "", f"Skipped: {params.corpus.source} not found.", ""]
    corpus = load_corpus(params.corpus, "params/guardian.yaml")
    tables = build_estimate_tables(corpus.sentences, corpus.documents)
    estimates = stated_figures(tables["estimates"])
    spread = estimate_spread(tables["estimates"], corpus.documents)
    keys = ["category", "unit", "group"]
    estimates = estimates.assign(group=estimates["group"].fillna(""), unit=estimates["unit"].fillna(""))
    money = estimates[estimates["category"] == "money"]
    marks = money["surface"].str.extract(_CURRENCY_MARK, expand=False).fillna("").str.upper()
    mixed_units = int(money.assign(mark=marks)[marks != ""].groupby(keys)["mark"].nunique().gt(1).sum())
    mixed_percent = int(money.groupby(keys)["surface"].apply(lambda s: s.str.contains(_PERCENT_MARK).any()).sum())
    money_rows = spread[(spread["category"] == "money") & (spread["n_docs_compared"] >= 2)]
    widest = money_rows.loc[money_rows["ratio_max_min"].idxmax()] if not money_rows.empty else None
    lines = ["### Like with like on the Guardian set", "",
             f"Command: `{COMMAND}` (the same run). `params/guardian.yaml` read as a user's corpus: "
             f"{len(corpus.documents):,} articles, {len(tables['estimates']):,} estimates in {len(spread):,} spread rows "
             "(one per category, unit and group). Money rows whose figures are written with more than one "
             f"currency mark (\"$\" beside \"€\"): {mixed_units}; money rows holding a percentage: {mixed_percent}. "
             f"Money rows compared across two or more articles: {len(money_rows)}, in "
             + ", ".join(sorted(set(money_rows["unit"]))) + "."]
    if widest is not None:
        lines[-1] += (f" The widest: {widest['unit']}{', ' + widest['group'] if widest['group'] else ''}, "
                      f"{widest['surface_lowest']} to {widest['surface_highest']}, {widest['ratio_max_min']:,.1f} times.")
    return lines + [""]


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="Markdown section to write (default: print)")
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    if not NEWSQUANT.is_file():
        print(f"skipped: {NEWSQUANT} not found (the shared corpora are read by path; set NEWSFRAMES_CORPORA)",
              file=sys.stderr)
        return 0
    text = "\n".join(section(read_sentences(NEWSQUANT), load_quantulum(), args.runs) + guardian_section()) + "\n"
    if NUMBER_WORDS.is_file():  # written by validation/number_words.py (its libraries are not dependencies)
        text += "\n" + NUMBER_WORDS.read_text(encoding="utf-8")
    if args.out:
        out = args.out if args.out.is_absolute() else PROJECT_ROOT / args.out
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
