"""Documents in framing-feature space: the 2-D map and the leave-one-out genre test."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.framing.schema import MAP_FEATURES, tidy_table


def feature_map(profiles: pd.DataFrame, *, seed: int) -> pd.DataFrame:
    """Documents in 2-D (``feature_map``): PCA of the standardised ``MAP_FEATURES``.

    Columns ``doc_id, genre, x, y, x_variance_share, y_variance_share`` (the share of variance
    each axis carries, the same on every row, for axis labels). With one document, or features
    that do not vary, the missing axes are 0.
    """
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import StandardScaler

    matrix = StandardScaler().fit_transform(profiles[MAP_FEATURES].to_numpy(dtype=float))
    n_components = min(2, len(profiles), matrix.shape[1])
    coords = np.zeros((len(profiles), 2))
    variance = np.zeros(2)
    if len(profiles) > 1 and np.any(matrix):
        pca = PCA(n_components=n_components, svd_solver="full", random_state=seed).fit(matrix)
        coords[:, :n_components] = pca.transform(matrix)
        variance[:n_components] = np.nan_to_num(pca.explained_variance_ratio_)
    table = profiles[["doc_id", "genre"]].assign(
        x=coords[:, 0], y=coords[:, 1], x_variance_share=variance[0], y_variance_share=variance[1]
    )
    return tidy_table(table, ["doc_id"])


def genre_separation(profiles: pd.DataFrame) -> pd.DataFrame:
    """Leave-one-document-out nearest-centroid test: does a document's framing profile sit nearest
    its own genre? (``genre_separation``).

    For each document, the features are standardised on the other documents only, each labelled
    genre's centroid is taken over the other documents, and the document is assigned the genre of
    the nearest centroid (Euclidean). Columns ``doc_id, genre, predicted_genre, correct,
    distance_to_predicted, distance_to_own, genre_in_training``. ``correct`` is empty for an
    unlabelled document, and a document whose genre has no other document cannot be predicted
    right (``genre_in_training`` False): that row counts as a miss.

    What five documents can and cannot show: with one or two documents a genre, a hit means only
    that this document resembles the others of its label more than the rest on these features; it
    cannot estimate how often the features would separate the genres in new articles (a 95%
    interval on an accuracy from five trials spans most of 0-1), and it cannot tell genre from
    outlet or author, since each genre here is one or two sources. It can show that a label is
    not supported (the document sits nearer another genre). The validation on held-out corpora
    (docs/VALIDATION.md) is what speaks to general separability.
    """
    from sklearn.preprocessing import StandardScaler

    columns = ["doc_id", "genre", "predicted_genre", "correct", "distance_to_predicted", "distance_to_own", "genre_in_training"]
    rows = []
    values = profiles[MAP_FEATURES].to_numpy(dtype=float)
    genres = profiles["genre"].fillna("").astype(str).to_numpy()
    for i, doc_id in enumerate(profiles["doc_id"]):
        train = np.arange(len(profiles)) != i
        labelled = train & (genres != "")
        predicted, distance, own, seen = "", np.nan, np.nan, bool(genres[i]) and bool(np.any(labelled & (genres == genres[i])))
        if labelled.any():
            scaler = StandardScaler().fit(values[train])
            centroids = {g: scaler.transform(values[labelled & (genres == g)]).mean(axis=0) for g in sorted(set(genres[labelled]))}
            point = scaler.transform(values[i : i + 1])[0]
            distances = {g: float(np.linalg.norm(point - c)) for g, c in centroids.items()}
            predicted = min(distances, key=lambda g: (distances[g], g))
            distance, own = distances[predicted], distances.get(genres[i], np.nan)
        correct = pd.NA if not genres[i] else bool(predicted == genres[i])
        rows.append((str(doc_id), genres[i], predicted, correct, distance, own, seen))
    table = pd.DataFrame(rows, columns=columns).astype({"correct": "boolean"})
    return tidy_table(table, ["doc_id"])
