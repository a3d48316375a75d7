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


# --------------------------------------------------------------------------- tables and labels

from analysis import display, figures, plots  # noqa: E402
from analysis.estimates import like_with_like_positions  # noqa: E402


def documents_frame() -> "pd.DataFrame":
    import pandas as pd

    return pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"],
        "title": ["Troops cross the river at dawn while the ministry stays silent about it", "", "Same", "Same"],
        "outlet": ["Daily A", "Daily B", "Daily B", "Daily B"],
        "genre": ["opinion", "reporting", "wire", "wire"],
        "n_words": [100, 50, 20, 30],
    })


def test_article_labels_name_outlet_and_short_title_and_stay_unique() -> None:
    import pandas as pd

    sentences = pd.DataFrame({"doc_id": ["b", "b"], "sentence_id": [1, 0], "text": ["Second.", "The first sentence of b."]})
    labels = display.article_label(documents_frame(), sentences, limit=40)
    assert labels["a"].startswith("Daily A: Troops cross") and labels["a"].endswith("…") and len(labels["a"]) <= 40
    assert labels["b"] == "Daily B: “The first sentence of b.”"
    assert labels["c"] == "Daily B: Same (c)" and labels["d"] == "Daily B: Same (d)"
    assert labels.is_unique
    one_outlet = documents_frame().assign(outlet="Only One")
    assert display.article_label(one_outlet)["c"] == "Same (c)"  # an outlet every article shares says nothing


def test_cluster_labels_prefer_the_claims_stage_short_label() -> None:
    import pandas as pd

    clusters = pd.DataFrame({"cluster_id": [0, 1], "representative": ["A long representative claim " * 5, "Short one."]})
    assert display.cluster_label(clusters, limit=30)[0].startswith("#0 A long representative") and display.cluster_label(clusters, limit=30)[0].endswith("…")
    clusters["short_label"] = ["troops at the border", ""]
    labels = display.cluster_label(clusters)
    assert labels[0] == "#0 troops at the border" and labels[1] == "#1 Short one."


def test_rates_read_as_rate_with_interval_and_values_as_ranges() -> None:
    import pandas as pd

    frame = pd.DataFrame({"doc_id": ["a"], "hedges_per_1k_words": [12.34], "hedges_per_1k_words_ci_low": [8.1], "hedges_per_1k_words_ci_high": [16.04]})
    combined = display.combine_intervals(frame, ["hedges_per_1k_words"])
    assert list(combined.columns) == ["doc_id", "hedges"] and combined.loc[0, "hedges"] == "12.3 [8.1–16.0]"
    nan = float("nan")
    assert [display.value_range(*v) for v in ((600, 600), (10000, 12000), (10000, nan), (nan, 3000))] == ["600", "10,000–12,000", "≥ 10,000", "≤ 3,000"]


def test_a_table_shows_every_row_escaped_without_index_or_offsets() -> None:
    import pandas as pd

    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(172)], "char_start": range(172), "text": [PAYLOAD] * 172}, index=range(100, 272))
    shown = display.table(frame, labels=pd.Series({"d0": "Daily A: first"}), caption="in order")
    page = shown._repr_html_()
    assert page.count("<tr>") == 173 and 'data-rows="172"' in page and 'data-total-rows="172"' in page
    assert "char_start" not in page and ">100<" not in page and "<th>article</th>" in page and "Daily A: first" in page
    assert PAYLOAD not in page and "&lt;script&gt;" in page
    assert pretty(shown).startswith("172 rows, in order.") and "162 more rows in the HTML report" in pretty(shown)
    capped = display.table(frame, max_rows=50, source="data/x.csv")._repr_html_()
    assert capped.count("<tr>") == 51 and 'data-total-rows="172"' in capped and "The first 50 of 172 rows (every row: data/x.csv)" in capped


# --------------------------------------------------------------------------- figures


def test_cell_text_is_white_on_dark_and_black_on_light() -> None:
    assert plots.text_colour((0.03, 0.19, 0.42, 1.0)) == "white"  # navy
    assert plots.text_colour((0.97, 0.98, 1.0, 1.0)) == "black"


