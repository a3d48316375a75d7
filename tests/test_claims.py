"""Tests for analysis.claims: normalisation, claim selection, clustering paths, tables, sweep, ledger."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.preprocessing import normalize

from analysis.claims import (
    CLAIM_COLUMNS,
    CLUSTER_COLUMNS,
    build_claim_tables,
    claim_ledger,
    cluster_claims,
    cluster_exact,
    cosine_distances_dense,
    first_appearance_labels,
    cluster_large,
    compare_methods,
    coverage_matrix,
    make_vectorizer,
    medoids,
    normalise_for_matching,
    select_claims,
    similarity_graph,
    solo_claims,
    spelling_variants,
    suggest_threshold,
    threshold_sweep,
    vectorise,
)
from analysis.params import InputError, load_params
from analysis.paths import resolve

# Seed-like text written for the tests: three sources reporting the same claims in their own words.
SOURCES = {
    "a": [
        "North Korea has sent about 10,000 soldiers to Russia's Kursk region, the Pentagon said.",
        "Ukrainian President Volodymyr Zelenskyy warned that the troops could join the fighting within days.",
        "Pyongyang is expected to receive missile technology and economic assistance in return.",
        "Troops still deployed",
        "Read more here.",
    ],
    "b": [
        "Around 10 000 North Korean soldiers were sent to the Kursk region of Russia, officials said.",
        "President Volodymyr Zelensky warned that North Korean troops could join the fighting soon.",
        "The defense ministry in Seoul summoned the Russian ambassador over the deployment.",
        "Analysts said the harvest season had been unusually dry across the southern provinces.",
    ],
    "c": [
        "In return Pyongyang expects economic assistance and access to missile technology from Moscow.",
        "The defence ministry in Seoul summoned Russia's ambassador about the deployment of troops.",
        "A local bakery won a national prize for its sourdough bread this spring.",
    ],
}
GENRES = {"a": "reporting", "b": "wire", "c": "opinion"}


def make_sentences(sources: dict[str, list[str]] = SOURCES) -> pd.DataFrame:
    rows = []
    for doc_id, texts in sources.items():
        offset = 0
        for sentence_id, text in enumerate(texts):
            heading = not text.endswith((".", "?", "!"))
            rows.append((doc_id, sentence_id, sentence_id, offset, offset + len(text), text, heading))
            offset += len(text) + 2
    columns = ["doc_id", "sentence_id", "paragraph_id", "char_start", "char_end", "text", "is_heading"]
    return pd.DataFrame(rows, columns=columns)


def make_documents(sources: dict[str, list[str]] = SOURCES) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": list(sources), "genre": [GENRES.get(doc_id, "") for doc_id in sources]})


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Zelensky said", "Zelenskyy said"),
        ("Zelenskiy's office", "Zelensky's office"),
        ("the defense ministry", "the defence ministry"),
        ("offenses", "offences"),
        ("armored vehicles", "armoured vehicles"),
        ("city center", "city centre"),
        ("they mobilized", "they mobilised"),
        ("to analyze", "to analyse"),
        ("organization", "organisation"),
        ("10,000 troops", "10000 troops"),
        ("10 000 troops", "10000 troops"),
        ("10\u202f000 troops", "10,000 troops"),
        ("1,000,000 shells", "1000000 shells"),
        ("Kim\u2019s \u201cmeat soldiers\u201d", "Kim's \"meat soldiers\""),
        ("Kiev", "Kyiv"),
    ],
)
def test_variants_meet(left: str, right: str) -> None:
    assert normalise_for_matching(left) == normalise_for_matching(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("size", "sise"),
        ("prize", "prise"),
        ("seize", "seise"),
        ("defence", "offence"),
        ("four", "for"),
        ("10,000", "100,00"),
        ("in 2023, 100 died", "in 2023100 died"),
        ("1.234 km", "1234 km"),
        ("citizen", "citisen"),
    ],
)
def test_unrelated_words_stay_apart(left: str, right: str) -> None:
    assert normalise_for_matching(left) != normalise_for_matching(right)


def test_every_lexicon_pair_meets_and_canonical_is_stable() -> None:
    variants = spelling_variants()
    assert len(variants) > 20
    for variant, canonical in variants.items():
        assert normalise_for_matching(variant) == normalise_for_matching(canonical) == canonical
        assert normalise_for_matching(variant.capitalize()) == canonical


# --------------------------------------------------------------------------- claim selection


def test_select_claims_reasons_and_counts() -> None:
    sentences = make_sentences()
    claims, set_aside = select_claims(sentences.sample(frac=1, random_state=1), min_words=6)
    assert set_aside[["doc_id", "sentence_id", "reason"]].values.tolist() == [["a", 3, "heading"], ["a", 4, "too_short"]]
    assert len(claims) + len(set_aside) == len(sentences)
    assert claims[["doc_id", "sentence_id"]].equals(claims[["doc_id", "sentence_id"]].sort_values(["doc_id", "sentence_id"]))
    # A heading that is also short is counted once, as a heading; a long sentence is never set aside.
    _, strict = select_claims(sentences, min_words=13)
    assert strict.set_index(["doc_id", "sentence_id"]).loc[("a", 3), "reason"] == "heading"
    assert ("a", 1) not in set(zip(strict.doc_id, strict.sentence_id))
    assert "too_short" in set(strict.reason)


# --------------------------------------------------------------------------- clustering paths


def random_tfidf(seed: int, n_rows: int = 60, n_terms: int = 25) -> sparse.csr_matrix:
    """Sparse non-negative rows with a few shared topics, so pairs span the whole similarity range."""
    rng = np.random.default_rng(seed)
    topics = rng.random((4, n_terms)) * (rng.random((4, n_terms)) < 0.3)
    rows = topics[rng.integers(0, 4, n_rows)] * rng.random((n_rows, 1)) + rng.random((n_rows, n_terms)) * (rng.random((n_rows, n_terms)) < 0.15)
    rows[rows.sum(axis=1) == 0, 0] = 1.0
    return sparse.csr_matrix(normalize(rows))


@pytest.mark.parametrize("linkage", ["average", "complete", "single"])
@pytest.mark.parametrize("threshold", [0.2, 0.45, 0.7, 0.95])
def test_cluster_exact_equals_scikit_learns_agglomerative_clustering(linkage: str, threshold: float) -> None:
    from sklearn.cluster import AgglomerativeClustering

    for seed in range(4):
        matrix = random_tfidf(seed, n_rows=40 + 7 * seed)
        model = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage=linkage, distance_threshold=threshold, compute_full_tree=True
        )
        expected = first_appearance_labels(model.fit_predict(cosine_distances_dense(matrix)))
        assert cluster_exact(matrix, distance_threshold=threshold, linkage=linkage).tolist() == expected.tolist()


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("min_similarity", [0.2, 0.5, 0.8])
def test_similarity_graph_matches_brute_force(seed: int, min_similarity: float) -> None:
    matrix = random_tfidf(seed)
    dense = (matrix @ matrix.T).toarray()
    expected = {(i, j) for i, j in zip(*np.nonzero(dense >= min_similarity)) if i < j}
    # A tiny block budget forces many blocks; the result must not depend on blocking.
    for budget in (5.0, 1e9):
        graph = similarity_graph(matrix, min_similarity=min_similarity, max_block_work=budget).tocoo()
        found = set(zip(graph.row.tolist(), graph.col.tolist()))
        assert found == expected
        np.testing.assert_allclose(graph.data, dense[graph.row, graph.col], atol=1e-12)
    assert 0 < len(expected) < len(dense) * (len(dense) - 1) / 2  # the case is not trivial


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("linkage", ["average", "complete", "single"])
@pytest.mark.parametrize("threshold", [0.3, 0.6, 0.8])
def test_graph_path_equals_exact_path(seed: int, linkage: str, threshold: float) -> None:
    matrix = random_tfidf(seed)
    exact = cluster_exact(matrix, distance_threshold=threshold, linkage=linkage)
    large, kept_whole = cluster_large(matrix, distance_threshold=threshold, linkage=linkage, max_component_exact=1000)
    assert kept_whole == 0
    np.testing.assert_array_equal(exact, large)


def test_average_linkage_refines_chained_components() -> None:
    # a-b and b-c are close, a-c is far: one graph component, but average linkage keeps c apart.
    vectors = normalize(np.array([[1.0, 0.0, 0.0], [1.0, 0.9, 0.0], [0.0, 1.0, 0.0]]))
    matrix = sparse.csr_matrix(vectors)
    threshold = 0.5
    whole, kept_whole = cluster_large(matrix, distance_threshold=threshold, max_component_exact=2)
    refined, _ = cluster_large(matrix, distance_threshold=threshold, max_component_exact=10)
    assert kept_whole == 1 and len(set(whole)) == 1
    assert refined.tolist() == cluster_exact(matrix, distance_threshold=threshold).tolist() == [0, 0, 1]
    assert compare_methods(matrix, distance_threshold=threshold) == 1.0


def test_compare_methods_on_seed_like_text() -> None:
    claims, _ = select_claims(make_sentences(), min_words=6)
    matrix = vectorise(claims["text"].tolist(), make_vectorizer()).matrix
    for threshold in (0.5, 0.7, 0.8, 0.9):
        assert compare_methods(matrix, distance_threshold=threshold) == 1.0


# --------------------------------------------------------------------------- the stage


def test_stage_finds_cross_source_claims() -> None:
    tables = build_claim_tables(make_sentences(), make_documents(), distance_threshold=0.8, sweep_thresholds=(0.5, 0.8))
    claims, clusters = tables["claims"], tables["clusters"]
    assert list(claims.columns) == CLAIM_COLUMNS and list(clusters.columns) == CLUSTER_COLUMNS
    by_sentence = claims.set_index(["doc_id", "sentence_id"])["cluster_id"]
    assert by_sentence[("a", 0)] == by_sentence[("b", 0)]  # 10,000 / 10 000 soldiers to Kursk
    assert by_sentence[("a", 1)] == by_sentence[("b", 1)]  # Zelenskyy / Zelensky warned
    assert by_sentence[("b", 2)] == by_sentence[("c", 1)]  # defense / defence ministry
    assert by_sentence[("b", 3)] != by_sentence[("c", 2)]  # harvest and bakery stay apart
    assert len(set(by_sentence)) == len(by_sentence) - 4
    # Cluster ids rank by documents carrying them, and every cluster's numbers add up.
    assert clusters["n_docs"].is_monotonic_decreasing
    assert clusters["n_claims"].sum() == len(claims)
    assert set(clusters.loc[clusters.n_docs == 2, "genres"]) == {"reporting|wire", "opinion|reporting", "opinion|wire"}
    coverage = tables["coverage"]
    assert coverage["n_claims"].sum() == len(claims)
    assert coverage_matrix(coverage, make_documents()).shape == (4, 3)


def test_stage_is_deterministic_and_order_free() -> None:
    sentences, documents = make_sentences(), make_documents()
    first = build_claim_tables(sentences, documents, distance_threshold=0.85)
    again = build_claim_tables(sentences.copy(), documents.copy(), distance_threshold=0.85)
    shuffled = build_claim_tables(sentences.sample(frac=1, random_state=7), documents.iloc[::-1], distance_threshold=0.85)
    for name in first:
        pd.testing.assert_frame_equal(first[name], again[name])
        pd.testing.assert_frame_equal(first[name], shuffled[name])


def test_stage_large_path_gives_the_same_tables() -> None:
    sentences, documents = make_sentences(), make_documents()
    exact = build_claim_tables(sentences, documents, distance_threshold=0.8, sweep_thresholds=(0.5, 0.8))
    large = build_claim_tables(sentences, documents, distance_threshold=0.8, sweep_thresholds=(0.5, 0.8), max_claims_exact=3)
    for name in ("claims", "clusters", "coverage", "claims_set_aside"):
        pd.testing.assert_frame_equal(exact[name], large[name])
    assert set(exact["threshold_sweep"]["method"]) == {"exact"}
    assert set(large["threshold_sweep"]["method"]) <= {"graph", "graph+whole"}
    only_on_one_path = ["method", "graph_path_agreement"]
    pd.testing.assert_frame_equal(
        exact["threshold_sweep"].drop(columns=only_on_one_path), large["threshold_sweep"].drop(columns=only_on_one_path)
    )
    assert exact["threshold_sweep"]["graph_path_agreement"].tolist() == [1.0, 1.0]
    assert large["threshold_sweep"]["graph_path_agreement"].isna().all()


def test_normalisation_can_be_switched_off() -> None:
    texts = ["Zelensky asked for 10,000 shells", "Zelenskyy asked for 10000 shells"]
    folded = vectorise(texts, make_vectorizer()).matrix
    as_written = vectorise(texts, make_vectorizer(normalise=False)).matrix
    assert (folded[0] != folded[1]).nnz == 0
    assert (as_written[0] != as_written[1]).nnz > 0


def test_stop_word_only_sentences_are_set_aside() -> None:
    sources = {"x": ["It is what it is and that is all there is.", "Missiles were fired at the port of Odesa overnight."]}
    tables = build_claim_tables(make_sentences(sources), make_documents(sources), sweep_thresholds=(0.5,))
    assert tables["claims_set_aside"][["sentence_id", "reason"]].values.tolist() == [[0, "no_content_terms"]]
    assert tables["claims"]["sentence_id"].tolist() == [1]


def test_empty_input_gives_empty_tables() -> None:
    sources = {"x": ["Short one.", "Heading here"]}
    tables = build_claim_tables(make_sentences(sources), make_documents(sources), sweep_thresholds=(0.5,))
    assert tables["claims"].empty and tables["clusters"].empty and tables["coverage"].empty
    assert len(tables["claims_set_aside"]) == 2


def test_medoid_is_the_most_central_claim() -> None:
    vectors = normalize(np.array([[1.0, 0.2, 0.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.2], [0.0, 0.0, 1.0]]))
    medoid_rows, similarity = medoids(sparse.csr_matrix(vectors), np.array([0, 0, 0, 1]))
    assert medoid_rows.tolist() == [1, 3]
    assert similarity[1] == pytest.approx(1.0) and similarity[3] == pytest.approx(1.0)
    assert similarity[0] == pytest.approx(vectors[0] @ vectors[1])


# --------------------------------------------------------------------------- sweep


def test_sweep_degenerate_cases_give_nan() -> None:
    one = sparse.csr_matrix(np.array([[1.0, 0.0]]))
    sweep = threshold_sweep(one, np.array(["a"]), [0.5])
    assert sweep.loc[0, "n_clusters"] == 1 and np.isnan(sweep.loc[0, "silhouette"])
    same = sparse.csr_matrix(np.ones((3, 2)) / np.sqrt(2))
    sweep = threshold_sweep(same, np.array(["a", "b", "c"]), [0.5])
    assert sweep.loc[0, "n_clusters"] == 1 and sweep.loc[0, "n_multi_doc_clusters"] == 1 and np.isnan(sweep.loc[0, "silhouette"])
    apart = sparse.csr_matrix(np.eye(3))
    sweep = threshold_sweep(apart, np.array(["a", "a", "b"]), [0.2, 0.5])
    assert sweep["n_singletons"].tolist() == [3, 3] and sweep["silhouette"].isna().all()


def test_sweep_counts_and_suggestion() -> None:
    matrix = sparse.csr_matrix(normalize(np.array([[1.0, 0.1, 0], [1.0, 0, 0.1], [0, 1.0, 0.1], [0, 0.1, 1.0]])))
    sweep = threshold_sweep(matrix, np.array(["a", "b", "a", "b"]), [0.99, 0.05])
    assert sweep["distance_threshold"].tolist() == [0.05, 0.99]
    assert sweep["n_clusters"].tolist() == [3, 1]
    assert sweep["n_multi_doc_clusters"].tolist() == [1, 1]
    assert not np.isnan(sweep.loc[0, "silhouette"])
    # The one-cluster-of-everything threshold is not suggested: its cluster is a topic, not a claim.
    threshold, reason = suggest_threshold(sweep, max_share=0.5)
    assert threshold == 0.05 and "0.05" in reason


# --------------------------------------------------------------------------- ledger


def test_claim_ledger_joins_existing_framing_columns() -> None:
    tables = build_claim_tables(make_sentences(), make_documents(), distance_threshold=0.8, sweep_thresholds=(0.8,))
    framing = make_sentences()[["doc_id", "sentence_id"]].assign(n_hedges=1, attribution=True, unrelated="x")
    ledger = claim_ledger(tables["claims"], tables["clusters"], make_documents(), framing)
    assert {"n_hedges", "attribution"} <= set(ledger.columns)
    assert "unrelated" not in ledger.columns and "hedge_terms" not in ledger.columns
    assert ledger.groupby("cluster_id")["doc_id"].nunique().min() >= 2
    assert ledger.groupby("cluster_id")["is_representative"].sum().eq(1).all()
    plain = claim_ledger(tables["claims"], tables["clusters"], make_documents())
    assert "n_hedges" not in plain.columns and len(plain) == len(ledger)
    solo = solo_claims(tables["claims"], tables["clusters"], make_documents())
    assert set(solo["doc_id"]) == {"b", "c"} and (solo["n_claims"] >= 1).all()
    assert not set(solo["cluster_id"]) & set(ledger["cluster_id"])


# --------------------------------------------------------------------------- large-corpus options


@pytest.mark.parametrize("prefix_share", [0.3, 0.7, 1.0])
def test_similarity_graph_is_exact_for_any_prefix_share_and_thread_count(prefix_share: float) -> None:
    matrix = random_tfidf(5, n_rows=80)
    dense = (matrix @ matrix.T).toarray()
    expected = {(i, j) for i, j in zip(*np.nonzero(dense >= 0.5)) if i < j}
    reference = similarity_graph(matrix, min_similarity=0.5, max_block_work=20.0, prefix_share=prefix_share)
    threaded = similarity_graph(matrix, min_similarity=0.5, max_block_work=20.0, prefix_share=prefix_share, n_jobs=2)
    assert set(zip(*reference.nonzero())) == expected
    assert (reference != threaded).nnz == 0  # same edges and the same bits, whatever the threads


@pytest.mark.parametrize("bad", [0.0, -0.5, 1.5])
def test_similarity_graph_rejects_a_bad_prefix_share(bad: float) -> None:
    with pytest.raises(ValueError, match="prefix_share"):
        similarity_graph(random_tfidf(0), min_similarity=0.5, prefix_share=bad)


def chain_matrix() -> sparse.csr_matrix:
    """Two tight groups of three joined by one loose bridge: one graph component at distance 0.6."""
    rows = [[1, 0.1, 0, 0], [1, 0, 0.1, 0], [1, 0.1, 0.1, 0], [0.9, 1, 0, 0], [0, 1, 0, 0.1], [0, 1, 0.1, 0.1]]
    return sparse.csr_matrix(normalize(np.array(rows, dtype=float)))


def test_split_giant_cuts_a_chained_component_into_claim_sized_pieces() -> None:
    matrix = chain_matrix()
    whole, n_giant = cluster_large(matrix, distance_threshold=0.6, max_component_exact=4)
    split, n_split = cluster_large(matrix, distance_threshold=0.6, max_component_exact=4, split_giant=True)
    assert n_giant == n_split == 1
    assert len(set(whole.tolist())) == 1  # kept whole: one "claim" of six sentences
    assert max(np.bincount(split)) <= 4 and len(set(split.tolist())) >= 2
    # The two tight groups stay apart and whole; only the bridge may land elsewhere than in exact.
    assert split[0] == split[1] == split[2] != split[4] == split[5]
    assert cluster_exact(matrix, distance_threshold=0.6).tolist() == [0, 0, 0, 1, 1, 1]
    agree_split = compare_methods(matrix, distance_threshold=0.6, max_component_exact=4, split_giant=True)
    agree_whole = compare_methods(matrix, distance_threshold=0.6, max_component_exact=4)
    assert agree_whole == 0.0 < agree_split < 1.0  # measured, not assumed: splitting is an approximation


def test_split_giant_leaves_small_components_and_the_method_name() -> None:
    matrix = random_tfidf(1)
    plain, _ = cluster_large(matrix, distance_threshold=0.6, max_component_exact=1000)
    split, n_giant = cluster_large(matrix, distance_threshold=0.6, max_component_exact=1000, split_giant=True)
    assert n_giant == 0 and plain.tolist() == split.tolist()
    _, method = cluster_claims(chain_matrix(), distance_threshold=0.6, max_claims_exact=4, split_giant=True)
    assert method == "graph+split"
    _, method = cluster_claims(chain_matrix(), distance_threshold=0.6, max_claims_exact=4)
    assert method == "graph+whole"
    with pytest.raises(ValueError, match="split_step"):
        cluster_large(matrix, distance_threshold=0.6, split_giant=True, split_step=0.0)


def test_sweep_caps_thresholds_only_on_the_graph_path() -> None:
    matrix = random_tfidf(2)
    doc_ids = np.array(["a", "b"] * 30)
    capped = threshold_sweep(matrix, doc_ids, [0.3, 0.6, 0.8], max_claims_exact=10, large_max_threshold=0.6)
    assert capped["distance_threshold"].tolist() == [0.3, 0.6]
    assert set(capped["method"]) <= {"graph", "graph+whole"}
    uncapped = threshold_sweep(matrix, doc_ids, [0.3, 0.6, 0.8], max_claims_exact=10)
    assert uncapped["distance_threshold"].tolist() == [0.3, 0.6, 0.8]
    pd.testing.assert_frame_equal(capped, uncapped.iloc[:2])
    exact = threshold_sweep(matrix, doc_ids, [0.3, 0.6, 0.8], large_max_threshold=0.6)
    assert exact["distance_threshold"].tolist() == [0.3, 0.6, 0.8] and set(exact["method"]) == {"exact"}
    none_left = threshold_sweep(matrix, doc_ids, [0.8], max_claims_exact=10, large_max_threshold=0.6)
    assert none_left.empty and list(none_left.columns) == list(exact.columns)


def test_stage_options_for_large_corpora_keep_tables_and_determinism() -> None:
    sentences, documents = make_sentences(), make_documents()
    kwargs = {"distance_threshold": 0.8, "sweep_thresholds": (0.5, 0.8), "max_claims_exact": 3}
    base = build_claim_tables(sentences, documents, **kwargs)
    tuned = build_claim_tables(sentences, documents, **kwargs, split_giant=True, n_jobs=2)
    shuffled = build_claim_tables(sentences.sample(frac=1, random_state=3), documents, **kwargs, split_giant=True, n_jobs=2)
    for name in ("claims", "clusters", "coverage", "claims_set_aside"):
        pd.testing.assert_frame_equal(tuned[name], shuffled[name])
    # No component of the seed-like text outgrows 3 claims at 0.8, so splitting changes nothing.
    pd.testing.assert_frame_equal(base["claims"], tuned["claims"])


def test_max_df_drops_terms_common_to_most_claims() -> None:
    texts = ["troops sent to kursk region", "troops fired missiles overnight", "troops crossed the river border"]
    kept = vectorise(texts, make_vectorizer(ngram_range=(1, 1))).terms
    cut = vectorise(texts, make_vectorizer(ngram_range=(1, 1), max_df=0.9)).terms
    assert "troops" in set(kept) and "troops" not in set(cut)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("max_df: 0", "claims.max_df"),
        ("max_df: 1.5", "claims.max_df"),
        ("large_sweep_max_threshold: 0", "claims.large_sweep_max_threshold"),
        ("split_giant_components: 1", "claims.split_giant_components must be true or false"),
    ],
)
def test_large_corpus_params_are_validated(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(f"claims:\n  {line}\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_params(path)


def test_thinktank_params_load_and_point_at_the_shared_corpus() -> None:
    params = load_params("params/thinktank.yaml")
    assert params.claims.distance_threshold == 0.5 and params.claims.split_giant_components
    assert max(params.claims.sweep_thresholds) <= params.claims.large_sweep_max_threshold
    assert resolve(params.corpus.source).resolve().as_posix().endswith("shared/corpora/thinktank_analysis/articles.jsonl.gz")


@pytest.mark.parametrize("row_scale", [10, 2**30])  # the second forces the lexsort fallback
def test_entries_are_ordered_by_row_then_rounded_weight_then_position(row_scale: int) -> None:
    from analysis.claims.labels import _by_row_then_weight

    rng = np.random.default_rng(7)
    rows = np.sort(rng.integers(0, 5, 400)) * row_scale
    weights = rng.choice([0.25, 0.5, 1 / 3, 2 / 3 + 1e-13, 1e6 * 0.3], size=400)  # ties, and ties within 10 decimals
    expected = np.lexsort((np.arange(400), -np.round(weights, 10), rows))
    assert _by_row_then_weight(rows, weights).tolist() == expected.tolist()


# --------------------------------------------------------------------------- rules, labels, timeline (issue 15)


def _pair_tables(first: str, second: str, **settings: object) -> dict[str, pd.DataFrame]:
    sentences = make_sentences({"a": [first], "b": [second]})
    return build_claim_tables(sentences, make_documents({"a": [], "b": []}), sweep_thresholds=(0.85,), **settings)


def _together(tables: dict[str, pd.DataFrame]) -> bool:
    return tables["claims"]["cluster_id"].nunique() == 1


@pytest.mark.parametrize(
    "first, second",
    [
        ("Officials said 5 soldiers were killed in the attack on the base.", "Officials said 7 soldiers were killed in the attack on the base."),
        ("The minister said the troops were deployed to the border region.", "The minister said the troops were not deployed to the border region."),
        ("Volodymyr Zelenskiy spoke to reporters in the capital on Monday.", "Volodymyr Zelenskiy thanked farmers for the record harvest this year."),
    ],
    ids=["different numbers", "negation", "one shared name"],
)
def test_hand_rules_keep_apart_what_cosine_alone_joins(first: str, second: str) -> None:
    alone = {"min_shared_terms": 0, "separate_numbers": False, "separate_negations": False, "same_statement": False}
    assert _together(_pair_tables(first, second, distance_threshold=0.95, **alone))
    assert not _together(_pair_tables(first, second, distance_threshold=0.95, same_statement=False))


def test_rules_keep_a_reworded_claim_together() -> None:
    tables = _pair_tables(
        "North Korea has sent about 10,000 soldiers to Russia's Kursk region, the Pentagon said.",
        "Around 10 000 North Korean soldiers were sent to the Kursk region of Russia, officials said.",
    )
    assert _together(tables) and tables["clusters"].loc[0, "cross_source"]


def test_graph_path_equals_exact_path_with_rules() -> None:
    texts = [f"Officials said {n} soldiers were {'not ' if n % 3 == 0 else ''}sent to the Kursk region of Russia." for n in range(12)]
    texts += ["Officials said soldiers were sent to the Kursk region of Russia.", "Volodymyr Zelenskiy spoke in Kyiv on Monday."]
    matrix, terms, term_words = vectorise(texts, make_vectorizer())
    from analysis.claims.rules import PairRules

    rules = PairRules(texts, matrix, terms, term_words)
    exact = cluster_exact(matrix, distance_threshold=0.9, rules=rules)
    assert len(set(exact)) > len(set(cluster_exact(matrix, distance_threshold=0.9)))  # the rules do split clusters here
    assert compare_methods(matrix, distance_threshold=0.9, rules=rules) == pytest.approx(1.0)


def test_sweep_silhouette_on_a_sample_of_singletons_is_nan_not_an_error() -> None:
    # issue 16: an article of 50,000 numbers crashed the sweep ("Number of labels is 5000")
    matrix = sparse.identity(60, format="csr")
    sweep = threshold_sweep(matrix, np.array([f"d{i % 3}" for i in range(60)]), [0.5], silhouette_sample=50)
    assert sweep.loc[0, "n_singletons"] == 60 and np.isnan(sweep.loc[0, "silhouette"])


def test_suggestion_is_the_best_separated_threshold_before_clusters_chain() -> None:
    sweep = pd.DataFrame(
        {
            "distance_threshold": [0.5, 0.6, 0.7, 0.8, 0.9],
            "n_claims": [100] * 5, "n_clusters": [100, 95, 90, 80, 40], "n_multi_doc_clusters": [0, 5, 8, 12, 20],
            "n_singletons": [100, 90, 80, 60, 10], "largest_cluster": [1, 2, 2, 2, 30], "silhouette": [np.nan, 0.1, 0.3, 0.2, 0.5],
            "one_claim_per_doc_share": [np.nan, 1.0, 0.8, 0.3, 0.9],
        }
    )  # fmt: skip
    threshold, reason = suggest_threshold(sweep)
    assert threshold == 0.7 and "0.3000" in reason and "0.9" in reason  # 0.9 chains (30 of 100 claims), so its 0.5 is never read
    threshold, reason = suggest_threshold(sweep.assign(silhouette=[np.nan, 0.1, 0.2, 0.3, 0.4], largest_cluster=2))
    assert threshold == 0.9 and "loosest" in reason  # a peak at the edge is suggested, and the reason says so
    threshold, _ = suggest_threshold(sweep.assign(silhouette=[np.nan, 0.1, 0.3, 0.3, 0.2]))
    assert threshold == 0.7  # a tie goes to the stricter threshold
    threshold, reason = suggest_threshold(sweep.assign(largest_cluster=50))
    assert threshold == 0.5 and "chain" in reason


def test_short_label_is_a_run_of_the_representatives_words() -> None:
    tables = build_claim_tables(make_sentences(), make_documents(), distance_threshold=0.8, sweep_thresholds=(0.8,))
    clusters = tables["clusters"]
    for row in clusters.itertuples():
        words = row.short_label.strip("…")
        assert words and words in row.representative and len(words.split()) <= 8
    for shared in clusters[clusters["n_claims"] >= 2].itertuples():  # the run holds words the cluster's claims share
        assert any(word in shared.short_label.lower() for term in shared.label.split(" / ") for word in term.split())


def test_timeline_names_first_source_followers_and_lag() -> None:
    sources = {"a": [SOURCES["a"][0]], "b": [SOURCES["b"][0]], "c": ["Around 10,000 North Korean soldiers were sent to the Kursk region of Russia, the ministry said."]}
    documents = make_documents(sources).assign(outlet=["Wire A", "Daily B", "Daily B"], published=["2024-10-28", "2024-10-25", ""])
    tables = build_claim_tables(make_sentences(sources), documents, distance_threshold=0.85, sweep_thresholds=(0.85,))
    timeline = tables["claim_timeline"]
    assert timeline["source"].tolist() == ["Daily B", "Wire A"] and timeline["lag_days"].tolist() == [0.0, 3.0]
    assert timeline["first_source"].eq("Daily B").all() and timeline["is_first"].tolist() == [True, False]
    assert tables["clusters"].loc[0, "n_sources"] == 2 and "c" not in set(timeline["doc_id"])  # undated article left out
    no_dates = build_claim_tables(make_sentences(sources), make_documents(sources), sweep_thresholds=(0.85,))["claim_timeline"]
    assert no_dates.empty and "first_source" in no_dates.columns


def test_a_one_outlet_timeline_names_its_article_sources_by_title_in_table_and_sentence() -> None:
    from analysis import display, findings

    sources = {"a": [SOURCES["a"][0]], "b": [SOURCES["b"][0]]}
    documents = make_documents(sources).assign(outlet="One Outlet", published=["2024-10-28", "2024-10-25"], title=["Troops sent", "Kursk deployment"])
    timeline = build_claim_tables(make_sentences(sources), documents, distance_threshold=0.85, sweep_thresholds=(0.85,))["claim_timeline"]
    assert timeline["source"].tolist() == ["b", "a"]  # the articles are the sources: doc ids
    labels = display.article_label(documents)
    named = display.name_article_sources(timeline, labels)
    assert named["source"].tolist() == ["Kursk deployment", "Troops sent"] and named["first_source"].eq("Kursk deployment").all()
    assert "doc_id" not in named
    sentence = findings.describe_timeline(named)
    assert "“Kursk deployment” carried 1 of them first" in sentence and "“Troops sent” after “Kursk deployment”" in sentence
    outlets = documents.assign(outlet=["Wire A", "Daily B"])
    by_outlet = build_claim_tables(make_sentences(sources), outlets, distance_threshold=0.85, sweep_thresholds=(0.85,))["claim_timeline"]
    assert display.name_article_sources(by_outlet, display.article_label(outlets)) is by_outlet  # outlets stay as they are
    assert "Daily B carried 1 of them first" in findings.describe_timeline(by_outlet)


def test_repeated_sentence_of_one_outlet_is_furniture_not_a_shared_claim() -> None:
    line = "Sign up to receive our daily briefing on the war in your inbox every morning."
    sources = {f"d{i}": [line, f"Report number {i} describes a different event in another city entirely."] for i in range(4)}
    documents = make_documents(sources).assign(outlet="One Outlet")
    clusters = build_claim_tables(make_sentences(sources), documents, sweep_thresholds=(0.85,))["clusters"]
    furniture = clusters[clusters["n_docs"] == 4].iloc[0]
    assert furniture["is_furniture"] and not furniture["cross_source"]
    two_outlets = documents.assign(outlet=["A", "B", "A", "B"])
    clusters = build_claim_tables(make_sentences(sources), two_outlets, sweep_thresholds=(0.85,))["clusters"]
    assert clusters[clusters["n_docs"] == 4].iloc[0]["cross_source"]


SEED_SHARED_CLAIMS = list(pd.read_csv(Path(__file__).parent / "data" / "seed_shared_claims.csv", dtype=str).itertuples(index=False, name=None))
"""Seed sentences (data/raw, this project's own corpus) a careful reader sees as one claim, worded differently
(``tests/data/seed_shared_claims.csv``, shared with ``validation/validate_claims.py``)."""


@pytest.fixture(scope="module")
def seed_claims() -> pd.DataFrame:
    from analysis.corpus import load_corpus

    params = load_params("params/default.yaml")
    corpus = load_corpus(params.corpus)
    from analysis.claims import stage_settings

    settings = stage_settings(params.claims) | {"sweep_thresholds": (params.claims.distance_threshold,)}
    return build_claim_tables(corpus.sentences, corpus.documents, **settings)["claims"]


@pytest.mark.parametrize("first, second", SEED_SHARED_CLAIMS, ids=[pair[1] for pair in SEED_SHARED_CLAIMS])
def test_seed_shared_claims_land_together_at_the_default_params(seed_claims: pd.DataFrame, first: str, second: str) -> None:
    def cluster_of(fragment: str) -> tuple[str, int]:
        rows = seed_claims[seed_claims["text"].str.contains(fragment, regex=False)]
        assert len(rows) == 1, fragment
        return rows.iloc[0]["doc_id"], rows.iloc[0]["cluster_id"]

    (doc_a, cluster_a), (doc_b, cluster_b) = cluster_of(first), cluster_of(second)
    assert doc_a != doc_b and cluster_a == cluster_b


def test_suggest_threshold_reads_a_sweep_whose_share_column_is_blank(tmp_path: Path) -> None:
    """A corpus where no cluster draws two claims leaves one_claim_per_doc_share blank in every row;
    read back from CSV that column is text, and the suggestion must still come (issue 16: degenerate corpora)."""
    from analysis.claims import suggest_threshold

    path = tmp_path / "threshold_sweep.csv"
    path.write_text(
        "distance_threshold,n_claims,n_clusters,n_multi_doc_clusters,n_singletons,largest_cluster,silhouette,one_claim_per_doc_share,method\n"
        "0.5,8,8,0,8,1,,,exact\n0.7,8,8,0,8,1,,,exact\n",
        encoding="utf-8",
    )
    sweep = pd.read_csv(path)
    sweep["one_claim_per_doc_share"] = sweep["one_claim_per_doc_share"].astype(object).fillna("")  # as read_table gives it
    threshold, reason = suggest_threshold(sweep)
    assert threshold == 0.7 and "no multi-claim cluster" in reason


def test_sweep_silhouette_memory_stays_bounded_on_a_large_sample() -> None:
    # issue 16: on one long article the silhouette's one block of sample x sample distances (200 MB
    # at 5,000 claims, on top of its sparse product) was the claims stage's largest allocation
    import tracemalloc

    rng = np.random.default_rng(16)
    n, per_row = 3000, 8
    rows = np.repeat(np.arange(n), per_row)
    matrix = normalize(sparse.csr_matrix((rng.random(n * per_row), (rows, rng.integers(0, 400, n * per_row))), shape=(n, 400)))
    doc_ids = np.array([f"d{i % 5}" for i in range(n)])
    dense_distances = n * n * 8  # one block of them: what the score held at scikit-learn's default working memory
    tracemalloc.start()
    try:
        sweep = threshold_sweep(matrix, doc_ids, [0.5], max_claims_exact=100, silhouette_sample=n)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not np.isnan(sweep.loc[0, "silhouette"])
    assert peak < dense_distances, f"peak {peak / 2**20:.0f} MB against {dense_distances / 2**20:.0f} MB of dense distances"


def test_similarity_graph_blocks_keep_memory_near_the_matrix_on_overlapping_texts() -> None:
    # issue 16: on one long article (one small vocabulary, every sentence sharing terms with
    # thousands of others) a block of 10^7 candidates and its temporaries was the claims stage's
    # peak; at the default budget a block and its temporaries stay near 50 MB
    import random
    import tracemalloc

    rng = random.Random(16)
    words = [f"w{i}" for i in range(3000)]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(6, 22))) + "." for _ in range(8000)]
    matrix, _, _ = vectorise(texts, make_vectorizer(stop_words=None))
    tracemalloc.start()
    try:
        graph = similarity_graph(matrix, min_similarity=0.15)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert graph.nnz > 0
    assert peak < 80 * 2**20, f"peak {peak / 2**20:.0f} MB for a {(matrix.data.nbytes + matrix.indices.nbytes) / 2**20:.1f} MB matrix"


VETO_CHAIN = {
    "a": ["Officials said 5 soldiers were killed in the overnight attack on the base near the border town."],
    "b": ["Officials said soldiers were killed in the overnight attack on the base near the border town."],
    "c": ["Officials said 7 soldiers were killed in the overnight attack on the base near the border town."],
    "d": ["The central bank left its interest rate unchanged for a third month running."],
}
"""Claim a and c state different numbers (a vetoed pair); b states none, so it is close to both; d is
unrelated (four claims, so the graph path runs with ``max_claims_exact`` 3 and the bridged trio fits in it)."""


@pytest.mark.parametrize("max_claims_exact", [5000, 3], ids=["exact", "graph"])
def test_no_cluster_holds_a_vetoed_pair_even_when_a_third_claim_bridges_it(max_claims_exact: int) -> None:
    """Average linkage with the vetoed pair at distance 1 joined all three (the mean of 1 and a small
    distance is under 0.85); a vetoed pair must never share a cluster."""
    claims = build_claim_tables(
        make_sentences(VETO_CHAIN), make_documents(VETO_CHAIN), distance_threshold=0.85, sweep_thresholds=(0.85,), max_claims_exact=max_claims_exact,
        same_statement=False,  # the numbers rule decides the pair at every cosine
    )["claims"].set_index("doc_id")["cluster_id"]
    assert claims["a"] != claims["c"]
    assert claims["b"] in (claims["a"], claims["c"])


def test_seed_clusters_hold_no_vetoed_pair(seed_claims: pd.DataFrame) -> None:
    """At the default params, no pair of claims in one seed cluster is kept apart by a rule."""
    from analysis.claims import make_vectorizer, vectorise
    from analysis.claims.cluster import KEPT_APART
    from analysis.claims.rules import PairRules
    from analysis.claims.same_statement import shipped_model

    params = load_params("params/default.yaml").claims
    texts = seed_claims["text"].tolist()
    matrix, terms, term_words = vectorise(texts, make_vectorizer(ngram_range=tuple(params.ngram_range)))
    from analysis.claims.tables import _word_term

    rules = PairRules(
        texts, matrix, terms, term_words, word_term=_word_term, min_shared_terms=params.min_shared_terms, same_statement=shipped_model()
    )
    multi = seed_claims.groupby("cluster_id").filter(lambda group: len(group) > 1)
    assert multi["cluster_id"].nunique() > 0
    for _, group in multi.groupby("cluster_id"):
        assert not (rules.veto_block(group.index.to_numpy()) == KEPT_APART).any()


def test_questions_are_set_aside_not_clustered() -> None:
    """A question asserts nothing: two articles asking the same question share no claim."""
    sources = {
        "a": ["What would a no-fly zone over Ukraine achieve for the people of Kyiv?", "Officials said the talks would resume in Geneva next week."],
        "b": ["What would a no-fly zone over Ukraine achieve for the people of Kyiv?”", "Is this a war, she asked, that anyone can win in the end."],
    }
    sentences = make_sentences(sources).assign(is_heading=False)  # the helper takes a closing quote for a heading
    tables = build_claim_tables(sentences, make_documents(sources), sweep_thresholds=(0.85,))
    set_aside = tables["claims_set_aside"]
    assert set_aside[["doc_id", "sentence_id", "reason"]].values.tolist() == [["a", 0, "question"], ["b", 0, "question"]]
    assert sorted(tables["claims"]["doc_id"]) == ["a", "b"]  # the quoted question ending in "." is kept


def test_compact_columns_keep_every_dot_product_between_rows() -> None:
    from scipy import sparse

    from analysis.claims.cluster import compact_columns

    rng = np.random.default_rng(4)
    wide = sparse.random(6, 100_000, density=0.0002, random_state=rng, format="csr")
    other = sparse.random(6, 100_000, density=0.0002, random_state=rng, format="csr")
    small, small_other = compact_columns(wide, other)
    assert small.shape[1] == len(np.union1d(wide.indices, other.indices)) < 1_000
    assert np.allclose((small @ small_other.T).toarray(), (wide @ other.T).toarray(), rtol=0, atol=1e-12)
    assert np.allclose((small @ small.T).toarray(), (wide @ wide.T).toarray(), rtol=0, atol=1e-12)


def test_the_coverage_view_loads_none_of_the_stage_and_the_package_names_stay_bound() -> None:
    """Notebook 05 draws the coverage only: importing the stage's modules (graph, labels, tables) cost its
    kernel about 26 MB (docs/PROFILING.md, session 33). `vectorise` stays the function whatever is imported."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from analysis.claims import coverage_matrix\n"
        "heavy = [m for m in ('analysis.claims.tables', 'analysis.claims.graph', 'analysis.claims.labels', 'sklearn') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "import analysis.claims.tables\n"
        "from analysis import claims\n"
        "assert callable(claims.vectorise) and claims.columns.CLUSTER_COLUMNS and claims.build_claim_tables\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    assert done.stdout.strip() == "ok", done.stderr
