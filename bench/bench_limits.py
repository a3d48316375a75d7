"""Bounds per article: time and peak memory of every stage and notebook on pathological articles.

Usage (from the project root)::

    python bench/bench_limits.py --out docs/benchmarks/limits.md [--scale 1.0]

Three generated corpora, each one pathological article beside two ordinary ones (one per genre,
so a notebook's failure is the size's, not a one-article corpus's):

- ``20mb-article``: an article of ~20 MB of prose in paragraphs of a few sentences, a fifth of
  them with a number;
- ``2mb-line``: an article whose one line is ~2 MB without a space;
- ``50k-numbers``: an article of ~50,000 numbers in short sentences.

``--scale`` shrinks all three (``--scale 0.05``: a 1 MB article, a 100 KB line, 2,500 numbers)
for a quick check. The texts are generated from a made-up vocabulary with a fixed seed; no
corpus is read. Each stage (``python -m analysis run --stage S``) and each notebook
(``python -m analysis report``) runs in a fresh process tree whose every process (a notebook's
kernel is a grandchild) has its high-water mark (``VmHWM``) read while it lives; the step's peak is
its largest process's (with ``ru_maxrss`` from ``wait4`` for the processes waited for), and the
step is killed when the tree's resident sum passes ``--memory-limit-mb`` or it runs past ``--timeout``; a step that fails, is killed or times out is
reported as such with the last line of its error, and the measurement goes on (a notebook after
a failed stage is not run). Last, a whole run of ``--kill-articles`` generated articles is
SIGKILLed at ``--kill-points`` moments; each time the tables left must be complete, and a
re-run after the last kill byte-identical. The target is peak memory at most a few times the text's size over
the ~0.2-0.3 GB a fresh process with pandas (and, for a notebook, a kernel) needs anyway: every step is
also run on a ``baseline`` corpus of the two ordinary articles alone, and the table gives each step's
peak above that baseline over the article's size, the share of memory the article itself costs;
"a few times" is taken as at most ``--target`` (5) times, and the steps over it are listed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.paths import shown  # noqa: E402
from analysis.stages import STAGE_TABLES  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SYLLABLES = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "pi", "qua", "zen", "bo", "rit", "nal", "fe"]
CUES = ["said", "according to officials", "reportedly", "may", "about", "clearly", "we", "perhaps"]
UNITS = ["troops", "soldiers", "shells", "dollars", "people", "vehicles", "drones", "villages"]


def _vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    words = {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(size * 2)}
    return sorted(words)[:size]


def _sentence(rng: random.Random, words: list[str], *, numbers: int = 0) -> str:
    body = [rng.choice(words) for _ in range(rng.randint(6, 22))]
    if rng.random() < 0.3:
        body.insert(rng.randrange(len(body)), rng.choice(CUES))
    for _ in range(numbers):
        body.insert(rng.randrange(len(body)), f"{rng.randint(2, 99_999):,} {rng.choice(UNITS)}")
    return " ".join(body).capitalize() + rng.choice([".", ".", ".", "?", "!"])


def prose(rng: random.Random, words: list[str], n_chars: int, *, number_share: float = 0.2) -> str:
    """Paragraphs of 2-6 generated sentences until ``n_chars`` characters; ``number_share`` of the
    sentences carry one number with a unit (news prose has estimates: the 20 MB article of issue 16
    held 37,946)."""
    paragraphs, total = [], 0
    while total < n_chars:
        sentences = (_sentence(rng, words, numbers=int(rng.random() < number_share)) for _ in range(rng.randint(2, 6)))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 1
    return "\n".join(paragraphs) + "\n"


def cases(scale: float) -> dict[str, str]:
    """The pathological article of each case."""
    rng = random.Random(16)
    words = _vocabulary(rng)
    n_numbers = int(50_000 * scale)
    numbers = []
    for _ in range(n_numbers // 2):
        numbers.append(_sentence(rng, words[:200], numbers=2))
    return {
        "20mb-article": prose(rng, words, int(20_000_000 * scale)),
        "2mb-line": prose(rng, words, 2_000) + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(int(2_000_000 * scale))) + "\n",
        "50k-numbers": "\n".join(" ".join(numbers[i : i + 4]) for i in range(0, len(numbers), 4)) + "\n",
    }


@dataclass
class Step:
    case: str
    step: str
    status: str
    seconds: float
    peak_mb: float
    detail: str = ""


def _tree_rss(members: list[psutil.Process]) -> int:
    """The tree's resident bytes now (summed over its processes): what the kill limit watches."""
    total = 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