@pytest.mark.parametrize(("values", "integer_ticks"), [([[0, 1], [2, 0]], True), ([[0.5, 1.25], [2.0, 0.0]], False)])
def test_a_heatmap_of_counts_has_whole_number_colourbar_ticks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                               values: list[list[float]], integer_ticks: bool) -> None:
    import matplotlib.pyplot as plt
    import pandas as pd

    drawn = []
    monkeypatch.setattr(plots, "save_figure", lambda fig, *args, **kwargs: drawn.append(fig))
    plots.heatmap(pd.DataFrame(values, index=["a", "b"], columns=["x", "y"]), title="t", colour_label="claims", folder=tmp_path, name="h")
    fig = drawn[0]
    fig.canvas.draw()
    colourbar = fig.axes[-1]
    ticks = [tick for tick in colourbar.get_yticks() if colourbar.get_ylim()[0] <= tick <= colourbar.get_ylim()[1]]
    plt.close(fig)
    assert all(float(tick).is_integer() for tick in ticks) is integer_ticks


def test_figures_stay_bounded_however_many_rows(tmp_path: Path) -> None:
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd
    from PIL import Image

    plots.use_house_style()
    matrix = pd.DataFrame(np.arange(172 * 120).reshape(172, 120) % 7, index=[f"claim number {i} " * 3 for i in range(172)],
                          columns=[f"Outlet: article title {j}" for j in range(120)])
    plots.heatmap(matrix, title="t", colour_label="c", folder=tmp_path, name="big")
    estimates = pd.DataFrame({
        "doc_id": [f"d{i % 50}" for i in range(37946)], "category": [["troops", "money", "other"][i % 3] for i in range(37946)],
        "surface": ["about 1,000"] * 37946, "value_low": np.arange(37946) + 1.0, "value_high": np.arange(37946) + 1.0,
        "qualifier": ["approx"] * 37946, "genre": ["reporting"] * 37946,
    })
    plots.estimate_intervals(estimates, kinds=like_with_like_positions(estimates), title="t", folder=tmp_path, name="estimates")
    plt.close("all")
    for name in ("big", "estimates"):
        with Image.open(tmp_path / f"{name}.png") as image:
            assert max(image.size) <= 2000, (name, image.size)
    assert len(pd.read_csv(tmp_path / "big.csv")) == 172 and len(pd.read_csv(tmp_path / "estimates.csv")) == 37946


def test_feature_map_axes_are_named_by_the_features_that_load_on_them() -> None:
    import pandas as pd

    points = pd.DataFrame({"doc_id": list("abcd"), "x": [-2.0, -1.0, 1.0, 2.0], "y": [0.5, -0.5, 0.4, -0.4],
                           "x_variance_share": 0.34, "y_variance_share": 0.2})
    profiles = pd.DataFrame({"doc_id": list("abcd"), "attribution_per_1k_words": [1.0, 2.0, 4.0, 5.0],
                             "first_person_per_1k_words": [9.0, 7.0, 2.0, 1.0], "hedges_per_1k_words": [1.0, 5.0, 1.2, 4.9]})
    x_name, y_name = figures.axis_names(points, profiles, ["attribution_per_1k_words", "first_person_per_1k_words", "hedges_per_1k_words"])
    assert x_name == "PC1 (34%): more attribution, less first person"
    assert y_name.startswith("PC2 (20%): less hedges")


# --------------------------------------------------------------------------- make targets of the reports


def _make(*arguments: str) -> "subprocess.CompletedProcess[str]":
    import os
    import subprocess

    # As a user runs it: not as a sub-make of `make test` (whose jobserver flags would add a warning line).
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    return subprocess.run(["make", "--no-print-directory", *arguments], cwd=PROJECT_ROOT, capture_output=True, text=True, env=env)


def test_a_missing_params_file_is_one_line_from_make_naming_the_choices() -> None:
    done = _make("RUN=nosuch")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "params/nosuch.yaml not found" in lines[0] and "default" in lines[0] and "fixture" in lines[0]


def test_clean_removes_only_the_runs_outputs_unless_asked_for_all() -> None:
    one = _make("-n", "clean", "RUN=strict").stdout
    assert "data/processed/strict" in one and "reports/strict" in one and "rm -rf data/processed\n" not in one
    assert "reports/default" not in _make("-n", "clean", "RUN=default").stdout  # the committed reports stay
    assert "rm -rf data/processed\n" in _make("-n", "clean", "ALL=1").stdout or "clean-all" in _make("-n", "clean", "ALL=1").stdout


def test_lab_serves_the_repository_root_and_passes_arguments_through() -> None:
    import os

    command = _make("-n", "lab", "LAB_ARGS=--port=8899").stdout.strip().splitlines()[-1]
    assert "--ServerApp.root_dir=." in command and command.endswith("--port=8899")
    assert ("--allow-root" in command) == (os.getuid() == 0)


