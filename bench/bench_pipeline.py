"""Benchmark the whole pipeline: seed `make` timings, per-stage time and memory on real corpora, growth.

Run: ``python bench/bench_pipeline.py --out docs/benchmarks/pipeline.md`` (``make bench`` runs it).
Each stage runs in a fresh process (bench/measure_stage.py), so every peak-memory figure is that
stage's own. Every figure is the median of ``--repeats`` runs. Parts that need the shared corpora
are skipped with a message when they are absent.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import PROJECT_ROOT  # noqa: E402
from analysis.paths import shown  # noqa: E402
from analysis.stages import STAGE_TABLES  # noqa: E402
from bench.corpora import BBC, THINKTANK, machine, missing_message, read_texts  # noqa: E402

PY = sys.executable
LARGE_CORPUS_PARAMS = PROJECT_ROOT / "params" / "thinktank.yaml"
"""Every setting but the corpus comes from here: the claim threshold and graph options of a large corpus."""
GROWTH_FRACTIONS = (0.1, 0.25, 0.5, 1.0)
QUANTULUM_SAMPLE_CHARS = 200_000


def run_json(*args: str) -> dict[str, float]:
    result = subprocess.run([PY, *args], capture_output=True, text=True, cwd=PROJECT_ROOT)
    if result.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=PROJECT_ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def seed_make(repeats: int) -> tuple[list[str], float]:
    """`make` from clean, a no-op `make` and `make test` on the seed corpus (environment present),
    and `python -m analysis run --jobs 2` on it: the fixed start-up cost of a run (three processes
    loading the libraries), returned as well.

    `make` runs under a throwaway run name; `make test` as a user runs it, after its fixture
    run's outputs are removed so it rebuilds them as on a fresh clone.
    """
    run = "bench-seed"
    params = PROJECT_ROOT / "params" / f"{run}.yaml"
    shutil.copy(PROJECT_ROOT / "params" / "default.yaml", params)
    outputs = [PROJECT_ROOT / "data" / "processed" / run, PROJECT_ROOT / "reports" / run]
    try:
        clean, noop, startup = [], [], []
        for _ in range(repeats):
            for folder in outputs:
                shutil.rmtree(folder, ignore_errors=True)
            clean.append(timed(["make", f"RUN={run}"]))
            noop.append(timed(["make", f"RUN={run}"]))
            startup.append(run_json("bench/measure_stage.py", "run", "--params", str(params), "--jobs", "2")["seconds"])
    finally:
        params.unlink()
        for folder in outputs:
            shutil.rmtree(folder, ignore_errors=True)
    test = []
    for _ in range(repeats):
        for folder in (PROJECT_ROOT / "data" / "processed" / "fixture", PROJECT_ROOT / "reports" / "fixture"):
            shutil.rmtree(folder, ignore_errors=True)
        test.append(timed(["make", "test"]))
    fixed = statistics.median(startup)
    return [
        "| seed corpus (5 articles) | seconds (median) | target |",
        "|---|---:|---:|",
        f"| `make` from clean (environment present): tables, 5 notebooks, HTML | {statistics.median(clean):.1f} | 20 |",
        f"| `make` again with nothing changed | {statistics.median(noop):.2f} | 1 |",
        f"| `make test` (unit tests, fixture corpus end to end, nbval), fixture outputs removed first | {statistics.median(test):.1f} | 90 |",
        f"| `python -m analysis run --jobs 2`, tables only: the fixed start-up of a run (three processes loading the libraries) | {fixed:.1f} | |",
    ], fixed


def corpus_megabytes(source: Path, limit: int) -> float:
    return sum(len(t.encode("utf-8")) for t in read_texts(source, limit)) / 1e6


def count_documents(source: Path) -> int:
    return len(read_texts(source))


def pipeline_run(source: Path, name: str, limit: int, repeats: int, *, per_stage: bool = True) -> dict[str, dict[str, float]]:
    """Median seconds and peak RSS of the whole run and the TF-IDF floor for one corpus size, and of
    each stage alone when ``per_stage``."""
    folder = Path(tempfile.mkdtemp())
    params = folder / f"bench-{name}.yaml"
    settings = yaml.safe_load(LARGE_CORPUS_PARAMS.read_text(encoding="utf-8"))
    settings["corpus"] = {**settings.get("corpus", {}), "source": str(source), "limit_documents": limit}
    params.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    outputs = PROJECT_ROOT / "data" / "processed" / f"bench-{name}"
    results: dict[str, list[dict[str, float]]] = {}
    try:
        for _ in range(repeats):
            for stage in STAGE_TABLES if per_stage else ():
                measured = run_json("bench/measure_stage.py", "stage", "--params", str(params), "--stage", stage)
                results.setdefault(stage, []).append(measured)
            whole = run_json("bench/measure_stage.py", "run", "--params", str(params), "--jobs", "2")
            results.setdefault("run", []).append(whole)
            floor = run_json("bench/measure_stage.py", "tfidf", "--source", str(source), "--limit-documents", str(limit))
            results.setdefault("tfidf", []).append(floor)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(outputs, ignore_errors=True)
    return {key: {m: statistics.median(r[m] for r in runs) for m in runs[0]} for key, runs in results.items()}


def stage_table(label: str, megabytes: float, medians: dict[str, dict[str, float]], fixed_seconds: float) -> list[str]:
    total = sum(medians[s]["seconds"] for s in STAGE_TABLES)
    peak = max(medians[s]["peak_rss_mb"] for s in STAGE_TABLES)
    lines = [
        f"**{label}** ({megabytes:.1f} MB of text)",
        "",
        "| stage | seconds (median) | peak RSS MB | MB/s |",
        "|---|---:|---:|---:|",
    ]
    for stage in STAGE_TABLES:
        m = medians[stage]
        lines.append(f"| {stage} | {m['seconds']:.1f} | {m['peak_rss_mb']:.0f} | {megabytes / m['seconds']:.1f} |")
    floor, whole = medians["tfidf"], medians["run"]
    lines += [
        f"| whole pipeline, stages one after another (sum) | {total:.1f} | {peak:.0f} | {megabytes / total:.2f} |",
        f"| **whole pipeline as run: `python -m analysis run --jobs 2` (wall)** | **{whole['seconds']:.1f}** | **{whole['peak_rss_mb']:.0f}** | **{megabytes / whole['seconds']:.2f}** |",
        f"| reference: one TfidfVectorizer pass (1–2-grams) | {floor['seconds']:.1f} | {floor['peak_rss_mb']:.0f} | {megabytes / floor['seconds']:.1f} |",
        "",
        f"Whole pipeline / TF-IDF pass: **{whole['seconds'] / floor['seconds']:.1f}×** as run (target: at most 5×), "
        f"{total / floor['seconds']:.1f}× for the sum of stages, "
        f"{(whole['seconds'] - fixed_seconds) / floor['seconds']:.1f}× as run without the fixed start-up of a run "
        f"({fixed_seconds:.1f} s, the seed corpus's `run` above). Memory in use at once is at most the sum of the "
        f"stages' peaks, {sum(medians[s]['peak_rss_mb'] for s in STAGE_TABLES):,.0f} MB (the run's figure is its largest "
        "process). Targets for the whole pipeline on the 49 MB corpus: under 60 s and under 4,000 MB.",
    ]
    return lines


def quantulum_reference(source: Path) -> str:
    """quantulum3's throughput on a fixed sample of the same corpus (it is far too slow for all of it)."""
    from bench.bench_estimates import load_quantulum

    parse, how = load_quantulum()
    if parse is None:
        return f"Reference peer: {how}."
    sample, size = [], 0
    for text in read_texts(source):
        sample.append(text)
        size += len(text)
        if size >= QUANTULUM_SAMPLE_CHARS:
            break
    megabytes = sum(len(t.encode("utf-8")) for t in sample) / 1e6
    parse(sample[0])  # loads its unit tables
    started = time.perf_counter()
    for text in sample:
        parse(text)
    seconds = time.perf_counter() - started
    return (
        f"Reference peer: quantulum3 ({how}) parsed the first {len(sample)} articles ({megabytes:.2f} MB) in {seconds:.1f} s, "
        f"{megabytes / seconds:.3f} MB/s (one run: at that rate the whole corpus would take "
        f"{corpus_megabytes(source, 0) / (megabytes / seconds) / 60:.0f} minutes)."
    )


