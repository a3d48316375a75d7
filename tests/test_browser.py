"""Every HTML report of the default and fixture runs, opened in headless Chromium as a reader would.

Fails on a console error, a network request (the reports must open offline), a table shown with
fewer rows than it has, or a figure or page wider than a 1,280-pixel window. Skips with a
message when Chromium is not installed, except in CI (``CI=true``), where ``.ci/run`` installs
Debian's package and its absence is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis import PROJECT_ROOT
from analysis.browser import Browser, find_chromium

RUNS = ("default", "fixture")


def chromium_or_skip() -> str:
    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed; .ci/run installs it (apt-get install -y chromium)")
        pytest.skip("chromium is not installed: `apt-get install -y chromium` to run the browser test")
    return executable


@pytest.fixture(scope="module")
def browser():
    with Browser(chromium_or_skip()) as opened:
        yield opened


def pages(run: str) -> list[Path]:
    return sorted((PROJECT_ROOT / "reports" / run).glob("*.html"))


@pytest.mark.parametrize("run", RUNS)
def test_every_report_opens_offline_whole_and_within_the_page(browser: Browser, run: str) -> None:
    found = pages(run)
    assert found, f"reports/{run}/*.html missing: run `make RUN={run}` (make test builds both) first"
    assert any(p.name == "index.html" for p in found), f"reports/{run}/index.html missing"
    problems = []
    for page in found:
        report = browser.check(page)
        problems += report.problems()
        if page.name != "index.html":
            assert report.images, f"{page.name}: no figure rendered"
    assert not problems, "\n".join(problems)


def test_the_check_catches_what_it_is_for(browser: Browser, tmp_path: Path) -> None:
    """A page that breaks every rule: each break is reported (so the test above can fail)."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><body>"
        "<script>console.error('boom')</script>"
        "<img src='http://127.0.0.1:9/figure.png'>"
        "<div style='width:3000px'>wide</div>"
        "<table data-rows='3' data-total-rows='3'><tbody><tr><td>a</td></tr></tbody></table>"
        "<table><tbody><tr><td>...</td><td>...</td></tr></tbody></table>"
        "</body></html>",
        encoding="utf-8",
    )
    problems = "\n".join(browser.check(page).problems())
    assert "console error: boom" in problems
    assert "network request to http://127.0.0.1:9/figure.png" in problems
    assert "shows 1 of its 3 rows" in problems
    assert "cut short" in problems
    assert "wider than the window" in problems
