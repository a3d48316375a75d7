"""Tables and labels as a reader sees them in the reports.

Every table a notebook shows goes through :func:`table`: the whole table (up to
``MAX_HTML_ROWS`` rows, the first ones in the order the caption states; every row is in the
run's CSV) as one plain HTML table inside a box that scrolls, so every row is reachable and the
browser's own find (Ctrl-F) searches all of them. Text is left-aligned and wraps, there is no
index column, character offsets stay in the CSV, and a rate with its interval reads
``12.3 [8.1–16.0]``. The reports run no script (see :mod:`analysis.publish`), so tables do not
sort in the page: each is shown in the order that answers its section's question, and its CSV
sorts any other way.

Articles are named by :func:`article_label` ("Outlet: short title"), claim clusters by
:func:`cluster_label` (the ``short_label`` column of ``clusters.csv`` where the claims stage
writes one, otherwise the representative claim cut to a few words).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.paths import shown as shown_path

MAX_HTML_ROWS = 2000
"""Rows a report shows of one table; a larger table shows its first rows and names its CSV."""
TEXT_ROWS = 10
"""Rows in the plain-text form of a table (what nbval compares and a text viewer shows)."""
LABEL_CHARS = 48
"""Longest article label (outlet and title), in characters, before the title is cut."""
CLUSTER_LABEL_CHARS = 60
"""Longest claim label, in characters."""
MAX_CELL_CHARS = 10_000
"""Longest text a table cell shows; a longer one (a 2 MB line without a sentence break) shows its
start and says how many characters its CSV holds beyond, so a report does not carry megabytes per cell."""
OFFSET_COLUMNS = frozenset(
    {"char_start", "char_end", "raw_char_start", "raw_char_end", "attribution_source_start", "attribution_source_end"}
)
"""Columns left to the CSV: offsets into the cleaned (or raw) text, for tracing, not reading."""


def shorten(text: object, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters, with "…" when cut."""
    words = " ".join(str(text if text is not None and text == text else "").split())
    if len(words) <= limit:
        return words
    cut = words[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def article_label(documents: pd.DataFrame, sentences: pd.DataFrame | None = None, *, limit: int = LABEL_CHARS) -> pd.Series:
    """A unique, readable name per article, indexed by ``doc_id``: "Outlet: short title".

    The outlet is left out when empty or the same for every article (then it says nothing). An
    article without a title is named by its first sentence in quotes when ``sentences`` is given
    (“During a recent meeting…”), else by its doc_id. Two articles that would share a label get
    their doc_id appended, so every label names one article.
    """
    docs = documents.assign(doc_id=documents["doc_id"].astype(str))
    empty = pd.Series("", index=docs.index)
    outlets = docs["outlet"].fillna("").astype(str).str.strip() if "outlet" in docs else empty
    titles = docs["title"].fillna("").astype(str).str.strip() if "title" in docs else empty
    first: dict[str, str] = {}
    if sentences is not None and len(sentences):
        ordered = sentences.assign(doc_id=sentences["doc_id"].astype(str)).sort_values(["doc_id", "sentence_id"], kind="stable")
        first = ordered.groupby("doc_id", sort=False)["text"].first().astype(str).to_dict()
    several_outlets = outlets[outlets != ""].nunique() > 1
    labels = []
    for doc_id, outlet, title in zip(docs["doc_id"], outlets, titles):
        prefix = f"{outlet}: " if outlet and several_outlets else ""
        room = max(12, limit - len(prefix))
        if title:
            body = shorten(title, room)
        elif doc_id in first:
            body = f"“{shorten(first[doc_id], room - 2)}”"
        else:
            body = doc_id
        labels.append(prefix + body)
    return _unique(pd.Series(labels, index=docs["doc_id"], name="article"))


def short_labels(labels: pd.Series, limit: int) -> pd.Series:
    """``labels`` cut to ``limit`` characters, still unique (a doc_id appended where two would meet)."""
    return _unique(labels.map(lambda label: shorten(label, limit)).rename(labels.name))


def _unique(series: pd.Series) -> pd.Series:
    duplicated = series.duplicated(keep=False)
    if duplicated.any():
        series = series.copy()
        series[duplicated] = [f"{label} ({doc_id})" for doc_id, label in series[duplicated].items()]
    return series


def cluster_label(clusters: pd.DataFrame, *, limit: int = CLUSTER_LABEL_CHARS) -> pd.Series:
    """A short claim text per cluster, indexed by ``cluster_id``.

    The claims stage's ``short_label`` where present and non-empty, else the representative claim
    cut to ``limit`` characters; "#<id>" is prefixed so two similar claims stay distinct.
    """
    short = clusters["short_label"] if "short_label" in clusters else pd.Series("", index=clusters.index)
    texts = [
        s if isinstance(s, str) and s.strip() else r
        for s, r in zip(short, clusters.get("representative", pd.Series("", index=clusters.index)))
    ]
    labels = [f"#{cid} {shorten(text, limit)}" for cid, text in zip(clusters["cluster_id"], texts)]
    return pd.Series(labels, index=clusters["cluster_id"].to_numpy(), name="claim")


def readable_number(value: float) -> str:
    """A float as a reader expects it in a table: 600,000 and 1,500 (not 6.000e+05), 0.125, 2.5."""
    if value != value:  # NaN
        return ""
    if abs(value) >= 1000 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.3f}".rstrip("0").rstrip(".") if abs(value) >= 0.001 else f"{value:.2g}"


