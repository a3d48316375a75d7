"""Distinctive vocabulary: log-odds ratio with an informative Dirichlet prior."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.framing.schema import _documents, _tidy


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
        by scikit-learn's ``CountVectorizer``; single letters other than "I" are dropped (they are the
    pieces of "U.S." and initials). With ``drop_function_words`` (the default), function words
    are not scored: scikit-learn's English stop-word list (``ENGLISH_STOP_WORDS``, 318 words) and
    contractions built on them ("it's", "don't"), so the table shows content ("brutality",
    "sanctions"), not grammar ("their", "has", "from"); first person, hedges and attribution are
    measured as features of their own. Only words with at least ``min_count`` occurrences in the
    corpus are scored; the ``top_n`` highest positive z-scores of each genre are returned, ranked from 1.
    """
    columns = ["genre", "term", "count_in_genre", "count_elsewhere", "log_odds", "z", "rank"]
    docs = _documents(documents, sentences)
    genre_of = docs.set_index("doc_id")["genre"]
    text = sentences.assign(doc_id=sentences["doc_id"].astype(str)).groupby("doc_id")["text"].agg(" ".join)
    genres = sorted(g for g in genre_of.reindex(text.index).fillna("").unique() if g)
    if not len(text) or len(genres) < 2:
        return pd.DataFrame(columns=columns)
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(preprocessor=fold_apostrophes, token_pattern=TOKEN_PATTERN)
    try:
        matrix = vectorizer.fit_transform(text.to_numpy())
    except ValueError:  # no token at all
        return pd.DataFrame(columns=columns)
    labels = genre_of.reindex(text.index).fillna("").to_numpy()
    inside = {genre: np.asarray(matrix[labels == genre].sum(axis=0)).ravel().astype(float) for genre in genres}
    total = np.asarray(matrix.sum(axis=0)).ravel().astype(float)
    return score_distinctive(vectorizer.get_feature_names_out(), total, inside, min_count=min_count, prior_scale=prior_scale,
                             top_n=top_n, drop_function_words=drop_function_words)


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
    return _tidy(result[columns], ["genre", "rank"])


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