def test_estimates_view_joins_sentences_read_for_the_shown_rows_only() -> None:
    import pandas as pd

    estimates = pd.DataFrame({
        "doc_id": ["007", "007", "b"], "sentence_id": [0, 0, 3], "char_start": [4, 20, 7], "char_end": [10, 26, 9],
        "surface": ["10,000", "5,000", "12"], "value_low": [10000.0, 5000.0, 12.0], "value_high": [10000.0, 5000.0, 12.0],
        "qualifier": ["exact"] * 3, "unit": ["count"] * 3, "counted": ["troops"] * 3, "category": ["troops"] * 3,
        "group": [""] * 3, "cited_source": [""] * 3, "sentence": ["Some 10,000 and 5,000.", "Some 10,000 and 5,000.", "Twelve: 12."],
    })  # fmt: skip
    whole = display.estimates_view(estimates)
    head = estimates[["doc_id", "char_start", "char_end", "sentence"]].head(2)
    joined = display.estimates_view(estimates.drop(columns="sentence"), head)
    assert joined.columns.tolist() == whole.columns.tolist()
    assert joined.head(2).equals(whole.head(2))  # the rows a report shows are the same
    assert joined["sentence"].tolist()[2] == "" and whole["sentence"].tolist()[2] == "Twelve: 12."  # past them: not read, empty
    shuffled = display.estimates_view(estimates.drop(columns="sentence"), head.iloc[::-1])
    assert shuffled["sentence"].tolist()[:2] == ["Some 10,000 and 5,000."] * 2  # joined by article and offsets, not by position


def test_an_estimates_table_views_only_the_rows_it_shows_and_counts_all() -> None:
    import pandas as pd

    estimates = pd.DataFrame({
        "doc_id": ["a", "a", "b"], "sentence_id": [0, 0, 3], "char_start": [4, 20, 7], "char_end": [10, 26, 9],
        "surface": ["10,000", "5,000", "12"], "value_low": [10000.0, 5000.0, 12.0], "value_high": [10000.0, 5000.0, 12.0],
        "qualifier": ["exact"] * 3, "category": ["troops"] * 3,
    })  # fmt: skip
    sentences = pd.DataFrame({"doc_id": ["a"], "char_start": [4], "char_end": [10], "sentence": ["Some 10,000 and 5,000."]})
    shown = display.estimates_table(estimates, sentences, max_rows=2, source="estimates.csv")
    assert shown.shown["value"].tolist() == ["10,000", "5,000"] and shown.shown["sentence"].tolist() == ["Some 10,000 and 5,000.", ""]
    assert shown.note() == "The first 2 of 3 rows (every row: estimates.csv)."


def test_a_reports_kernel_is_stopped_before_its_html_is_exported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import psutil

    template = tmp_path / "tiny.ipynb"
    parameters = new_code_cell('params_file = "x"')
    parameters.metadata["tags"] = ["parameters"]
    template.write_text(nbformat.writes(new_notebook(cells=[parameters, new_code_cell("print(params_file)")], metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}})), encoding="utf-8")
    params = load_params("params/fixture.yaml")
    monkeypatch.setattr(type(params), "reports_dir", property(lambda self: tmp_path / "reports"))
    alive_at_export: list[int] = []
    export = publish.export_html
    before = {child.pid for child in psutil.Process().children(recursive=True)}  # other tests' helpers (a browser, a cluster)

    def counting_export(notebook_path: object, output_path: object) -> None:
        started = [child for child in psutil.Process().children(recursive=True) if child.pid not in before]
        alive_at_export.append(sum(1 for child in started if child.is_running() and child.status() != psutil.STATUS_ZOMBIE))
        export(notebook_path, output_path)

    monkeypatch.setattr(publish, "export_html", counting_export)
    written = publish.execute_report(template, params, progress_bar=False)
    assert written.is_file() and written.with_suffix(".html").is_file()
    assert "fixture" in written.read_text(encoding="utf-8")  # the kernel did run the notebook
    assert alive_at_export == [0]  # and was gone before the export (it held every table the notebook read)


# --------------------------------------------------------------------------- tables read for the shown rows only


def processed_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    """The default params with their tables in ``tmp_path``."""
    params = load_params("params/default.yaml")
    monkeypatch.setattr(type(params), "processed_dir", property(lambda self: tmp_path))
    return params