def growth(repeats: int, fixed_seconds: float) -> list[str]:
    total_documents = count_documents(THINKTANK)
    rows, sizes, times = [], [], []
    for fraction in GROWTH_FRACTIONS:
        limit = max(1, round(total_documents * fraction))
        megabytes = corpus_megabytes(THINKTANK, limit)
        medians = pipeline_run(THINKTANK, f"growth-{int(fraction * 100)}", limit, repeats, per_stage=fraction == 1.0)
        seconds, peak = medians["run"]["seconds"], medians["run"]["peak_rss_mb"]
        sizes.append(megabytes)
        times.append(seconds)
        rows.append((fraction, limit, megabytes, seconds, peak, medians))
    exponent = float(np.polyfit(np.log(sizes), np.log(times), 1)[0])
    floor_exponent = float(np.polyfit(np.log(sizes), np.log([r[5]["tfidf"]["seconds"] for r in rows]), 1)[0])
    lines = [
        "| share of corpus | documents | MB | `run --jobs 2` seconds (median) | peak RSS MB | TF-IDF pass seconds |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {f:.0%} | {n} | {mb:.1f} | {s:.1f} | {p:.0f} | {m['tfidf']['seconds']:.1f} |" for f, n, mb, s, p, m in rows]
    lines += [
        "",
        f"Fitted growth exponent (slope of log time on log size): **{exponent:.2f}** for the pipeline "
        f"(target: at most 1.1), {floor_exponent:.2f} for the TF-IDF pass.",
        "",
    ]
    full = rows[-1]
    lines += stage_table("Think-tank corpus, all of it", full[2], full[5], fixed_seconds)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/benchmarks/pipeline.md")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    lines = [
        "## Whole pipeline",
        "",
        f"Command: `python bench/bench_pipeline.py --out {args.out} --repeats {args.repeats}` (part of `make bench`).",
        f"Machine: {machine()}. Every figure is the median of {args.repeats} runs; each stage runs in a fresh process.",
        f"The real corpora run with the settings of `{shown(LARGE_CORPUS_PARAMS)}` (its corpus section replaced).",
        "",
    ]
    out = PROJECT_ROOT / args.out
    out.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:  # after every part, so a later failure keeps what was measured
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")

    seed_lines, fixed_seconds = seed_make(args.repeats)
    lines += seed_lines + [""]
    save()
    skip = missing_message(BBC)
    if skip:
        lines.append(skip)
    else:
        lines += stage_table("BBC News 2004–05 (2,225 articles)", corpus_megabytes(BBC, 0), pipeline_run(BBC, "bbc", 0, args.repeats), fixed_seconds)
    lines.append("")
    save()
    skip = missing_message(THINKTANK)
    if skip:
        lines.append(skip)
    else:
        lines += ["### Growth on the think-tank corpus", ""] + growth(args.repeats, fixed_seconds)
        save()
        lines += ["", quantulum_reference(THINKTANK)]
    save()
    print(f"wrote {shown(out)}")


if __name__ == "__main__":
    main()
