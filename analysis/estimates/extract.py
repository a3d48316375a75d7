"""Classify every candidate number of a text into an estimate or an excluded number."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
import bisect
import re

from analysis.estimates.counted import (
    _AGE_SUFFIX,
    _STRONG,
    _antecedent,
    _category,
    head_noun_counted,
    _durations,
    group_of,
    is_partitive_whole,
    partitive_part,
    unit_of,
)
from analysis.estimates.exclusions import exclusion_reason, is_small_count
from analysis.estimates.numbers import Token, tokens, units, vague_magnitudes
from analysis.estimates.qualifiers import bounded_values, qualifier_around
from analysis.estimates.sources import cited_source
from analysis.estimates.words import LEFT_WINDOW, RIGHT_WINDOW, normalise


@dataclass(frozen=True)
class Estimate:
    """One numeric estimate found in a text; offsets index the text passed to :func:`extract`."""

    char_start: int
    char_end: int
    surface: str
    value_low: float | None
    value_high: float | None
    qualifier: str
    counted: str
    category: str
    cited_source: str
    unit: str = ""
    group: str = ""

    # Written out (the fields in order), because a frozen dataclass's generated __init__ sets each
    # field through object.__setattr__, which costs more than reading a short sentence's estimate.
    def __init__(self, char_start: int, char_end: int, surface: str, value_low: float | None,
                 value_high: float | None, qualifier: str, counted: str, category: str, cited_source: str,
                 unit: str = "", group: str = "") -> None:
        self.__dict__.update(char_start=char_start, char_end=char_end, surface=surface, value_low=value_low,
                             value_high=value_high, qualifier=qualifier, counted=counted, category=category,
                             cited_source=cited_source, unit=unit, group=group)


@dataclass(frozen=True)
class ExcludedNumber:
    """A number that is not an estimate (a year, an ordinal, a label ...) and why."""

    char_start: int
    char_end: int
    surface: str
    reason: str
    value_low: float | None = None
    value_high: float | None = None

    def __init__(self, char_start: int, char_end: int, surface: str, reason: str, value_low: float | None = None,
                 value_high: float | None = None) -> None:  # written out, as for Estimate
        self.__dict__.update(char_start=char_start, char_end=char_end, surface=surface, reason=reason,
                             value_low=value_low, value_high=value_high)


# A sentence ends at a terminator before a capital or digit (not after an initial such as the
# "S." of "U.S.", nor after a title such as "Mr."), or at a line break. The pattern starts with one
# character class, so the engine skips to the next terminator in C instead of trying every position,
# and a terminator not followed by a space (a decimal point, the text's end) fails before the titles.
_SENTENCE_END = re.compile(
    r"[.!?…\n](?:(?<=\n)\n*|(?<=[.!?…])(?=[.!?…]*[\"”’')\]]*\s)(?<!\b[A-Za-z]\.)(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bGen\.)(?<!\bCol\.)(?<!\bLt\.)(?<!\bSgt\.)(?<!\bMaj\.)(?<!\bCapt\.)(?<!\bRep\.)(?<!\bSen\.)(?<!\bGov\.)(?<!\bProf\.)(?<!\bNo\.)(?<!\bvs\.)(?<!\betc\.)(?<!\bJr\.)(?<!\bSr\.)(?<!\bInc\.)(?<!\bCorp\.)(?<!\bCo\.)(?<!\bLtd\.)"
    r"[.!?…]*[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9]))"
)


# What every end of :data:`_SENTENCE_END` holds: a line break, or a terminator followed (after more
# terminators and closing quotes or brackets) by a space. A text without it is one sentence. One
# character class first, so the engine skips to the next line break or terminator in C.
_MAY_END_SENTENCE = re.compile(r"[.!?…\n](?:(?<=\n)|[.!?…\"”’')\]]*\s)")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Cheap sentence spans for plain text: a terminator before a capital, or a line break."""
    if not _MAY_END_SENTENCE.search(text):
        return [(0, len(text))]  # most short texts (one sentence, its terminator last): no lookbehinds to try
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return list(zip([0, *ends], [*ends, len(text)]))


_MAX_REACH = 400  # characters of the sentence read on either side of a number

# Excluded numbers that are still quantities keep their value in excluded_numbers.csv.
_VALUED_REASONS = frozenset({"calibre", "fraction", "small count"})


def _classify(token: Token, text: str, window: tuple[int, int]) -> Estimate | ExcludedNumber | None:
    """Classify one token inside its sentence window."""
    lo, hi = window
    left = text[max(lo, token.start - LEFT_WINDOW):token.start]
    right = text[token.end:min(hi, token.end + RIGHT_WINDOW)]
    surface = text[token.start:token.end]
    reason = exclusion_reason(token, text, left, right)
    if reason == "skip":
        return None
    if reason == "measurement":
        return _measurement(token, text, window, left)
    if reason in _VALUED_REASONS:
        low, high = _values(token)
        return ExcludedNumber(token.start, token.end, surface, reason, low, high)
    if reason:
        return ExcludedNumber(token.start, token.end, surface, reason)
    return _estimate(token, text, window, left, right)


def _values(token: Token) -> tuple[float | None, float | None]:
    """The interval a number or range token means (before any qualifier)."""
    if token.kind == "range":
        low, high = sorted((token.value, token.high))
        return low, high
    if token.kind == "score":
        return token.value, token.high  # the two numbers of "2-1", as written
    return token.value, token.value