def test_mode_examples_from_the_picked_rows_equal_those_from_every_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    from analysis import outlets
    from analysis.pipeline import read_rows, read_table

    params = processed_dir(tmp_path, monkeypatch)
    modes = ["heading", "direct quote", "speculation", "direct quote", "authorial assertion", "direct quote", "speculation", "heading"]
    n = len(modes)
    framing_sentences = pd.DataFrame({
        "doc_id": ["007"] * 5 + ["b"] * 3, "sentence_id": [0, 1, 2, 3, 4, 0, 1, 2], "is_heading": [m == "heading" for m in modes],
        "mode": modes, "attribution_source": ["", "Kim", "", "Lee", "", "Park", "", ""], "hedge_terms": ["", "", "may", "", "", "", "might", ""],
        "evaluative_terms": [""] * n, "scare_quote_terms": ["", "", "", "", "", "", "", "“so-called”"], "frames": ["economic"] * n,
        "n_words": [3, 9, 8, 7, 6, 5, 4, 2], "direct_quote_share": [0.0, 0.5, 0, 0.4, 0, 0.3, 0, 0],
    })  # fmt: skip
    for count in outlets.PROFILE_COLUMNS:  # the counts the outlet profiles pool (attribution, is_question ...)
        if count not in framing_sentences:
            framing_sentences[count] = [i % 2 for i in range(n)]
    framing_sentences.to_csv(tmp_path / "framing_sentences.csv", index=False)
    texts = pd.DataFrame({"doc_id": framing_sentences["doc_id"], "sentence_id": framing_sentences["sentence_id"],
                          "paragraph_id": 0, "text": [f"Sentence {i} <b>." for i in range(n)]})
    texts.to_csv(tmp_path / "sentences.csv", index=False)
    labels = pd.Series({"007": "A: seven", "b": "B: bee"})
    whole = display.mode_examples(read_table(params, "framing_sentences"), read_table(params, "sentences", ["doc_id", "sentence_id", "text"]))
    light = read_table(params, "framing_sentences", outlets.PROFILE_COLUMNS)
    assert "hedge_terms" not in light and "frames" not in light
    examples = display.mode_example_keys(light)
    assert examples.values.tolist() == [["007", 1], ["007", 2], ["007", 3], ["007", 4], ["b", 1]]  # two per mode, no heading
    shown = display.mode_examples(read_rows(params, "framing_sentences", examples, display.MODE_EXAMPLE_COLUMNS),
                                  read_rows(params, "sentences", examples, ["text"]))
    assert display.table(shown, labels=labels)._repr_html_() == display.table(whole, labels=labels)._repr_html_()
    assert shown["text"].tolist() == ["Sentence 4 <b>.", "Sentence 1 <b>.", "Sentence 3 <b>.", "Sentence 2 <b>.", "Sentence 6 <b>."]  # by mode
    one_per_mode = display.mode_examples(read_table(params, "framing_sentences"), read_table(params, "sentences"), per_mode=1)
    assert len(one_per_mode) == 3 and len(shown) == 5  # the picking is per mode: a table of other rows would differ


def test_the_claim_ledger_from_the_shared_clusters_rows_equals_the_whole_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    from analysis import claims as claim_tables
    from analysis.pipeline import read_rows, read_table

    params = processed_dir(tmp_path, monkeypatch)
    clusters = pd.DataFrame({
        "cluster_id": [0, 1, 2, 3], "short_label": ["troops crossed", "", "only here", "same outlet"], "label": ["troops", "shells", "x", "y"],
        "representative": ["Troops crossed.", "Shells fell <i>.", "Only here.", "Same outlet twice."], "n_claims": [3, 2, 1, 2],
        "n_docs": [3, 2, 1, 2], "n_sources": [3, 2, 1, 1], "cross_source": [True, True, False, False], "is_furniture": [False] * 4,
        "doc_ids": ["007|b|c", "b|c", "007", "b|d"], "genres": ["opinion|wire", "wire", "opinion", "wire"],
        "representative_doc_id": ["007", "c", "007", "b"], "representative_sentence_id": [0, 4, 2, 5],
    })  # fmt: skip
    claims = pd.DataFrame({
        "doc_id": ["007", "007", "b", "b", "b", "c", "c", "d"], "sentence_id": [0, 2, 1, 3, 5, 2, 4, 1], "char_start": range(8),
        "char_end": range(1, 9), "cluster_id": [0, 2, 1, 0, 3, 0, 1, 3], "text": [f"Claim {i} &." for i in range(8)],
        "similarity_to_representative": [1.0, 1.0, 0.8, 0.9, 1.0, 0.7, 1.0, 0.95],
    })  # fmt: skip
    documents = pd.DataFrame({"doc_id": ["007", "b", "c", "d"], "genre": ["opinion", "wire", "wire", "wire"]})
    framing = pd.DataFrame({"doc_id": claims["doc_id"], "sentence_id": claims["sentence_id"], "n_hedges": range(8), "mode": "speculation"})
    clusters.to_csv(tmp_path / "clusters.csv", index=False)
    claims.to_csv(tmp_path / "claims.csv", index=False)
    labels = pd.Series({"007": "A: seven", "b": "B: bee", "c": "C: sea", "d": "D: dee"})
    whole = claim_tables.claim_ledger(read_table(params, "claims"), read_table(params, "clusters"), documents, framing)
    light = read_table(params, "clusters", [c for c in claim_tables.columns.CLUSTER_COLUMNS if c != "label"])
    shared = read_rows(params, "clusters", light.loc[light["cross_source"].astype(bool), ["cluster_id"]])
    ledger = claim_tables.claim_ledger(read_rows(params, "claims", shared[["cluster_id"]]), shared, documents, framing)
    assert display.table(ledger, labels=labels)._repr_html_() == display.table(whole, labels=labels)._repr_html_()
    assert ledger["cluster_id"].tolist() == [0, 0, 0, 1, 1]  # the cross-source claims only, not the same outlet's cluster 3
    solo = claim_tables.solo_claims(None, light, documents)
    assert solo.equals(claim_tables.solo_claims(None, read_table(params, "clusters"), documents))


