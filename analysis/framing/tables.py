"""The framing stage: every table, keyed by its CSV name."""

from __future__ import annotations

import pandas as pd

from analysis.framing.frames import frame_emphasis
from analysis.framing.profiles import genre_profiles_from_pieces, profiles_and_genre_pieces
from analysis.framing.sentences import sentence_features
from analysis.framing.separation import feature_map, genre_separation
from analysis.framing.vocabulary import PRIOR_SCALE, distinctive_terms
from analysis.heap import release_free_heap


def build_framing_tables(
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    n_bootstrap: int = 1000,
    seed: int = 20241022,
    distinctive_min_count: int = 2,
    distinctive_prior_scale: float = PRIOR_SCALE,
    distinctive_top_n: int = 20,
) -> dict[str, pd.DataFrame]:
    """Run stage 02-compare-framing: every table of the module docstring, keyed by its CSV name.

    ``n_bootstrap`` and ``seed`` set the bootstrap intervals (and the PCA's seed);
    ``distinctive_*`` are :func:`distinctive_terms`' ``min_count``, ``prior_scale`` and ``top_n``.
    """
    # the C heap's free pages are returned after each step that freed many (analysis/heap.py): the sentence features'
    # lists, the sums' and the term counts' temporaries stayed resident under every later step's own peak
    features = sentence_features(sentences)
    release_free_heap()
    profiles, genre_piece = profiles_and_genre_pieces(features, documents, n_bootstrap=n_bootstrap, seed=seed)
    release_free_heap()
    distinctive = distinctive_terms(sentences, documents, min_count=distinctive_min_count, prior_scale=distinctive_prior_scale, top_n=distinctive_top_n)
    release_free_heap()
    return {
        "framing_sentences": features,
        "framing_documents": profiles,
        "framing_genres": genre_profiles_from_pieces([genre_piece]),
        "distinctive_terms": distinctive,
        "frame_emphasis": frame_emphasis(features),
        "feature_map": feature_map(profiles, seed=seed),
        "genre_separation": genre_separation(profiles),
    }
