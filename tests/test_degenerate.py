"""Corpora at the edges run through every notebook, with bounded outputs and prose that says what cannot be computed.

Generated corpora (``tests/degenerate_corpora.py``): one article of headings only (one article,
one genre, no sentence, no claim, no number), three articles of one genre with no shared claim
and no number, and two articles giving 37,948 estimates. Each runs the four stages and the
notebooks into its own run (``test-degenerate-*``, removed afterwards); the reports must open in
the browser like the default ones and stay small (no report over 10 MB, no figure over 2,000
pixels on its long side). Takes about two minutes on two cores.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from PIL import Image

import degenerate_corpora
from analysis import PROJECT_ROOT
from analysis.browser import Browser, find_chromium
from analysis.params import load_params

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))
MAX_REPORT_BYTES = 10_000_000
MAX_FIGURE_PIXELS = 2000

CASES = {
    "test-degenerate-headings": (degenerate_corpora.one_article_of_headings, NOTEBOOKS),
    "test-degenerate-unshared": (degenerate_corpora.no_shared_claims, NOTEBOOKS),
    # 01-03 are bounded by the same caps the two runs above check; the estimates are what is large here.
    "test-degenerate-estimates": (degenerate_corpora.many_estimates, [n for n in NOTEBOOKS if n.name[:2] in ("04", "05")]),
}

EXPECTED_PROSE = {
    "test-degenerate-headings": ["no sentence outside headings", "there is nothing to cluster", "give no numeric estimates",
                                 "so genres cannot be compared"],
    "test-degenerate-unshared": ["carried by two or more sources.", "give no numeric estimates", "so genres cannot be compared",
                                 "Across 2 outlets"],
    "test-degenerate-estimates": ["37,948 numeric estimates", "The first 2,000 of 37,948 rows"],
}


def _run(command: list[str]) -> None:
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stderr[-3000:]}"


def _build(name: str, folder: Path) -> Path:
    builder, notebooks = CASES[name]
    params = builder(folder, name)
    _run([sys.executable, "-m", "analysis", "run", "--params", str(params), "--jobs", "1"])
    for notebook in notebooks:
        _run([sys.executable, "-m", "analysis", "report", str(notebook), "--params", str(params)])
    _run([sys.executable, "-m", "analysis", "index", "--params", str(params)])
    return params


@pytest.fixture(scope="module")
def degenerate_runs(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("degenerate")
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            built = dict(zip(CASES, pool.map(lambda name: _build(name, folder), CASES)))
        yield {name: load_params(path) for name, path in built.items()}
    finally:
        for name in CASES:
            shutil.rmtree(PROJECT_ROOT / "reports" / name, ignore_errors=True)
            shutil.rmtree(PROJECT_ROOT / "data" / "processed" / name, ignore_errors=True)


def _text_outputs(notebook: Path) -> str:
    parts = []
    for cell in nbformat.read(str(notebook), as_version=4).cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("data", {}).get("text/plain", "") or output.get("text", ""))
    return "\n".join(parts)


@pytest.mark.slow
def test_degenerate_corpora_run_through_every_notebook_and_say_what_cannot_be_computed(degenerate_runs) -> None:
    for name, params in degenerate_runs.items():
        reports = sorted(params.reports_dir.glob("*.ipynb"))
        assert len(reports) == len(CASES[name][1]), f"{name}: not every notebook ran"
        prose = "\n".join(_text_outputs(r) for r in reports)
        for expected in EXPECTED_PROSE[name]:
            assert expected in prose, f"{name}: the reports never say {expected!r}"
        for page in params.reports_dir.glob("*.html"):
            assert page.stat().st_size < MAX_REPORT_BYTES, f"{name}/{page.name}: {page.stat().st_size:,} bytes"
        for figure in params.figures_dir.glob("*.png"):
            with Image.open(figure) as image:
                assert max(image.size) <= MAX_FIGURE_PIXELS, f"{name}/{figure.name}: {image.size} px"


@pytest.mark.slow
def test_degenerate_reports_open_in_the_browser(degenerate_runs) -> None:
    executable = find_chromium()
    if executable is None:
        pytest.skip("chromium is not installed (test_browser.py says how to install it)")
    problems = []
    with Browser(executable) as browser:
        for params in degenerate_runs.values():
            for page in sorted(params.reports_dir.glob("*.html")):
                problems += [f"{params.run}/{p}" for p in browser.check(page).problems()]
    assert not problems, "\n".join(problems)