def test_the_coverage_figure_names_its_rows_as_when_every_cluster_was_named(tmp_path: Path) -> None:
    import matplotlib.pyplot as plt
    import pandas as pd

    plots.use_house_style()
    n = 300  # one cluster carried twice, the rest once: only the first is drawn
    clusters = pd.DataFrame({"cluster_id": range(n), "short_label": ["", *[f"alone {i}" for i in range(1, n)]],
                             "representative": ["The claim two articles carry, at some length.", *[f"Alone {i}." for i in range(1, n)]]})
    coverage = pd.DataFrame({"cluster_id": [0, 0, *range(1, n)], "doc_id": ["a", "b", *["a"] * (n - 1)], "n_claims": 1})
    documents = documents_frame()
    labels = display.article_label(documents)
    figures.coverage(coverage, clusters, documents, labels, title="t", folder=tmp_path, name="coverage")
    plt.close("all")
    drawn = pd.read_csv(tmp_path / "coverage.csv", index_col=0)
    assert drawn.index.tolist() == [display.cluster_label(clusters, limit=55)[0]] == ["#0 The claim two articles carry, at some length."]


def test_a_cell_longer_than_the_limit_shows_its_start_and_how_much_more_the_csv_holds() -> None:
    import pandas as pd

    long = "<" + "x" * (display.MAX_CELL_CHARS + 1233)
    page = display.table(pd.DataFrame({"sentence": [long, "short <one>"]}))._repr_html_()
    assert "&lt;" + "x" * (display.MAX_CELL_CHARS - 1) + "… (1,234 more characters in the CSV)</td>" in page
    assert "x" * display.MAX_CELL_CHARS not in page and "short &lt;one&gt;</td>" in page  # a cell within the limit is whole
    exact = "y" * display.MAX_CELL_CHARS
    assert f"<td>{exact}</td>" in display.table(pd.DataFrame({"sentence": [exact]}))._repr_html_()


def test_spread_sample_keeps_every_column_and_the_lowest_and_highest_evenly_spaced() -> None:
    import pandas as pd

    rows = pd.DataFrame({
        "doc_id": ["b", "a", "c", "a", "b", "c", "a"], "surface": ["5", "5", "1", "9", "2", "7", "3"],
        "value_low": [5.0, 5.0, None, 9.0, 2.0, 7.0, 3.0], "value_high": [5.0, 5.0, 1.0, 9.0, 2.0, 7.0, 3.0], "qualifier": list("abcdefg"),
    }, index=[70, 10, 20, 30, 40, 50, 60])  # fmt: skip
    whole = plots.spread_sample(rows, 10)
    assert whole.columns.tolist() == rows.columns.tolist() and whole.index.tolist() == [20, 40, 60, 10, 70, 50, 30]  # by value, then doc_id
    picked = plots.spread_sample(rows, 3)
    assert picked["surface"].tolist() == ["1", "5", "9"] and picked["qualifier"].tolist() == ["c", "b", "d"]
    assert plots.spread_sample(rows.iloc[:0], 3).empty


