"""One figure style for every notebook; every figure is saved as PNG beside the CSV of what it draws.

Each plotting function takes the tidy table it draws, saves ``<name>.png`` and ``<name>.csv``
into the run's figure folder and leaves the figure open, so the notebook shows it inline. PNGs
are written without a software stamp, so re-running with nothing changed rewrites the same bytes.

Every figure is sized to what it shows and bounded: no side above ``MAX_INCHES`` (at
``savefig.dpi`` 120, under 2,000 pixels), at most ``max_rows`` rows (bars, heatmap rows, panels'
entries), the first ones in the order the caller passes and the figure's subtitle states; the
CSV beside it holds every row. Figures use matplotlib's constrained layout, so a title never
covers a panel; a heatmap's cell text is white on dark cells and black on light ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
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


MAX_INCHES = 14.0
"""Longest side of any figure, in inches (1,680 px at ``savefig.dpi``)."""
MAX_ROWS = 30
"""Default number of rows (bars, heatmap rows) a figure draws."""
MAX_COLUMNS = 30
"""Default number of heatmap columns a figure draws."""


def _size(width: float, height: float) -> tuple[float, float]:
    return (min(MAX_INCHES, width), min(MAX_INCHES, height))


def _subplots(nrows: int = 1, ncols: int = 1, *, width: float, height: float, **kwargs: object) -> tuple[plt.Figure, np.ndarray]:
    fig, axes = plt.subplots(nrows, ncols, figsize=_size(width, height), squeeze=False, layout="constrained", **kwargs)
    return fig, axes


def _title(fig: plt.Figure, title: str, note: str = "") -> None:
    """The figure's title, and under it in plain type what it shows when rows were left out."""
    fig.suptitle(title + (f"\n{note}" if note else ""), fontweight="bold", fontsize=11)


def capped(data: pd.DataFrame, max_rows: int, what: str = "rows") -> tuple[pd.DataFrame, str]:
    """The first ``max_rows`` rows of ``data`` and a note saying so when some were left out."""
    if len(data) <= max_rows:
        return data, ""
    return data.head(max_rows), f"(the first {max_rows:,} of {len(data):,} {what}; every one in the CSV)"


def text_colour(rgba: Sequence[float]) -> str:
    """Black or white, whichever reads better on a cell of colour ``rgba`` (WCAG relative luminance)."""
    channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3]]
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    return "black" if luminance > 0.179 else "white"


CSV_CHUNK_ROWS = 1_000
"""Rows a figure's CSV is formatted at once. pandas formats 100,000 cells a chunk by default (10,000
rows of the estimates figure's ten columns, every cell a Python string): on 50,000 estimates that
chunk was most of the figure's memory beside its render (issue 16). The bytes do not depend on it."""


def save_figure(fig: plt.Figure, data: pd.DataFrame, folder: Path, name: str, columns: Sequence[str] | None = None) -> Path:
    """Save ``fig`` as ``<name>.png`` and ``data`` (only ``columns``, when given: written from ``data``
    without a copy of them) as ``<name>.csv`` in ``folder``; return the PNG path."""
    folder.mkdir(parents=True, exist_ok=True)
    if fig.get_layout_engine() is None:
        fig.tight_layout()
    png = folder / f"{name}.png"
    fig.savefig(png, metadata={"Software": None}, bbox_inches="tight")
    data.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n", columns=None if columns is None else list(columns),
                chunksize=CSV_CHUNK_ROWS)
    return png


def _nothing(title: str, data: pd.DataFrame, folder: Path, name: str) -> None:
    """A small figure saying there is nothing to draw (the prose beside it says why), with its empty CSV."""
    fig, axes = _subplots(width=6, height=1.6)
    axes[0, 0].set_axis_off()
    axes[0, 0].text(0.5, 0.5, "nothing to draw for this run", ha="center", va="center", color="#555", transform=axes[0, 0].transAxes)
    _title(fig, title)
    save_figure(fig, data, folder, name)


def _legend_handles(groups: Sequence[str]) -> list[mpl.patches.Patch]:
    return [mpl.patches.Patch(color=genre_colour(g, groups), label=g or "(unlabelled)") for g in groups]


