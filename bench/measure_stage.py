"""Run one thing in this fresh process and print its wall time and peak memory as JSON.

Used by the benchmarks so that each measurement's peak RSS is its own:
``python bench/measure_stage.py stage --params FILE --stage corpus`` runs one pipeline stage;
``python bench/measure_stage.py run --params FILE --jobs 2`` runs them all as the command line does;
``python bench/measure_stage.py tfidf --source FILE.jsonl[.gz] --fraction F`` runs one
scikit-learn TfidfVectorizer pass over the same texts (the cost floor for this kind of work).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_stage(params_file: str, stage: str, jobs: int) -> dict[str, float]:
    """One stage alone, as `python -m analysis run --stage S --jobs N` runs it."""
    from analysis.params import load_params
    from analysis.pipeline import run_stage

    params = load_params(params_file)
    started = time.perf_counter()
    run_stage(stage, params, jobs)
    return {"seconds": time.perf_counter() - started, "peak_rss_mb": peak_rss_mb()}


def measure_run(params_file: str, jobs: int) -> dict[str, float]:
    """The whole pipeline as a user runs it (`python -m analysis run --jobs N`): wall time, and the
    peak RSS of the largest process (this one or a stage worker)."""
    from analysis.params import load_params
    from analysis.pipeline import run_all

    started = time.perf_counter()
    run_all(load_params(params_file), jobs=jobs)
    seconds = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "peak_rss_mb": max(peak_rss_mb(), children)}


def measure_tfidf(source: str, limit_documents: int) -> dict[str, float]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from bench.corpora import read_texts

    texts = read_texts(Path(source), limit_documents)
    started = time.perf_counter()
    TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english").fit_transform(texts)
    return {"seconds": time.perf_counter() - started, "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    stage = sub.add_parser("stage")
    stage.add_argument("--params", required=True)
    stage.add_argument("--stage", required=True)
    stage.add_argument("--jobs", type=int, default=2)
    whole = sub.add_parser("run")
    whole.add_argument("--params", required=True)
    whole.add_argument("--jobs", type=int, default=2)
    tfidf = sub.add_parser("tfidf")
    tfidf.add_argument("--source", required=True)
    tfidf.add_argument("--limit-documents", type=int, default=0)
    args = parser.parse_args()
    if args.what == "stage":
        result = measure_stage(args.params, args.stage, args.jobs)
    elif args.what == "run":
        result = measure_run(args.params, args.jobs)
    else:
        result = measure_tfidf(args.source, args.limit_documents)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
