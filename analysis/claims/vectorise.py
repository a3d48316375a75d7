"""Claims as TF-IDF vectors: the text folds that make spelling variants meet, and the vectoriser.

Claims are vectorised with TF-IDF over word uni- and bigrams after a light normalisation
(:func:`normalise_for_matching`); the matrix is scikit-learn's, counted faster by
:mod:`analysis.tfidf`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.lexicons import load_lexicon
from analysis.tfidf import MappedTokenizer, TermNames, Vectorised, fit_transform

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer


WORD = re.compile(r"\w+(?:['’]\w+)*")
"""A word for the ``too_short`` rule; the same pattern analysis/corpus.py counts words with."""


_PUNCTUATION = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
    }
)  # fmt: skip


# Digit groups: "10,000", "10 000" (after thin spaces became spaces) and "1,000,000". The first group
# has 1-3 digits and no digit, comma or point before it, so "2023, 100" and "1.234" are left alone.
_GROUPED_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[, ]\d{3})+(?!\d|[.,]\d)")


_MAYBE_GROUPED = re.compile(r"\d[, ]\d{3}")


# US -ize/-yze to UK -ise/-yse, only with a stem of 3+ letters so "size", "prize", "seize" are kept.
_IZE = re.compile(r"([a-z]{3,}?[iy])z(e|es|ed|ing|ation|ations|er|ers)")


TOKEN_PATTERN = r"(?u)\b\w\w+\b"
"""scikit-learn's default token: two or more word characters."""


_WORD_RUN = re.compile(r"\w+")


@cache
def spelling_variants() -> dict[str, str]:
    """The variant -> canonical map of ``lexicons/spelling_variants.txt``."""
    pairs = [entry.split() for entry in load_lexicon("spelling_variants")]
    bad = [" ".join(pair) for pair in pairs if len(pair) != 2 or not all(re.fullmatch(r"\w\w+", word) for word in pair)]
    if bad:
        raise ValueError(f"spelling_variants.txt: each line must be 'variant canonical', two words of letters or digits, got {bad}")
    return dict(sorted((variant, canonical) for variant, canonical in pairs))


def fold_text(text: str) -> str:
    """Lower-case text with curly quotes, dashes and odd spaces made plain and digit groups
    ("10,000", "10 000") written without separators: the folds that cross word boundaries."""
    text = text.lower()
    if not text.isascii() or "`" in text:  # every other mark to fold is outside ASCII
        text = text.translate(_PUNCTUATION)
    # The cheap test first: most sentences hold no digit group, and this runs on every claim.
    if _MAYBE_GROUPED.search(text):
        text = _GROUPED_NUMBER.sub(lambda match: match.group().replace(",", "").replace(" ", ""), text)
    return text


@cache
def canonical_word(word: str) -> str:
    """A lower-case word's canonical spelling: the spelling-variant lexicon, then US -ize/-yze to UK -ise/-yse."""
    word = spelling_variants().get(word, word)
    match = _IZE.fullmatch(word)
    return match.expand(r"\1s\2") if match else word


def normalise_for_matching(text: str) -> str:
    """Lower-case text with spelling, quote and number-format variants folded together.

    What the claims' TF-IDF sees, so "Zelenskyy"/"Zelensky", "defense"/"defence",
    "mobilized"/"mobilised", "10,000"/"10000"/"10 000" and curly/straight quotes meet:
    :func:`fold_text`, then every word through :func:`canonical_word`. (The vectoriser applies the
    second step to its tokens, :func:`make_vectorizer`.) Character offsets are not preserved.
    """
    return _WORD_RUN.sub(lambda match: canonical_word(match.group()), fold_text(text))


def make_vectorizer(
    *,
    ngram_range: tuple[int, int] = (1, 2),
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    sublinear_tf: bool = True,
    stop_words: str | None = "english",
    normalise: bool = True,
) -> TfidfVectorizer:
    """The TF-IDF vectoriser of the claims stage: L2-normalised rows over lower-cased text, with
    spelling, quote and number-format variants folded first (:func:`normalise_for_matching`)
    unless ``normalise`` is false.

    The folding is split where it acts: :func:`fold_text` as the preprocessor, and
    :func:`canonical_word` on each token, so :func:`analysis.tfidf.fit_transform` maps each
    distinct word once rather than running the variant patterns over every claim.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        preprocessor=fold_text if normalise else str.lower,
        tokenizer=MappedTokenizer(TOKEN_PATTERN, canonical_word) if normalise else None,
        token_pattern=None if normalise else TOKEN_PATTERN,
        ngram_range=tuple(ngram_range),
        min_df=min_df,
        max_df=max_df,
        sublinear_tf=sublinear_tf,
        stop_words=stop_words,
        norm="l2",
        dtype=np.float64,
    )


def vectorise(texts: Sequence[str] | pd.api.extensions.ExtensionArray, vectorizer: TfidfVectorizer) -> Vectorised:
    """The vectoriser's TF-IDF claim × term matrix (sorted indices), its term names (sorted, as
    scikit-learn indexes them) and each term's word ids, by :func:`analysis.tfidf.fit_transform`.

    ``texts``: any sequence; a list, or a pandas text column's array, which is read a chunk at a
    time as it is (not copied into a list of Python strings first).
    An input with no usable term at all (every word a stop word) gives a matrix with no columns
    rather than scikit-learn's "empty vocabulary" error.
    """
    if not isinstance(texts, (list, pd.api.extensions.ExtensionArray)):
        texts = list(texts)
    try:
        fitted = fit_transform(vectorizer, texts)
    except ValueError as error:
        if "empty vocabulary" not in str(error) and "no terms remain" not in str(error):
            raise
        longest = vectorizer.ngram_range[1]
        empty = np.zeros((0, longest), dtype=np.int64)
        return Vectorised(sparse.csr_matrix((len(texts), 0)), TermNames(np.array([], dtype=object), empty), empty)
    fitted.matrix.sort_indices()
    return fitted
