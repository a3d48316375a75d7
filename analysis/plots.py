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
    fig.savefig(png, metadata={"Software": None})
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
    row_groups: pd.Series | None,
    title: str,
    colour_label: str,
    folder: Path,
    name: str,
    annotate: bool = True,
    cmap: str = "Blues",
) -> None:
    """A labelled heatmap of a matrix (rows × columns); rows may carry a group shown as a coloured tick label."""
    fig, ax = plt.subplots(figsize=(max(6, 0.7 * matrix.shape[1] + 3), max(3, 0.38 * matrix.shape[0] + 1.5)))
    image = ax.imshow(matrix.to_numpy(dtype=float), aspect="auto", cmap=cmap)
    ax.set_xticks(range(matrix.shape[1]), [str(c) for c in matrix.columns], rotation=40, ha="right")
    ax.set_yticks(range(matrix.shape[0]), [str(i) for i in matrix.index])
    ax.grid(False)
    if row_groups is not None:
        groups = sorted(row_groups.unique())
        for tick, group in zip(ax.get_yticklabels(), row_groups):
            tick.set_color(genre_colour(group, groups))
        _legend(ax, groups, loc="upper left", bbox_to_anchor=(1.25, 1))
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
