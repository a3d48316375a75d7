"""The seed corpus's framing findings (``data/raw/``, genres from its metadata) still hold."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus import load_corpus
from analysis.framing import build_framing_tables
from analysis.params import load_params


@pytest.fixture(scope="module")
def documents() -> pd.DataFrame:
    params = load_params("params/default.yaml")
    corpus = load_corpus(params.corpus)
    tables = build_framing_tables(corpus.sentences, corpus.documents, n_bootstrap=0, seed=params.framing.seed)
    return tables["framing_documents"].set_index("doc_id")


def test_the_opinion_blog_has_most_first_person_and_least_attribution(documents: pd.DataFrame) -> None:
    first_person, attribution = documents["first_person_per_1k_words"], documents["attribution_per_1k_words"]
    blog = first_person.idxmax()
    assert documents.loc[blog, "genre"] == "opinion" and first_person[blog] > first_person.drop(blog).max()
    assert attribution.idxmin() == blog and attribution[blog] < attribution.drop(blog).min()


def test_the_reporting_article_attributes_more_than_both_opinion_pieces(documents: pd.DataFrame) -> None:
    attribution = documents["attribution_per_1k_words"]
    reporting = attribution[documents["genre"] == "reporting"]
    opinion = attribution[documents["genre"] == "opinion"]
    assert len(reporting) == 1 and len(opinion) == 2
    assert reporting.iloc[0] > opinion.max()