def test_a_reports_kernel_keeps_no_history_of_the_tables_it_showed() -> None:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        shell.run_cell("import pandas as pd\npd.DataFrame({'a': [1]})", store_history=True)
        assert len(shell.user_ns["Out"]) == 1  # IPython keeps every result it showed, by default
        shell.run_cell("from analysis import reports\nreports.forget_outputs()", store_history=True)
        result = shell.run_cell("pd.DataFrame({'a': [2]})", store_history=True)
        assert result.result is not None and len(shell.user_ns["Out"]) == 1 and "_3" not in shell.user_ns
        history = shell.history_manager
        assert not history.outputs and not history.output_hist_reprs  # nor the history manager's copy
        hooks = len(shell.events.callbacks["post_run_cell"])
        shell.run_cell("from analysis import reports\nreports.forget_outputs()", store_history=True)  # twice: one hook
        assert len(shell.events.callbacks["post_run_cell"]) == hooks
    finally:
        InteractiveShell.clear_instance()
    reports.forget_outputs()  # outside IPython: nothing to do


def test_a_figures_csv_is_formatted_a_chunk_at_a_time_with_the_same_bytes(tmp_path: Path) -> None:
    # issue 16: pandas formats 100,000 cells at once by default, every cell a Python string (on
    # 50,000 estimates, 10,000 rows of ten text and number columns); the figure's CSV is written
    # plots.CSV_CHUNK_ROWS rows at a time, and its bytes are those of one to_csv of the frame
    import tracemalloc

    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    n = 30_000
    rng = np.random.default_rng(16)
    data = pd.DataFrame({f"text_{i}": [f"word {v} of a label" for v in rng.integers(0, 10**6, n)] for i in range(8)}
                        | {"low": rng.random(n) * 1e5, "high": np.where(rng.random(n) < 0.5, np.nan, 3.5)})
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1])
    fig.savefig(tmp_path / "warm.png")  # the first render's one-off allocations (fonts) are not the CSV's
    tracemalloc.start()
    try:
        plots.save_figure(fig, data, tmp_path, "big", columns=list(data.columns))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        plt.close(fig)
    whole = data.to_csv(index=False, lineterminator="\n")
    assert (tmp_path / "big.csv").read_text(encoding="utf-8") == whole
    # one chunk of 10,000 rows of ten cells, each a Python string, was 10 MB traced (pandas str columns)
    assert peak < 3 * 2**20, peak


def _estimates_of(counts: dict[str, int], category: str = "troops") -> "pd.DataFrame":
    import numpy as np
    import pandas as pd

    doc_ids = [doc for doc, n in counts.items() for _ in range(n)]
    values = np.arange(len(doc_ids), dtype=float) * 10 + 5
    return pd.DataFrame({"doc_id": doc_ids, "category": category, "surface": [f"{v:,.0f}" for v in values], "value_low": values,
                         "value_high": values, "qualifier": "exact", "genre": "reporting"})


def test_article_ranges_sum_up_each_articles_estimates_most_first() -> None:
    import numpy as np
    import pandas as pd

    rows = pd.DataFrame({"doc_id": ["b", "a", "b", "b", "c", "a"], "value_low": [10.0, 5.0, np.nan, 30.0, 7.0, 1.0],
                         "value_high": [10.0, 9.0, 50.0, 40.0, 7.0, np.nan], "genre": ["wire", "opinion", "wire", "wire", "", "opinion"]})
    ranges = plots.article_ranges(rows, 2)
    assert ranges["doc_id"].tolist() == ["b", "a"] and ranges["n_estimates"].tolist() == [3, 2]  # c, with one, left out
    b, a = ranges.iloc[0], ranges.iloc[1]
    # a bound draws its known side: b's "up to 50" is 50 for both its point and its top
    assert (b["low"], b["high"], b["median"], b["genre"]) == (10.0, 50.0, 30.0, "wire")
    assert (a["low"], a["high"], a["median"]) == (1.0, 9.0, 3.0)


def test_a_category_of_thousands_of_estimates_draws_each_articles_range_in_a_small_figure(tmp_path: Path) -> None:
    # issue 16: 50,000 numbers in one article drew 60 sampled rows in a figure as tall as the size
    # bound allows (1,690 px), whose render was most of notebook 05's memory above a small corpus
    import matplotlib.pyplot as plt
    import pandas as pd
    from PIL import Image

    plots.use_house_style()
    estimates = _estimates_of({"big": 20_000, "a": 3, "b": 2})
    plots.estimate_intervals(estimates, kinds=like_with_like_positions(estimates), title="t", folder=tmp_path, name="many")
    ticks = [t.get_text() for t in plt.gcf().axes[0].get_yticklabels()]
    plt.close("all")
    assert ticks == ["b · 2 estimates", "a · 3 estimates", "big · 20,000 estimates"]  # most first, from the top
    with Image.open(tmp_path / "many.png") as image:
        assert image.size[1] < 600, image.size
    assert len(pd.read_csv(tmp_path / "many.csv")) == 20_005  # the CSV keeps every estimate