def rate_with_interval(rate: float, low: float, high: float, decimals: int = 1) -> str:
    """"12.3 [8.1–16.0]": a rate with its interval, or the rate alone when the interval is missing."""
    if rate != rate:
        return ""
    if low != low or high != high:
        return f"{rate:,.{decimals}f}"
    return f"{rate:,.{decimals}f} [{low:,.{decimals}f}–{high:,.{decimals}f}]"


def combine_intervals(frame: pd.DataFrame, rates: Iterable[str], *, rename: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Replace each ``<rate>``, ``<rate>_ci_low``, ``<rate>_ci_high`` triple by one "rate [low–high]" column.

    The new column keeps the rate's place and takes the name ``rename[rate]`` (default: the rate's
    name without ``_per_1k_words``, underscores as spaces).
    """
    out = frame.copy()
    for rate in rates:
        if rate not in out:
            continue
        low, high = out.get(f"{rate}_ci_low"), out.get(f"{rate}_ci_high")
        nan = pd.Series(float("nan"), index=out.index)
        text = [
            rate_with_interval(r, lo, hi)
            for r, lo, hi in zip(out[rate], nan if low is None else low, nan if high is None else high)
        ]
        name = (rename or {}).get(rate, rate.removesuffix("_per_1k_words").replace("_", " "))
        out[rate] = text
        out = out.drop(columns=[c for c in (f"{rate}_ci_low", f"{rate}_ci_high") if c in out]).rename(columns={rate: name})
    return out


def value_range(low: float, high: float) -> str:
    """The interval an estimate's words mean: "600", "10,000–12,000", "≥ 10,000", "≤ 3,000"."""
    has_low, has_high = low == low and low is not None, high == high and high is not None
    if has_low and has_high:
        return readable_number(low) if low == high else f"{readable_number(low)}–{readable_number(high)}"
    if has_low:
        return f"≥ {readable_number(low)}"
    if has_high:
        return f"≤ {readable_number(high)}"
    return ""


def with_articles(frame: pd.DataFrame, labels: pd.Series, *, column: str = "doc_id", keep_id: bool = False) -> pd.DataFrame:
    """Put an ``article`` label column in place of ``column`` (the doc_id), or beside it with ``keep_id``."""
    if column not in frame:
        return frame
    out = frame.copy()
    position = list(out.columns).index(column)
    named = out[column].astype(str).map(labels).fillna(out[column].astype(str))
    if not keep_id:
        out = out.drop(columns=[column])
    else:
        position += 1
    out.insert(position, "article", named)
    return out