def _high_water_mark(pid: int) -> int:
    """A process's peak resident bytes so far (``VmHWM`` in /proc/PID/status; 0 once it is gone).

    The kernel keeps this mark, so a peak between two polls is not missed, unlike a sampled RSS."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


POLL_SECONDS = 0.05
"""How often the tree is polled: new processes are found and their high-water marks read while they live."""


def measure(command: list[str], *, timeout: float, limit_mb: float) -> tuple[str, float, float, str]:
    """Run ``command``; return status (ok, failed, killed: memory, timed out), seconds, the peak MB
    of the tree's largest process, and the last error line.

    The peak is each process's own high-water mark (``VmHWM``), read for every process of the tree
    while it lives, and for the command's process and the descendants it waited for, the
    ``ru_maxrss`` that ``wait4`` returns (the kernel's maximum over them): the largest of these is
    the step's peak, so a short spike is not missed."""
    errors = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors, text=True, start_new_session=True)
    process = psutil.Process(child.pid)
    marks: dict[int, int] = {}
    status, returncode, waited_maxrss = "", None, 0
    while returncode is None:
        try:
            members = [process, *process.children(recursive=True)]
        except psutil.Error:
            members = [process]
        for member in members:
            marks[member.pid] = max(marks.get(member.pid, 0), _high_water_mark(member.pid))
        resident = _tree_rss(members)
        elapsed = time.perf_counter() - started
        if resident > limit_mb * 2**20 or elapsed > timeout:
            status = "killed: memory" if resident > limit_mb * 2**20 else "timed out"
            for member in reversed(members):
                try:
                    member.kill()
                except psutil.Error:
                    pass
        pid, wait_status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid == child.pid:
            returncode = os.waitstatus_to_exitcode(wait_status)
            waited_maxrss = usage.ru_maxrss * 1024  # kilobytes on Linux
            break
        time.sleep(POLL_SECONDS)
    child.returncode = returncode
    seconds = time.perf_counter() - started
    errors.seek(0)
    lines = [line.strip() for line in errors.read().splitlines() if line.strip()]
    errors.close()
    if not status:
        status = "ok" if returncode == 0 else f"failed (exit {returncode})"
    named = [line for line in lines if line.startswith("error:")]
    detail = "" if status == "ok" else (named or lines or [""])[-1]
    peak = max([waited_maxrss, *marks.values()])
    return status, seconds, peak / 2**20, detail[:200]


BASELINE = "baseline"
"""The case of the two ordinary articles alone: what each step costs without a pathological article."""


def run_case(case: str, article: str | None, workdir: Path, args: argparse.Namespace) -> tuple[list[Step], int]:
    """All stages, then all notebooks, of a corpus holding ``article`` beside two ordinary ones
    (``None``: the two alone, the baseline); returns the steps and the article's bytes."""
    rng = random.Random(case)
    words = _vocabulary(rng, 500)
    folder = workdir / case / "articles"
    folder.mkdir(parents=True)
    files = {"other-a.txt": prose(rng, words, 3_000), "other-b.txt": prose(rng, words, 3_000)}
    rows = ["doc_id,file,title,outlet,genre", "other-a,other-a.txt,A,Outlet B,opinion", "other-b,other-b.txt,B,Outlet C,wire"]
    if article is not None:
        files["big.txt"] = article
        rows.insert(1, "big,big.txt,Big,Outlet A,reporting")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    metadata = workdir / case / "articles.csv"
    metadata.write_text("\n".join(rows) + "\n", encoding="utf-8")
    run = f"bench-limits-{case}"
    params = workdir / f"{run}.yaml"
    params.write_text(f"corpus:\n  source: {folder}\n  metadata: {metadata}\n", encoding="utf-8")
    steps: list[Step] = []
    stage_ok = True
    try:
        for stage in STAGE_TABLES:
            if not stage_ok and stage == "corpus":
                break
            command = [sys.executable, "-m", "analysis", "run", "--params", str(params), "--stage", stage, "--jobs", "1"]
            status, seconds, peak, detail = measure(command, timeout=args.timeout, limit_mb=args.memory_limit_mb)
            steps.append(Step(case, f"stage {stage}", status, seconds, peak, detail))
            print(f"[limits] {case} stage {stage}: {status} {seconds:.1f} s {peak:.0f} MB", file=sys.stderr)
            stage_ok = stage_ok and status == "ok"
            if stage == "corpus" and status != "ok":
                break
        if stage_ok:
            for notebook in NOTEBOOKS:
                command = [sys.executable, "-m", "analysis", "report", str(notebook.relative_to(ROOT)), "--params", str(params)]
                status, seconds, peak, detail = measure(command, timeout=args.timeout, limit_mb=args.memory_limit_mb)
                steps.append(Step(case, f"notebook {notebook.stem}", status, seconds, peak, detail))
                print(f"[limits] {case} notebook {notebook.stem}: {status} {seconds:.1f} s {peak:.0f} MB", file=sys.stderr)
    finally:
        shutil.rmtree(ROOT / "data" / "processed" / run, ignore_errors=True)
        shutil.rmtree(ROOT / "reports" / run, ignore_errors=True)
        (ROOT / "data" / "processed" / ".locks" / f"{run}.lock").unlink(missing_ok=True)
    return steps, len(article.encode("utf-8")) if article is not None else 0


