"""Summaries of the corpus tables that notebook 01 shows."""

from __future__ import annotations

import pandas as pd

from analysis.corpus.model import WORD

OVERVIEW_COLUMNS = ["doc_id", "title", "outlet", "author", "genre", "n_words", "n_sentences", "n_paragraphs", "n_removed_spans"]
"""The columns of ``documents`` worth showing a reader first."""


def sentence_lengths(sentences: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Words per sentence (headings left out), with each sentence's genre."""
    body = sentences.loc[~sentences["is_heading"], ["doc_id", "sentence_id", "text"]]
    lengths = body.assign(n_words=body["text"].str.count(WORD.pattern)).drop(columns="text")
    return lengths.merge(documents[["doc_id", "genre"]], on="doc_id").sort_values(["doc_id", "sentence_id"], ignore_index=True)


def rule_words(rule: str) -> str:
    """A cleaning rule's name as a reader reads it: "liveblog_timestamp" -> "liveblog timestamp"
    (``removed_spans.csv`` keeps the name as ``lexicons/boilerplate.txt`` and the code give it)."""
    return str(rule).replace("_", " ")


def removed_by_rule(removed_spans: pd.DataFrame) -> pd.DataFrame:
    """How many spans each cleaning rule removed, and from how many documents; rules in words (:func:`rule_words`)."""
    counts = removed_spans.groupby("rule").agg(n_spans=("doc_id", "size"), n_documents=("doc_id", "nunique"))
    counts = counts.sort_values(["n_spans", "n_documents"], ascending=False).reset_index()
    return counts.assign(rule=counts["rule"].map(rule_words))


def removed_spans_view(removed_spans: pd.DataFrame) -> pd.DataFrame:
    """The removed spans as notebook 01 shows them: each rule in words (:func:`rule_words`)."""
    return removed_spans.assign(rule=removed_spans["rule"].map(rule_words)) if "rule" in removed_spans else removed_spans
