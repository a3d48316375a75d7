"""Per-partition pieces of each stage and how they join into the stages' tables.

A partition holds whole articles, so everything computed within an article (segmentation, sentence
features, the per-document bootstrap, frame shares, numbers) is computed on the workers and the
pieces are only concatenated and sorted as the stage sorts them. What spans articles is combined:

- ``distinctive_terms``: term counts per genre are summed across partitions (exact), then scored;
- ``framing_genres``: each partition gives its documents' sums and each genre's Poisson-bootstrap
  replicate totals (:func:`~analysis.framing.profiles_and_genre_pieces`, a few kilobytes a genre);
  they are added up on one worker (:func:`~analysis.framing.genre_profiles_from_pieces`), which is
  what the local engine does with one piece, so point rates and intervals are its to the last digit;
- ``feature_map`` and ``genre_separation`` read one row per document (the joined profiles).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.engines.stagefuncs import (
    COUNT_COLUMNS,
    DECIMALS,
    DISTINCTIVE_TOKEN_PATTERN,
    METADATA_COLUMNS,
    feature_map,
    fold_apostrophes,
    frame_emphasis,
    genre_profiles_from_pieces,
    genre_separation,
    score_distinctive,
    profiles_and_genre_pieces,
    sentence_features,
)

SORT_KEYS: dict[str, list[str]] = {
    "documents": ["doc_id"],
    "sentences": ["doc_id", "sentence_id"],
    "removed_spans": ["doc_id", "raw_char_start"],
    "framing_sentences": ["doc_id", "sentence_id"],
    "framing_documents": ["doc_id"],
    "frame_emphasis": ["doc_id", "frame"],
    "estimates": ["doc_id", "char_start", "char_end"],
    "excluded_numbers": ["doc_id", "char_start", "char_end"],
}
"""How each per-partition table is ordered, as its stage orders it (stable sorts)."""

DISTINCTIVE_COLUMNS = ["genre", "term", "count_in_genre", "count_elsewhere", "log_odds", "z", "rank"]


def document_columns(column_lists: Iterable[list[str]]) -> list[str]:
    """The ``documents`` columns of the whole corpus: the metadata columns, every other field of any
    partition sorted, then the counts (as the corpus stage orders them)."""
    seen = {column for columns in column_lists for column in columns}
    extra = sorted(seen - set(METADATA_COLUMNS) - set(COUNT_COLUMNS))
    return METADATA_COLUMNS + extra + COUNT_COLUMNS


def conform_documents(documents: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """A partition's ``documents`` with the corpus's columns; a field it lacks is empty text."""
    table = documents.reindex(columns=columns)
    text_columns = [c for c in columns if c not in COUNT_COLUMNS]
    table[text_columns] = table[text_columns].astype(object).fillna("")
    return table


def join_sorted(name: str, parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Per-partition pieces of a table as one, ordered as the stage orders it."""
    frames = [part for part in parts if len(part.columns)]
    if not frames:
        return parts[0] if parts else pd.DataFrame()
    nonempty = [part for part in frames if len(part)] or frames[:1]
    table = pd.concat(nonempty, ignore_index=True) if len(nonempty) > 1 else nonempty[0].copy()
    return table.sort_values(SORT_KEYS[name], kind="stable").reset_index(drop=True)


