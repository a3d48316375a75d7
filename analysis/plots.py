"""One figure style for every notebook; every figure is saved as PNG beside the CSV of what it draws.

Each plotting function takes the tidy table it draws, saves ``<name>.png`` and ``<name>.csv``
into the run's figure folder and leaves the figure open, so the notebook shows it inline. PNGs
are written without a software stamp, so re-running with nothing changed rewrites the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

GENRE_COLOURS = {"opinion": "#c0392b", "reporting": "#2c7fb8", "wire": "#7f8c8d"}
OTHER_COLOURS = ["#8e44ad", "#27ae60", "#d35400", "#16a085", "#2c3e50"]
STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 120,
    "figure.figsize": (8, 4.5),
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "svg.hashsalt": "newsframes",
}


def use_house_style() -> None:
    """Apply the collection's matplotlib settings (call once per notebook)."""
    mpl.rcParams.update(STYLE)


def genre_colour(genre: str, genres: Sequence[str] = ()) -> str:
    """A fixed colour for the three seed genres; other labels take colours in their sorted order."""
    if genre in GENRE_COLOURS:
        return GENRE_COLOURS[genre]
    others = sorted(g for g in genres if g not in GENRE_COLOURS)
    index = others.index(genre) if genre in others else 0
    return OTHER_COLOURS[index % len(OTHER_COLOURS)]


def save_figure(fig: plt.Figure, data: pd.DataFrame, folder: Path, name: str) -> Path:
    """Save ``fig`` as ``<name>.png`` and ``data`` as ``<name>.csv`` in ``folder``; return the PNG path."""
    folder.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    png = folder / f"{name}.png"
    fig.savefig(png, metadata={"Software": None}, bbox_inches="tight")
    data.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    return png


def bars(
    data: pd.DataFrame, *, label: str, value: str, colour_by: str, title: str, xlabel: str, folder: Path, name: str
) -> None:
    """Horizontal bars, one per row, coloured by a category column (e.g. genre)."""
    rows = data.iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.4 * len(rows) + 1.5))
    groups = sorted(rows[colour_by].unique())
    colours = [genre_colour(g, groups) for g in rows[colour_by]]
    ax.barh(rows[label].astype(str), rows[value], color=colours)
    ax.set(title=title, xlabel=xlabel)
    _legend(ax, groups)
    save_figure(fig, data, folder, name)


def distributions(
    data: pd.DataFrame, *, value: str, group: str, title: str, xlabel: str, folder: Path, name: str
) -> None:
    """Box plots of one value per group, with every observation drawn as a dot."""
    groups = sorted(data[group].unique())
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(groups) + 1.5))
    values = [data.loc[data[group] == g, value].to_numpy() for g in groups]
    ax.boxplot(values, vert=False, tick_labels=groups, showfliers=False, widths=0.5)
    jitter = np.random.default_rng(0)
    for position, (g, points) in enumerate(zip(groups, values), start=1):
        offsets = jitter.uniform(-0.15, 0.15, len(points))
        ax.scatter(points, position + offsets, s=10, alpha=0.5, color=genre_colour(g, groups))
    ax.set(title=title, xlabel=xlabel)
    save_figure(fig, data[[group, value]], folder, name)


def heatmap(
    matrix: pd.DataFrame,
    *,
    row_groups: pd.Series | None = None,
    column_groups: pd.Series | None = None,
    title: str,
    colour_label: str,
    folder: Path,
    name: str,
    annotate: bool = True,
    cmap: str = "Blues",
) -> None:
    """A labelled heatmap of a matrix (rows × columns); rows or columns may carry a group (e.g. genre) shown as coloured tick labels."""
    label_inches = 0.075 * max((len(str(i)) for i in matrix.index), default=0)
    fig, ax = plt.subplots(figsize=(max(6, 0.75 * matrix.shape[1] + label_inches + 2.5), max(3, 0.38 * matrix.shape[0] + 1.5)))
    image = ax.imshow(matrix.to_numpy(dtype=float), aspect="auto", cmap=cmap)
    ax.set_xticks(range(matrix.shape[1]), [str(c) for c in matrix.columns], rotation=40, ha="right")
    ax.set_yticks(range(matrix.shape[0]), [str(i) for i in matrix.index])
    ax.grid(False)
    for ticks, groups in ((ax.get_yticklabels(), row_groups), (ax.get_xticklabels(), column_groups)):
        if groups is not None:
            names = sorted(groups.unique())
            for tick, group in zip(ticks, groups):
                tick.set_color(genre_colour(group, names))
            handles = [mpl.patches.Patch(color=genre_colour(g, names), label=g or "(unlabelled)") for g in names]
            fig.legend(handles=handles, title="genre", loc="lower center", ncol=len(names), bbox_to_anchor=(0.5, -0.08))
    if annotate and matrix.size <= 400:
        for (i, j), value in np.ndenumerate(matrix.to_numpy(dtype=float)):
            if not np.isnan(value):
                ax.text(j, i, f"{value:.2g}", ha="center", va="center", fontsize=7)
    fig.colorbar(image, ax=ax, label=colour_label)
    ax.set_title(title)
    save_figure(fig, matrix.reset_index(), folder, name)