def name_article_sources(timeline: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """The claim timeline with its sources named for a reader.

    A corpus that names fewer than two outlets counts each article as its own source
    (:func:`analysis.claims.timeline.document_sources`), so ``source`` and ``first_source`` hold doc
    ids ("22 carried 14 of them first"). There they become the articles' labels, and ``doc_id``,
    which then says the same as ``source``, is dropped. Outlet sources are left as they are.
    """
    if timeline.empty or not timeline["source"].astype(str).equals(timeline["doc_id"].astype(str)):
        return timeline
    named = {column: timeline[column].astype(str).map(labels).fillna(timeline[column].astype(str)) for column in ("source", "first_source")}
    return timeline.assign(**named).drop(columns=["doc_id"])


class Table:
    """A table as a report shows it: all its rows as HTML in a scrolling box, a short text form for nbval."""

    def __init__(self, frame: pd.DataFrame, *, caption: str = "", source: str = "", max_rows: int = MAX_HTML_ROWS,
                 total_rows: int | None = None) -> None:
        # only the rows a report shows are kept, and the count of all: a kernel keeps a shown
        # table until the cell's output is sent, and the rest are in the CSV (issue 16)
        self.frame = frame.head(max_rows).reset_index(drop=True)
        self.total_rows = len(frame) if total_rows is None else total_rows
        self.caption = caption
        self.source = source
        self.max_rows = max_rows

    @property
    def shown(self) -> pd.DataFrame:
        return self.frame

    def note(self) -> str:
        """What the reader is shown: the number of rows, and where the rest are when some are left out."""
        n = self.total_rows
        where = f" (every row: {self.source})" if self.source else ""
        if n == 0:
            return "No rows."
        if n > self.max_rows:
            return f"The first {self.max_rows:,} of {n:,} rows{', ' + self.caption if self.caption else ''}{where}."
        return f"{n:,} {'row' if n == 1 else 'rows'}{', ' + self.caption if self.caption else ''}{where}."

    def _repr_html_(self) -> str:
        shown = self.shown
        cells = shown.map(_cell) if hasattr(shown, "map") else shown.applymap(_cell)
        numeric = {c for c in shown.columns if pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c])}
        head = "".join(f'<th{" class=num" if c in numeric else ""}>{html.escape(str(c))}</th>' for c in shown.columns)
        body = "\n".join(
            "<tr>" + "".join(f'<td{" class=num" if c in numeric else ""}>{v}</td>' for c, v in zip(shown.columns, row)) + "</tr>"
            for row in cells.itertuples(index=False, name=None)
        )
        return (
            f'<div class="report-table"><p class="table-note">{html.escape(self.note())}</p>'
            f'<div class="table-scroll"><table data-rows="{len(shown)}" data-total-rows="{self.total_rows}">'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div></div>"
        )

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        head = self.frame.head(TEXT_ROWS)
        text = head.to_string(index=False, max_colwidth=40) if len(head.columns) else ""
        more = f"\n… {self.total_rows - TEXT_ROWS:,} more rows in the HTML report" if self.total_rows > TEXT_ROWS else ""
        printer.text(f"{self.note()}\n{text}{more}")  # type: ignore[attr-defined]


class ClippedText(str):
    """A cell's text cut to :data:`MAX_CELL_CHARS` as soon as it is read, with the length it had
    (``full_length``): a table shows no more of a cell, and says how many characters its CSV
    holds beyond, as of the whole text."""

    full_length: int

    def __new__(cls, text: str, full_length: int) -> "ClippedText":
        clipped = super().__new__(cls, text)
        clipped.full_length = full_length
        return clipped


