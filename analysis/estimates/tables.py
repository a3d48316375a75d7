"""The stage tables (estimates, excluded numbers) and the summaries: spreads, who says what."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from analysis.estimates.counted import CATEGORIES
from analysis.estimates.extract import scan_windows
from analysis.estimates.sources import group_sources
from analysis.ordering import rows_in_order


ESTIMATE_COLUMNS = [
    "doc_id", "sentence_id", "char_start", "char_end", "surface", "value_low", "value_high",
    "qualifier", "unit", "counted", "category", "group", "cited_source", "sentence",
]


ESTIMATE_COLUMNS_WITHOUT_SENTENCE = [column for column in ESTIMATE_COLUMNS if column != "sentence"]
"""The estimates table as a report reads it whole: the ``sentence`` column repeats a sentence once per
number it holds, most of a large table, so a report reads it only for the rows it shows."""


ESTIMATE_LABEL_COLUMNS = ["doc_id", "qualifier", "unit", "counted", "category", "group", "cited_source"]
"""The estimates table's label columns: a few distinct values (articles, qualifiers, units, nouns,
categories, groups, sources) repeated on every row, which a report reads as categoricals
(:func:`analysis.pipeline.read_estimates`); every function here takes them as text or categorical alike."""


EXCLUDED_COLUMNS = ["doc_id", "sentence_id", "char_start", "char_end", "surface", "reason", "value_low", "value_high",
                    "sentence"]


UNATTRIBUTED = "(author, unattributed)"


def build_estimate_tables(sentences: pd.DataFrame | Iterable[pd.DataFrame], documents: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The estimates stage: ``estimates`` and ``excluded_numbers`` from the sentence table (a
    DataFrame, or its rows as consecutive chunks of one, as :func:`analysis.pipeline.read_table_chunks`
    reads them; only ``doc_id``, ``sentence_id``, ``char_start`` and ``text`` are read).

    Each sentence is scanned on its own (it is the window for qualifier, counted noun and
    source); offsets are the sentence's ``char_start`` plus the offset inside the sentence, so
    they slice the cleaned document text to ``surface``. Only documents listed in
    ``documents`` are read. Rows are sorted by doc_id, char_start, char_end.

    The rows are gathered as plain tuples (a DataFrame from a list of dicts costs more than the
    extraction of a short sentence) and made columns :data:`ROW_BLOCK` rows at a time
    (:class:`_ColumnBlocks`), so the tuples of a whole table are never alive at once.
    """
    known = set(documents["doc_id"].astype(str))
    estimates = _ColumnBlocks(ESTIMATE_COLUMNS)
    excluded = _ColumnBlocks(EXCLUDED_COLUMNS)
    for doc_id, sentence_id, offset, text in _sentence_rows(sentences):
        doc_id = str(doc_id)
        if doc_id not in known:
            continue
        text = str(text)
        found, dropped = scan_windows(text, [(0, len(text))])
        if not found and not dropped:
            continue
        sentence_id, offset = int(sentence_id), int(offset)
        for e in found:
            estimates.add((doc_id, sentence_id, offset + e.char_start, offset + e.char_end, e.surface,
                           e.value_low, e.value_high, e.qualifier, e.unit, e.counted, e.category, e.group,
                           e.cited_source, text))
        for x in dropped:
            excluded.add((doc_id, sentence_id, offset + x.char_start, offset + x.char_end, x.surface, x.reason,
                          x.value_low, x.value_high, text))
    return {"estimates": estimates.table(), "excluded_numbers": excluded.table()}


SENTENCE_CHUNK_ROWS = 1_000
"""Sentences whose columns :func:`_sentence_rows` turns into Python values at once."""


def _sentence_rows(sentences: pd.DataFrame | Iterable[pd.DataFrame]) -> Iterator[tuple[object, object, object, object]]:
    """(doc_id, sentence_id, char_start, text) of each sentence, :data:`SENTENCE_CHUNK_ROWS` rows'
    columns made Python lists at a time (of the DataFrame, or of each chunk of an iterable of them):
    every sentence's text as a Python string at once was a copy of the whole text beside the rows
    being gathered (a long article's peak)."""
    names = ("doc_id", "sentence_id", "char_start", "text")
    for table in [sentences] if isinstance(sentences, pd.DataFrame) else sentences:
        for start in range(0, len(table), SENTENCE_CHUNK_ROWS):
            chunk = table.iloc[start : start + SENTENCE_CHUNK_ROWS]
            yield from zip(*(chunk[name].tolist() for name in names))


_INTEGER_COLUMNS = ("sentence_id", "char_start", "char_end")