def _legend(ax: plt.Axes, groups: Sequence[str], **where: object) -> None:
    handles = [mpl.patches.Patch(color=genre_colour(g, groups), label=g or "(unlabelled)") for g in groups]
    ax.legend(handles=handles, title="genre", **where)


def stacked_shares(
    shares: pd.DataFrame, *, row_groups: pd.Series, title: str, xlabel: str, folder: Path, name: str
) -> None:
    """One horizontal bar per row, split into the shares of its columns (rows sum to 1)."""
    rows = shares.iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.4 * len(rows) + 2))
    left = np.zeros(len(rows))
    colours = plt.get_cmap("tab10")
    for index, column in enumerate(rows.columns):
        ax.barh([str(i) for i in rows.index], rows[column], left=left, color=colours(index % 10), label=str(column))
        left += rows[column].to_numpy(dtype=float)
    groups = sorted(row_groups.unique())
    for tick, group in zip(ax.get_yticklabels(), row_groups.iloc[::-1]):
        tick.set_color(genre_colour(group, groups))
    ax.set(title=title, xlabel=xlabel, xlim=(0, 1))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3)
    save_figure(fig, shares.reset_index(), folder, name)


def faceted_bars(
    data: pd.DataFrame, *, facet: str, label: str, value: str, title: str, xlabel: str, folder: Path, name: str
) -> None:
    """One panel of horizontal bars per facet value (e.g. the distinctive terms of each genre)."""
    facets = sorted(data[facet].unique())
    longest = int(data.groupby(facet).size().max()) if len(data) else 1
    fig, axes = plt.subplots(1, max(1, len(facets)), figsize=(4 * max(1, len(facets)), 0.3 * longest + 1.8), squeeze=False)
    for ax, group in zip(axes[0], facets):
        rows = data[data[facet] == group].iloc[::-1]
        ax.barh(rows[label].astype(str), rows[value], color=genre_colour(group, facets))
        ax.set(title=group or "(unlabelled)", xlabel=xlabel)
    fig.suptitle(title, fontweight="bold")
    save_figure(fig, data, folder, name)


def labelled_scatter(
    points: pd.DataFrame, *, x: str, y: str, label: str, group: str, title: str, folder: Path, name: str
) -> None:
    """Points coloured by group, each labelled (e.g. documents on a 2-D feature map)."""
    fig, ax = plt.subplots(figsize=(7, 5))
    groups = sorted(points[group].unique())
    for g in groups:
        rows = points[points[group] == g]
        ax.scatter(rows[x], rows[y], s=60, color=genre_colour(g, groups), label=g or "(unlabelled)")
    if len(points) <= 40:
        for row in points.itertuples():
            ax.annotate(str(getattr(row, label)), (getattr(row, x), getattr(row, y)), xytext=(4, 4), textcoords="offset points")
    ax.set(title=title, xlabel=x, ylabel=y)
    ax.legend(title=group)
    save_figure(fig, points, folder, name)


def lines(
    data: pd.DataFrame, *, x: str, ys: Sequence[str], title: str, xlabel: str, folder: Path, name: str, marker_x: float | None = None
) -> None:
    """One panel per y column against a shared x (e.g. a threshold sweep), with an optional marked x."""
    columns = min(2, len(ys))
    rows = -(-len(ys) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(4.5 * columns, 3.2 * rows), squeeze=False)
    for ax in axes.flat[len(ys):]:
        ax.set_visible(False)
    for ax, column in zip(axes.flat, ys):
        ax.plot(data[x], data[column], marker="o", color="#2c3e50")
        if marker_x is not None:
            ax.axvline(marker_x, color="#c0392b", linestyle="--", linewidth=1)
        ax.set(title=column.replace("_", " "), xlabel=xlabel)
    fig.suptitle(title, fontweight="bold")
    save_figure(fig, data[[x, *ys]], folder, name)


def compact_number(value: float) -> str:
    """20000 -> 20k, 1600000 -> 1.6M, 1e10 -> 10bn: tick labels that do not collide."""
    for size, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


QUALIFIER_MARKERS = {"exact": "o", "approx": "D", "lower_bound": ">", "upper_bound": "<", "range": "|", "vague": "s"}