def clip_long_text(frame: pd.DataFrame, limit: int = MAX_CELL_CHARS) -> pd.DataFrame:
    """``frame`` with every text cell longer than ``limit`` characters cut to them as a
    :class:`ClippedText` (its column made an object column); a frame without such a cell is
    returned as it is. For a table read to be shown: a report holds no more of a 2 MB line than it
    shows (issue 16), and the note of how much more the CSV holds is the same."""
    clipped = {}
    for column in frame.select_dtypes(include=["object", "string"]).columns:
        series = frame[column]
        # a text column's lengths come from Arrow; an object column's cells may be other than text
        lengths = series.map(lambda v: len(v) if isinstance(v, str) else 0) if series.dtype == object else series.str.len()
        long = (lengths.fillna(0) > limit).to_numpy()
        if long.any():
            values = series.to_numpy(dtype=object, copy=True)
            for i in np.flatnonzero(long):
                values[i] = ClippedText(values[i][:limit], len(values[i]))
            # an object column: given an array of text, pandas would make it a str column, which
            # keeps the characters and drops the length each clipped cell had
            clipped[column] = pd.Series(values, index=frame.index, dtype=object)
    return frame.assign(**clipped) if clipped else frame


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return readable_number(value)
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    text = str(value)
    length = getattr(value, "full_length", len(text))
    if length > MAX_CELL_CHARS:
        return html.escape(text[:MAX_CELL_CHARS]) + f"… ({length - MAX_CELL_CHARS:,} more characters in the CSV)"
    return html.escape(text)


def table(
    frame: pd.DataFrame,
    *,
    columns: Sequence[str] | None = None,
    labels: pd.Series | None = None,
    article_columns: Sequence[str] = (),
    caption: str = "",
    source: str | Path = "",
    max_rows: int = MAX_HTML_ROWS,
    total_rows: int | None = None,
) -> Table:
    """Show ``frame`` whole: the given ``columns`` (those present; default all but offsets), no index.

    With ``labels`` (doc_id -> article label) the doc_id column becomes an ``article`` column, and
    each of ``article_columns`` (doc ids, one or ``|``-joined) is shown as labels too. ``caption``
    states the order of the rows; ``source`` names the CSV holding every row. Only the first
    ``max_rows`` rows are labelled and kept. ``total_rows``: the rows of the whole table when
    ``frame`` is only its first ones (a view made for the rows shown), for the table's note.
    """
    total_rows = len(frame) if total_rows is None else total_rows
    frame = frame.head(max_rows)
    if columns is not None:
        frame = frame[[c for c in columns if c in frame]]
    frame = frame[[c for c in frame.columns if c not in OFFSET_COLUMNS]]
    if labels is not None:
        frame = with_articles(frame, labels)
        for column in article_columns:
            if column in frame:
                frame = frame.assign(**{column: [article_list(v, labels) for v in frame[column]]})
        frame = frame.rename(columns={"doc_ids": "articles"})
    where = shown_path(Path(source)) if isinstance(source, Path) else source
    return Table(frame, caption=caption, source=where, max_rows=max_rows, total_rows=total_rows)


def article_list(doc_ids: object, labels: pd.Series) -> str:
    """``"a|b"`` as "label of a; label of b" (ids without a label stay as they are)."""
    if doc_ids is None or doc_ids != doc_ids or str(doc_ids) == "":
        return ""
    return "; ".join(str(labels.get(d, d)) for d in str(doc_ids).split("|"))


ESTIMATE_KEY = ["doc_id", "char_start", "char_end"]
"""What names one estimate: its article and the number's offsets."""


