"""The reports' figures: each one a single call from a notebook, composed of stage tables and :mod:`analysis.plots`.

Each function labels what it draws for a reader (articles by :func:`analysis.display.article_label`,
claims by :func:`analysis.display.cluster_label`), picks and orders the rows it can show (the order
is stated in the figure) and saves the PNG with the CSV of every value.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import display, plots


def _genres_by_label(documents: pd.DataFrame, labels: pd.Series) -> pd.Series:
    genre = documents.assign(doc_id=documents["doc_id"].astype(str)).set_index("doc_id")["genre"].fillna("").astype(str)
    return pd.Series(genre.reindex(labels.index).to_numpy(), index=labels.to_numpy())


def _longest_first(documents: pd.DataFrame) -> list[str]:
    docs = documents.assign(doc_id=documents["doc_id"].astype(str))
    return docs.sort_values(["n_words", "doc_id"], ascending=[False, True], kind="stable")["doc_id"].tolist()


def feature_heatmap(profiles: pd.DataFrame, documents: pd.DataFrame, labels: pd.Series, rates: Sequence[str], *, folder: Path,
                    name: str, max_rows: int = plots.MAX_ROWS) -> None:
    """Articles × framing rates per 1,000 words; the longest ``max_rows`` articles when there are more."""
    matrix = profiles.assign(doc_id=profiles["doc_id"].astype(str)).set_index("doc_id")[list(rates)]
    order = [d for d in _longest_first(documents) if d in matrix.index]
    matrix = matrix.reindex(order).rename(index=labels, columns=lambda c: c.removesuffix("_per_1k_words").replace("_", " "))
    plots.heatmap(matrix, row_groups=_genres_by_label(documents, labels), title="Framing features per 1,000 words",
                  colour_label="per 1,000 words", folder=folder, name=name, max_rows=max_rows, order="longest articles first")


def genre_heatmap(genres: pd.DataFrame, rates: Sequence[str], *, folder: Path, name: str) -> None:
    """Genres × framing rates per 1,000 words."""
    matrix = genres.assign(genre=genres["genre"].fillna("").replace("", "(unlabelled)")).set_index("genre")[list(rates)]
    matrix = matrix.rename(columns=lambda c: c.removesuffix("_per_1k_words").replace("_", " "))
    plots.heatmap(matrix, row_groups=pd.Series(list(matrix.index), index=matrix.index), title="Framing features per 1,000 words, by genre",
                  colour_label="per 1,000 words", folder=folder, name=name)


def sentence_modes(profiles: pd.DataFrame, documents: pd.DataFrame, labels: pd.Series, share_columns: Sequence[str], *,
                   folder: Path, name: str, max_rows: int = plots.MAX_ROWS) -> None:
    """Share of each article's sentences in each mode; the longest ``max_rows`` articles when there are more."""
    shares = profiles.assign(doc_id=profiles["doc_id"].astype(str)).set_index("doc_id")[list(share_columns)]
    order = [d for d in _longest_first(documents) if d in shares.index]
    shares = shares.reindex(order).rename(index=labels, columns=lambda c: c.removeprefix("share_").replace("_", " "))
    plots.stacked_shares(shares, row_groups=_genres_by_label(documents, labels), title="Share of sentences in each mode",
                         xlabel="share of sentences", folder=folder, name=name, max_rows=max_rows, order="longest articles first")


def frame_emphasis(emphasis: pd.DataFrame, documents: pd.DataFrame, labels: pd.Series, *, folder: Path, name: str,
                   max_rows: int = plots.MAX_ROWS) -> None:
    """Articles × news frames (share of sentences touching each); the longest ``max_rows`` articles when there are more.

    Articles are rows (their labels read across) and the dozen or so frames are columns, so the
    figure grows in height with the corpus, up to ``max_rows`` articles.
    """
    matrix = emphasis.assign(doc_id=emphasis["doc_id"].astype(str)).pivot(index="doc_id", columns="frame", values="share")
    order = [d for d in _longest_first(documents) if d in matrix.index]
    matrix = matrix.reindex(order).rename(index=labels)
    plots.heatmap(matrix, row_groups=_genres_by_label(documents, labels), title="Frame emphasis: share of sentences",
                  colour_label="share of sentences", folder=folder, name=name, max_rows=max_rows, order="longest articles first")


def axis_names(feature_map: pd.DataFrame, profiles: pd.DataFrame, features: Sequence[str], *, n_features: int = 2) -> tuple[str, str]:
    """Names for the feature map's two axes from the features that load on them most.

    The loading of a feature on an axis is read as its correlation with the axis across articles
    (what PCA on standardised features makes it, up to a constant): "PC1 (34%): more attribution,
    fewer first person". An axis along which nothing varies is named as such.
    """
    merged = feature_map.assign(doc_id=feature_map["doc_id"].astype(str)).merge(
        profiles.assign(doc_id=profiles["doc_id"].astype(str))[["doc_id", *features]], on="doc_id"
    )
    names = []
    for number, (axis, share_column) in enumerate((("x", "x_variance_share"), ("y", "y_variance_share")), start=1):
        share = float(merged[share_column].iloc[0]) if len(merged) else 0.0
        head = f"PC{number} ({share:.0%})"
        coordinates = merged[axis].astype(float)
        if len(merged) < 3 or coordinates.std(ddof=0) == 0:
            names.append(f"{head}: no variation to show")
            continue
        correlations = {}
        for feature in features:
            values = merged[feature].astype(float)
            if values.std(ddof=0) > 0:
                correlations[feature] = float(np.corrcoef(values, coordinates)[0, 1])
        top = sorted(correlations.items(), key=lambda item: (-abs(item[1]), item[0]))[:n_features]
        words = [f"{'more' if r > 0 else 'less'} {_feature_words(f)}" for f, r in top]
        names.append(f"{head}: {', '.join(words)}" if words else head)
    return names[0], names[1]