def estimate_intervals(
    estimates: pd.DataFrame, *, category_order: Sequence[str], title: str, folder: Path, name: str
) -> None:
    """Per category, every estimate on one axis: a dot for a point, a bar for an interval, marker by qualifier.

    Open-ended estimates ("more than 10,000") draw their known side only. Axes switch to a log
    scale when the largest value is over twenty times the smallest (then a linear axis squeezes the
    smaller estimates into one spot).
    """
    present = set(estimates["category"])
    categories = [c for c in category_order if c in present] + sorted(present - set(category_order))
    heights = [max(1, int((estimates["category"] == c).sum())) for c in categories]
    fig, axes = plt.subplots(
        len(categories), 1, figsize=(9, 0.32 * sum(heights) + 1.2 * len(categories) + 0.5), squeeze=False,
        gridspec_kw={"height_ratios": heights},
    )
    genres_present = sorted(estimates["genre"].unique()) if "genre" in estimates else []
    for ax, category in zip(axes[:, 0], categories):
        rows = estimates[estimates["category"] == category].iloc[::-1]
        labels = [f"{r.doc_id} · {r.surface[:38]}" for r in rows.itertuples()]
        for position, row in enumerate(rows.itertuples()):
            low, high = row.value_low, row.value_high
            colour = genre_colour(getattr(row, "genre", ""), genres_present)
            if pd.notna(low) and pd.notna(high) and low != high:
                ax.plot([low, high], [position, position], color=colour, linewidth=3, alpha=0.7)
            for value in {v for v in (low, high) if pd.notna(v)}:
                ax.scatter(value, position, marker=QUALIFIER_MARKERS.get(row.qualifier, "o"), color=colour, s=45, zorder=3)
        ax.set_yticks(range(len(rows)), labels, fontsize=8)
        values = pd.concat([rows["value_low"], rows["value_high"]]).dropna()
        if len(values) and values.min() > 0 and values.max() / values.min() > 20:
            ax.set_xscale("log")
        else:
            ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(6))
        ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda value, _: compact_number(value)))
        ax.xaxis.set_minor_formatter(mpl.ticker.NullFormatter())
        ax.set_title(category)
    handles = [
        mpl.lines.Line2D([], [], marker=m, linestyle="", color="#555", label=q) for q, m in QUALIFIER_MARKERS.items()
    ]
    genres = sorted(estimates["genre"].unique()) if "genre" in estimates else []
    handles += [mpl.patches.Patch(color=genre_colour(g, genres), label=g or "(unlabelled)") for g in genres]
    axes[0, 0].legend(handles=handles, title="qualifier · genre", loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.suptitle(title, fontweight="bold")
    columns = [c for c in ("category", "doc_id", "genre", "sentence_id", "surface", "value_low", "value_high", "qualifier", "counted", "cited_source") if c in estimates]
    save_figure(fig, estimates[columns], folder, name)


TIMELINE_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "<", ">"]


def claim_timeline(timeline: pd.DataFrame, *, title: str, folder: Path, name: str, max_claims: int = 25) -> None:
    """When each cross-source claim appeared: claims (by short label) down the side, publication
    dates across, one marker per source (marker and colour by source), a line from first to last.

    Takes ``claim_timeline.csv``; at most ``max_claims`` claims, the first by cluster_id. A table
    without dated cross-source claims draws an empty panel that says so.
    """
    kept = timeline[timeline["cluster_id"].isin(sorted(timeline["cluster_id"].unique())[:max_claims])].copy()
    names = kept.drop_duplicates("cluster_id")[["cluster_id", "short_label"]]
    repeated = names["short_label"].duplicated(keep=False)
    names["shown"] = names["short_label"].where(~repeated, names["short_label"] + " [" + names["cluster_id"].astype(str) + "]")
    row_of = {cluster: i for i, cluster in enumerate(names["cluster_id"])}
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(names) + 1.8))
    if kept.empty:
        ax.text(0.5, 0.5, "no cross-source claim with two or more dated sources", ha="center", va="center", transform=ax.transAxes)
        ax.set(yticks=[], xticks=[])
    else:
        when = pd.to_datetime(kept["published"], errors="coerce", utc=True, format="mixed").dt.tz_localize(None)
        kept = kept.assign(when=when, row=kept["cluster_id"].map(row_of))
        for _, rows in kept.groupby("cluster_id", sort=True):
            ax.plot(rows["when"], rows["row"], color="#bdc3c7", linewidth=1, zorder=1)
        sources = sorted(kept["source"].astype(str).unique())
        for index, source in enumerate(sources):
            rows = kept[kept["source"].astype(str) == source]
            ax.scatter(rows["when"], rows["row"], marker=TIMELINE_MARKERS[index % len(TIMELINE_MARKERS)], s=55,
                       color=OTHER_COLOURS[index % len(OTHER_COLOURS)], label=source, zorder=2)  # fmt: skip
        ax.set_yticks(range(len(names)), names["shown"])
        ax.invert_yaxis()
        ax.legend(title="source", bbox_to_anchor=(1.01, 1), loc="upper left")
        fig.autofmt_xdate()
    ax.set(title=title, xlabel="published")
    save_figure(fig, timeline, folder, name)
