"""Column lists, modes and rates of the framing tables, and the helpers that make them byte-stable."""

from __future__ import annotations

import re

import pandas as pd


MODES = ["direct quote", "attributed report", "authorial evaluation", "speculation", "authorial assertion"]
"""Sentence modes in the order their rules are tried (see :func:`assign_mode`); headings get "heading"."""

HEADING_MODE = "heading"

COUNT_FEATURES = {
    "attribution": "attribution",
    "direct_quotes": "n_direct_quotes",
    "scare_quotes": "n_scare_quotes",
    "hedges": "n_hedges",
    "boosters": "n_boosters",
    "first_person": "n_first_person",
    "evaluative": "n_evaluative",
    "intensifiers": "n_intensifiers",
    "directives": "n_directives",
    "subjective": "n_subjective",
    "negations": "n_negations",
    "past_tense": "n_past_tense",
    "present_tense": "n_present_tense",
    "questions": "is_question",
    "exclamations": "is_exclamation",
    "numbers": "n_numbers",
    "names": "n_names",
}
"""Rate name -> sentence column summed for it; each becomes ``<rate>_per_1k_words``."""

RATE_COLUMNS = [f"{name}_per_1k_words" for name in COUNT_FEATURES]
SHARE_COLUMNS = [f"share_{mode.replace(' ', '_')}" for mode in MODES]
HEADLINE_RATES = [
    f"{name}_per_1k_words"
    for name in ("attribution", "direct_quotes", "scare_quotes", "hedges", "boosters", "first_person", "evaluative")
]
"""The seven rates a reader compares first (the ones the framing question names)."""
MAP_FEATURES = RATE_COLUMNS + SHARE_COLUMNS + ["mean_sentence_words", "direct_quote_word_share"]
"""Document columns that place a document in framing-feature space (map and genre test)."""

OTHER_FRAME = "other"
DECIMALS = 4

WORD = re.compile(r"\w+(?:['’]\w+)*")

SENTENCE_COLUMNS = [
    "doc_id", "sentence_id", "char_start", "char_end", "is_heading", "n_words", "attribution",
    "attribution_unnamed", "attribution_cue", "attribution_source", "attribution_source_start", "attribution_source_end",
    "n_direct_quotes", "direct_quote_share", "n_scare_quotes",
    "scare_quote_terms", "n_numbers", "n_names", "n_hedges", "hedge_terms", "n_boosters", "booster_terms", "n_first_person",
    "n_directives", "n_evaluative", "evaluative_terms", "n_intensifiers", "n_subjective", "n_negations",
    "n_past_tense", "n_present_tense", "is_question", "is_exclamation", "mode", "frames",
]

def documents_with_genre(documents: pd.DataFrame, features: pd.DataFrame) -> pd.DataFrame:
    """doc_id and genre as strings, with any document seen only in the sentences added unlabelled."""
    docs = documents[["doc_id", "genre"]].copy()
    docs["doc_id"] = docs["doc_id"].astype(str)
    docs["genre"] = docs["genre"].fillna("").astype(str)
    missing = sorted(set(features["doc_id"].astype(str)) - set(docs["doc_id"]))
    if missing:
        docs = pd.concat([docs, pd.DataFrame({"doc_id": missing, "genre": ""})], ignore_index=True)
    return docs.sort_values("doc_id", kind="stable").reset_index(drop=True)


def tidy_table(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sort by keys and round floats so CSVs are byte-stable."""
    floats = table.select_dtypes(include="float").columns
    table[floats] = table[floats].round(DECIMALS)
    return table.sort_values(keys, kind="stable").reset_index(drop=True)
