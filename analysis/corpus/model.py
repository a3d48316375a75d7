"""The records the corpus stage passes between its parts, and the columns of its tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the worker processes of the corpus stage need no pandas
    import pandas as pd

METADATA_COLUMNS = ["doc_id", "file", "title", "outlet", "author", "url", "published", "genre", "genre_rationale"]
REQUIRED_METADATA = ["doc_id", "file", "genre"]
SENTENCE_COLUMNS = ["doc_id", "sentence_id", "paragraph_id", "char_start", "char_end", "text", "is_heading"]
REMOVED_COLUMNS = ["doc_id", "rule", "raw_char_start", "raw_char_end", "text"]
COUNT_COLUMNS = ["n_chars", "n_words", "n_sentences", "n_paragraphs", "n_removed_spans"]

WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class Article:
    """One raw article: its id, its text as decoded, and its metadata."""

    doc_id: str
    text: str
    metadata: dict[str, str]
    origin: str
    """Where the text came from, for error messages: a file path, or file:line for JSON Lines and CSV."""


@dataclass(frozen=True)
class Corpus:
    """A cleaned, segmented corpus: the tables of the load stage plus the cleaned texts."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    removed_spans: pd.DataFrame
    clean_texts: dict[str, str]
