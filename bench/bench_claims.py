"""Benchmark claim clustering on the think-tank corpus: time and peak memory by corpus size.

Usage: python bench/bench_claims.py --out docs/benchmarks/claims.md [--repeats 3] [--timeout 600]

Each (size, step, threshold) runs in a fresh subprocess so one size's memory never pollutes
another's; peak memory is that subprocess's ru_maxrss, time is time.perf_counter around the step.
Figures are medians over ``--repeats`` runs. Steps:

- ``tfidf``: the TF-IDF pass alone (normalisation + vectorising), the cost floor;
- ``cluster``: TF-IDF plus :func:`analysis.claims.cluster_claims` (the graph path above
  ``max_claims_exact``, ``--n-jobs`` threads, giant components split unless ``--keep-giant``),
  i.e. what the claims stage spends before describing clusters.

Then the agreement of the graph path with the exact one (adjusted Rand index,
:func:`analysis.claims.compare_methods`) on the seed corpus's claims and on a fixed-seed sample of
5,000 think-tank claims, once as run (no component too large: exact by construction) and once
with ``max_component_exact`` forced small so giant components are split (the approximation).

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


def run_one(size: int, step: str, threshold: float, max_claims_exact: int, n_jobs: int = 1, split_giant: bool = True) -> None:
    """Child process: run one step once and print a JSON line with seconds, peak MB and counts."""
    sys.path.insert(0, str(ROOT))
    from analysis.claims import cluster_claims, make_vectorizer, vectorise

    texts = load_sentences(corpora_dir() / CORPUS, size or None)
    started = time.perf_counter()
    matrix = vectorise(texts, make_vectorizer()).matrix
    result = {"n_sentences": len(texts), "n_terms": matrix.shape[1]}
    if step == "cluster":
        keep = matrix.getnnz(axis=1) > 0
        labels, method = cluster_claims(
            matrix[keep], distance_threshold=threshold, max_claims_exact=max_claims_exact, split_giant=split_giant, n_jobs=n_jobs
        )
        sizes = sorted(__import__("collections").Counter(labels.tolist()).values())
        result |= {"n_clusters": len(sizes), "largest": sizes[-1], "method": method}
    result |= {"seconds": time.perf_counter() - started, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    print(json.dumps(result))


def measure(size: int, step: str, threshold: float, args: argparse.Namespace) -> dict | str:
    """Median of ``args.repeats`` fresh-process runs, or a note when a run times out or fails."""
    runs = []
    for _ in range(args.repeats):
        command = [sys.executable, __file__, "--child", str(size), step, str(threshold), str(args.max_claims_exact)]
        command += [str(args.n_jobs), str(int(not args.keep_giant))]
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


SEED_CLAIMS = ROOT / "data" / "processed" / "default" / "claims.csv"


def measure_agreement(path: Path, args: argparse.Namespace) -> list[tuple[str, float, str, float, str]]:
    """ARI of the graph path against the exact one: (corpus, threshold, setting, ARI, method) rows."""
    sys.path.insert(0, str(ROOT))
    import numpy as np
    import pandas as pd

    from scipy.sparse.csgraph import connected_components

    from analysis.claims import cluster_claims, compare_methods, make_vectorizer, similarity_graph, vectorise

    corpora: list[tuple[str, list[str], list[float]]] = []
    if SEED_CLAIMS.exists():
        corpora.append(("seed (data/processed/default)", pd.read_csv(SEED_CLAIMS)["text"].astype(str).tolist(), [0.5, 0.75, 0.85]))
    texts = load_sentences(path, None)
    sample = np.random.default_rng(0).choice(len(texts), size=min(args.agreement_sample, len(texts)), replace=False)
    corpora.append((f"think-tank, {len(sample):,} random claims", [texts[i] for i in np.sort(sample)], [0.5, 0.75]))
    rows = []
    for name, claims, thresholds in corpora:
        matrix = vectorise(claims, make_vectorizer()).matrix
        matrix = matrix[matrix.getnnz(axis=1) > 0]
        for threshold in thresholds:
            # Cap at half the largest graph component, so splitting (or keeping whole) really happens.
            graph = similarity_graph(matrix, min_similarity=1.0 - threshold)
            small = max(2, int(np.bincount(connected_components(graph, directed=False)[1]).max()) // 2)
            settings = [
                ("graph, no size cap", None, False),
                (f"graph+split, components > {small} split", small, True),
                (f"graph+whole, components > {small} kept whole", small, False),
            ]
            for label, cap, split in settings:
                score = compare_methods(matrix, distance_threshold=threshold, max_component_exact=cap, split_giant=split)
                method = cluster_claims(matrix, distance_threshold=threshold, max_claims_exact=cap or matrix.shape[0] + 1, split_giant=split)[1]
                rows.append((f"{name} ({matrix.shape[0]:,})", threshold, label, score, method if cap else "graph (forced)"))
                print(rows[-1], file=sys.stderr)
    return rows


def load_average() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


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
    parser.add_argument("--n-jobs", type=int, default=2, help="threads building the similarity graph")
    parser.add_argument("--keep-giant", action="store_true", help="keep oversized components whole (old behaviour)")
    parser.add_argument("--agreement-sample", type=int, default=5000, help="think-tank claims in the agreement check")
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        size, step, threshold, exact, n_jobs, split = args.child
        run_one(int(size), step, float(threshold), int(exact), int(n_jobs), bool(int(split)))
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
    agreement = measure_agreement(path, args)
    report = render(rows, args, agreement)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, encoding="utf-8")
    print(report)


def render(rows: list[tuple], args: argparse.Namespace, agreement: list[tuple] | None = None) -> str:
    command = "python bench/bench_claims.py " + " ".join(
        (f"--{k.replace('_', '-')}" if v is True else f"--{k.replace('_', '-')} {v}")
        for k, v in vars(args).items()
        if k not in {"child"} and v is not None and v is not False
    )
    lines = [
        "## Claim clustering (analysis/claims.py)",
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine()}; load average (1/5/15 min) at the end of the run: {load_average()}  ",
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
    lines += ["", "Agreement of the graph path with the exact one (adjusted Rand index, 1.0 = identical):", ""]
    lines += ["| claims | distance threshold | graph path setting | ARI vs exact | method |", "|---|---:|---|---:|---|"]
    lines += [f"| {name} | {threshold} | {label} | {score:.4f} | {method} |" for name, threshold, label, score, method in agreement or []]
    lines += ["", "What the profiles showed and what changed: `docs/PROFILING.md`."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