_FLOAT_COLUMNS = ("value_low", "value_high")


ROW_BLOCK = 1024
"""Row tuples :class:`_ColumnBlocks` gathers before it makes them columns (each row's Python objects
cost about ten times its cells in Arrow; a block's Arrow chunks do not change the tables' bytes)."""


_TEXT = pd.StringDtype(na_value=np.nan)  # pandas' default text dtype ("str"), built once


class _ColumnBlocks:
    """A stage table gathered row by row and kept as columns: every :data:`ROW_BLOCK` row tuples
    (in ``columns`` order) become a block of numpy and Arrow-backed columns and the tuples are
    dropped. A table's tuples all alive at once, with each row's floats, offsets and strings as
    Python objects, were most of the stage's peak on an article of 50,000 numbers (about 500 bytes
    a row beside the columns made from them)."""

    def __init__(self, columns: list[str]) -> None:
        self.columns = columns
        self.pending: list[tuple] = []
        self.blocks: list[dict[str, object]] = []

    def add(self, row: tuple) -> None:
        """One row, in ``columns`` order."""
        self.pending.append(row)
        if len(self.pending) >= ROW_BLOCK:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            self.blocks.append(_block(self.pending, self.columns))
            self.pending = []

    def table(self) -> pd.DataFrame:
        """The table of every row added, sorted (stable) by doc_id, char_start, char_end, as
        :func:`_table` makes it from the same rows."""
        if not self.blocks:  # fewer rows than a block (an empty table keeps its dtypes)
            rows, self.pending = self.pending, []
            return _table(rows, self.columns)
        self._flush()
        blocks, self.blocks = self.blocks, []
        data: dict[str, object] = {}
        for name in self.columns:
            parts = [block.pop(name) for block in blocks]
            if name in _INTEGER_COLUMNS or name in _FLOAT_COLUMNS:
                data[name] = np.concatenate(parts)
            else:  # concatenating Arrow-backed columns joins their chunks; the strings are not copied again
                data[name] = pd.concat([pd.Series(part, copy=False) for part in parts], ignore_index=True).array
        order = _row_order(data["doc_id"], data["char_start"], data["char_end"])
        if order is not None:
            data = {name: column[order] if isinstance(column, np.ndarray) else column.take(order) for name, column in data.items()}
        return pd.DataFrame(data, columns=self.columns, copy=False)  # no copy of the columns into 2-D blocks


def _block(rows: list[tuple], columns: list[str]) -> dict[str, object]:
    """The columns of ``rows`` (tuples in ``columns`` order), in their order: integer offsets,
    float values (None as NaN), text columns as strings."""
    block: dict[str, object] = {}
    for name, column in zip(columns, zip(*rows)):
        if name in _INTEGER_COLUMNS:
            block[name] = np.array(column, dtype=np.int64)
        elif name in _FLOAT_COLUMNS:
            block[name] = np.array(column, dtype=float)  # None -> NaN
        else:
            block[name] = pd.array(column, dtype=_TEXT)
    return block


def _row_order(doc_ids: pd.api.extensions.ExtensionArray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray | None:
    """The stable order of rows by (doc_id, char_start, char_end), as ``list.sort`` orders their
    tuples, or ``None`` when the rows are already in it (the usual case: sentences come in order)."""
    codes, names = pd.factorize(doc_ids)  # Arrow's dictionary encoding: no Python string per row
    names = names.tolist()
    rank = np.empty(len(names), dtype=np.int64)
    rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))  # as Python orders strings
    keys = rank[codes]
    if rows_in_order(keys, starts, ends):
        return None
    return np.lexsort((ends, starts, keys))  # np.lexsort is stable, like list.sort