def distributions(
    data: pd.DataFrame, *, value: str, group: str, title: str, xlabel: str, folder: Path, name: str, max_groups: int = 12
) -> None:
    """Box plots of one value per group, with every observation drawn as a dot (the largest ``max_groups`` groups)."""
    if data.empty:
        _nothing(title, data[[group, value]], folder, name)
        return
    sizes = data.groupby(group).size().sort_index().sort_values(ascending=False, kind="stable")
    groups = sorted(sizes.index[:max_groups])
    note = f"(the {max_groups} largest of {len(sizes)} groups; every one in the CSV)" if len(sizes) > max_groups else ""
    fig, axes = _subplots(width=8, height=0.6 * max(1, len(groups)) + 1.7)
    ax = axes[0, 0]
    values = [data.loc[data[group] == g, value].to_numpy() for g in groups]
    if groups:
        ax.boxplot(values, vert=False, tick_labels=[g or "(unlabelled)" for g in groups], showfliers=False, widths=0.5)
    jitter = np.random.default_rng(0)
    for position, (g, points) in enumerate(zip(groups, values), start=1):
        offsets = jitter.uniform(-0.15, 0.15, len(points))
        ax.scatter(points, position + offsets, s=10 if len(points) < 2000 else 3, alpha=0.5 if len(points) < 2000 else 0.2,
                   color=genre_colour(g, groups), rasterized=len(points) > 2000)
    ax.set(xlabel=xlabel)
    _title(fig, title, note)
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
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
    order: str = "",
    xlabel: str = "",
    ylabel: str = "",
    group_title: str = "genre",
) -> None:
    """A labelled heatmap of a matrix (rows × columns), the first ``max_rows`` × ``max_columns`` drawn.

    ``row_groups`` / ``column_groups`` map row or column labels (or positions, when not indexed by
    them) to a group (e.g. genre) that colours the tick labels. ``order`` says which rows come
    first ("most widely carried first") in the subtitle when rows or columns were left out. Cell
    values are printed (up to 600 cells) in black or white by the cell's luminance.
    """
    full = matrix
    if matrix.size == 0:
        _nothing(title, full.reset_index(), folder, name)
        return
    shown = matrix.iloc[:max_rows, :max_columns]
    notes = []
    if matrix.shape[0] > max_rows:
        notes.append(f"the first {max_rows} of {matrix.shape[0]} rows")
    if matrix.shape[1] > max_columns:
        notes.append(f"the first {max_columns} of {matrix.shape[1]} columns")
    note = f"({' and '.join(notes)}{', ' + order if order else ''}; every value in the CSV)" if notes else ""
    row_chars = max((len(str(i)) for i in shown.index), default=0)
    column_chars = max((len(str(c)) for c in shown.columns), default=0)
    width = max(6.0, 0.45 * shown.shape[1] + 0.075 * row_chars + 2.5)
    height = max(3.0, 0.36 * shown.shape[0] + 0.07 * column_chars + 2.0)
    fig, axes = _subplots(width=width, height=height)
    ax = axes[0, 0]
    values = shown.to_numpy(dtype=float)
    image = ax.imshow(values, aspect="auto", cmap=cmap)
    ax.set_xticks(range(shown.shape[1]), [str(c) for c in shown.columns], rotation=90 if column_chars > 12 else 40,
                  ha="center" if column_chars > 12 else "right", fontsize=8 if shown.shape[1] > 15 else 9)
    ax.set_yticks(range(shown.shape[0]), [str(i) for i in shown.index], fontsize=8 if shown.shape[0] > 15 else 9)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.grid(False)
    legend_groups: list[str] = []
    for ticks, groups, labels in ((ax.get_yticklabels(), row_groups, shown.index), (ax.get_xticklabels(), column_groups, shown.columns)):
        if groups is None:
            continue
        aligned = groups.reindex(labels) if set(labels) <= set(groups.index) else groups.iloc[: len(labels)]
        names = sorted(set(aligned.fillna("").astype(str)))
        for tick, group in zip(ticks, aligned.fillna("").astype(str)):
            tick.set_color(genre_colour(group, names))
        legend_groups = names
    if legend_groups:
        fig.legend(handles=_legend_handles(legend_groups), title=group_title, loc="outside lower center", ncol=min(6, len(legend_groups)))
    finite = values[~np.isnan(values)]
    if annotate and values.size <= 600:
        norm = image.norm
        for (i, j), value in np.ndenumerate(values):
            if not np.isnan(value):
                colour = text_colour(image.cmap(norm(value))) if finite.size else "black"
                ax.text(j, i, f"{value:.2g}", ha="center", va="center", fontsize=7, color=colour)
    colourbar = fig.colorbar(image, ax=ax, label=colour_label, shrink=min(1.0, 6 / max(height, 1)) if height > 6 else 1.0)
    if finite.size and np.array_equal(finite, np.round(finite)):  # counts: no "0.25 claims" ticks
        colourbar.ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    _title(fig, title, note)
    save_figure(fig, full.reset_index(), folder, name)