def test_a_category_within_its_share_still_draws_each_estimate(tmp_path: Path) -> None:
    import matplotlib.pyplot as plt

    plots.use_house_style()
    estimates = _estimates_of({"a": 3, "b": 2})
    plots.estimate_intervals(estimates, kinds=like_with_like_positions(estimates), title="t", folder=tmp_path, name="few")
    ticks = [t.get_text() for t in plt.gcf().axes[0].get_yticklabels()]
    plt.close("all")
    assert ticks == ["b · 45", "b · 35", "a · 25", "a · 15", "a · 5"]


def test_estimates_of_another_unit_or_group_never_share_a_panel(tmp_path: Path) -> None:
    # issue 18: dollars beside pounds, or North Korean dead beside Russian killed and wounded, on
    # one axis (and an article's range spanning them) compared what must not be compared
    import matplotlib.pyplot as plt
    import pandas as pd

    plots.use_house_style()
    frames = [_estimates_of({"a": 2, "b": 1}, "money").assign(unit="dollars", group=""),
              _estimates_of({"a": 1}, "money").assign(unit="pounds", group=""),
              _estimates_of({"a": 1, "c": 1}, "casualties").assign(unit="people", group="North Korean"),
              _estimates_of({"a": 3}, "casualties").assign(unit="people", group=None)]
    estimates = pd.concat(frames, ignore_index=True)
    plots.estimate_intervals(estimates, kinds=like_with_like_positions(estimates), title="t", folder=tmp_path, name="kinds")
    titles = [ax.get_title(loc="left") for ax in plt.gcf().axes]
    plt.close("all")
    # the category order first; within a category the larger kind first
    assert titles == ["casualties · people", "casualties · people · North Korean", "money · dollars", "money · pounds"]
    drawn = pd.read_csv(tmp_path / "kinds.csv")
    assert {"unit", "group"} <= set(drawn.columns) and len(drawn) == len(estimates)


def test_the_figures_kinds_are_the_spreads_kinds_in_category_order() -> None:
    import pandas as pd

    estimates = pd.concat([_estimates_of({"a": n}, category).assign(unit=unit, group="")
                           for category, unit, n in [("other", "percent", 9), ("money", "euros", 2), ("troops", "people", 1), ("money", "dollars", 5)]],
                          ignore_index=True)
    kinds = like_with_like_positions(estimates)
    assert [(kind, len(rows)) for kind, rows in kinds] == [
        (("troops", "people", ""), 1), (("money", "dollars", ""), 5), (("money", "euros", ""), 2), (("other", "percent", ""), 9)]
    assert sorted(i for _, rows in kinds for i in rows.tolist()) == list(range(len(estimates)))  # positions, each row once
    assert plots.kind_label(("casualties", "people", "")) == "casualties · people"
    # a missing group and an empty one are one kind; a row without a category is in none (nor in the spread)
    mixed = pd.concat([_estimates_of({"a": 2}).assign(unit="people", group=None), _estimates_of({"b": 1}).assign(unit="people", group=""),
                       _estimates_of({"c": 1}, None).assign(unit="people", group="")], ignore_index=True)
    assert [(kind, rows.tolist()) for kind, rows in like_with_like_positions(mixed)] == [(("troops", "people", ""), [0, 1, 2])]


def test_two_panels_of_many_estimates_leave_out_the_smallest_kind_and_say_so(tmp_path: Path) -> None:
    import matplotlib.pyplot as plt
    import pandas as pd

    plots.use_house_style()
    estimates = pd.concat([_estimates_of({"a": n}, category).assign(unit=unit, group="")
                           for category, unit, n in [("troops", "people", 1), ("money", "euros", 2), ("money", "dollars", 5)]],
                          ignore_index=True)
    plots.estimate_intervals(estimates, kinds=like_with_like_positions(estimates), title="t", folder=tmp_path, name="two", max_panels=2)
    titles = [ax.get_title(loc="left") for ax in plt.gcf().axes]
    subtitle = plt.gcf().get_suptitle()
    plt.close("all")
    assert titles == ["money · dollars", "money · euros"]  # troops, with one estimate, left out
    assert "1 smaller kind left out" in subtitle


def test_compact_numbers_name_trillions() -> None:
    assert [plots.compact_number(v) for v in (2e4, 1.6e6, 1e10, 1e12, 3.5e13)] == ["20k", "1.6M", "10bn", "1tn", "35tn"]