def _estimate(token: Token, text: str, window: tuple[int, int], left: str,
              right: str) -> Estimate | ExcludedNumber:
    surface = text[token.start:token.end]
    if token.kind == "vague":
        low, high = vague_magnitudes()[normalise(surface)]
        qualifier, used = "vague", 0
    elif token.kind == "range":
        low, high = _values(token)
        qualifier, used = "range", 0
    else:
        qualifier, used = qualifier_around(left, right)
        low = high = token.value
    # "a 10,000-strong force": the members of the force (the substring test first: most numbers have none)
    strong = _STRONG.match(right, used) if right.startswith("-strong", used) else None
    used = strong.end() if strong else used
    used += partitive_part(right[used:])  # "800 of the 9,000 troops": the part counts troops
    counted = token.currency or ("percent" if token.percent else head_noun_counted(right[used:]))
    if not counted and token.inner:
        counted = head_noun_counted(" " + token.inner)  # "from 208 pounds to 193": the unit words inside
    if counted in _durations() or (_could_be_age(right) and _AGE_SUFFIX.match(right)):
        return ExcludedNumber(token.start, token.end, surface, "duration or age", low, high)
    sentence = text[window[0]:window[1]]
    start, end = token.start - window[0], token.end - window[0]
    antecedent = False
    if not counted and qualifier != "range" and not token.unit:
        counted = _antecedent(sentence[:start])
        antecedent = bool(counted)
    whole = is_partitive_whole(left)
    category = _category(counted, token, sentence, (start, end), members=bool(strong), whole=whole)
    if is_small_count(token, qualifier, category, high):
        return ExcludedNumber(token.start, token.end, surface, "small count", low, high)
    low, high = bounded_values(qualifier, low, high)
    counted_noun = counted or token.unit  # "128GB" alone counts gigabytes
    return Estimate(token.start, token.end, surface, low, high, qualifier, counted_noun, category,
                    cited_source(sentence, start, end), unit_of(token, counted, category),
                    group_of(sentence, start, end, right[used:], counted if not token.currency and not token.percent else "",
                             antecedent))


def _could_be_age(right: str) -> bool:
    """False when :data:`_AGE_SUFFIX` cannot match ``right``: it opens with a hyphen ("-year") or
    holds "-old" within its first eleven characters (" months-old")."""
    return right[:1] == "-" or "-old" in right[:12]


def _measurement(token: Token, text: str, window: tuple[int, int], left: str) -> Estimate:
    surface = text[token.start:token.end]
    number = re.match(r"\d+", surface)
    value = float(number.group()) if number else None
    qualifier, _ = qualifier_around(left, "")
    low, high = bounded_values(qualifier, value, value)
    unit = re.sub(r"^[\d-]+", "", surface.lower())
    sentence = text[window[0]:window[1]]
    return Estimate(token.start, token.end, surface, low, high, qualifier, unit, "other",
                    cited_source(sentence, token.start - window[0], token.end - window[0]),
                    units().get(unit, (unit, ""))[0], "")


# Between a figure and its conversion: the first figure's unit words, then "(" or "/", and an
# optional currency prefix ("296 hp (224 kW / 300 PS)", "100 kilometers (60 miles)", "(US $1.1m)").
_CONVERSION_GAP = re.compile(r"[ \t]*[A-Za-z°%.$€£-]*(?:[ \t]+[A-Za-z°%.-]+){0,3}[ \t]*[(/][ \t]*(?:[A-Z]{1,3}[ \t]?)?")


def _conversion(found: Estimate, previous: Estimate, text: str) -> Estimate:
    """A figure in brackets (or after a slash) just after another figure is the same quantity
    in another unit, so it takes that figure's qualifier: "just under 296 hp (224 kW / 300 PS)"
    bounds all three."""
    if previous.qualifier in ("exact", "range", "vague") or found.char_start - previous.char_end > 40:
        return found
    if not _CONVERSION_GAP.fullmatch(text, previous.char_end, found.char_start):
        return found
    low, high = bounded_values(previous.qualifier, found.value_low, found.value_high)
    return dataclasses.replace(found, qualifier=previous.qualifier, value_low=low, value_high=high)


def scan_windows(text: str, windows: list[tuple[int, int]]) -> tuple[list[Estimate], list[ExcludedNumber]]:
    starts = [w[0] for w in windows]
    estimates: list[Estimate] = []
    excluded: list[ExcludedNumber] = []
    for token in tokens(text):
        if token.kind == "score":
            excluded.append(ExcludedNumber(token.start, token.end, text[token.start:token.end], "score or ratio",
                                           token.value, token.high))
            continue
        lo, hi = windows[max(0, bisect.bisect_right(starts, token.start) - 1)]
        # A number's context is its sentence, cut to _MAX_REACH characters either side, so one
        # giant "sentence" (a table flattened to one line, 50,000 numbers) stays linear in time.
        window = (max(lo, token.start - _MAX_REACH), min(hi, token.end + _MAX_REACH))
        found = _classify(token, text, window)
        if isinstance(found, Estimate):
            if estimates and found.qualifier == "exact":
                found = _conversion(found, estimates[-1], text)
            estimates.append(found)
        elif isinstance(found, ExcludedNumber):
            excluded.append(found)
    return estimates, excluded


def extract_all(text: str) -> tuple[list[Estimate], list[ExcludedNumber]]:
    """Estimates and excluded numbers of a plain text, each list in text order."""
    return scan_windows(text, _sentence_spans(text))


def extract(text: str) -> list[Estimate]:
    """The numeric estimates of a plain text, in text order; offsets index ``text``."""
    return extract_all(text)[0]