def _tables(folder: Path) -> dict[str, bytes]:
    files = sorted(folder.glob("*.csv")) + sorted((folder / "clean").glob("*.txt"))
    return {str(path.relative_to(folder)): path.read_bytes() for path in files}


def kill_check(n_articles: int, n_points: int, workdir: Path) -> list[str]:
    """SIGKILL a whole run of ``n_articles`` generated articles at ``n_points`` evenly spread
    moments; after each kill every table present must equal the complete run's bytes, and a
    re-run after the last must write every table identically. Returns the report's lines."""
    rng = random.Random(300)
    words = _vocabulary(rng)
    folder = workdir / "kill" / "articles"
    folder.mkdir(parents=True)
    genres = ["opinion", "reporting", "wire"]
    rows = ["doc_id,file,title,outlet,genre"]
    for i in range(n_articles):
        (folder / f"a{i:04d}.txt").write_text(prose(rng, words, rng.randint(1_500, 6_000)), encoding="utf-8")
        rows.append(f"a{i:04d},a{i:04d}.txt,Article {i},Outlet {i % 7},{genres[i % 3]}")
    (workdir / "kill" / "articles.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    run = "bench-limits-kill"
    params = workdir / f"{run}.yaml"
    params.write_text(f"corpus:\n  source: {folder}\n  metadata: {workdir / 'kill' / 'articles.csv'}\n", encoding="utf-8")
    processed = ROOT / "data" / "processed" / run
    command = [sys.executable, "-m", "analysis", "run", "--params", str(params), "--jobs", "2"]
    lines = [f"### A run of {n_articles} articles killed at {n_points} points", ""]
    try:
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        duration = time.perf_counter() - started
        reference = _tables(processed)
        lines += [f"Complete run: {duration:.1f} s, {len(reference)} files (tables and clean texts).", "",
                  "| killed after | share of the complete run | files present | all complete |", "|---|---|---|---|"]
        verdicts = []
        for point in range(1, n_points + 1):
            shutil.rmtree(processed, ignore_errors=True)
            at = duration * point / (n_points + 1)
            child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            try:
                child.wait(timeout=at)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
            present = _tables(processed) if processed.is_dir() else {}
            complete = all(data == reference.get(name) for name, data in present.items())
            verdicts.append(complete)
            lines.append(f"| {at:.1f} s | {point / (n_points + 1):.0%} | {len(present)} of {len(reference)} | {'yes' if complete else 'NO'} |")
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        identical = _tables(processed) == reference
        lines += ["", f"Every kill left only complete tables: {'yes' if all(verdicts) else 'NO'}; "
                  f"the re-run after the last kill wrote every file byte-identical: {'yes' if identical else 'NO'}."]
    finally:
        shutil.rmtree(processed, ignore_errors=True)
        (ROOT / "data" / "processed" / ".locks" / f"{run}.lock").unlink(missing_ok=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/benchmarks/limits.md")
    parser.add_argument("--scale", type=float, default=1.0, help="size of the articles against the issue's (default 1.0)")
    parser.add_argument("--cases", default="20mb-article,2mb-line,50k-numbers")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds a step may take before it is killed")
    parser.add_argument("--memory-limit-mb", type=float, default=3000.0, help="resident MB at which a step is killed")
    parser.add_argument("--kill-articles", type=int, default=300, help="articles of the run killed at --kill-points points (0: skip)")
    parser.add_argument("--kill-points", type=int, default=6)
    parser.add_argument("--target", type=float, default=5.0,
                        help="peak above baseline, in times the article's size, that a step must stay within (default 5)")
    args = parser.parse_args()
    articles = cases(args.scale)
    chosen = args.cases.split(",")
    unknown = sorted(set(chosen) - set(articles))
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(articles)}")
    results: list[Step] = []
    sizes: dict[str, int] = {}
    kill_lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-limits-") as workdir:
        baseline_steps, _ = run_case(BASELINE, None, Path(workdir), args)
        baseline = {step.step: step.peak_mb for step in baseline_steps if step.status == "ok"}
        for case in chosen:
            steps, sizes[case] = run_case(case, articles[case], Path(workdir), args)
            results.extend(steps)
        if args.kill_articles:
            kill_lines = kill_check(args.kill_articles, args.kill_points, Path(workdir))
    command = f"python bench/bench_limits.py --out {args.out}" + (f" --scale {args.scale:g}" if args.scale != 1 else "")
    for option in ("cases", "timeout", "memory_limit_mb", "kill_articles", "kill_points", "target"):
        if getattr(args, option) != parser.get_default(option):
            command += f" --{option.replace('_', '-')} {getattr(args, option):g}" if option != "cases" else f" --cases {args.cases}"
    lines = [
        "## Limits per article: pathological articles through every stage and notebook",
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB memory, Python "
        f"{platform.python_version()} (shared with other jobs: times are noisy). Each step in a fresh process tree; "
        "*peak MB* is the largest process's peak resident memory (its high-water mark, `VmHWM`, read for every "
        f"process of the tree every {POLL_SECONDS:g} s while it lives, and `ru_maxrss` of the step's process and the "
        "descendants it waited for), not a sampled or summed RSS, so short peaks count; "
        f"a step is killed when the tree's resident memory passes {args.memory_limit_mb:,.0f} MB or after "
        f"{args.timeout:,.0f} s. "
        f"Articles at scale {args.scale:g} of the issue's sizes, each beside two ordinary 3 KB articles. "
        f"Baseline: the same step on the two ordinary articles alone (peak MB: "
        + ", ".join(f"{name} {mb:.0f}" for name, mb in baseline.items()) + "); "
        "*above baseline / article size* is the step's peak minus its baseline over the article's size.",
        "",
        "| case | article | step | status | seconds | peak MB | peak / article size | peak above baseline / article size | error (last line) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for step in results:
        size = sizes[step.case]
        detail = step.detail.replace("|", "\\|")
        above = f"{(step.peak_mb - baseline[step.step]) * 2**20 / size:.0f}x" if step.step in baseline else "(no baseline)"
        lines.append(
            f"| {step.case} | {size / 1e6:.2f} MB | {step.step} | {step.status} | {step.seconds:.1f} | {step.peak_mb:.0f} | "
            f"{step.peak_mb * 2**20 / size:.0f}x | {above} | {detail} |"
        )
    if results:
        worst = max((s for s in results if s.status == "ok" and s.step in baseline),
                    key=lambda s: (s.peak_mb - baseline[s.step]) / sizes[s.case], default=None)
        if worst is not None:
            lines += ["", f"Largest peak above baseline per byte of article: {worst.case} {worst.step}, "
                      f"{(worst.peak_mb - baseline[worst.step]) * 2**20 / sizes[worst.case]:.0f} times the article's size."]
        measured = [s for s in results if s.status == "ok" and s.step in baseline]
        multiple = {id(s): (s.peak_mb - baseline[s.step]) * 2**20 / sizes[s.case] for s in measured}
        over = [s for s in measured if multiple[id(s)] > args.target]
        lines += ["", f"Target (issue 16's \"a few times the text's size\"): a step's peak above its baseline at most "
                  f"{args.target:g} times the article's size. Within it: {len(measured) - len(over)} of {len(measured)} steps"
                  + ("." if not over else "; over it: " + ", ".join(f"{s.case} {s.step} ({multiple[id(s)]:.0f}x)" for s in over) + ".")]
    failed = [step for step in results if step.status != "ok"]
    lines += ["", f"{len(results) - len(failed)} of {len(results)} steps finished; " + (
        "failed: " + ", ".join(f"{s.case} {s.step} ({s.status})" for s in failed) if failed else "none failed") + "."]
    if kill_lines:
        lines += ["", *kill_lines]
    out = ROOT / args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {shown(out)}", file=sys.stderr)
    json.dump([step.__dict__ for step in results], sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