def stacked_shares(
    shares: pd.DataFrame, *, row_groups: pd.Series, title: str, xlabel: str, folder: Path, name: str,
    max_rows: int = MAX_ROWS, order: str = "",
) -> None:
    """One horizontal bar per row (the first ``max_rows``), split into the shares of its columns (rows sum to 1)."""
    shown, note = capped(shares, max_rows, "rows")
    if note and order:
        note = note[:-1] + f", {order})"
    rows = shown.iloc[::-1]
    label_chars = max((len(str(i)) for i in rows.index), default=0)
    fig, axes = _subplots(width=max(8, 5 + 0.07 * label_chars), height=0.32 * len(rows) + 2.4)
    ax = axes[0, 0]
    left = np.zeros(len(rows))
    colours = plt.get_cmap("tab10")
    for index, column in enumerate(rows.columns):
        ax.barh([str(i) for i in rows.index], rows[column], left=left, color=colours(index % 10), label=str(column))
        left += rows[column].to_numpy(dtype=float)
    aligned = row_groups.reindex(rows.index) if set(rows.index) <= set(row_groups.index) else row_groups.iloc[: len(shown)].iloc[::-1]
    aligned = aligned.fillna("").astype(str)
    groups = sorted(set(aligned))
    for tick, group in zip(ax.get_yticklabels(), aligned):
        tick.set_color(genre_colour(group, groups))
    ax.tick_params(axis="y", labelsize=8 if len(rows) > 15 else 9)
    ax.set(xlabel=xlabel, xlim=(0, 1))
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=3)
    _title(fig, title, note)
    save_figure(fig, shares.reset_index(), folder, name)