def split_by_documents(sentences: pd.DataFrame, documents: pd.DataFrame, size: int) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """(sentences, documents) of consecutive chunks of ``size`` articles; sentences of an article
    missing from ``documents`` go with the last chunk (the stages treat them as unlabelled)."""
    doc_ids = documents["doc_id"].astype(str)
    chunk_of = pd.Series(np.arange(len(documents)) // size, index=doc_ids.to_numpy())
    n_chunks = max(1, -(-len(documents) // size))
    keys = sentences["doc_id"].astype(str).map(chunk_of).fillna(n_chunks - 1).astype(int).to_numpy()
    doc_keys = np.arange(len(documents)) // size
    return [
        (sentences[keys == k].reset_index(drop=True), documents[doc_keys == k].reset_index(drop=True))
        for k in range(n_chunks)
    ]


# ---------------------------------------------------------------------------------------------
# framing


def framing_part(sentences: pd.DataFrame, documents: pd.DataFrame, *, n_bootstrap: int, seed: int) -> dict[str, object]:
    """What one partition gives the framing stage: its rows of ``framing_sentences``,
    ``framing_documents`` and ``frame_emphasis``, and the pieces the corpus-wide tables combine."""
    features = sentence_features(sentences)
    profiles, genre_piece = profiles_and_genre_pieces(features, documents, n_bootstrap=n_bootstrap, seed=seed)
    counts, text_genres = term_counts(sentences, documents)
    return {
        "framing_sentences": features,
        "framing_documents": profiles,
        "frame_emphasis": frame_emphasis(features),
        "genre_piece": genre_piece,
        "term_counts": counts,
        "text_genres": text_genres,
    }


def framing_corpus_tables(
    pieces: list[dict[str, object]], *, n_bootstrap: int, seed: int, min_count: int, prior_scale: float, top_n: int
) -> dict[str, pd.DataFrame]:
    """``framing_genres``, ``distinctive_terms``, ``feature_map`` and ``genre_separation`` from the
    partitions' pieces (run on one worker)."""
    profiles = join_sorted("framing_documents", [p["framing_documents"] for p in pieces])
    text_genres = sorted({g for p in pieces for g in p["text_genres"] if g})
    has_text = any(len(p["text_genres"]) for p in pieces)
    return {
        "framing_genres": genre_profiles_from_pieces([p["genre_piece"] for p in pieces]),
        "distinctive_terms": score_terms([p["term_counts"] for p in pieces], text_genres, has_text,
                                         min_count=min_count, prior_scale=prior_scale, top_n=top_n),
        "feature_map": feature_map(profiles, seed=seed),
        "genre_separation": genre_separation(profiles),
    }


def term_counts(sentences: pd.DataFrame, documents: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Word counts per genre of one partition (``genre, term, count``) and the genres of its
    articles that have text, counted as :func:`analysis.framing.distinctive_terms` counts them."""
    from sklearn.feature_extraction.text import CountVectorizer

    genre_of = documents.assign(doc_id=documents["doc_id"].astype(str)).set_index("doc_id")["genre"].fillna("").astype(str)
    text = sentences.assign(doc_id=sentences["doc_id"].astype(str)).groupby("doc_id")["text"].agg(" ".join)
    labels = genre_of.reindex(text.index).fillna("").to_numpy()
    empty = pd.DataFrame({"genre": pd.Series(dtype=object), "term": pd.Series(dtype=object), "count": pd.Series(dtype=np.int64)})
    if not len(text):
        return empty, []
    vectorizer = CountVectorizer(preprocessor=fold_apostrophes, token_pattern=DISTINCTIVE_TOKEN_PATTERN)
    try:
        matrix = vectorizer.fit_transform(text.to_numpy())
    except ValueError:  # no word at all in this partition
        return empty, sorted(set(labels))
    vocabulary = vectorizer.get_feature_names_out()
    frames = []
    for genre in sorted(set(labels)):
        sums = np.asarray(matrix[labels == genre].sum(axis=0)).ravel()
        keep = sums > 0
        frames.append(pd.DataFrame({"genre": genre, "term": vocabulary[keep], "count": sums[keep].astype(np.int64)}))
    return pd.concat(frames, ignore_index=True), sorted(set(labels))


def score_terms(
    counts: list[pd.DataFrame], genres: list[str], has_text: bool, *, min_count: int, prior_scale: float, top_n: int
) -> pd.DataFrame:
    """``distinctive_terms`` from the summed counts: the stage's log-odds with informative Dirichlet
    prior, each labelled genre against the rest, the ``top_n`` positive z-scores ranked."""
    summed = pd.concat(counts, ignore_index=True).groupby(["genre", "term"], sort=False)["count"].sum()
    if not has_text or len(genres) < 2 or summed.empty:
        return pd.DataFrame(columns=DISTINCTIVE_COLUMNS)
    vocabulary = np.array(sorted(summed.index.get_level_values("term").unique()), dtype=object)
    grid = summed.unstack("genre", fill_value=0).reindex(vocabulary, fill_value=0)
    total = grid.sum(axis=1).to_numpy().astype(float)
    inside = {genre: (grid[genre] if genre in grid else pd.Series(0, index=grid.index)).to_numpy().astype(float) for genre in genres}
    return score_distinctive(vocabulary, total, inside, min_count=min_count, prior_scale=prior_scale, top_n=top_n)
