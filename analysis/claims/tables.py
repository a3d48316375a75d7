"""The claims stage's tables: :func:`build_claim_tables` and the views notebooks draw from them."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.claims.columns import (
    CLAIM_COLUMNS,
    CLUSTER_COLUMNS,
    COVERAGE_COLUMNS,
    DECIMALS,
    FRAMING_COLUMNS,
    FURNITURE_MIN_DOCS,
    FURNITURE_MIN_SIMILARITY,
    FURNITURE_RUN_WORDS,
    SET_ASIDE_COLUMNS,
)
from analysis.claims.cluster import kept_indptr, linkage_tree
from analysis.claims.graph import PieceClusterer, cluster_claims, similarity_graph
from analysis.claims.labels import ClusterSums, cluster_labels, medoids, rank_clusters, short_labels
from analysis.claims.rules import PairRules
from analysis.claims.same_statement import SameStatementModel, resolve_model
from analysis.claims.select import select_claims
from analysis.claims.shared_columns import SharedColumns
from analysis.claims.sweep import threshold_sweep
from analysis.claims.timeline import claim_timeline, document_sources
from analysis.claims.vectorise import TOKEN_PATTERN, canonical_word, fold_text, make_vectorizer, vectorise
from analysis.heap import release_free_heap
from analysis.tfidf import Vectorised
from analysis.params import ClaimsParams


def build_claim_tables(
    sentences: pd.DataFrame | list[pd.DataFrame],
    documents: pd.DataFrame,
    *,
    min_words: int = 6,
    ngram_range: tuple[int, int] = (1, 2),
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    sublinear_tf: bool = True,
    stop_words: str | None = "english",
    normalise: bool = True,
    **settings: Any,
) -> dict[str, pd.DataFrame]:
    """The claims stage: ``claims``, ``clusters``, ``coverage``, ``claims_set_aside``, ``threshold_sweep``,
    ``claim_timeline``.

    - ``claims``: one row per clustered sentence (doc_id, sentence_id, char_start, char_end,
      cluster_id, text, similarity_to_representative), sorted by doc_id, sentence_id.
    - ``clusters``: cluster_id (0 = carried by most documents), short_label (the representative's
      own words, :func:`short_labels`), label (top TF-IDF terms), representative (medoid text),
      n_claims, n_docs, n_sources (outlets, or articles in a one-outlet corpus:
      :func:`document_sources`), cross_source (two or more sources and not furniture),
      is_furniture (near-identical claims in 3+ articles of one outlet), doc_ids and genres
      ("|"-joined, sorted), representative_doc_id, representative_sentence_id.
    - ``coverage``: long format, one row per (cluster, document) with at least one claim:
      cluster_id, doc_id, genre, n_claims. :func:`analysis.claims.views.coverage_matrix` pivots it for a heatmap.
    - ``claims_set_aside``: doc_id, sentence_id, char_start, char_end, reason (heading,
      too_short, question, no_content_terms: every word a stop word or cut by min_df/max_df), text.
    - ``threshold_sweep``: see :func:`threshold_sweep` (``large_sweep_max_threshold`` is its
      ``large_max_threshold``).
    - ``claim_timeline``: when each cross-source claim appeared, from the documents'
      ``date_column`` (:func:`claim_timeline`).

    ``min_words`` and the vectoriser's settings are this function's own; every other keyword
    (distance_threshold, linkage, max_claims_exact, sweep_thresholds, n_label_terms, split_giant,
    large_sweep_max_threshold, min_shared_terms, separate_numbers, separate_negations, date_column,
    n_jobs) goes to :func:`claim_tables_from_vectors`, which holds their defaults once.
    ``min_shared_terms``, ``separate_numbers`` and ``separate_negations`` are the veto rules of
    :class:`analysis.claims.rules.PairRules`.

    ``sentences`` may be handed over as a one-item list, which is emptied: the table is then freed
    once the claims are chosen (the pipeline hands it over; a table passed as an argument stays
    alive in the caller's call until this function returns, and on one long article it was every
    sentence's text beside the stage's three peaks).

    ``split_giant`` only matters above ``max_claims_exact`` claims (see :func:`cluster_large`).
    ``n_jobs`` is the threads for the similarity graph (:func:`similarity_graph`) and, above 1,
    runs the sweep beside the cluster descriptions; it never changes the tables.
    """
    if isinstance(sentences, list):
        sentences = sentences.pop()  # handed over: the only reference left is this function's
    claims, set_aside = select_claims(sentences, min_words=min_words)
    del sentences  # not read again: the claims hold their own columns
    release_free_heap()  # the word counts and masks of every sentence, freed: each step below starts from its own data
    vectorizer = make_vectorizer(
        ngram_range=ngram_range, min_df=min_df, max_df=max_df, sublinear_tf=sublinear_tf, stop_words=stop_words, normalise=normalise
    )
    # the text column itself: the counting turns a chunk of texts at a time into Python strings (the
    # whole column as a list was another copy of every claim's text beside the counting's peak)
    matrix, terms, term_words = vectorise(claims["text"].array, vectorizer)
    release_free_heap()  # the counting's temporaries, far larger than the matrix they made
    empty = np.diff(matrix.indptr) == 0
    if empty.any():
        no_terms = claims[empty].assign(reason="no_content_terms")[SET_ASIDE_COLUMNS]
        set_aside = pd.concat([set_aside, no_terms]).sort_values(["doc_id", "sentence_id"], kind="stable")
        claims, matrix = claims[~empty].reset_index(drop=True), matrix[~empty]
    # handed over, so that the vectors are freed once the clusters are described (this frame's
    # references would otherwise keep them alive through the tables, the stage's last peak)
    handed = [Vectorised(matrix, terms, term_words)]
    del matrix, terms, term_words
    return claim_tables_from_vectors(claims, set_aside, handed, None, None, documents, normalise=normalise, **settings)


def claim_tables_from_vectors(
    claims: pd.DataFrame,
    set_aside: pd.DataFrame,
    matrix: sparse.csr_matrix | list[Vectorised],
    terms: np.ndarray | None,
    term_words: np.ndarray | None,
    documents: pd.DataFrame,
    *,
    normalise: bool = True,
    distance_threshold: float = 0.75,
    linkage: str = "average",
    max_claims_exact: int = 5000,
    sweep_thresholds: Sequence[float] = (0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9),
    n_label_terms: int = 4,
    split_giant: bool = False,
    large_sweep_max_threshold: float = 1.0,
    min_shared_terms: int = 2,
    separate_numbers: bool = True,
    separate_negations: bool = True,
    same_statement: bool | SameStatementModel = True,
    date_column: str = "published",
    n_jobs: int = 1,
    clusterer: PieceClusterer | None = None,
    graph: sparse.csr_matrix | None = None,
) -> dict[str, pd.DataFrame]:
    """The claims stage from its vectors on: :func:`build_claim_tables` after the claims are selected
    and vectorised (``claims`` with at least one term each, sorted by doc_id, sentence_id; their
    TF-IDF ``matrix``, ``terms`` and ``term_words`` as :func:`vectorise` returns them; ``set_aside``
    with the claims that had none). The Dask engine builds the vectors partition by partition
    (:mod:`analysis.claims.partitioned`) and continues here, with a ``clusterer`` that clusters the
    graph's components of more than two claims on its workers (:func:`~analysis.claims.graph.cluster_large`),
    and, above ``max_claims_exact`` claims, the ``graph`` it built in blocks on them: the
    :func:`similarity_graph` at :func:`graph_min_similarity`, veto rules applied.

    ``matrix`` may instead be handed over as a one-item list holding the
    :class:`~analysis.tfidf.Vectorised` (``terms`` and ``term_words`` then None), which is emptied:
    the vectors are then freed once the clusters are described, before the tables are built from
    the descriptions (:func:`build_claim_tables` hands them over; on one long article the matrix
    and the terms' word ids were some 50 MB beside the tables being made)."""
    if isinstance(matrix, list):
        matrix, terms, term_words = matrix.pop()
    # the articles as integer codes: the ranking and the sweep only count distinct articles, and as
    # Python strings (a new object per claim from an Arrow column) they were 6.6 MB on one long article
    doc_ids = pd.factorize(claims["doc_id"].array)[0]
    tree = None
    unfiltered = None
    split = None
    word_term = _word_term if normalise else _plain_word_term
    if matrix.shape[0] > max_claims_exact and graph is None and n_jobs == 1 and term_words.ndim == 2 and term_words.shape[1]:
        # The graph, the veto rules, the clustering and the sweep read only products between two
        # claims: they run on the columns two claims share, the whole rows given back for the
        # silhouette and the descriptions (:mod:`analysis.claims.shared_columns`; on one long
        # article 40% of the entries and 90% of the terms are in one claim alone). With a second
        # core the sweep runs beside the descriptions, which need the whole matrix: both would
        # then be held, so the split is made on one core only.
        split, claim_words = _split_shared_columns(matrix, term_words)
        matrix = split.shared
        release_free_heap()  # the whole matrix (when handed over), and the split's temporaries
    if matrix.shape[0] > max_claims_exact and graph is None:
        # One graph at the loosest threshold needed serves the clustering and the whole sweep. It is
        # built before the veto rules that filter it (it does not read them): their binary columns
        # (27 MB on a 20 MB article) beside the graph's suffix transpose and blocks were the
        # similarity graph's peak (docs/PROFILING.md).
        min_similarity = graph_min_similarity(distance_threshold, sweep_thresholds, large_sweep_max_threshold)
        unfiltered = similarity_graph(matrix, min_similarity=min_similarity, n_jobs=n_jobs)
        release_free_heap()  # the suffix transpose and the candidate pairs' blocks, freed
    # the rules read the claims' text column row by row where they test a pair: no list of every text
    if split is None:
        rules = PairRules(
            claims["text"], matrix, terms, term_words, word_term=word_term,
            min_shared_terms=min_shared_terms, numbers=separate_numbers, negations=separate_negations,
            same_statement=resolve_model(same_statement),
        )  # fmt: skip
    else:
        rules = _shared_column_rules(
            claims["text"], split, claim_words, terms, term_words, word_term=word_term,
            min_shared_terms=min_shared_terms, numbers=separate_numbers, negations=separate_negations,
            same_statement=resolve_model(same_statement),
        )  # fmt: skip
    if matrix.shape[0] <= max_claims_exact:
        graph = None
        # the exact path's tree does not depend on the threshold: built once for the stage and the sweep
        tree = linkage_tree(matrix, linkage=linkage, rules=rules)
    elif unfiltered is not None:
        graph = rules.filter_graph(unfiltered)
        del unfiltered
        release_free_heap()  # the unfiltered graph and the look-ups' temporaries: the sweep started on top of them
    labels, _ = cluster_claims(
        matrix,
        distance_threshold=distance_threshold,
        linkage=linkage,
        max_claims_exact=max_claims_exact,
        graph=graph,
        split_giant=split_giant,
        n_jobs=n_jobs,
        rules=rules,
        tree=tree,
        clusterer=clusterer,
    )
    labels = rank_clusters(labels, doc_ids) if len(labels) else labels
    release_free_heap()  # the clustering's and the ranking's temporaries: the sweep started on top of them
    sweep_settings = {
        "linkage": linkage, "max_claims_exact": max_claims_exact, "split_giant": split_giant,
        "large_max_threshold": large_sweep_max_threshold, "n_jobs": n_jobs, "graph": graph, "rules": rules, "tree": tree, "clusterer": clusterer,
        "sample_vectors": split.rows if split is not None else None,
    }  # fmt: skip
    # The sweep and the cluster descriptions are independent; with a second core the sweep runs
    # beside them (its numpy, scipy and BLAS work releases the interpreter lock). On one core it
    # runs first, so that the graph and the veto rules' matrices are freed before the descriptions
    # build their own (on one long article the two together were the stage's peak memory).
    with ThreadPoolExecutor(max_workers=1) as pool:
        sweep = pool.submit(threshold_sweep, matrix, doc_ids, sweep_thresholds, **sweep_settings) if n_jobs > 1 else None
        swept = None if sweep else threshold_sweep(matrix, doc_ids, sweep_thresholds, **sweep_settings)
        if sweep is None:
            rules = graph = tree = sweep_settings = None
            release_free_heap()  # the graph and the veto rules' matrices, freed before the descriptions build their own
        if split is not None:
            matrix = None
            matrix = split.whole()  # the descriptions read each claim's whole vector
            split = None
            release_free_heap()  # the split's parts, freed before the descriptions
        # describe_clusters in its two steps, the vectors freed between them (only this frame holds
        # them when they were handed over)
        # the representatives' texts are taken by describe_tables, once the vectors are freed: nearly
        # every claim is its own cluster's on a long article, a copy of every claim's text
        described = describe_vectors(
            matrix, labels, claims["text"], terms, term_words, n_label_terms=n_label_terms, word_term=word_term, representatives=False,
        ) if len(labels) else None  # fmt: skip
        swept = sweep.result() if sweep else swept
    rules = graph = tree = sweep_settings = sweep = matrix = terms = term_words = None
    release_free_heap()  # the vectors, and the medoids' and labels' temporaries, freed before the tables
    if described is None:
        claims_table, clusters = pd.DataFrame(columns=CLAIM_COLUMNS), pd.DataFrame(columns=CLUSTER_COLUMNS)
    else:
        claims_table, clusters = describe_tables(claims, labels, described, genre_map(documents), documents=documents)
    return stage_tables(claims_table, clusters, set_aside, swept, documents, date_column=date_column)


def _split_shared_columns(matrix: sparse.csr_matrix, term_words: np.ndarray) -> tuple[SharedColumns, np.ndarray]:
    """``matrix`` split into its shared columns and the rest (:class:`SharedColumns`), and each
    claim's number of unigram terms counted on the whole matrix first: a word in one claim alone is
    never shared, but it counts in the one-phrase rule's shorter claim (:class:`PairRules`)."""
    is_unigram = (term_words >= 0).sum(axis=1, dtype=np.int8) == 1  # words per term as PairRules counts them
    claim_words = np.diff(kept_indptr(matrix.indptr, is_unigram[matrix.indices]))
    return SharedColumns(matrix), claim_words


def _shared_column_rules(
    texts: pd.Series,
    split: SharedColumns,
    claim_words: np.ndarray,
    terms: np.ndarray,
    term_words: np.ndarray,
    *,
    word_term: Callable[[str], str],
    min_shared_terms: int,
    numbers: bool,
    negations: bool,
    same_statement: SameStatementModel | None,
) -> PairRules:
    """The veto rules on ``split``'s shared columns, which veto every pair as :class:`PairRules` on
    the whole matrix would (``claim_words`` from :func:`_split_shared_columns`): the shared words,
    names and bigrams of two claims all lie in columns both of them use."""
    shared_words = (term_words[split.shared_columns] >= 0).sum(axis=1, dtype=np.int8)
    # the shared unigram columns' terms, in column order, as PairRules takes them of the whole vocabulary
    unigram_terms = np.asarray(terms[split.shared_columns[shared_words == 1]], dtype=object)
    return PairRules.for_columns(
        texts, split.shared, shared_words, unigram_terms, word_term=word_term,
        min_shared_terms=min_shared_terms, numbers=numbers, negations=negations, claim_words=claim_words,
        same_statement=same_statement,
    )  # fmt: skip


def stage_tables(
    claims_table: pd.DataFrame, clusters: pd.DataFrame, set_aside: pd.DataFrame, swept: pd.DataFrame, documents: pd.DataFrame, *, date_column: str
) -> dict[str, pd.DataFrame]:
    """The stage's six tables from the described clusters (:func:`describe_clusters`), the set-aside
    sentences and the threshold sweep: the coverage and the timeline are made from the first two."""
    return {
        "claims": claims_table,
        "clusters": clusters,
        "coverage": coverage_table(claims_table, genre_map(documents)),
        "claims_set_aside": set_aside.reset_index(drop=True),
        "threshold_sweep": swept,
        "claim_timeline": claim_timeline(claims_table, clusters, documents, date_column=date_column),
    }


def graph_min_similarity(distance_threshold: float, sweep_thresholds: Sequence[float], large_sweep_max_threshold: float) -> float:
    """The similarity cut of the large path's one graph: the loosest threshold that the clustering
    and the sweep (up to ``large_sweep_max_threshold``) need."""
    swept = [float(t) for t in sweep_thresholds if float(t) <= large_sweep_max_threshold]
    return 1.0 - max([distance_threshold, *swept])


def rules_word_term(normalise: bool) -> Callable[[str], str]:
    """How the veto rules map a written word to its unigram term, for the vectoriser's ``normalise``."""
    return _word_term if normalise else _plain_word_term


def stage_settings(settings: ClaimsParams) -> dict[str, object]:
    """:func:`build_claim_tables` keyword arguments for a params file's ``claims`` section (all but ``n_jobs``),
    as the pipeline passes them: what validation and tests use to run the stage at a run's params exactly."""
    return {
        "min_words": settings.min_words, "ngram_range": tuple(settings.ngram_range), "min_df": settings.min_df,
        "max_df": settings.max_df, "sublinear_tf": settings.sublinear_tf,
        "stop_words": None if settings.stop_words == "none" else settings.stop_words, "normalise": settings.normalise,
        "distance_threshold": settings.distance_threshold, "linkage": settings.linkage,
        "max_claims_exact": settings.max_claims_exact, "sweep_thresholds": tuple(settings.sweep_thresholds),
        "split_giant": settings.split_giant_components, "large_sweep_max_threshold": settings.large_sweep_max_threshold,
        "min_shared_terms": settings.min_shared_terms, "separate_numbers": settings.separate_numbers,
        "separate_negations": settings.separate_negations, "same_statement": settings.same_statement,
        "date_column": settings.date_column,
    }  # fmt: skip


_TOKEN = __import__("re").compile(TOKEN_PATTERN)


def _word_term(word: str) -> str:
    """A written word as the vectoriser's unigram term: folded, its first token, canonical spelling."""
    tokens = _TOKEN.findall(fold_text(word))
    return canonical_word(tokens[0]) if tokens else ""


def _plain_word_term(word: str) -> str:
    tokens = _TOKEN.findall(word.lower())
    return tokens[0] if tokens else ""


def genre_map(documents: pd.DataFrame) -> dict[str, str]:
    if "genre" not in documents:
        return {}
    return dict(zip(documents["doc_id"].astype(str), documents["genre"].fillna("").astype(str)))


def describe_clusters(
    claims: pd.DataFrame,
    matrix: sparse.csr_matrix,
    labels: np.ndarray,
    terms: np.ndarray,
    term_words: np.ndarray,
    genres: dict[str, str],
    *,
    n_label_terms: int = 4,
    documents: pd.DataFrame | None = None,
    word_term: Callable[[str], str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``claims`` and ``clusters`` tables for ranked cluster labels.

    ``documents`` gives each article's source (:func:`document_sources`; without it every article
    is its own source) and outlet for the furniture flag; ``word_term`` maps a written word to its
    unigram term for the short labels (default: lower-cased).
    """
    if len(labels) == 0:
        return pd.DataFrame(columns=CLAIM_COLUMNS), pd.DataFrame(columns=CLUSTER_COLUMNS)
    described = describe_vectors(matrix, labels, claims["text"], terms, term_words, n_label_terms=n_label_terms, word_term=word_term)
    release_free_heap()  # the medoids' and labels' temporaries, freed before the tables copy the descriptions into Arrow
    return describe_tables(claims, labels, described, genres, documents=documents)


def describe_vectors(
    matrix: sparse.csr_matrix,
    labels: np.ndarray,
    texts: pd.Series,
    terms: np.ndarray,
    term_words: np.ndarray,
    *,
    n_label_terms: int = 4,
    word_term: Callable[[str], str] | None = None,
    representatives: bool = True,
) -> dict[str, Any]:
    """What the cluster descriptions read of the claims' vectors: each cluster's medoid row
    (``medoid``), each row's similarity to its medoid (``similarity``, unrounded), each cluster's
    ``representative`` text (of ``texts``, the rows' texts; left out when ``representatives`` is
    false, for :func:`describe_tables` to take once the vectors are freed), ``short_label`` and term
    ``label``. Clusters (``labels`` 0 .. k-1 over the rows of ``matrix``)
    are described one by one, each from its own rows in their order, so any set of whole clusters
    (the Dask engine's batches of components) gives the same floats as the whole corpus."""
    sums = ClusterSums(matrix, labels)  # each cluster's summed vector, made a block of clusters at a time by the medoids and both labels
    medoid_rows, similarity = medoids(matrix, labels, sums=sums)
    release_free_heap()  # the medoids' look-up temporaries, freed: the labels' strings would otherwise come on top of them
    n_claims = np.bincount(labels, minlength=len(medoid_rows))
    # The short labels read the representatives' texts from the column by row number, a block at a
    # time (:class:`RowTexts`), and each list of labels becomes the clusters table's column as it is
    # made (:func:`text_column` of the labels yielded): on a long article nearly every claim is its
    # own cluster, so the representatives taken before the labels, and the label lists held until
    # the table was built, were each about every claim's text once more beside the labels' work.
    short = text_column(
        short_labels(RowTexts(texts, medoid_rows), sums, terms, term_words, word_term or _plain_word_term, multi=n_claims >= 2)
    )
    label = text_column(cluster_labels(matrix, labels, terms, term_words, n_terms=n_label_terms, sums=sums))
    del sums
    release_free_heap()  # the labels' temporaries, freed before the representatives are taken
    described = {"medoid": medoid_rows, "similarity": similarity, "short_label": short, "label": label}
    if representatives:
        described["representative"] = representative_texts(texts, medoid_rows)  # last: the labels' work is freed
    return described


def representative_texts(texts: pd.Series, medoid_rows: np.ndarray) -> Sequence[str] | pd.api.extensions.ExtensionArray:
    """The texts of the clusters' medoid rows as the column's own array (an Arrow column stays
    Arrow, taken once; else an object array): what the clusters table takes as it is."""
    chosen = texts.iloc[medoid_rows]
    return chosen.array if isinstance(chosen.dtype, pd.StringDtype) else chosen.to_numpy(dtype=object)


class RowTexts(Sequence[str]):
    """The texts of some rows of a text column (``texts.iloc[rows]`` as Python strings), read
    :data:`TEXT_BLOCK` rows at a time when iterated: what the short labels read of the
    representatives, without a copy of every representative's text beside them."""

    def __init__(self, texts: pd.Series, rows: np.ndarray) -> None:
        self.texts = texts
        self.rows = np.asarray(rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return self.texts.iloc[int(self.rows[index])]

    def __iter__(self) -> Iterator[str]:
        for start in range(0, len(self.rows), TEXT_BLOCK):
            yield from self.texts.iloc[self.rows[start : start + TEXT_BLOCK]].tolist()


def claim_table(claims: pd.DataFrame, labels: np.ndarray, similarity: np.ndarray) -> pd.DataFrame:
    """The ``claims`` table's rows: each claim with its ranked cluster and its similarity to the
    cluster's representative, rounded to ``DECIMALS`` (whole, or one part of it on the Dask engine)."""
    return claims.assign(cluster_id=labels, similarity_to_representative=np.round(similarity, DECIMALS))[CLAIM_COLUMNS]


def describe_tables(
    claims: pd.DataFrame, labels: np.ndarray, described: dict[str, Any], genres: dict[str, str], *, documents: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``claims`` and ``clusters`` tables from ranked cluster labels and :func:`describe_vectors`
    of them (``medoid`` as rows of ``claims``): no vector is read here. Without a ``representative``
    in ``described``, the representatives are the texts of ``claims`` at the medoid rows."""
    medoid_rows = described["medoid"]
    representatives = described["representative"] if "representative" in described else representative_texts(claims["text"], medoid_rows)
    claims_table = claim_table(claims, labels, described["similarity"])
    n_clusters = len(medoid_rows)
    carried = claims_table[["cluster_id", "doc_id"]].drop_duplicates()
    carried_genres = carried.assign(genre=carried["doc_id"].map(genres).fillna(""))[["cluster_id", "genre"]]
    carried_genres = carried_genres[carried_genres["genre"] != ""].drop_duplicates()
    representative = claims[["doc_id", "sentence_id"]].iloc[medoid_rows]  # not the texts: a copy of nearly every claim's
    n_claims = np.bincount(labels, minlength=n_clusters)
    n_docs = np.bincount(carried["cluster_id"], minlength=n_clusters)
    documents = pd.DataFrame({"doc_id": sorted(set(claims_table["doc_id"]))}) if documents is None else documents
    sources = document_sources(documents)
    carried_sources = carried.assign(source=carried["doc_id"].map(sources).fillna(carried["doc_id"]))
    n_sources = np.bincount(carried_sources[["cluster_id", "source"]].drop_duplicates()["cluster_id"], minlength=n_clusters)
    furniture = _furniture(claims_table, carried, n_docs, documents)
    clusters = pd.DataFrame(
        {
            "cluster_id": np.arange(n_clusters),
            "short_label": text_column(described["short_label"]),
            "label": text_column(described["label"]),
            "representative": representatives,
            "n_claims": n_claims,
            "n_docs": n_docs,
            "n_sources": n_sources,
            "cross_source": (n_sources >= 2) & ~furniture,
            "is_furniture": furniture,
            "doc_ids": text_column(_joined_by_cluster(carried, "doc_id", n_clusters)),
            "genres": text_column(_joined_by_cluster(carried_genres, "genre", n_clusters)),
            "representative_doc_id": representative["doc_id"].to_numpy(),
            "representative_sentence_id": representative["sentence_id"].to_numpy(),
        }
    )
    return claims_table.reset_index(drop=True), clusters


TEXT_BLOCK = 4096
"""Strings :func:`text_column` turns into Arrow at once."""


def text_column(values: Iterable[str]) -> Sequence[str] | pd.api.extensions.ExtensionArray:
    """``values`` as the ``str`` column pandas would make of them, built :data:`TEXT_BLOCK` strings
    at a time where that column is Arrow-backed (else ``values`` as they are, or as a list when they
    are an iterator).

    One conversion of a long list grows its buffers by doubling: the clusters' labels of a long
    article (8 MB of text, 115,710 strings) held 26 MB that way, in blocks 11 MB. ``values`` may be
    an iterator (the labels as :func:`short_labels` and :func:`cluster_labels` yield them): then only
    one block of its strings is alive at a time."""
    import pyarrow as pa

    dtype = pd.api.types.pandas_dtype("str")
    if getattr(values, "dtype", None) == dtype:
        return values  # already the column (made early, see describe_vectors)
    if not isinstance(dtype, pd.StringDtype) or dtype.storage != "pyarrow":
        return values if hasattr(values, "__len__") else list(values)  # not Arrow-backed here
    strings = iter(values)
    blocks = []
    while block := list(itertools.islice(strings, TEXT_BLOCK)):
        blocks.append(pa.array(block, type=pa.large_string()))
    if not blocks:
        return values if hasattr(values, "__len__") else []
    return pd.array(pa.chunked_array(blocks, type=pa.large_string()), dtype=dtype)


def _furniture(claims_table: pd.DataFrame, carried: pd.DataFrame, n_docs: np.ndarray, documents: pd.DataFrame) -> np.ndarray:
    """Clusters of near-identical claims in ``FURNITURE_MIN_DOCS`` or more articles of one named outlet.

    A sentence repeated word for word across one outlet's pages (a sign-up line, a standing
    caption, a correction notice) is the outlet's furniture, not a claim its sources share.
    Near-identical: every claim at least ``FURNITURE_MIN_SIMILARITY`` to the representative, or
    every claim holding one same run of ``FURNITURE_RUN_WORDS`` words (a sign-up line glued to
    the sentence after it).
    """
    furniture = np.zeros(len(n_docs), dtype=bool)
    candidates = np.flatnonzero(n_docs >= FURNITURE_MIN_DOCS)
    if not len(candidates) or "outlet" not in documents:
        return furniture
    tight = claims_table.groupby("cluster_id")["similarity_to_representative"].min().reindex(candidates) >= FURNITURE_MIN_SIMILARITY - 1e-9
    members = claims_table[claims_table["cluster_id"].isin(candidates[~tight.to_numpy()])]
    shared_run = members.groupby("cluster_id")["text"].agg(_share_a_run)
    tight = tight | shared_run.reindex(candidates).astype(object).fillna(False).astype(bool)
    outlets = dict(zip(documents["doc_id"].astype(str), documents["outlet"].fillna("").astype(str).str.strip()))
    inside = carried[carried["cluster_id"].isin(candidates[tight.to_numpy()])]
    outlet_of = inside.assign(outlet=inside["doc_id"].map(outlets).fillna(""))
    one_outlet = outlet_of.groupby("cluster_id")["outlet"].agg(lambda values: values.nunique() == 1 and values.iloc[0] != "")
    furniture[one_outlet[one_outlet].index.to_numpy()] = True
    return furniture


def _share_a_run(texts: pd.Series) -> bool:
    """Whether every text holds one same run of ``FURNITURE_RUN_WORDS`` consecutive words (case folded)."""
    common: set[tuple[str, ...]] | None = None
    for text in texts:
        words = fold_text(text).split()
        runs = {tuple(words[i : i + FURNITURE_RUN_WORDS]) for i in range(len(words) - FURNITURE_RUN_WORDS + 1)}
        common = runs if common is None else common & runs
        if not common:
            return False
    return bool(common)


def _joined_by_cluster(frame: pd.DataFrame, column: str, n_clusters: int) -> np.ndarray:
    """Each cluster's distinct ``column`` values, sorted and "|"-joined ("" for none).

    Clusters with one value (most of them on a large corpus) take it directly; only the rest are
    joined group by group.
    """
    frame = frame.sort_values(["cluster_id", column], kind="stable")
    joined = np.full(n_clusters, "", dtype=object)
    ids = frame["cluster_id"].to_numpy()
    single = np.bincount(ids, minlength=n_clusters)[ids] == 1
    joined[ids[single]] = frame[column].to_numpy()[single]
    several = frame[~single].groupby("cluster_id", sort=True)[column].agg("|".join)
    joined[several.index.to_numpy()] = several.to_numpy()
    return joined


def coverage_table(claims: pd.DataFrame, genres: dict[str, str]) -> pd.DataFrame:
    """Long coverage: one row per (cluster_id, doc_id) with its genre and number of claims."""
    counts = claims.groupby(["cluster_id", "doc_id"], sort=True).size().rename("n_claims").reset_index()
    counts["genre"] = counts["doc_id"].map(lambda doc_id: genres.get(doc_id, ""))
    return counts[COVERAGE_COLUMNS]


def claim_ledger(
    claims: pd.DataFrame,
    clusters: pd.DataFrame,
    documents: pd.DataFrame,
    framing_sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every variant of each cross-source cluster, side by side with its source, genre and framing.

    One row per claim in a cross-source cluster (``cross_source``; for an older clusters table,
    carried by two or more documents), sorted by cluster_id, doc_id, sentence_id: cluster_id,
    short_label, doc_id, genre, sentence_id, char_start, char_end,
    text, similarity_to_representative, is_representative, then whichever of n_hedges,
    hedge_terms, attribution, attribution_source, mode ``framing_sentences`` has (joined on
    doc_id + sentence_id).
    """
    cross = clusters[clusters["cross_source"].astype(bool)] if "cross_source" in clusters else clusters[clusters["n_docs"] >= 2]
    ledger = claims.merge(cross[["cluster_id", "short_label", "label", "representative_doc_id", "representative_sentence_id"]], on="cluster_id")
    ledger["is_representative"] = (ledger["doc_id"] == ledger["representative_doc_id"]) & (
        ledger["sentence_id"] == ledger["representative_sentence_id"]
    )
    ledger["genre"] = ledger["doc_id"].map(genre_map(documents)).fillna("")
    columns = ["cluster_id", "short_label", "doc_id", "genre", "sentence_id", "char_start", "char_end", "text"]
    ledger = ledger[columns + ["similarity_to_representative", "is_representative"]]
    if framing_sentences is not None:
        extra = [column for column in FRAMING_COLUMNS if column in framing_sentences]
        framing = framing_sentences[["doc_id", "sentence_id", *extra]].assign(
            doc_id=lambda frame: frame["doc_id"].astype(str), sentence_id=lambda frame: frame["sentence_id"].astype(int)
        )
        ledger = ledger.merge(framing, on=["doc_id", "sentence_id"], how="left")
    return ledger.sort_values(["cluster_id", "doc_id", "sentence_id"], kind="stable").reset_index(drop=True)


def solo_claims(claims: pd.DataFrame, clusters: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Claims only one source carries: one row per single-document cluster, sorted by doc_id, cluster_id.

    Columns: doc_id, genre, cluster_id, n_claims, short_label, sentence_id (of the representative),
    representative.
    """
    solo = clusters[clusters["n_docs"] == 1].rename(
        columns={"representative_doc_id": "doc_id", "representative_sentence_id": "sentence_id"}
    )
    solo = solo.assign(genre=solo["doc_id"].map(genre_map(documents)).fillna(""))
    columns = ["doc_id", "genre", "cluster_id", "n_claims", "short_label", "sentence_id", "representative"]
    return solo[columns].sort_values(["doc_id", "cluster_id"], kind="stable").reset_index(drop=True)
