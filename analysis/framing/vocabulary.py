"""Distinctive vocabulary: log-odds ratio with an informative Dirichlet prior."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

from analysis.framing.schema import documents_with_genre, tidy_table


def distinctive_terms(
    sentences: pd.DataFrame, documents: pd.DataFrame, *, min_count: int, prior_scale: float, top_n: int,
    drop_function_words: bool = True,
) -> pd.DataFrame:
    """Words that set each labelled genre apart from all other documents (``distinctive_terms``).

    Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, eq. 22):
    the prior for word w is ``alpha_w = prior_scale * y_w``, with ``y_w`` its count in the whole
    corpus, so rare words are shrunk towards the corpus rate. For genre i against the rest j,

        delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
        z_w = delta_w / sqrt(1 / (y_iw + a_w) + 1 / (y_jw + a_w))

    Words are lower-cased alphabetic tokens, contractions and possessives kept whole ("russia’s"),
    counted as scikit-learn's ``CountVectorizer`` counts them (:func:`genre_term_counts`); single letters other than "I" are dropped (they are the
    pieces of "U.S." and initials). With ``drop_function_words`` (the default), function words
    are not scored: scikit-learn's English stop-word list (``ENGLISH_STOP_WORDS``, 318 words) and
    contractions built on them ("it's", "don't"), so the table shows content ("brutality",
    "sanctions"), not grammar ("their", "has", "from"); first person, hedges and attribution are
    measured as features of their own. Only words with at least ``min_count`` occurrences in the
    corpus are scored; the ``top_n`` highest positive z-scores of each genre are returned, ranked from 1.
    """
    columns = ["genre", "term", "count_in_genre", "count_elsewhere", "log_odds", "z", "rank"]
    docs = documents_with_genre(documents, sentences)
    genre_of = docs.set_index("doc_id")["genre"]
    counted = genre_term_counts(sentences, genre_of)
    if counted is None:
        return pd.DataFrame(columns=columns)
    vocabulary, total, inside = counted
    return score_distinctive(vocabulary, total, inside, min_count=min_count, prior_scale=prior_scale,
                             top_n=top_n, drop_function_words=drop_function_words)


COUNT_CHUNK_CHARS = 250_000
"""Characters of sentences tokenised at once by :func:`genre_term_counts` (their tokens are one
list: a chunk bounds it, whatever the size of an article)."""


def genre_term_counts(sentences: pd.DataFrame, genre_of: pd.Series) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]] | None:
    """The words of :data:`TOKEN_PATTERN` counted over ``sentences``: the sorted vocabulary, each word's
    count in the whole corpus and in each labelled genre (``genre_of``: doc_id -> genre; a document
    missing from it is unlabelled). None when fewer than two genres have sentences, or there is no word.

    The counts are those of scikit-learn's ``CountVectorizer`` over each document's sentences joined
    by a space (the former implementation), but taken from chunks of at most
    :data:`COUNT_CHUNK_CHARS` characters of sentences joined the same way, one
    :class:`collections.Counter` per genre: no token crosses the space between two sentences (and
    lower-casing sees none across it), so the counts are the same, and memory is bounded by the
    chunk and the vocabulary instead of a whole document's text and token list (a 20 MB article).
    """
    if sentences.empty:
        return None
    labels = genre_of.reindex(sentences["doc_id"].astype(str).to_numpy()).fillna("").astype(str).to_numpy()
    genres = sorted(set(labels) - {""})
    if len(genres) < 2:
        return None
    find = re.compile(TOKEN_PATTERN).findall
    texts = sentences["text"].to_numpy()
    counters: dict[str, Counter[str]] = {}
    for label in sorted(set(labels)):
        counter = counters[label] = Counter()
        chunk: list[str] = []
        size = 0
        for text in texts[labels == label]:
            chunk.append(text)
            size += len(text) + 1
            if size >= COUNT_CHUNK_CHARS:
                counter.update(find(fold_apostrophes(" ".join(chunk))))
                chunk, size = [], 0
        if chunk:
            counter.update(find(fold_apostrophes(" ".join(chunk))))
    words = set().union(*counters.values())
    if not words:
        return None
    vocabulary = np.array(sorted(words), dtype=object)
    index = {word: i for i, word in enumerate(vocabulary)}

    def as_array(counter: Counter[str]) -> np.ndarray:
        counts = np.zeros(len(vocabulary), dtype=np.int64)
        if counter:
            counts[np.fromiter((index[word] for word in counter), dtype=np.int64, count=len(counter))] = list(counter.values())
        return counts

    arrays = {label: as_array(counter) for label, counter in counters.items()}
    total = np.sum(list(arrays.values()), axis=0).astype(float)
    inside = {genre: arrays[genre].astype(float) for genre in genres}
    return vocabulary, total, inside

PRIOR_SCALE = 0.5
"""The default strength of the informative prior (``alpha_w = PRIOR_SCALE * y_w``)."""

TOKEN_PATTERN = r"(?u)(?<![\w'’.])(?:i|[^\W\d_]{2,})(?:['’][^\W\d_]+)*"
"""The words :func:`distinctive_terms` counts, after :func:`fold_apostrophes` (``CountVectorizer`` pattern)."""


def score_distinctive(
    vocabulary: np.ndarray, total: np.ndarray, inside: dict[str, np.ndarray], *, min_count: int, prior_scale: float,
    top_n: int, drop_function_words: bool = True,
) -> pd.DataFrame:
    """The ``distinctive_terms`` table from word counts: ``total`` per word of ``vocabulary`` in the
    whole corpus and ``inside[genre]`` in each labelled genre (the engines sum these across
    partitions and score them here, so both engines rank words the same way)."""
    columns = ["genre", "term", "count_in_genre", "count_elsewhere", "log_odds", "z", "rank"]
    keep = total >= min_count
    if drop_function_words:
        keep &= ~np.array([is_function_word(term) for term in vocabulary], dtype=bool)
    rows = []
    for genre in sorted(inside):
        counts = inside[genre]
        scores = log_odds_dirichlet(counts[keep], total[keep] - counts[keep], prior_scale * total[keep])
        table = pd.DataFrame({
            "genre": genre, "term": vocabulary[keep], "count_in_genre": counts[keep].astype(int),
            "count_elsewhere": (total[keep] - counts[keep]).astype(int), "log_odds": scores[0], "z": scores[1],
        })
        table = table[table["z"] > 0].sort_values(["z", "term"], ascending=[False, True], kind="stable").head(top_n)
        rows.append(table.assign(rank=np.arange(1, len(table) + 1)))
    result = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns)
    return tidy_table(result[columns], ["genre", "rank"])


def fold_apostrophes(text: str) -> str:
    """Lower-case and fold the typographic apostrophe, as the distinctive-terms counter does."""
    return text.lower().replace("’", "'")


def log_odds_dirichlet(y_i: np.ndarray, y_j: np.ndarray, alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Monroe et al. (2008) log-odds ratio of each word in group i vs j with prior ``alpha``, and its z-score."""
    n_i, n_j, alpha_0 = y_i.sum(), y_j.sum(), alpha.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((y_i + alpha) / (n_i + alpha_0 - y_i - alpha)) - np.log((y_j + alpha) / (n_j + alpha_0 - y_j - alpha))
        z = delta / np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
    return delta, z


def is_function_word(term: str) -> bool:
    """Whether a lower-cased term (apostrophes folded to ') is a function word: in scikit-learn's
    English stop-word list, or a contraction of one ("it's", "we're") or a negated auxiliary ("don't")."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    base, _, ending = term.partition("'")
    return term in ENGLISH_STOP_WORDS or (bool(ending) and (base in ENGLISH_STOP_WORDS or term.endswith("n't")))
