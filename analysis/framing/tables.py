"""The framing stage: every table, keyed by its CSV name."""

from __future__ import annotations

import pandas as pd

from analysis.framing.frames import frame_emphasis
from analysis.framing.profiles import genre_profiles_from_pieces, profiles_and_genre_pieces
from analysis.framing.sentences import sentence_features
from analysis.framing.separation import feature_map, genre_separation
from analysis.framing.vocabulary import PRIOR_SCALE, distinctive_terms


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
    features = sentence_features(sentences)
    profiles, genre_piece = profiles_and_genre_pieces(features, documents, n_bootstrap=n_bootstrap, seed=seed)
    return {
        "framing_sentences": features,
        "framing_documents": profiles,
        "framing_genres": genre_profiles_from_pieces([genre_piece]),
        "distinctive_terms": distinctive_terms(
            sentences, documents, min_count=distinctive_min_count, prior_scale=distinctive_prior_scale, top_n=distinctive_top_n
        ),
        "frame_emphasis": frame_emphasis(features),
        "feature_map": feature_map(profiles, seed=seed),
        "genre_separation": genre_separation(profiles),
    }