def faceted_bars(
    data: pd.DataFrame, *, facet: str, label: str, value: str, title: str, xlabel: str, folder: Path, name: str,
    max_facets: int = 9, max_rows: int = 12, columns: int = 3,
) -> None:
    """One panel of horizontal bars per facet value (e.g. the distinctive terms of each genre), three panels a row.

    At most ``max_facets`` panels (in sorted order) and ``max_rows`` bars each (the first rows of
    each facet as given); every row in the CSV.
    """
    if data.empty:
        _nothing(title, data, folder, name)
        return
    all_facets = sorted(data[facet].unique())
    facets = all_facets[:max_facets]
    per_facet = data.groupby(facet).size()
    notes = []
    if len(all_facets) > max_facets:
        notes.append(f"the first {max_facets} of {len(all_facets)} panels")
    if len(per_facet) and per_facet.max() > max_rows:
        notes.append(f"the first {max_rows} of up to {int(per_facet.max())} bars a panel")
    note = f"({' and '.join(notes)}; every row in the CSV)" if notes else ""
    ncols = max(1, min(columns, len(facets)))
    nrows = max(1, -(-len(facets) // ncols))
    longest = min(max_rows, int(per_facet.max()) if len(per_facet) else 1)
    fig, axes = _subplots(nrows, ncols, width=4.2 * ncols, height=nrows * (0.26 * longest + 1.0) + 0.8)
    for ax in axes.flat[len(facets):]:
        ax.set_visible(False)
    for ax, group in zip(axes.flat, facets):
        rows = data[data[facet] == group].head(max_rows).iloc[::-1]
        ax.barh(rows[label].astype(str), rows[value], color=genre_colour(group, all_facets))
        ax.set_title(group or "(unlabelled)")
        ax.set_xlabel(xlabel)
        ax.tick_params(axis="y", labelsize=8)
    _title(fig, title, note)
    save_figure(fig, data, folder, name)


def labelled_scatter(
    points: pd.DataFrame, *, x: str, y: str, label: str, group: str, title: str, folder: Path, name: str,
    xlabel: str = "", ylabel: str = "", max_labels: int = 12,
) -> None:
    """Points coloured by group; the ``max_labels`` points farthest from the centre labelled, none overlapping."""
    fig, axes = _subplots(width=8, height=6)
    ax = axes[0, 0]
    groups = sorted(points[group].fillna("").astype(str).unique())
    for g in groups:
        rows = points[points[group].fillna("").astype(str) == g]
        ax.scatter(rows[x], rows[y], s=40 if len(points) > 40 else 60, alpha=0.8, color=genre_colour(g, groups), label=g or "(unlabelled)")
    ax.set(xlabel=xlabel or x, ylabel=ylabel or y)
    ax.legend(title=group, loc="best")
    spread = points[[x, y]].astype(float)
    scale = spread.std(ddof=0).replace(0, 1).fillna(1)
    distance = (((spread - spread.mean()) / scale) ** 2).sum(axis=1)
    chosen = points.assign(_d=distance).sort_values(["_d", label], ascending=[False, True], kind="stable").head(max_labels)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    taken: list[mpl.transforms.Bbox] = []
    labelled = 0
    for row in chosen.itertuples():
        text = ax.annotate(str(getattr(row, label)), (getattr(row, x), getattr(row, y)), xytext=(5, 4),
                           textcoords="offset points", fontsize=8)
        box = text.get_window_extent(renderer)
        if any(box.overlaps(other) for other in taken):
            text.remove()
            continue
        taken.append(box)
        labelled += 1
    note = f"(labels on the {labelled} points farthest from the centre that do not overlap; every point in the CSV)" if labelled < len(points) else ""
    _title(fig, title, note)
    save_figure(fig, points, folder, name)


def lines(
    data: pd.DataFrame, *, x: str, ys: Sequence[str], title: str, xlabel: str, folder: Path, name: str, marker_x: float | None = None
) -> None:
    """One panel per y column against a shared x (e.g. a threshold sweep), with an optional marked x."""
    columns = min(2, len(ys))
    rows = -(-len(ys) // columns)
    fig, axes = _subplots(rows, columns, width=4.5 * columns, height=3.2 * rows + 0.5)
    for ax in axes.flat[len(ys):]:
        ax.set_visible(False)
    for ax, column in zip(axes.flat, ys):
        ax.plot(data[x], data[column], marker="o", color="#2c3e50")
        if marker_x is not None:
            ax.axvline(marker_x, color="#c0392b", linestyle="--", linewidth=1)
        ax.set_title(column.replace("_", " "), fontsize=10)
        ax.set_xlabel(xlabel)
    _title(fig, title)
    save_figure(fig, data[[x, *ys]], folder, name)


def compact_number(value: float) -> str:
    """20000 -> 20k, 1600000 -> 1.6M, 1e10 -> 10bn, 1e12 -> 1tn: tick labels that do not collide."""
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


QUALIFIER_MARKERS = {"exact": "o", "approx": "D", "lower_bound": ">", "upper_bound": "<", "range": "|", "vague": "s"}
MAX_ESTIMATE_ROWS = 60
"""Estimates drawn in all panels of :func:`estimate_intervals` together."""
MAX_PANELS = 8
"""Kinds of estimate (panels) drawn by :func:`estimate_intervals`; the smaller ones are left out."""


def kind_label(kind: Sequence[str]) -> str:
    """("casualties", "people", "North Korean") -> "casualties · people · North Korean" (empty parts left out)."""
    return " · ".join(part for part in kind if part)


def spread_sample(rows: pd.DataFrame, n: int) -> pd.DataFrame:
    """``n`` rows evenly spaced over ``rows`` sorted by value (the lowest and highest always among them)."""
    # the order is found on the three sort keys alone, so only the picked rows of ``rows`` are copied
    keys = pd.DataFrame({"_v": rows["value_low"].fillna(rows["value_high"]).to_numpy(), "doc_id": rows["doc_id"].to_numpy(),
                         "surface": rows["surface"].to_numpy()})
    order = keys.sort_values(["_v", "doc_id", "surface"], kind="stable").index.to_numpy()
    if len(order) > n:
        order = order[np.unique(np.linspace(0, len(order) - 1, n).round().astype(int))]
    return rows.iloc[order]


RANGE_COLUMNS = ("doc_id", "value_low", "value_high", "genre")
"""The columns :func:`article_ranges` reads."""


def article_ranges(rows: pd.DataFrame, n: int) -> pd.DataFrame:
    """Each article's estimates of ``rows`` summed up in one row: ``n_estimates``, the lowest and
    highest figure drawn (``low``, ``high``: a point's value, an interval's ends, a bound's known
    side) and the median of their points (``median``: a point's value, an interval's low end, as
    :func:`spread_sample` sorts them); the ``n`` articles with the most estimates, most first
    (ties by doc_id)."""
    # grouped by the article column as it is (an Arrow string column is factorised in Arrow, not
    # made a Python string per row)
    by = rows["doc_id"].astype(str).rename("doc_id")
    points = rows["value_low"].fillna(rows["value_high"]).groupby(by, sort=True)
    genres = (rows["genre"].fillna("").astype(str) if "genre" in rows else pd.Series("", index=rows.index)).groupby(by, sort=True)
    summary = pd.DataFrame({"n_estimates": points.size(), "low": points.min(),
                            "high": rows["value_high"].fillna(rows["value_low"]).groupby(by, sort=True).max(),
                            "median": points.median(), "genre": genres.first()}).reset_index()
    return summary.sort_values(["n_estimates", "doc_id"], ascending=[False, True], kind="stable").head(n).reset_index(drop=True)


def estimate_intervals(
    estimates: pd.DataFrame, *, kinds: Sequence[tuple[tuple[str, ...], np.ndarray]], title: str, folder: Path, name: str,
    labels: pd.Series | None = None, max_rows: int = MAX_ESTIMATE_ROWS, max_panels: int = MAX_PANELS,
) -> None:
    """Per kind of estimate, estimates on one axis: a dot for a point, a bar for an interval, marker by qualifier.

    ``kinds``: each kind (category, unit, group) with its rows' positions in ``estimates``, in the
    order to draw them (:func:`analysis.estimates.like_with_like_positions`, the spread's own
    grouping): only like is drawn beside like, so dollars and pounds, or one side's dead and the
    other's killed and wounded, never share an axis (issue 18). Bounded: at most ``max_panels``
    panels (the kinds with most estimates, in the order given) and ``max_rows`` rows in all, shared
    among the panels. A panel with no more estimates than its share draws each one, rows labelled
    "article · the number's words" (``labels`` maps doc_id to an article label); a panel with more draws each article's range instead (a bar from
    its lowest to its highest figure, a cross at the median, :func:`article_ranges`), rows labelled
    "article · N estimates", the articles with the most estimates when there are more than its
    share: a sample of a few dozen out of thousands of numbers said little, and drew a figure as
    large as the size bound allows whatever the article (issue 16). Open-ended estimates ("more
    than 10,000") draw their known side only. Axes switch to a log scale when the largest value is
    over twenty times the smallest. The CSV holds every estimate.
    """
    # the largest kinds get the panels (ties in the order given), drawn in the order given
    largest = sorted(sorted(range(len(kinds)), key=lambda i: (-len(kinds[i][1]), i))[:max_panels])
    left_out = [kind for i, kind in enumerate(kinds) if i not in set(largest)]
    rows_of = {kind: positions for kind, positions in (kinds[i] for i in largest)}
    present = {kind: len(positions) for kind, positions in rows_of.items()}
    # a panel draws only these columns, cut for its kind's rows: of a summed-up kind only the
    # values, article and genre are read (the other columns of thousands of rows are not copied)
    columns = [c for c in ("doc_id", "surface", "value_low", "value_high", "qualifier", "genre") if c in estimates]
    panels, summarised = [], []
    for kind, n in zip(rows_of, _shares(list(present.values()), max_rows)):
        if present[kind] > n:
            summarised.append(kind)
            panels.append(article_ranges(_rows(estimates, rows_of[kind], [c for c in columns if c in RANGE_COLUMNS]), n))
        else:
            panels.append(spread_sample(_rows(estimates, rows_of[kind], columns), n))
    categories = list(rows_of)
    heights = [max(1, len(p)) for p in panels]
    n_shown = sum(int(p["n_estimates"].sum()) if c in summarised else len(p) for c, p in zip(categories, panels))
    notes = []
    if summarised:
        # the panels themselves say which they are ("ranges of ..."): a list of kinds made the title wider than the figure
        notes.append(f"{kind_label(summarised[0])}: too many estimates to draw each, so each article's range and median" if len(summarised) == 1
                     else f"{len(summarised)} kinds with too many estimates to draw each show each article's range and median")
    if n_shown < len(estimates):
        notes.append(f"{n_shown:,} of {len(estimates):,} estimates shown")
    if left_out:
        notes.append(f"{len(left_out)} smaller kind{'' if len(left_out) == 1 else 's'} left out")
    note = f"({'; '.join(notes)}; every estimate in the CSV)" if notes else ""
    fig, axes = _subplots(
        max(1, len(categories)), 1, width=10, height=0.24 * sum(heights) + 0.9 * max(1, len(categories)) + 1.2,
        gridspec_kw={"height_ratios": heights or [1]},
    )
    genres_present = sorted(estimates["genre"].fillna("").unique()) if "genre" in estimates else []
    for ax, category, rows in zip(axes[:, 0], categories, panels):
        rows = rows.iloc[::-1]
        names = rows["doc_id"].astype(str).map(labels) if labels is not None else rows["doc_id"].astype(str)
        names = names.fillna(rows["doc_id"].astype(str))
        if category in summarised:
            _draw_ranges(ax, rows, names, genres_present)
            values = pd.concat([rows["low"], rows["high"]]).dropna()
            articles = int(estimates["doc_id"].iloc[rows_of[category]].nunique())
            shown = f"{len(rows)} of {articles} articles" if len(rows) < articles else f"{len(rows)} articles"
            ax.set_title(f"{kind_label(category)} ({present[category]:,} estimates; ranges of {shown})", fontsize=10, loc="left")
            _value_axis(ax, values)
            continue
        ticks = [f"{n} · {_short(s, 24)}" for n, s in zip(names, rows["surface"])]
        for position, row in enumerate(rows.itertuples()):
            low, high = row.value_low, row.value_high
            colour = genre_colour(getattr(row, "genre", ""), genres_present)
            if pd.notna(low) and pd.notna(high) and low != high:
                ax.plot([low, high], [position, position], color=colour, linewidth=3, alpha=0.7)
            for value in {v for v in (low, high) if pd.notna(v)}:
                ax.scatter(value, position, marker=QUALIFIER_MARKERS.get(row.qualifier, "o"), color=colour, s=40, zorder=3)
        ax.set_yticks(range(len(rows)), ticks, fontsize=8)
        ax.set_ylim(-0.7, len(rows) - 0.3)
        _value_axis(ax, pd.concat([rows["value_low"], rows["value_high"]]).dropna())
        total = present[category]
        ax.set_title(f"{kind_label(category)} ({len(rows)} of {total:,})" if len(rows) < total else kind_label(category), fontsize=10, loc="left")
    if not categories:
        axes[0, 0].set_axis_off()
        axes[0, 0].text(0.5, 0.5, "no estimates", ha="center", va="center", transform=axes[0, 0].transAxes)
    # the qualifiers' markers only where some panel draws single estimates (or none is drawn at all)
    each = len(summarised) < len(categories) or not categories
    handles = [mpl.lines.Line2D([], [], marker=m, linestyle="", color="#555", label=q) for q, m in QUALIFIER_MARKERS.items()] if each else []
    if summarised:
        handles.append(mpl.lines.Line2D([], [], marker=MEDIAN_MARKER, linestyle="", color="#555", label="an article's median"))
    handles += _legend_handles(genres_present)
    fig.legend(handles=handles, title="qualifier · genre" if each else "genre", loc="outside lower center", ncol=min(6, len(handles)))
    _title(fig, title, note)
    columns = [c for c in ("category", "unit", "group", "doc_id", "genre", "sentence_id", "surface", "value_low", "value_high", "qualifier",
                           "counted", "cited_source") if c in estimates]
    save_figure(fig, estimates, folder, name, columns)


def _rows(frame: pd.DataFrame, positions: np.ndarray, columns: Sequence[str]) -> pd.DataFrame:
    """The rows at ``positions`` of ``columns`` only (no copy of the other columns' rows)."""
    return frame.iloc[positions, frame.columns.get_indexer(list(columns))]


MEDIAN_MARKER = "X"
"""The marker of an article's median in a panel of article ranges (:func:`estimate_intervals`)."""


def _draw_ranges(ax: plt.Axes, rows: pd.DataFrame, names: pd.Series, genres_present: Sequence[str]) -> None:
    """A panel of :func:`article_ranges`: per article a bar from its lowest to its highest figure and its median."""
    for position, row in enumerate(rows.itertuples()):
        colour = genre_colour(row.genre, genres_present)
        if pd.notna(row.low) and pd.notna(row.high) and row.low != row.high:
            ax.plot([row.low, row.high], [position, position], color=colour, linewidth=3, alpha=0.5)
        if pd.notna(row.median):
            ax.scatter(row.median, position, marker=MEDIAN_MARKER, color=colour, s=50, zorder=3)
    ax.set_yticks(range(len(rows)), [f"{n} · {count:,} estimate{'' if count == 1 else 's'}" for n, count in zip(names, rows["n_estimates"])],
                  fontsize=8)
    ax.set_ylim(-0.7, len(rows) - 0.3)


def _value_axis(ax: plt.Axes, values: pd.Series) -> None:
    """A log scale when the largest value is over twenty times the smallest; compact tick labels."""
    if len(values) and values.min() > 0 and values.max() / values.min() > 20:
        ax.set_xscale("log")
    else:
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(6))
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda value, _: compact_number(value)))
    ax.xaxis.set_minor_formatter(mpl.ticker.NullFormatter())


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
    fig, ax = plt.subplots(figsize=(11, 0.45 * len(names) + 1.8))
    if kept.empty:
        ax.text(0.5, 0.5, "no cross-source claim with two or more dated sources", ha="center", va="center", transform=ax.transAxes)
        ax.set(yticks=[], xticks=[])
    else:
        when = pd.to_datetime(kept["published"], errors="coerce", utc=True, format="mixed").dt.tz_localize(None)
        kept = kept.assign(when=when, row=kept["cluster_id"].map(row_of))
        for _, rows in kept.groupby("cluster_id", sort=True):
            ax.plot(rows["when"], rows["row"], color="#bdc3c7", linewidth=1, zorder=1)
        sources = sorted(kept["source"].astype(str).unique())
        if len(sources) <= len(TIMELINE_MARKERS):
            for index, source in enumerate(sources):
                rows = kept[kept["source"].astype(str) == source]
                ax.scatter(rows["when"], rows["row"], marker=TIMELINE_MARKERS[index], s=55,
                           color=OTHER_COLOURS[index % len(OTHER_COLOURS)], label=source, zorder=2)  # fmt: skip
            ax.legend(title="source", bbox_to_anchor=(1.01, 1), loc="upper left")
        else:  # a legend of dozens of articles is unreadable: one marker per source, the first one filled
            first = kept["is_first"].astype(str).str.lower().eq("true")
            ax.scatter(kept.loc[~first, "when"], kept.loc[~first, "row"], s=40, facecolors="none", edgecolors="#34495e",
                       label="a source that followed", zorder=2)  # fmt: skip
            ax.scatter(kept.loc[first, "when"], kept.loc[first, "row"], s=55, color="#c0392b", label="the first source", zorder=3)
            ax.legend(title=f"{len(sources):,} sources (each in the CSV)", bbox_to_anchor=(1.01, 1), loc="upper left")
        ax.set_yticks(range(len(names)), names["shown"])
        ax.invert_yaxis()
        # dates as "Mar  08  15" under one year label: rotated full dates collided on a narrow axis
        locator = mdates.AutoDateLocator(maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set(title=title, xlabel="published")
    save_figure(fig, timeline, folder, name)


def _shares(sizes: Sequence[int], budget: int, floor: int = 3) -> list[int]:
    """Split ``budget`` rows among groups of ``sizes``: equal shares, what a small group leaves over going to the larger ones."""
    shares = [0] * len(sizes)
    left, open_groups = budget, sorted(range(len(sizes)), key=lambda i: sizes[i])
    while open_groups:
        share = max(floor, left // len(open_groups))
        i = open_groups.pop(0)
        shares[i] = min(sizes[i], share)
        left -= shares[i]
    return shares


def _short(text: object, limit: int) -> str:
    words = " ".join(str(text).split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
