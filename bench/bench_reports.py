"""Benchmark the reports a reader opens: size in bytes and pixels, and time to open in a browser.

Usage (from the project root)::

    python bench/bench_reports.py --out docs/benchmarks/reports.md

Runs ``make RUN=guardian`` (``params/guardian.yaml``: the first 100 articles of the shared
Guardian set, ``../shared/corpora/guardian_ukraine_2022``, read as a user's JSON Lines corpus)
and ``make RUN=default`` (the seed corpus), then for each run measures every HTML report (bytes,
page height in a 1,280-pixel window, time until the browser's load event, problems the browser
test would flag) and every figure (PNG bytes and pixels), against the limits:

- no report over ``MAX_REPORT_BYTES`` (10 MB);
- no figure over ``MAX_FIGURE_PIXELS`` (2,000 px) on its long side;
- every report open in headless Chromium in under ``MAX_OPEN_SECONDS`` (3 s; the median of
  ``--repeat`` openings).

Screenshots of the top of every report go to ``docs/screenshots/<run>/`` (PNG at half scale).
The largest report is also opened with its tables' ``content-visibility`` rule removed, in the
same minute, to show what that rule saves. ``--before DIR`` (or ``NEWSFRAMES_REPORTS_BEFORE``) also measures the reports in DIR
(e.g. the Guardian run executed with the code before issue 13, from ``git archive``) for comparison.
Skips the Guardian run with a message when the shared corpora are absent, and the browser
measures when Chromium is not installed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from analysis.browser import Browser, find_chromium  # noqa: E402
from analysis.params import load_params  # noqa: E402
from bench.corpora import CORPORA, machine, missing_message  # noqa: E402

MAX_REPORT_BYTES = 10_000_000
MAX_FIGURE_PIXELS = 2000
MAX_OPEN_SECONDS = 3.0
GUARDIAN = CORPORA / "guardian_ukraine_2022" / "articles.jsonl"
RUNS = ("default", "guardian")


def build(run: str) -> float:
    """``make RUN=<run>`` (tables, notebooks, HTML), returning its wall time in seconds."""
    started = time.perf_counter()
    subprocess.run(["make", "--no-print-directory", f"RUN={run}"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure(run: str, browser: Browser | None, repeat: int, screenshots: Path) -> tuple[list[dict], list[dict]]:
    params = load_params(ROOT / "params" / f"{run}.yaml")
    pages = []
    for page in sorted(params.reports_dir.glob("*.html")):
        row = {"report": page.name, "bytes": page.stat().st_size}
        if browser is not None:
            shot = screenshots / run / f"{page.stem}.png"
            first = browser.check(page, screenshot=shot)
            _shrink(shot)
            times = [first.load_seconds] + [browser.check(page).load_seconds for _ in range(repeat - 1)]
            row.update(seconds=statistics.median(times), height=first.height, problems=first.problems())
        pages.append(row)
    figures = []
    for figure in sorted(params.figures_dir.glob("*.png")):
        with Image.open(figure) as image:
            figures.append({"figure": figure.name, "bytes": figure.stat().st_size, "width": image.size[0], "height": image.size[1]})
    return pages, figures


def _shrink(png: Path) -> None:
    """Re-save a screenshot with a 128-colour palette (a third of the bytes, text still crisp), without metadata."""
    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(png, optimize=True)


def before_lines(browser: Browser, folder: Path, repeat: int) -> list[str]:
    """The same measures on reports made by earlier code (``--before``): largest report, longest figure side, slowest opening."""
    pages = sorted(folder.glob("*.html"))
    if not pages:
        return [f"- `--before {folder}`: no reports there"]
    times = {p.name: statistics.median([browser.check(p).load_seconds for _ in range(repeat)]) for p in pages}
    problems = sum(len(browser.check(p).problems()) for p in pages)
    sides = []
    Image.MAX_IMAGE_PIXELS = None  # earlier code drew figures past Pillow's decompression-bomb limit; only their size is read
    for figure in sorted((folder / "figures").glob("*.png")):
        with Image.open(figure) as image:
            sides.append((max(image.size), figure.name, image.size))
    longest = max(sides, default=(0, "", (0, 0)))
    return [
        f"- Before this change (`--before {folder}`, the same tables rendered by the notebooks and code of commit 03e30d7): "
        f"largest report {max(p.stat().st_size for p in pages) / 1e6:.2f} MB, longest figure side {longest[0]:,} px "
        f"({longest[1]}, {longest[2][0]:,} × {longest[2][1]:,}), slowest opening {max(times.values()):.2f} s, "
        f"{problems} problems the browser test flags (e.g. tables cut short by pandas)."
    ]


def without_lazy_tables(page: Path, folder: Path) -> Path:
    """A copy of ``page`` whose table boxes are laid out at once (the template's content-visibility rule removed)."""
    text = page.read_text(encoding="utf-8").replace("content-visibility: auto;", "")
    copy = folder / f"eager-{page.name}"
    copy.write_text(text, encoding="utf-8")
    return copy


def lazy_comparison(browser: Browser, page: Path, repeat: int) -> str:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        eager = without_lazy_tables(page, Path(folder))
        lazy_times, eager_times = [], []
        for _ in range(repeat):  # interleaved, so both see the same load on the machine
            lazy_times.append(browser.check(page).load_seconds)
            eager_times.append(browser.check(eager).load_seconds)
    lazy, eager_s = statistics.median(lazy_times), statistics.median(eager_times)
    return (f"- Tables laid out lazily (`content-visibility: auto` in `analysis/templates/report/`): {page.parent.name}/{page.name} "
            f"opens in {lazy:.2f} s, {eager_s:.2f} s with the rule removed (medians of {repeat}, interleaved), "
            f"{eager_s / lazy:.1f}x.")


def section(results: dict[str, tuple[list[dict], list[dict]]], builds: dict[str, float], skipped: list[str], repeat: int,
            extra: list[str] = ()) -> str:
    lines = [
        "## Reports: size and opening time",
        "",
        "`python bench/bench_reports.py --out docs/benchmarks/reports.md` (runs `make RUN=default` and "
        "`make RUN=guardian`, then opens every report in headless Chromium). "
        f"Limits: no report over {MAX_REPORT_BYTES / 1e6:.0f} MB, no figure over {MAX_FIGURE_PIXELS:,} px on its long "
        f"side, every report open in under {MAX_OPEN_SECONDS:g} s (median of {repeat} openings, until the load event, "
        "in a 1,280-pixel window). The machine is shared: times are noisy.",
        "",
        machine(),
        "",
    ]
    lines += [f"- {message}" for message in skipped]
    verdicts = []
    for run, (pages, figures) in results.items():
        lines += ["", f"### Run `{run}`" + (f" (`make RUN={run}` from scratch or as left: {builds[run]:.1f} s)" if run in builds else ""), ""]
        lines += ["| report | bytes | page height (px) | open (s) | problems |", "|---|---:|---:|---:|---|"]
        for row in pages:
            seconds = f"{row['seconds']:.2f}" if "seconds" in row else "not measured"
            height = f"{row['height']:,}" if "height" in row else ""
            problems = "; ".join(row.get("problems", [])) or "none"
            lines.append(f"| {row['report']} | {row['bytes']:,} | {height} | {seconds} | {problems} |")
        lines += ["", "| figure | bytes | width × height (px) |", "|---|---:|---|"]
        lines += [f"| {f['figure']} | {f['bytes']:,} | {f['width']:,} × {f['height']:,} |" for f in figures]
        largest_page = max((p["bytes"] for p in pages), default=0)
        longest_side = max((max(f["width"], f["height"]) for f in figures), default=0)
        slowest = max((p["seconds"] for p in pages if "seconds" in p), default=None)
        ok = largest_page <= MAX_REPORT_BYTES and longest_side <= MAX_FIGURE_PIXELS and (slowest is None or slowest < MAX_OPEN_SECONDS)
        verdicts.append(
            f"- `{run}`: largest report {largest_page / 1e6:.2f} MB, longest figure side {longest_side:,} px, slowest opening "
            + (f"{slowest:.2f} s" if slowest is not None else "not measured") + (": within the limits" if ok else ": OVER A LIMIT")
        )
    lines += ["", "### Against the limits", "", *verdicts, *extra]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/benchmarks/reports.md")
    parser.add_argument("--repeat", type=int, default=3, help="openings per report; the median is reported")
    parser.add_argument("--screenshots", default="docs/screenshots")
    parser.add_argument("--before", default=os.environ.get("NEWSFRAMES_REPORTS_BEFORE", ""),
                        help="a reports folder made by earlier code, measured for comparison (default: $NEWSFRAMES_REPORTS_BEFORE)")
    args = parser.parse_args()
    skipped, builds, results = [], {}, {}
    runs = list(RUNS)
    message = missing_message(GUARDIAN)
    if message:
        skipped.append(f"guardian run {message}")
        runs.remove("guardian")
    executable = find_chromium()
    if executable is None:
        skipped.append("browser measures skipped: chromium is not installed (apt-get install -y chromium)")
    for run in runs:
        print(f"[bench] make RUN={run}", file=sys.stderr)
        builds[run] = build(run)
    extra: list[str] = []
    if executable is None:
        results = {run: measure(run, None, args.repeat, ROOT / args.screenshots) for run in runs}
    else:
        with Browser(executable) as browser:
            results = {run: measure(run, browser, args.repeat, ROOT / args.screenshots) for run in runs}
            largest = max((ROOT / "reports" / run / p["report"] for run in runs for p in results[run][0]), key=lambda p: p.stat().st_size)
            extra.append(lazy_comparison(browser, largest, args.repeat))
            if args.before:
                extra += before_lines(browser, Path(args.before), args.repeat)
    out = ROOT / args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(section(results, builds, skipped, args.repeat, extra), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
