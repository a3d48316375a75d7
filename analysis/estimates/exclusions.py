"""Numbers that are not estimates (years, dates, labels, codes, small counts ...) and why."""

from __future__ import annotations

from functools import cache
import re

from analysis.lexicons import load_lexicon
from analysis.estimates.counted import head_noun_counted, category_cues, category_of_noun
from analysis.estimates.numbers import MEASURE_UNITS, Token, is_year
from analysis.estimates.qualifiers import phrase_before


_CALIBRE_NOUNS = frozenset("artillery calibre caliber gun guns cannon howitzer howitzers mortar mortars shell rounds round".split())


@cache
def _labels() -> frozenset[str]:
    return frozenset(load_lexicon("reference_labels"))


# Token kinds that are never a quantity to classify, and the reason each is set aside.
_KIND_REASONS = {
    "time": "time of day", "date": "date", "ordinal": "ordinal",
    "fraction": "fraction",  # "half", "a third", "two-thirds": a share, not a count
    "one": "small count",  # "one of the ..."
}


_GLUED_MEASURE = re.compile(r"\d+-?([a-z]+\d?)")  # "155mm", "20-km": digits and a unit


def exclusion_reason(token: Token, text: str, left: str, right: str) -> str:
    """Reason a non-number token is excluded, or "" when it is a quantity to classify."""
    kind = token.kind
    if kind in _KIND_REASONS:
        return _KIND_REASONS[kind]
    if kind == "url":
        return "url or handle" if any(c.isdigit() for c in text[token.start:token.end]) else "skip"
    if kind == "code":
        surface = text[token.start:token.end].lower()
        unit = _GLUED_MEASURE.fullmatch(surface)
        if unit and unit.group(1) in MEASURE_UNITS:
            return "calibre" if unit.group(1) == "mm" else "measurement"
        return "model name or code"
    if token.unit == "millimetres" and head_noun_counted(right) in _CALIBRE_NOUNS | {n for n, c in category_of_noun().items() if c == "munitions"}:
        return "calibre"  # "155mm shells", "a 120mm mortar"
    if kind in ("num", "range") and (not token.scaled or kind == "range") and not token.currency and not token.percent \
            and (phrase_before(left, _labels()) or _label_list(left)):
        return "label number"
    if kind in ("num", "range") and is_year(token) and not _counts_story_noun(right):
        return "year"
    if kind == "num" and is_year(token, any_century=True) and _YEAR_CUE.search(left) and not head_noun_counted(right):
        return "year"  # "the war of 1066", "by 2120": a year outside 1800-2099 after a time preposition
    if kind == "num" and token.plain_digits[:1] == "0" and len(token.plain_digits) > 1 and "." not in token.plain_digits:
        return "model name or code"  # "0401", "007": a leading zero makes a code
    if kind == "num" and (token.plain_digits.isdigit() or _capitalised_number_word(token, text, right)) \
            and _name_with_number(left, right):
        return "label number"
    return ""


# Time prepositions before a year of another century ("in 1066", "by 2120", "the war of 1812").
_YEAR_CUE = re.compile(r"(?i)\b(?:in|by|since|until|till|from|before|after|of|during|circa|c\.)\s+$")
# A capitalised word (or one with an inner capital: "iPhone") just before the number, which is
# not the sentence's first word ("Some 500", "About 40" are quantities).
_NAME_BEFORE = re.compile(r"(?<=[^\s.!?\"“(]\s)(?:[A-Z][\w&/’'-]*|[a-z]+[A-Z][\w-]*)\s$")


def _name_with_number(left: str, right: str) -> bool:
    """True for a number that is part of a name: a capitalised word just before it, not at the
    sentence start, and no counted noun after it ("Game 6", "iPhone 12 Mini", "the Big 12",
    "Nasdaq 100 futures", "Planet 9"; but not "Russia's 600,000 troops", "Some 500")."""
    last = left.rsplit(None, 1) if left[-1:].isspace() else None
    if not last or last[-1].islower():
        return False  # no capital in the last word before the number: the search cannot match
    found = _NAME_BEFORE.search(left)
    if not found or found.group().strip().lower() in _STOP_NAMES:
        return False
    if found.group().strip()[-2:] in ("'s", "’s"):
        return False
    counted = head_noun_counted(right)
    return not counted or counted not in category_of_noun()


_LOWER_NEXT = re.compile(r"\s*(?:[a-z]|[^\w\s]|$)")


def _capitalised_number_word(token: Token, text: str, right: str) -> bool:
    """A one-word number written with a capital inside a name ("the Kick Six win", "the Big Ten
    conference"): the name ends with it, so the next word is in lower case (in a title-case
    headline, "Russia Sends Three Ships", it is not, and the number stays a number)."""
    surface = text[token.start:token.end]
    return surface.isalpha() and surface[0].isupper() and not token.scaled and bool(_LOWER_NEXT.match(right))


# Capitalised words that are not names: titles of a sentence's second word are rare, but these
# quantity words are often capitalised in headlines ("Nearly 500", "Over 300").
_STOP_NAMES = frozenset("about around nearly almost over under some more than up to at least only just".split())


_LIST_TAIL = re.compile(r"([A-Za-z.]+)\s+(?:\d+[A-Za-z]?\s*(?:,|and|or|&|-|–|to|through)\s*)+$")


# The joiner :data:`_LIST_TAIL` ends with (one of its alternatives, at the end of the text).
_LIST_JOINER_END = re.compile(r"(?:,|and|or|&|-|–|to|through)\Z")


def _label_list(left: str) -> bool:
    """True for a later number of a list of labels: the 9 of "Articles 5 and 9", the 7 of
    "sections 3, 5 and 7" (the label word, then numbers joined by commas, and, or, to)."""
    tail = left.rstrip()
    if not tail or not (tail[-1] in ",&-–" or tail.endswith(("and", "or", "to", "through"))):
        return False  # no joiner just before the number: no list (a cheap test before the search)
    joiner = _LIST_JOINER_END.search(tail)
    figure = tail[:joiner.start()].rstrip()  # what stands before the joiner: a figure, perhaps with a letter ("5a")
    last = figure[-1:]
    if not (last.isdecimal() or (last.isascii() and last.isalpha() and figure[-2:-1].isdecimal())):
        return False  # "rose 5% to", "the troops and": no figure before the joiner, so no list to search
    found = _LIST_TAIL.search(left)
    return bool(found and found.group(1).lower() in _labels())


_FIRST_LOWER_WORD = re.compile(r"\s*([a-z]+)")  # compiled once, not looked up per call


def _counts_story_noun(right: str) -> bool:
    """True when the words after a year-like number make it a count: a noun of a category
    ("2000 troops") or a casualty or prisoner cue ("2000 killed", "2000 wounded")."""
    if head_noun_counted(right) in category_of_noun():
        return True
    first = _FIRST_LOWER_WORD.match(right)
    return bool(first and first.group(1) in category_cues())


def is_small_count(token: Token, qualifier: str, category: str, value: float | None) -> bool:
    """An unhedged count below ten of nothing in a category; never a scaled figure (below ten
    only in scientific notation: "2.998×10−8" is a measurement)."""
    return (token.kind == "num" and qualifier == "exact" and category == "other" and not token.scaled
            and not token.currency and not token.percent and not token.unit and value is not None and value < 10)