def _table(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    """A stage table from row tuples in ``columns`` order, sorted (stable) by doc_id, char_start,
    char_end: integer offsets, float values (None as NaN), text columns as strings."""
    if not rows:  # the empty table keeps the dtypes it has always had (object text columns)
        frame = pd.DataFrame([], columns=columns)
        for column in _FLOAT_COLUMNS:
            if column in frame:
                frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
        return frame.astype({"doc_id": str, "sentence_id": int, "char_start": int, "char_end": int})
    rows.sort(key=lambda row: (row[0], row[2], row[3]))  # list.sort is stable
    return pd.DataFrame(_block(rows, columns), columns=columns)


SPREAD_COLUMNS = [
    "category", "unit", "group", "n_estimates", "n_docs", "share_docs", "n_vague", "n_docs_compared", "min_value",
    "max_value", "ratio_max_min", "doc_lowest", "surface_lowest", "qualifier_lowest", "doc_highest",
    "surface_highest", "qualifier_highest",
]


SPREAD_INPUT_COLUMNS = ["doc_id", "char_start", "surface", "value_low", "value_high", "qualifier", "unit", "category", "group"]
"""The columns of the estimates table that :func:`estimate_spread` reads."""


def stated_figures(estimates: pd.DataFrame) -> pd.DataFrame:
    """The figures each estimate states, as ``low`` and ``high`` columns (NaN for vague ones).

    A point (exact or approx) states its value, both as ``low`` and ``high``; a range states its
    two ends; a bound states its bound ("more than 10,000" -> 10,000, "up to 12,000" -> 12,000).
    A vague magnitude states no figure: its interval ("tens of thousands" = 20,000-99,999) is
    this project's reading convention, not the writer's number, so both are NaN.
    """
    low = estimates["value_low"].fillna(estimates["value_high"])
    high = estimates["value_high"].fillna(estimates["value_low"])
    vague = estimates["qualifier"] == "vague"
    return estimates.assign(low=low.mask(vague), high=high.mask(vague))


def like_with_like_positions(frame: pd.DataFrame) -> list[tuple[tuple[str, str, str], np.ndarray]]:
    """The estimates' positions split by category, unit and group, the kinds of estimate that may be
    compared (each kind's in table order, no row copied), kinds in category order, then unit and
    group; rows without a category left out. The spread's rows and the estimates figure's panels."""
    if frame.empty:
        return []
    keyed = pd.DataFrame({"category": frame["category"].array, "unit": _column(frame, "unit").array,
                          "group": _column(frame, "group").array})
    groups = keyed.groupby(["category", "unit", "group"], sort=False).indices
    order = {category: i for i, category in enumerate(CATEGORIES)}
    # groups first found first, then sorted (stable) by category order, unit and group
    found = sorted(groups.items(), key=lambda kp: kp[1][0])
    return sorted(found, key=lambda kp: (order.get(kp[0][0], len(order)), kp[0][1], kp[0][2]))


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A text column with empty cells as "" (a table read back from CSV has NaN there). A
    categorical column (:func:`analysis.pipeline.read_estimates`) stays one, its codes grouped on
    rather than a string made per row."""
    if name not in frame:
        return pd.Series("", index=frame.index)
    column = frame[name]
    if isinstance(column.dtype, pd.CategoricalDtype):
        return (column if "" in column.cat.categories else column.cat.add_categories("")).fillna("")
    return column.fillna("").astype(str)


def comparable(estimates: pd.DataFrame, min_docs: int = 2) -> pd.DataFrame:
    """The estimates that can be set against each other: those whose category, unit and group
    (:func:`estimate_spread`'s rows) are given by at least ``min_docs`` documents. Charts that
    compare sources draw only these, so North Korean dead never stand beside Russian casualties."""
    if estimates.empty:
        return estimates.loc[[]]
    # counted on the key columns alone: splitting the whole table into its groups (as the spread
    # does) copies every column of every row only to read their index (issue 16: 50,000 numbers)
    keys = pd.DataFrame({"category": estimates["category"], "unit": _column(estimates, "unit"),
                         "group": _column(estimates, "group"), "doc_id": estimates["doc_id"]})
    n_docs = keys.groupby(["category", "unit", "group"], sort=False)["doc_id"].transform("nunique")
    kept = (n_docs >= min_docs).to_numpy()
    if kept.all() and estimates.index.is_monotonic_increasing and estimates.index.is_unique:
        # every row, in the order sorting their labels gives: the table itself (copy-on-write: no
        # copy is made unless one of the two is changed), not a copy of every column
        return estimates.copy(deep=False)
    return estimates.loc[sorted(estimates.index[kept])]


def estimate_spread(estimates: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per category, unit and group (like with like: "casualties, people, North Korean" is never
    set against "casualties, people, Russian", nor dollars against euros): how many estimates and
    documents, the lowest and highest stated figure and their ratio.

    The rule, chosen so that every lowest and highest figure can be checked against the text: an
    estimate is ranked by the figures it states (:func:`stated_figures`): a point by its value, a
    range by its low end (for the lowest) and its high end (for the highest), a bound by its bound.
    Vague magnitudes are left out of the lowest and highest (their documented upper ends, such as
    99,999 for "tens of thousands", would overstate the disagreement) and counted in ``n_vague``.
    So ``min_value`` and ``max_value`` are numbers printed in an article, and the qualifier columns
    say how each was hedged (an upper bound as the highest reads "up to ...").

    Columns (:data:`SPREAD_COLUMNS`): ``category``, ``unit``, ``group`` (empty when none is
    stated; "no group stated" is its own row, never merged into a named one); ``n_estimates`` and ``n_docs``, all estimates
    of the category and the documents giving them; ``share_docs``, the share of all documents in
    ``documents`` giving at least one; ``n_vague``, the vague magnitudes left out of the ranking;
    ``n_docs_compared``, the documents stating at least one figure; ``min_value``, ``max_value``,
    ``ratio_max_min`` (NaN when the lowest is 0 or nothing states a figure); ``doc_lowest``,
    ``surface_lowest``, ``qualifier_lowest`` and the same for the highest (empty when nothing
    states a figure). Ties go to the earliest doc_id and offset. Rows are in category order
    (:data:`CATEGORIES`), then unit and group; combinations with no estimate are left out.
    """
    rows = []
    frame = stated_figures(estimates[[c for c in SPREAD_INPUT_COLUMNS if c in estimates]])
    n_documents = max(len(documents), 1)
    # each group is read by positions, not copied out (with its rows sorted, then its stated rows:
    # three copies of the table on 50,000 numbers, issue 16); the figures and article codes are
    # arrays, and the words of the lowest and highest are looked up for those two rows alone
    docs = pd.factorize(frame["doc_id"])[0]
    low, high = frame["low"].to_numpy(dtype=float), frame["high"].to_numpy(dtype=float)
    vague = (frame["qualifier"] == "vague").to_numpy(dtype=bool)
    stated_rows = ~(np.isnan(low) | np.isnan(high))
    # ranks in doc_id then char_start order (stable): ties go to the earliest doc_id and offset
    keys = pd.DataFrame({"doc_id": frame["doc_id"].array, "char_start": frame["char_start"].array})
    rank = np.empty(len(frame), dtype=np.int64)
    rank[keys.sort_values(["doc_id", "char_start"], kind="stable").index.to_numpy()] = np.arange(len(frame))

    def n_unique(codes: np.ndarray) -> int:
        return len(np.unique(codes[codes >= 0]))

    for (category, unit, group), positions in like_with_like_positions(frame):
        positions = positions[np.argsort(rank[positions], kind="stable")]
        stated = positions[stated_rows[positions]]
        row = {"category": category, "unit": unit, "group": group, "n_estimates": len(positions), "n_docs": n_unique(docs[positions]),
               "share_docs": round(n_unique(docs[positions]) / n_documents, 3),
               "n_vague": int(vague[positions].sum()),
               "n_docs_compared": n_unique(docs[stated]), "min_value": math.nan, "max_value": math.nan,
               "ratio_max_min": math.nan, "doc_lowest": "", "surface_lowest": "", "qualifier_lowest": "",
               "doc_highest": "", "surface_highest": "", "qualifier_highest": ""}
        if len(stated):
            lowest, highest = stated[np.argmin(low[stated])], stated[np.argmax(high[stated])]
            ratio = high[highest] / low[lowest] if low[lowest] > 0 else math.nan
            row.update({"min_value": low[lowest], "max_value": high[highest], "ratio_max_min": round(ratio, 2),
                        "doc_lowest": frame["doc_id"].iat[lowest], "surface_lowest": frame["surface"].iat[lowest],
                        "qualifier_lowest": frame["qualifier"].iat[lowest], "doc_highest": frame["doc_id"].iat[highest],
                        "surface_highest": frame["surface"].iat[highest], "qualifier_highest": frame["qualifier"].iat[highest]})
        rows.append(row)
    return pd.DataFrame(rows, columns=SPREAD_COLUMNS)


def who_says_what(estimates: pd.DataFrame) -> pd.DataFrame:
    """Counts of estimates by cited source (rows) and category (columns), with a total.

    Sources are grouped by :func:`group_sources`, so the same source cited with a title, another
    spelling or by surname alone is one row, shown under its commonest name (the raw
    ``cited_source`` of ``estimates.csv`` keeps the article's words). Unattributed numbers are
    shown as ``(author, unattributed)``. Rows are sorted by total (descending) then source name;
    all six categories are always columns.
    """
    sources = group_sources(estimates["cited_source"]).replace("", UNATTRIBUTED)
    table = pd.crosstab(sources, estimates["category"]).reindex(columns=list(CATEGORIES), fill_value=0)
    table.columns.name = None
    table.index.name = "cited_source"
    table["total"] = table.sum(axis=1)
    table = table.reset_index()
    return table.sort_values(["total", "cited_source"], ascending=[False, True], kind="stable").reset_index(drop=True)
