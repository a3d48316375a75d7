"""Executed notebooks become stable files and safe HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from IPython.lib.pretty import pretty
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis import PROJECT_ROOT, publish, reports
from analysis.params import load_params

PAYLOAD = '<script>alert("fixture-xss")</script>'


def executed_notebook(path: Path) -> None:
    notebook = new_notebook(
        cells=[
            new_markdown_cell("# 09 · A title\n\nWhich question does it answer?\n\nMore prose."),
            new_code_cell("params_file = 'x'", metadata={"tags": ["injected-parameters"], "papermill": {"duration": 1.2}}),
        ],
        metadata={"papermill": {"start_time": "2026-01-01T00:00:00", "parameters": {"params_file": "x"}}, "language_info": {"name": "python", "version": "3.11.7"}},
    )
    path.write_text(nbformat.writes(notebook), encoding="utf-8")


def test_tidy_removes_timings_keeps_parameters_and_pins_the_injected_cell_id(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    executed_notebook(path)
    publish.tidy_notebook(path)
    first = path.read_text(encoding="utf-8")
    tidied = json.loads(first)
    assert tidied["metadata"]["papermill"] == {"parameters": {"params_file": "x"}}
    assert "version" not in tidied["metadata"]["language_info"]
    assert "papermill" not in tidied["cells"][1]["metadata"]
    assert tidied["cells"][1]["id"] == publish.INJECTED_CELL_ID
    publish.tidy_notebook(path)
    assert path.read_text(encoding="utf-8") == first


def test_finding_shows_article_text_verbatim_and_never_as_markup() -> None:
    text = f"The article says {PAYLOAD} & [a link](javascript:alert(1)) ![](http://x/y.png) *stars*."
    shown = reports.finding(text)
    assert pretty(shown) == text  # what nbval compares and a text viewer shows
    page = shown._repr_html_()
    assert "<script" not in page and "<a " not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "&amp;" in page and "*stars*" in page


def test_html_export_renders_markdown_hides_code_and_loads_no_script(tmp_path: Path) -> None:
    finding = reports.finding(f"raw {PAYLOAD}")
    notebook = new_notebook(
        cells=[
            new_markdown_cell("# Title\n\nWhich *question*?"),
            new_code_cell(
                "secret_code_line = 1",
                outputs=[new_output("display_data", data={"text/html": finding._repr_html_(), "text/plain": pretty(finding)})],
            ),
        ]
    )
    source = tmp_path / "nb.ipynb"
    source.write_text(nbformat.writes(notebook), encoding="utf-8")
    publish.export_html(source, tmp_path / "nb.html")
    page = (tmp_path / "nb.html").read_text(encoding="utf-8")
    assert "secret_code_line" not in page
    assert "<h1" in page and "<em>question</em>" in page and "&lt;p&gt;" not in page and "&lt;h1" not in page
    assert PAYLOAD not in page and "&lt;script&gt;" in page
    assert "<script" not in page and not re.search(r"(src|href)=[\"']?https?:", page)  # self-contained, runs nothing


def test_index_lists_each_report_with_its_question(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    params = load_params("params/default.yaml")
    monkeypatch.setattr(type(params), "reports_dir", property(lambda self: tmp_path))
    executed_notebook(tmp_path / "09-a-title.ipynb")
    page = publish.write_index(params).read_text(encoding="utf-8")
    assert '<a href="09-a-title.html">09 · A title</a>' in page
    assert "Which question does it answer?" in page and "More prose" not in page


def test_fixture_reports_render_article_markup_as_inert_text() -> None:
    """`make test` builds the fixture run first; one fixture article carries a script tag."""
    pages = sorted((PROJECT_ROOT / "reports" / "fixture").glob("*.html"))
    assert pages, "reports/fixture/*.html missing: run `make RUN=fixture` (make test does) first"
    shown_somewhere = False
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert PAYLOAD not in text, f"{page.name} renders the fixture's script tag as live HTML"
        assert "<img src=x onerror" not in text
        shown_somewhere |= "alert(&quot;fixture-xss&quot;)" in text or "alert(\"fixture-xss\")&lt;" in text or "&lt;script&gt;" in text
    assert shown_somewhere, "the fixture's markup should appear, escaped, in at least one report"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(600000.0, "600,000"), (1500.0, "1,500"), (3.0, "3"), (0.125, "0.125"), (2.5, "2.5"), (-12.3456, "-12.346"), (0.0004, "0.0004"), (float("nan"), "NaN")],
)
def test_tables_show_numbers_without_scientific_notation(value: float, shown: str) -> None:
    assert reports.readable_number(value) == shown
