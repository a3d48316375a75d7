"""Numbers that are not estimates (years, dates, labels, codes, small counts ...) and why."""

from __future__ import annotations

from functools import cache
import re

from analysis.lexicons import load_lexicon
from analysis.estimates.counted import _counted, _cue_table, category_of_noun
from analysis.estimates.numbers import _MEASURE_UNITS, _Token, _is_year
from analysis.estimates.qualifiers import _phrase_before


_CALIBRE_NOUNS = frozenset("artillery calibre caliber gun guns cannon howitzer howitzers mortar mortars shell rounds round".split())


@cache
def _labels() -> frozenset[str]:
    return frozenset(load_lexicon("reference_labels"))


def _exclusion(token: _Token, text: str, left: str, right: str) -> str:
    """Reason a non-number token is excluded, or "" when it is a quantity to classify."""
    if token.kind == "url":
        return "url or handle" if any(c.isdigit() for c in text[token.start:token.end]) else "skip"
    if token.kind == "time":
        return "time of day"
    if token.kind == "date":
        return "date"
    if token.kind == "ordinal":
        return "ordinal"
    if token.kind == "code":
        surface = text[token.start:token.end].lower()
        unit = re.fullmatch(r"\d+-?([a-z]+\d?)", surface)
        if unit and unit.group(1) in _MEASURE_UNITS:
            return "calibre" if unit.group(1) == "mm" else "measurement"
        return "model name or code"
    if token.unit == "millimetres" and _counted(right) in _CALIBRE_NOUNS | {n for n, c in category_of_noun().items() if c == "munitions"}:
        return "calibre"  # "155mm shells", "a 120mm mortar"
    if token.kind in ("num", "range") and (not token.scaled or token.kind == "range") and not token.currency \
            and (_phrase_before(left, _labels()) or _label_list(left)):
        return "label number"
    if token.kind in ("num", "range") and _is_year(token) and not _counts_story_noun(right):
        return "year"
    return ""


_LIST_TAIL = re.compile(r"([A-Za-z.]+)\s+(?:\d+[A-Za-z]?\s*(?:,|and|or|&|-|–|to|through)\s*)+$")


def _label_list(left: str) -> bool:
    """True for a later number of a list of labels: the 9 of "Articles 5 and 9", the 7 of
    "sections 3, 5 and 7" (the label word, then numbers joined by commas, and, or, to)."""
    found = _LIST_TAIL.search(left)
    return bool(found and found.group(1).lower() in _labels())


def _counts_story_noun(right: str) -> bool:
    """True when the words after a year-like number make it a count: a noun of a category
    ("2000 troops") or a casualty or prisoner cue ("2000 killed", "2000 wounded")."""
    if _counted(right) in category_of_noun():
        return True
    first = re.match(r"\s*([a-z]+)", right)
    return bool(first and first.group(1) in _cue_table())


def _small_count(token: _Token, qualifier: str, category: str, value: float | None) -> bool:
    return (token.kind == "num" and qualifier == "exact" and category == "other"
            and not token.currency and not token.percent and value is not None and value < 10)