def _feature_words(column: str) -> str:
    return column.removesuffix("_per_1k_words").removeprefix("share_").replace("_", " ")


def feature_map(feature_map: pd.DataFrame, profiles: pd.DataFrame, labels: pd.Series, features: Sequence[str], *,
                folder: Path, name: str) -> None:
    """The articles on the first two principal components of their framing features, axes named by their loadings."""
    labels = display.short_labels(labels, 36)
    points = feature_map.assign(doc_id=feature_map["doc_id"].astype(str))
    points = points.assign(article=points["doc_id"].map(labels).fillna(points["doc_id"]))
    xlabel, ylabel = axis_names(points, profiles, features)
    plots.labelled_scatter(points, x="x", y="y", label="article", group="genre", title="Articles in framing-feature space",
                           xlabel=xlabel, ylabel=ylabel, folder=folder, name=name)


def distinctive_terms(terms: pd.DataFrame, *, folder: Path, name: str) -> None:
    """The most distinctive words of each genre (by rank), one panel a genre."""
    ordered = terms.sort_values(["genre", "rank"], kind="stable")
    plots.faceted_bars(ordered, facet="genre", label="term", value="z", title="Most distinctive words by genre",
                       xlabel="log-odds z-score", folder=folder, name=name)


def coverage(coverage: pd.DataFrame, clusters: pd.DataFrame, documents: pd.DataFrame, labels: pd.Series, *, title: str,
             folder: Path, name: str, max_rows: int = 25, max_columns: int = plots.MAX_COLUMNS) -> None:
    """Claims carried by two or more articles × the articles carrying them (claims per article).

    Rows are the clusters most widely carried first (``cluster_id`` order, as the claims stage
    numbers them), labelled by a short claim text; columns the articles carrying the most of the
    shown claims, labelled "Outlet: short title" and coloured by genre.
    """
    from analysis.claims import coverage_matrix

    labels = display.short_labels(labels, 40)
    matrix = coverage_matrix(coverage, documents)
    # only clusters carried by two or more articles (the matrix's rows) are named, not every one:
    # a corpus of one long article has a cluster per sentence
    claim_names = display.cluster_label(clusters[clusters["cluster_id"].isin(matrix.index)], limit=55)
    if matrix.empty:
        matrix = pd.DataFrame(np.zeros((0, 0)))
    shown = matrix.iloc[:max_rows]
    carried = (shown > 0).sum(axis=0)
    columns = carried[carried > 0].sort_values(ascending=False, kind="stable").index.tolist()
    columns += [c for c in matrix.columns if c not in columns]
    matrix = matrix[columns] if len(columns) else matrix
    matrix = matrix.rename(index=lambda c: claim_names.get(c, f"#{c}"), columns=lambda d: labels.get(str(d), str(d)))
    plots.heatmap(matrix, column_groups=_genres_by_label(documents, labels), title=title, colour_label="claims in the cluster",
                  folder=folder, name=name, max_rows=max_rows, max_columns=max_columns,
                  order="most widely carried claims first, then the articles carrying most of them")


def estimates(estimates: pd.DataFrame, labels: pd.Series, *, title: str, folder: Path, name: str) -> None:
    """Estimates per kind (category, unit, group, as the spread groups them) on one axis each, rows
    named "article · the number's words"."""
    from analysis.estimates import like_with_like_positions

    plots.estimate_intervals(estimates, kinds=like_with_like_positions(estimates), title=title, folder=folder, name=name,
                             labels=display.short_labels(labels, 34))


SWEEP_COLUMNS = ["n_clusters", "n_multi_doc_clusters", "largest_cluster", "silhouette"]


def threshold_sweep(sweep: pd.DataFrame, threshold: float, *, folder: Path, name: str) -> None:
    """The sweep's cluster counts, largest cluster and silhouette per threshold, the run's threshold dashed."""
    plots.lines(sweep, x="distance_threshold", ys=[c for c in SWEEP_COLUMNS if c in sweep], title="Threshold sweep",
                xlabel="cosine distance threshold", marker_x=threshold, folder=folder, name=name)


def suggested_threshold(sweep: pd.DataFrame) -> tuple[float, str] | None:
    """The claims stage's suggestion from the sweep, or None when there was nothing to sweep (no claims)."""
    from analysis.claims import suggest_threshold

    if sweep.empty or pd.to_numeric(sweep["n_claims"], errors="coerce").fillna(0).max() == 0:
        return None
    return suggest_threshold(sweep)  # it reads blank shares of a sweep read back from CSV itself
