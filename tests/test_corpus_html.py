"""Saved web pages as a corpus (trafilatura): the fixture run, pages without a CSV, and bad pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import PROJECT_ROOT
from analysis.corpus import load_corpus
from analysis.params import CorpusParams, InputError, load_params
from analysis.pipeline import read_clean_text, read_table

PAGES = PROJECT_ROOT / "tests" / "fixtures" / "html" / "pages"


def test_the_html_fixture_run_has_every_table_with_page_text_and_csv_metadata() -> None:
    """`make test` runs the four stages on params/fixture-html.yaml first."""
    params = load_params("params/fixture-html.yaml")
    if not (params.processed_dir / "estimates.csv").is_file():
        pytest.fail("data/processed/fixture-html/ missing: run `make RUN=fixture-html tables` (make test does) first")
    documents = read_table(params, "documents").set_index("doc_id")
    assert documents.loc["h3", "title"] == "Wildfire spreads in Tarn valley (wire)"  # the CSV wins
    assert documents.loc["h1", "title"] == "Tarn Ridge fire forces 4,000 from their homes"  # the page fills the rest
    assert documents.loc["h1", ["outlet", "author", "published"]].tolist() == ["Test Herald", "Test Reporter", "2026-08-14"]
    text = read_clean_text(params, "h1")
    assert "4,000 residents" in text and "Most read" not in text and "All rights reserved" not in text and "Subscribe" not in text
    removed = read_table(params, "removed_spans")
    assert {"liveblog_timestamp", "tweet_embed"} <= set(removed["rule"])
    estimates = read_table(params, "estimates")
    assert "4,000" in set(estimates["surface"]) and not estimates["sentence"].str.contains("BST|pic.twitter").any()
    assert len(read_table(params, "claims")) > 0


def test_pages_without_a_metadata_csv_take_their_own_metadata(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    shutil.copytree(PAGES, folder)
    corpus = load_corpus(CorpusParams(source=str(folder), metadata="", genres=["reporting"], default_genre="reporting"))
    documents = corpus.documents.set_index("doc_id")
    assert list(documents.index) == ["ridge-live", "ridge-opinion", "ridge-report", "ridge-wire"]
    assert documents.loc["ridge-opinion", ["outlet", "author", "published", "genre"]].tolist() == [
        "Test Review", "Test Columnist", "2026-08-15", "reporting"]
    assert documents.loc["ridge-wire", "url"] == "https://wire.example/tarn-valley-wildfire"


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        (b"Just some plain words, no markup at all. Saved with the wrong name.", ["not an HTML page", ".txt"]),
        (b"<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>", ["no article text"]),
        (b"", ["empty"]),
    ],
)
def test_bad_pages_are_one_line_errors_naming_the_file(tmp_path: Path, content: bytes, needles: list[str]) -> None:
    folder = tmp_path / "pages"
    shutil.copytree(PAGES, folder)
    (folder / "zz-bad.html").write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_corpus(CorpusParams(source=str(folder), metadata=""))
    message = str(caught.value)
    assert "zz-bad.html" in message and "\n" not in message
    for needle in needles:
        assert needle in message


def test_a_declared_charset_is_honoured(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    body = "<p>" + "Kyiv’s officials said “3,000” troops – about that many – arrived on Monday. " * 8 + "</p>"
    html = f'<html><head><meta charset="windows-1252"><title>T</title></head><body><article>{body}</article></body></html>'
    (folder / "a.html").write_bytes(html.encode("cp1252"))
    corpus = load_corpus(CorpusParams(source=str(folder), metadata=""))
    assert "Kyiv’s officials said “3,000” troops" in corpus.clean_texts["a"]


def test_documents_table_keeps_ids_as_strings() -> None:
    params = load_params("params/fixture-html.yaml")
    if (params.processed_dir / "documents.csv").is_file():
        table = pd.read_csv(params.processed_dir / "documents.csv", dtype=str)
        assert table["doc_id"].tolist() == ["h1", "h2", "h3", "h4"]
