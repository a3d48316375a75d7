"""Evaluation against a hand-annotated gold table (tests, benchmark, validation)."""

from __future__ import annotations

import math
import re

import pandas as pd



def locate_gold(gold: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """Add ``char_start``/``char_end`` to gold rows by finding ``context`` then ``surface`` in
    the document text. A row whose context is not found in its text raises ``ValueError``."""
    starts, ends = [], []
    for row in gold.itertuples(index=False):
        text = texts[str(row.doc_id)]
        at = text.find(row.context)
        if at < 0:
            raise ValueError(f"gold context not found in document {row.doc_id}: {row.context!r}")
        start = at + row.context.index(row.surface)
        starts.append(start)
        ends.append(start + len(row.surface))
    return gold.assign(char_start=starts, char_end=ends)


def match_gold(found: pd.DataFrame, gold: pd.DataFrame, values: str = "exact") -> pd.DataFrame:
    """Pair found rows with located gold rows, one to one, in text order.

    A pair needs the same ``doc_id``, overlapping spans and agreeing values: with
    ``values="exact"`` both ``value_low`` and ``value_high`` equal the gold's (empty = empty);
    with ``values="within"`` the found ``value_low`` (else ``value_high``) lies inside the gold interval (the
    generous rule used for tools that give one value and no bounds). Returns one row per
    pair: ``gold_index`` and ``found_index``.
    """
    pairs, used = [], set()
    for gi, g in gold.iterrows():
        candidates = found[(found["doc_id"] == g["doc_id"]) & (found["char_start"] < g["char_end"])
                           & (found["char_end"] > g["char_start"])]
        for fi, f in candidates.iterrows():
            if fi not in used and _values_agree(f, g, values):
                pairs.append({"gold_index": gi, "found_index": fi})
                used.add(fi)
                break
    return pd.DataFrame(pairs, columns=["gold_index", "found_index"])


def _values_agree(found: pd.Series, gold: pd.Series, values: str) -> bool:
    def same(a: object, b: object) -> bool:
        return (pd.isna(a) and pd.isna(b)) or (not pd.isna(a) and not pd.isna(b) and math.isclose(a, b))

    if values == "exact":
        return same(found["value_low"], gold["value_low"]) and same(found["value_high"], gold["value_high"])
    low = gold["value_low"] if not pd.isna(gold["value_low"]) else gold["value_high"]
    high = gold["value_high"] if not pd.isna(gold["value_high"]) else gold["value_low"]
    value = found["value_low"] if not pd.isna(found["value_low"]) else found["value_high"]
    return not pd.isna(value) and low <= value <= high


def source_agrees(found: str, gold: str) -> bool:
    """Lenient source match: both empty, or one contains the other after folding case and quotes."""
    a, b = (re.sub(r"[’'`]", "'", str(s)).lower().strip() for s in (found, gold))
    if not a or not b:
        return a == b
    return a in b or b in a


def gold_scores(found: pd.DataFrame, gold: pd.DataFrame, values: str = "exact") -> dict[str, float]:
    """Precision, recall and F1 of ``found`` against located ``gold``, plus, over matched pairs,
    the share with the gold qualifier, counted noun, category and (leniently) cited source
    when ``found`` has those columns."""
    pairs = match_gold(found, gold, values)
    n = len(pairs)
    precision = n / len(found) if len(found) else 0.0
    recall = n / len(gold) if len(gold) else 0.0
    scores = {"n_found": float(len(found)), "n_gold": float(len(gold)), "n_matched": float(n),
              "precision": precision, "recall": recall,
              "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0}
    if n and "qualifier" in found:
        f = found.loc[pairs["found_index"]].reset_index(drop=True)
        g = gold.loc[pairs["gold_index"]].reset_index(drop=True)
        for column in ("qualifier", "counted", "category"):
            scores[f"{column}_accuracy"] = float((f[column].fillna("") == g[column].fillna("")).mean())
        agree = [source_agrees(a, b) for a, b in zip(f["cited_source"].fillna(""), g["cited_source"].fillna(""))]
        scores["cited_source_accuracy"] = sum(agree) / n
    return scores