def estimates_view(estimates: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """The estimates as a reader checks them: the number's words, the interval they mean, and the sentence beside it.

    ``sentences``: for ``estimates`` read without their ``sentence`` column (it repeats a sentence
    once per number it holds: most of a large estimates table), the ``doc_id``, ``char_start``,
    ``char_end`` and ``sentence`` of the table's first rows, the ones a report shows
    (``read_table(params, "estimates", [...], n_rows=MAX_HTML_ROWS)``). Their sentence is joined
    to them; rows past them, which no report shows (the CSV holds them all), get an empty one.
    """
    if sentences is not None:
        texts = sentences[[*ESTIMATE_KEY, "sentence"]].drop_duplicates(ESTIMATE_KEY)
        key = estimates[ESTIMATE_KEY].assign(doc_id=estimates["doc_id"].astype(str))
        found = key.merge(texts.assign(doc_id=texts["doc_id"].astype(str)), on=ESTIMATE_KEY, how="left")["sentence"]
        estimates = estimates.assign(sentence=found.fillna("").to_numpy(dtype=object))
    view = estimates.copy()
    view.insert(list(view.columns).index("value_low"), "value", [value_range(lo, hi) for lo, hi in zip(view["value_low"], view["value_high"])])
    view = view.drop(columns=["value_low", "value_high"])
    order = ["doc_id", "genre", "category", "surface", "value", "qualifier", "counted", "cited_source", "sentence"]
    return view[[c for c in order if c in view] + [c for c in view.columns if c not in order and c not in OFFSET_COLUMNS and c != "sentence_id"]]


def estimates_table(estimates: pd.DataFrame, sentences: pd.DataFrame, *, labels: pd.Series | None = None, caption: str = "",
                    source: str | Path = "", max_rows: int = MAX_HTML_ROWS) -> Table:
    """:func:`table` of :func:`estimates_view` for the first ``max_rows`` estimates, the ones a
    report shows, their note counting every estimate: the view (a value string per row, the
    sentences joined) is made for those rows only, not for a table of 50,000 numbers (issue 16).
    ``sentences`` as :func:`estimates_view` takes them."""
    view = estimates_view(estimates.head(max_rows), sentences)
    return table(view, labels=labels, caption=caption, source=source, max_rows=max_rows, total_rows=len(estimates))


MODE_EXAMPLE_COLUMNS = ["doc_id", "sentence_id", "is_heading", "mode", "attribution_source", "hedge_terms", "evaluative_terms",
                        "scare_quote_terms"]
"""The columns of ``framing_sentences`` that :func:`mode_examples` reads."""


def _mode_example_rows(framing_sentences: pd.DataFrame, per_mode: int) -> pd.DataFrame:
    body = framing_sentences[~framing_sentences["is_heading"].astype(bool)]
    return body.groupby("mode", sort=True).head(per_mode)


def mode_example_keys(framing_sentences: pd.DataFrame, per_mode: int = 2) -> pd.DataFrame:
    """``doc_id``, ``sentence_id`` of the sentences :func:`mode_examples` shows (it needs only
    ``is_heading`` and ``mode`` to pick them), so a report reads the text of these rows alone
    (:func:`analysis.pipeline.read_rows`)."""
    return _mode_example_rows(framing_sentences, per_mode)[["doc_id", "sentence_id"]].reset_index(drop=True)


def mode_examples(framing_sentences: pd.DataFrame, sentences: pd.DataFrame, per_mode: int = 2) -> pd.DataFrame:
    """The first ``per_mode`` body sentences of each mode, with their text and what the rules caught in them.

    ``framing_sentences`` may be every sentence or only the rows :func:`mode_example_keys` picks
    (with :data:`MODE_EXAMPLE_COLUMNS`), and ``sentences`` only those rows' text: the table is the same."""
    picked = _mode_example_rows(framing_sentences, per_mode)
    texts = sentences[["doc_id", "sentence_id", "text"]].assign(doc_id=lambda f: f["doc_id"].astype(str))
    picked = picked.assign(doc_id=picked["doc_id"].astype(str)).merge(texts, on=["doc_id", "sentence_id"], how="left")
    columns = ["mode", "doc_id", "text", "attribution_source", "hedge_terms", "evaluative_terms", "scare_quote_terms"]
    return picked.sort_values(["mode", "doc_id", "sentence_id"], kind="stable")[[c for c in columns if c in picked]]