def test_a_shown_table_keeps_only_the_rows_a_report_shows_and_counts_all() -> None:
    # issue 16: a table of 50,010 estimates was kept whole (and labelled whole) to show 2,000 rows
    import pandas as pd

    frame = pd.DataFrame({"doc_id": ["a", "b"] * 2_500, "value": range(5_000)})
    table = display.table(frame, labels=pd.Series({"a": "Daily A: x", "b": "Daily B: y"}), max_rows=100, source="e.csv")
    assert len(table.frame) == 100 and table.frame["article"].tolist()[:2] == ["Daily A: x", "Daily B: y"]
    assert table.note() == "The first 100 of 5,000 rows (every row: e.csv)."
    assert 'data-rows="100" data-total-rows="5000"' in table._repr_html_()
    assert pretty(table).endswith("… 4,990 more rows in the HTML report")
    # a view made for the shown rows alone says how many the whole table has
    view = display.table(frame.head(100), max_rows=100, total_rows=5_000)
    assert view.note() == table.note().removesuffix(" (every row: e.csv).") + "." and len(view.frame) == 100
    # a table within the bound is shown and counted whole
    small = display.table(frame.head(7), max_rows=100)
    assert len(small.frame) == 7 and small.note() == "7 rows."


def test_a_summary_reads_the_texts_of_the_shared_clusters_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 16: notebook 05 read every cluster's short label and representative claim (one
    # cluster per sentence of a long article) to name the few that two or more articles carry
    import pandas as pd

    from analysis import findings
    from analysis.pipeline import read_shared_cluster_texts, read_table

    params = processed_dir(tmp_path, monkeypatch)
    pd.DataFrame({
        "cluster_id": [0, 1, 2, 3], "short_label": ["troops crossed", "", "only here", "all of them"],
        "representative": ["Troops crossed.", "Shells fell.", "Only here.", "Everyone says so."], "n_docs": [2, 2, 1, 3],
    }).to_csv(tmp_path / "clusters.csv", index=False)
    whole = read_table(params, "clusters", ["cluster_id", "short_label", "representative", "n_docs"])
    named = read_shared_cluster_texts(params)
    assert list(named.columns) == list(whole.columns) and named.dtypes.equals(whole.dtypes)
    shared = whole["n_docs"] >= 2
    pd.testing.assert_frame_equal(named[shared], whole[shared])
    assert named.loc[~shared, "representative"].tolist() == [""] and named.loc[~shared, "short_label"].tolist() == [""]
    # what notebook 05 says of them is the same
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"]})
    assert findings.describe_universal_claims(named, documents) == findings.describe_universal_claims(whole, documents)
    assert display.cluster_label(named[shared]).equals(display.cluster_label(whole[shared]))


def test_long_text_clipped_when_read_shows_as_the_whole_text_did() -> None:
    # issue 16: the 2 MB line was held whole (as surface and as sentence) to show 10,000 characters of it
    import pandas as pd

    line = "x1" * 1_000_000
    frame = pd.DataFrame({"doc_id": ["a", "b"], "surface": [line, "K2"], "reason": ["model name or code"] * 2,
                          "sentence": [line + " end", "The K2 tank."], "char_start": [0, 4]}).astype({"surface": "str", "sentence": "str"})
    clipped = display.clip_long_text(frame)
    assert isinstance(clipped.loc[0, "surface"], display.ClippedText) and len(clipped.loc[0, "surface"]) == display.MAX_CELL_CHARS
    assert clipped.loc[0, "sentence"].full_length == len(line) + 4 and clipped.loc[1, "sentence"] == "The K2 tank."
    shown = display.table(frame, labels=pd.Series({"a": "A", "b": "B"}))
    assert display.table(clipped, labels=pd.Series({"a": "A", "b": "B"}))._repr_html_() == shown._repr_html_()
    assert "(1,990,000 more characters in the CSV)" in shown._repr_html_()
    assert pretty(display.table(clipped)) == pretty(display.table(frame))
    # a frame without a long cell is returned as it is, its dtypes untouched
    short = frame.iloc[1:]
    assert display.clip_long_text(short) is short
    # an object column of other values than text, and missing text, are left alone
    mixed = pd.DataFrame({"v": [None, 3, "y" * 20_001], "t": pd.Series([None, "a", "b"], dtype="str")})
    out = display.clip_long_text(mixed)
    assert out["v"].tolist()[:2] == [None, 3] and out.loc[2, "v"].full_length == 20_001 and out["t"].dtype == mixed["t"].dtype
