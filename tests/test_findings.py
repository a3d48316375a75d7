"""The sentences of computed prose: what they say follows the tables, in good English, for edge cases too."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import findings


def test_separation_agrees_in_number() -> None:
    table = pd.DataFrame({"correct": [True, False, False], "genre_in_training": [True, True, False]})
    assert "1 of 3 articles lands nearest" in findings.describe_separation(table)
    assert "1 had no other article" in findings.describe_separation(table)
    table["correct"] = [True, True, False]
    assert "2 of 3 articles land nearest" in findings.describe_separation(table)


def test_modes_name_the_articles_each_mode_leads() -> None:
    profiles = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "share_direct_quote": [0.6, 0.1, 0.5], "share_speculation": [0.4, 0.9, 0.2]}
    )
    sentence = findings.describe_modes(profiles, ["share_direct_quote", "share_speculation"])
    assert sentence == "The commonest sentence mode is direct quote in 2 articles (a, c); speculation in 1 article (b)."


def sweep(agreement: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "distance_threshold": [0.5, 0.8], "n_claims": [10, 10], "n_clusters": [9, 7], "n_multi_doc_clusters": [1, 2],
            "n_singletons": [8, 5], "largest_cluster": [2, 3], "silhouette": [0.1, 0.2],
            "method": ["exact" if not np.isnan(a) else "graph" for a in agreement], "graph_path_agreement": agreement,
        }
    )


def test_sweep_reports_the_graph_paths_agreement_or_its_absence() -> None:
    suggestion = (0.8, "reason")
    identical = findings.describe_sweep(sweep([1.0, 1.0]), 0.5, suggestion)
    assert "1 of 9 clusters spans" in identical and "exactly the same clusters" in identical
    worse = findings.describe_sweep(sweep([1.0, 0.9]), 0.8, suggestion)
    assert "2 of 7 clusters span" in worse and "0.900 (at 0.8)" in worse
    large = findings.describe_sweep(sweep([np.nan, np.nan]), 0.8, suggestion)
    assert "too many for the exact path" in large


def test_universal_claims_when_none_reach_every_article() -> None:
    clusters = pd.DataFrame({"n_docs": [2, 1, 1], "representative": ["x", "y", "z"]})
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"]})
    assert findings.describe_universal_claims(clusters, documents).endswith("reach 2 of them (1 cluster).")
    clusters["n_docs"] = [3, 1, 1]
    assert findings.describe_universal_claims(clusters, documents) == "1 claim appears in all 3 articles: “x”."


def test_cleaning_rules_are_shown_in_words_and_the_csv_keeps_their_names() -> None:
    from analysis import corpus

    removed = pd.DataFrame({"doc_id": ["a", "b", "a"], "rule": ["liveblog_timestamp", "liveblog_timestamp", "caption"], "text": ["x", "y", "z"]})
    assert corpus.removed_by_rule(removed)["rule"].tolist() == ["liveblog timestamp", "caption"]
    assert corpus.removed_spans_view(removed)["rule"].tolist() == ["liveblog timestamp", "liveblog timestamp", "caption"]
    assert removed["rule"].tolist() == ["liveblog_timestamp", "liveblog_timestamp", "caption"]  # the table read is not changed


def test_prose_counts_agree_and_quotes_end_once() -> None:
    removed = pd.DataFrame({"doc_id": ["a"], "rule": ["share_links"], "text": ["Share"]})
    documents = pd.DataFrame({"doc_id": ["a"], "n_words": [10], "genre": ["wire"]})
    sentence = findings.describe_removed(removed, documents)
    assert "removed 1 span (5 characters) from 1 of 1 article; the only rule that fired, share links." == sentence.split("Cleaning ", 1)[1]
    assert findings._quote("He said it.") == "“He said it.”" and findings._quote("He said it") == "“He said it”."


def test_leaders_are_named_by_label_not_by_a_capitalised_doc_id() -> None:
    profiles = pd.DataFrame({
        "doc_id": ["g002", "g003"], "genre": ["liveblog", "reporting"], "n_words": [100, 100],
        **{column: [2.0, 1.0] for column in findings.LEADER_VERBS},
    })
    sentence = findings.describe_framing_leaders(profiles, {"g002": "The Guardian: Live", "g003": "x"})
    assert sentence.startswith("Per 1,000 words, “The Guardian: Live” (liveblog) credits sources most, 2.0")
    assert "G002" not in sentence


def test_what_cannot_be_computed_is_said() -> None:
    one = pd.DataFrame({"genre": ["wire"]})
    assert "cannot be compared" in findings.describe_genre_contrast(one)
    assert "cannot be compared" in findings.describe_outlets(pd.DataFrame(), 1)
    assert "none is a claim" in findings.describe_claims(pd.DataFrame({"n_docs": []}), pd.DataFrame(), pd.DataFrame({"reason": ["heading"]}), 0.8)
    assert findings.describe_sweep(pd.DataFrame(), 0.8, None).startswith("There are no claims")
