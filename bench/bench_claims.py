"""Benchmark claim clustering on the think-tank corpus: time and peak memory by corpus size.

Usage: python bench/bench_claims.py --out docs/benchmarks/claims.md [--repeats 3] [--timeout 600]

Each (size, step, threshold) runs in a fresh subprocess so one size's memory never pollutes
another's; peak memory is that subprocess's ru_maxrss, time is time.perf_counter around the step.
Figures are medians over ``--repeats`` runs. Steps:

- ``tfidf``: the TF-IDF pass alone (normalisation + vectorising), the cost floor;
- ``cluster``: TF-IDF plus :func:`analysis.claims.cluster_claims` (the graph path above
  ``max_claims_exact``), i.e. what the claims stage spends before describing clusters.

The corpus is read by path from ``$NEWSFRAMES_CORPORA`` (default: the project root's
``../shared/corpora``); the script skips with a message when it is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path("thinktank_analysis/articles.jsonl.gz")


def corpora_dir() -> Path:
    return Path(os.environ.get("NEWSFRAMES_CORPORA", ROOT.parent / "shared" / "corpora"))


def load_sentences(path: Path, limit: int | None) -> list[str]:
    """Sentences of every non-empty line (sentencex), claims only (>= 6 words), in file order."""
    import sentencex

    from analysis.claims import WORD

    texts: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            for paragraph in json.loads(line)["text"].split("\n"):
                if paragraph.strip():
                    texts += [s.strip() for s in sentencex.segment("en", paragraph) if len(WORD.findall(s)) >= 6]
            if limit and len(texts) >= limit:
                return texts[:limit]
    return texts


def run_one(size: int, step: str, threshold: float, max_claims_exact: int) -> None:
    """Child process: run one step once and print a JSON line with seconds, peak MB and counts."""
    sys.path.insert(0, str(ROOT))
    from analysis.claims import cluster_claims, make_vectorizer, vectorise

    texts = load_sentences(corpora_dir() / CORPUS, size or None)
    started = time.perf_counter()
    matrix, _ = vectorise(texts, make_vectorizer())
    result = {"n_sentences": len(texts), "n_terms": matrix.shape[1]}
    if step == "cluster":
        keep = matrix.getnnz(axis=1) > 0
        labels, method = cluster_claims(matrix[keep], distance_threshold=threshold, max_claims_exact=max_claims_exact)
        sizes = sorted(__import__("collections").Counter(labels.tolist()).values())
        result |= {"n_clusters": len(sizes), "largest": sizes[-1], "method": method}
    result |= {"seconds": time.perf_counter() - started, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    print(json.dumps(result))


def measure(size: int, step: str, threshold: float, args: argparse.Namespace) -> dict | str:
    """Median of ``args.repeats`` fresh-process runs, or a note when a run times out or fails."""
    runs = []
    for _ in range(args.repeats):
        command = [sys.executable, __file__, "--child", str(size), step, str(threshold), str(args.max_claims_exact)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout, check=True)
        except subprocess.TimeoutExpired:
            return f"did not finish within {args.timeout} s"
        except subprocess.CalledProcessError as error:
            return f"failed: {error.stderr.strip().splitlines()[-1]}"
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    summary = dict(runs[0])
    summary["seconds"] = statistics.median(run["seconds"] for run in runs)
    summary["peak_mb"] = statistics.median(run["peak_mb"] for run in runs)
    return summary


def machine() -> str:
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30
    return f"{os.cpu_count()} cores, {pages:.0f} GiB RAM, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=False)
    parser.add_argument("--sizes", default="10000,50000,0", help="sentence counts; 0 = all")
    parser.add_argument("--thresholds", default="0.5,0.75", help="cosine distance thresholds to cluster at")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--timeout", type=int, default=600, help="seconds per run before giving up")
    parser.add_argument("--max-claims-exact", type=int, default=5000)
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        size, step, threshold, exact = args.child
        run_one(int(size), step, float(threshold), int(exact))
        return
    path = corpora_dir() / CORPUS
    if not path.exists():
        print(f"skipped: {path} not found (set NEWSFRAMES_CORPORA to the folder holding {CORPUS})")
        return
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        rows.append((size, "tfidf", "", measure(size, "tfidf", 0.0, args)))
        for threshold in (float(t) for t in args.thresholds.split(",")):
            rows.append((size, "cluster", threshold, measure(size, "cluster", threshold, args)))
            print(rows[-1], file=sys.stderr)
    report = render(rows, args)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, encoding="utf-8")
    print(report)


def render(rows: list[tuple], args: argparse.Namespace) -> str:
    command = "python bench/bench_claims.py " + " ".join(
        f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items() if k not in {"child"} and v is not None
    )
    lines = [
        "## Claim clustering (analysis/claims.py)",
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine()}  ",
        f"Corpus: `{CORPUS}` (sentences of >= 6 words, sentencex per line). Median of {args.repeats} fresh-process runs.",
        "",
        "| sentences | step | distance threshold | seconds | peak MB | clusters | largest | method |",
        "|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for size, step, threshold, result in rows:
        if isinstance(result, str):
            lines.append(f"| {size or 'all'} | {step} | {threshold} | {result} | | | | |")
            continue
        lines.append(
            f"| {result['n_sentences']:,} | {step} | {threshold} | {result['seconds']:.1f} | {result['peak_mb']:,.0f} "
            f"| {result.get('n_clusters', '')} | {result.get('largest', '')} | {result.get('method', '')} |"
        )
    return "\n".join(lines + ["", *PROFILE_NOTES]) + "\n"


PROFILE_NOTES = [
    "What cProfile showed (20k sentences, distance 0.75) and what changed:",
    "",
    "- First version: one block only (the work estimate summed TF-IDF weights instead of counts) and",
    "  exact scores looked up with scipy fancy indexing: `csr_sample_values` took 60 % of 9.5 s.",
    "  Now blocks are sized by the count of candidate entries, and exact scores come from",
    "  short-prefix pair dot products (sorted-key `searchsorted`), no fancy indexing.",
    "- Now: the candidate product (`csr_matmat`) and the pair look-ups (`searchsorted`) dominate. Their",
    "  cost is set by how many pairs share a term outside the frequent-term prefixes, which grows",
    "  steeply as the similarity cut `1 - threshold` falls: about 0.05e9 multiply-adds at 0.5 and",
    "  1.5e9 at 0.75 on the whole corpus (measured from term document frequencies).",
    "- TF-IDF alone (uni+bigrams, ~2M terms with min_df=1) is the floor; the normalisation regexes add",
    "  little on top of sklearn's tokenising.",
]


if __name__ == "__main__":
    main()
