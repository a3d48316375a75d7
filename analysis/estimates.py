"""Numeric estimates: every number in the text, its interval, how it is hedged, what it counts,
and who is cited for it.

A rule-based extractor built on one compiled master regular expression that scans a whole
text in a single pass; Python only runs per candidate number (a few per paragraph), never per
token. For each candidate it reads a short window of the same sentence:

- **value**: digits with separators and decimals ("10,000", "12 000", "1.6 million", "$2bn",
  "30%"), words ("ten thousand", "a dozen", "twenty-five"), ranges ("11,000-12,000",
  "between 10,000 and 12,000", "10,000 to 12,000", "10 to 12 million" shares the scale) and
  vague magnitudes mapped to intervals by ``lexicons/vague_magnitudes.txt``
  ("thousands" = [2,000, 9,999], "tens of thousands" = [20,000, 99,999], "a handful" = [2, 9]).
- **qualifier**: ``exact, approx, lower_bound, upper_bound, range, vague`` from the words just
  before or after the number (``lexicons/estimate_qualifiers.txt``). ``value_low`` and
  ``value_high`` carry the interval; the open side of a bound is ``None`` (NaN in tables).
  "nearly", "almost" and "close to" are approx (the writer gives the figure as the right size).
  "an estimated 10,000" (and a passive "was estimated at 2,000") is approx; but "estimated"
  after a subject is a reporting verb ("The Pentagon estimated 11,000 troops"): the subject is
  the cited source and the qualifier comes from the other words, so a bare number is ``exact``
  -- the hedge is carried by the attribution, as for "Some estimates put it at 12,000".
- **counted**: the head noun of the noun group after the number, across adjectives
  ("10,000 North Korean troops", "1.6 million artillery and missile shells") and "X of Y"
  ("thousands of troops"). It is always a noun: never a function word, a reporting verb or a
  participle ("100,000 according to ...", "3,000 said", "up to 3,000 killed or wounded",
  "3,000 more"). When no noun follows ("only a handful have been captured"), it is the last
  noun for people (soldiers, civilians ...) at most 15 words earlier in the same sentence,
  else empty. "a 10,000-strong force" counts the force's members (troops).
  **category** from ``lexicons/estimate_categories.txt``; a number of people with a cue such
  as "killed" or "captured" in its clause becomes casualties or prisoners
  (``lexicons/estimate_category_cues.txt``), so "up to 3,000 killed or wounded" is casualties
  with or without a counted noun. Currency symbols make money.
- **cited_source**: "according to X", the subject of an attribution verb
  (``lexicons/reporting_verbs.txt``: "X said", "X estimated", "X estimates suggest", "Reports
  suggest", "Some estimates put"; "the agency, which estimated" -> "agency"), a quote followed
  by ", X said", or "reportedly" (-> "reports"). A passive ("the toll was estimated at")
  credits only a "by X" agent. Empty when the author states the number unattributed.
  ``estimates.csv`` keeps the article's words; summaries that group sources
  (:func:`who_says_what`, :func:`analysis.findings.describe_sources`) fold titles and spelling
  variants with :func:`group_sources`.

Numbers that are not estimates go to ``excluded_numbers`` with one of these reasons:

- ``url or handle``: digits inside a URL, a domain path, an @handle or #hashtag;
- ``time of day``: "10:30", "3pm";
- ``date``: "June 2024", "24 February", "the 1990s"; ``year``: a bare year 1800-2099
  ("late 2024") or a year range ("2004-05");
- ``ordinal``: "first", "3rd";
- ``label number``: a number after a label word such as "Article 4"
  (``lexicons/reference_labels.txt``);
- ``model name or code``: letters and digits glued together ("K2", "F-16", "Covid-19");
- ``calibre``: "155mm shells";
- ``score or ratio``: "2-1", a hyphenated pair whose second number is smaller;
- ``duration or age``: a number of time units ("two years", "a 25-year-old")
  (``lexicons/duration_nouns.txt``);
- ``small count``: the principled rule for counts that are not quantities in the story: an
  unhedged number below ten whose counted noun is in no category (troops, casualties,
  prisoners, munitions, money) and that is neither money nor a percentage ("two primary
  ways", "two isolated regimes", "a generation or two"). A lone "one" is not treated as a
  number at all (it is mostly a pronoun: "one of", "one thing").

The spread per category (:func:`estimate_spread`) compares the figures articles state: a point,
the ends of a range, the bound of a bound; vague magnitudes state no figure and are counted
apart, never taken as a lowest or highest.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from typing import NamedTuple
from functools import cache, lru_cache

import pandas as pd

from analysis.lexicons import load_lexicon, trie_alternation

CATEGORIES = ("troops", "casualties", "prisoners", "munitions", "money", "other")
QUALIFIERS = ("exact", "approx", "lower_bound", "upper_bound", "range", "vague")
ESTIMATE_COLUMNS = [
    "doc_id", "sentence_id", "char_start", "char_end", "surface", "value_low", "value_high",
    "qualifier", "counted", "category", "cited_source", "sentence",
]
EXCLUDED_COLUMNS = ["doc_id", "sentence_id", "char_start", "char_end", "surface", "reason", "sentence"]
UNATTRIBUTED = "(author, unattributed)"

# How far around a number the qualifier and counted-noun rules look (characters).
_LEFT_WINDOW = 40  # ample for the last three words before a number
_RIGHT_WINDOW = 90
_MAX_SOURCE_WORDS = 12
_ANTECEDENT_WORDS = 15  # how far back (words) the people noun of a bare number may stand

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12,
}
_CURRENCIES = {"$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₩": "won", "₽": "roubles"}
_MEASURE_UNITS = {"mm", "cm", "km", "kg", "kph", "mph", "ft", "ml", "kw", "mw", "gw", "kt", "km2", "sqkm"}
_ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth twentieth "
    "hundredth thousandth millionth firstly secondly thirdly fourthly fifthly"
).split()
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# Words that end the noun group after a number (the counted noun is inside the group).
_STOP_WORDS = frozenset(
    """a an the this that these those its their his her our your my whose which who whom what
    to in on at from for with by of into onto over under about after before during since until
    across against between among through per than as like near behind beyond within without
    toward towards upon via is are was were be been being have has had do does did will would
    could can may might must shall should not no nor but so if when while where because although
    though yet then also only just even still already it they them he she we you i us him
    each every some any all both either neither most""".split()
)
_PEOPLE_CATEGORIES = frozenset({"troops", "other"})
_DETERMINERS = frozenset("a an the these those this that recent new latest some other its their".split())
# Words that end the noun group after a number: they introduce a source or a list, never a noun
# ("100,000 according to the Pentagon", "3,000 said they", "10,000, including 500 officers").
# "having"/"being" and finite irregular past forms end it too ("500,000 having left Ukraine",
# "1,000 went home"); "others" is the counted word and ends the group ("hundreds of others
# writing messages" counts "others").
_GROUP_ENDERS = frozenset(
    """according including excluding said told added wrote warned confirmed announced reportedly
    allegedly apparently reputedly already respectively having being became came went took gave
    got fell rose ran stood began met""".split()
)
# Words inside the noun group that are never the counted noun themselves: comparatives and
# quantity adjectives ("3,000 more", "20-odd") and the conjunctions that join participles
# ("killed or wounded"), place adverbs ("1,700 stationed there") and common irregular past
# forms ("16,000 fled", "500 left"). Regular participles and adverbs ("killed", "wounded",
# "reportedly") are caught by their endings and the cue lexicon, see :func:`_could_be_head`.
_NOT_HEADS = frozenset(
    """more additional other further extra new fewer less odd plus strong dead alive missing and
    or there here left fled gone taken sent held seen hit shot lost made built known thought found
    brought kept remain remained""".split()
)
_TRAILING_EVIDENCE = ("estimates", "estimate", "assessments", "assessment", "figures", "data")
_NOUN_LIKE_VERBS = frozenset({"estimates", "claims", "reports", "notes", "states"})
_AUXILIARIES = frozenset("has have had also reportedly previously publicly recently had has now".split())
_PRONOUNS = frozenset("he she they it we i".split())
_ARTICLES = frozenset("a an the these those this that some its their".split())
_NAME_LINKS = frozenset("of for the and on in to at".split())  # small words inside a name
# Nouns for a body of troops: "a 10,000-strong force" counts its members, so it is troops.
_UNIT_NOUNS = frozenset(
    "force forces contingent contingents army battalion battalions brigade brigades division "
    "divisions corps unit units detachment detachments regiment regiments".split()
)


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


@dataclass(frozen=True)
class ExcludedNumber:
    """A number that is not an estimate (a year, an ordinal, a label ...) and why."""

    char_start: int
    char_end: int
    surface: str
    reason: str


class _Token(NamedTuple):
    """A raw match of the master pattern, before ranges are merged (a tuple: cheap to build)."""

    kind: str
    start: int
    end: int
    value: float | None = None
    scaled: bool = False
    currency: str = ""
    percent: bool = False
    plain_digits: str = ""


# ---------------------------------------------------------------------------------------------
# Lexicon tables


def _pairs(name: str) -> list[list[str]]:
    """Split ``a | b | c`` lexicon entries into stripped fields."""
    return [[field.strip() for field in entry.split("|")] for entry in load_lexicon(name)]


@cache
def vague_magnitudes() -> dict[str, tuple[float, float]]:
    """The documented phrase -> (low, high) table for vague magnitudes."""
    return {phrase: (float(low), float(high)) for phrase, low, high in _pairs("vague_magnitudes")}


@cache
def _qualifier_table() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {"before": {}, "after": {}}
    for phrase, qualifier, side in _pairs("estimate_qualifiers"):
        table[side][phrase] = qualifier
    return table


@cache
def category_of_noun() -> dict[str, str]:
    """The documented counted noun -> category mapping."""
    return {noun: category for noun, category in _pairs("estimate_categories")}


@cache
def _durations() -> frozenset[str]:
    return frozenset(load_lexicon("duration_nouns"))


@cache
def _cue_table() -> dict[str, str]:
    return {cue: category for cue, category in _pairs("estimate_category_cues")}


@cache
def _reporting_verbs() -> frozenset[str]:
    return frozenset(load_lexicon("reporting_verbs"))


@cache
def _source_nouns() -> frozenset[str]:
    return frozenset(load_lexicon("attribution_sources"))


def _alternation(phrases: list[str]) -> str:
    """Regex alternation of literal phrases, longest first so the longest phrase wins."""
    ordered = sorted(phrases, key=lambda p: (-len(p), p))
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


def _trie(phrases: list[str], first_upper: bool = True) -> str:
    """Regex of lower-case phrases as a character trie (much faster than a flat alternation in
    Python's engine); the first letter may also be a capital ("Thousands", "Ten")."""
    return trie_alternation(phrases, capital_first=first_upper)


# ---------------------------------------------------------------------------------------------
# Compiled patterns


@cache
def _master() -> re.Pattern[str]:
    """The single scanning pattern.

    Nothing starts inside a word, and alternatives are grouped by their first character (digit,
    letter, symbol), so most positions fail after one or two checks; letter-led alternatives are
    only tried at a word that is a number keyword or that runs into a digit, dot, colon or
    hyphen. Within a group, alternatives are tried in the order written.
    """
    number_words = list(_UNITS) + ["hundred", "thousand", "million", "billion", "trillion", "dozen"]
    words = _trie(number_words)
    scale_words = "hundred|thousand|million|billion|trillion|dozen"
    first_words = {phrase.split()[0] for phrase in vague_magnitudes()} | set(number_words) | set(_ORDINAL_WORDS)
    month_words = "jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december"
    keywords = _trie(sorted(first_words | {"half", "a"} | set(month_words.split())))
    months = _MONTHS
    digits = r"(?:\d{1,3}(?:,\d{3})++|\d{1,3}(?:[ \u00a0\u202f]\d{3})++(?![\d,])|\d++)(?:\.\d+)?"
    scale = r"(?:\s?(?i:million|billion|trillion|thousand|hundred)(?!\w)|(?:bn|mn|m|k|tn)(?![\w%]))"
    percent = r"(?:\s?%|\s?(?i:per\s?cent|percent)\b)"
    digit_led = rf"""
        (?P<time>\d{{1,2}}(?::\d{{2}}(?:\s?[ap]\.?m\.?)?(?!\d)|\.\d{{2}}\s?[ap]\.?m\.?|\s?[ap]\.m\.|\s?[ap]m\b))
      | (?P<date>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{months}(?:,?\s+\d{{4}})?(?!\w) | (?:1[89]|20)\d0s\b)
      | (?P<ordinal>\d+(?:st|nd|rd|th)\b)
      | (?P<num>(?P<digits>{digits})(?P<scale>{scale})?(?P<pct>{percent})?(?!\w))
      | (?P<code>\d++[A-Za-z][\w-]*+)"""
    letter_led = rf"""
        (?P<url>(?:https?://|www\.)\S+|[\w-]++(?:\.[\w-]++)+/\S*)
      | (?P<mdate>{months}\s+(?:\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)(?!\w|,\d))
      | (?P<wordinal>{_trie(_ORDINAL_WORDS)}\b)
      | (?P<vague>{_trie(list(vague_magnitudes()))}\b)
      | (?P<word>(?:(?:[Hh]alf\s+)?[Aa]\s+(?:{scale_words})\b|{words}(?:(?:\s+|-){words}|(?:(?<=hundred)|(?<=thousand))\s+and\s+{words})*)\b(?P<wpct>\s(?i:per\s?cent|percent)\b)?)
      | (?P<lcode>[A-Za-z]++-?\d[\w-]*+)"""
    symbol_led = rf"""
        (?P<handle>(?<![\w@])[@#]\w+)
      | (?P<cnum>(?P<cur>[$€£¥₩₽])\s?(?P<cdigits>{digits})(?P<cscale>{scale})?(?!\w))
      | (?P<decade>(?<!\w)['’]\d0s\b)"""
    pattern = rf"""
        (?<![A-Za-z0-9_.,])(?:(?=\d)(?:{digit_led})|(?=[A-Za-z])(?=(?:{keywords})\b|[A-Za-z]++[-\d.:])(?:{letter_led}))
      | (?=[$€£¥₩₽@#'’])(?:{symbol_led})"""
    return re.compile(pattern, re.VERBOSE)


_KIND = {"mdate": "date", "decade": "date", "wordinal": "ordinal", "lcode": "code", "handle": "url", "cnum": "num"}


# A sentence ends at a terminator before a capital or digit (not after an initial such as the
# "S." of "U.S.", nor after a title such as "Mr."), or at a line break.
_SENTENCE_END = re.compile(
    r"[.!?…](?<!\b[A-Za-z]\.)(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bGen\.)(?<!\bCol\.)(?<!\bLt\.)(?<!\bSgt\.)(?<!\bMaj\.)(?<!\bCapt\.)(?<!\bRep\.)(?<!\bSen\.)(?<!\bGov\.)(?<!\bProf\.)(?<!\bNo\.)(?<!\bvs\.)(?<!\betc\.)(?<!\bJr\.)(?<!\bSr\.)(?<!\bInc\.)(?<!\bCorp\.)(?<!\bCo\.)(?<!\bLtd\.)"
    r"[.!?…]*[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])|\n+"
)
_CLAUSE_BREAK = re.compile(r"[;:—–()]|,\s|[“”\"]")
_WORD_RE = re.compile(r"[A-Za-z][\w’'-]*|\d[\d,.]*|[^\sA-Za-z\d]")
_SCALE_WORD = re.compile(r"(?i)hundred|thousand|million|billion|trillion")
_AGE_SUFFIX = re.compile(r"-(?:year|month|week|day)")
_RANGE_GAP = re.compile(r"\s*(?:-|–|to|and|or)\s*")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?:the\s+)?([^,.;:—()“”\"]+)")
_REPORTEDLY = re.compile(r"\breportedly\b", re.IGNORECASE)
_CAPITAL_RUN = re.compile(r"[A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*)*")
_RELATIVE_END = re.compile(
    r",?\s*\b(?:which|who)(?:\s+(?:has|have|had|also|previously|publicly|recently|now))*\s*$")
_BE_FORMS = frozenset("is are was were be been being".split())
_PARTICIPLE = re.compile(r"\w+ed|said|told|shown|written|thought")  # "was estimated", "is said"
_PASSIVE_AGENT = re.compile(r"\s+by\s+(?:the\s+)?([A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*)*)")
_STRONG = re.compile(r"-strong\b")


@cache
def _right_qualifier() -> re.Pattern[str]:
    return re.compile(rf"(?i)^(?:\s*|-)(?:{_alternation(list(_qualifier_table()['after']))})(?![\w])")


@cache
def _labels() -> frozenset[str]:
    return frozenset(load_lexicon("reference_labels"))


@cache
def _cue_pattern() -> re.Pattern[str]:
    return re.compile(rf"\b{_trie(list(_cue_table()))}\b")


@cache
def _verb_pattern() -> re.Pattern[str]:
    # Lower-case only, so "the United States" is not read as the verb "states".
    return re.compile(rf"\b{_trie(load_lexicon('reporting_verbs'), first_upper=False)}\b")


# ---------------------------------------------------------------------------------------------
# Values


def _parse_digits(digits: str) -> float:
    return float(re.sub(r"[,\s\u00a0\u202f]", "", digits))


def _parse_words(text: str) -> float | None:
    """Value of a number in words ("twenty-five", "one hundred and fifty", "a dozen")."""
    total, current, seen = 0.0, 0.0, False
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in ("and",):
            continue
        if word == "half":
            current = 0.5
        elif word == "a":
            current = current or 1.0
        elif word in _UNITS:
            current += _UNITS[word]
        elif word == "dozen":
            current = (current or 1.0) * 12
        elif word == "hundred":
            current = (current or 1.0) * 100
        elif word in _SCALES:
            total += (current or 1.0) * _SCALES[word]
            current = 0.0
        seen = True
    return total + current if seen else None


def _token(match: re.Match[str]) -> _Token | None:
    """Turn a master-pattern match into a token (None for a lone "one")."""
    kind = match.lastgroup or ""
    if kind in ("num", "cnum"):
        prefix = "c" if kind == "cnum" else ""
        digits = match.group(prefix + "digits")
        value = _parse_digits(digits)
        scale = (match.group(prefix + "scale") or "").strip().lower()
        if scale:
            value *= _SCALES[scale]
        currency = _CURRENCIES.get(match.group("cur") or "", "")
        percent = kind == "num" and bool(match.group("pct"))
        return _Token("num", match.start(), match.end(), value, bool(scale), currency, percent,
                      "" if scale or currency else digits)
    if kind == "word":
        text = match.group("word")
        if text.lower() == "one":
            return None
        value = _parse_words(text)
        return _Token("num", match.start(), match.end(), value,
                      bool(_SCALE_WORD.search(text)),
                      percent=bool(match.group("wpct")))
    return _Token(_KIND.get(kind, kind), match.start(), match.end())


def _merge_range(text: str, first: _Token, second: _Token, left: str) -> _Token | None:
    """Merge "10,000-12,000", "10,000 to 12,000", "between 10,000 and 12,000" into one token."""
    gap = text[first.end:second.start]
    if not _RANGE_GAP.fullmatch(gap) or first.value is None or second.value is None:
        return None
    joiner = gap.strip()
    if joiner == "and" and not re.search(r"(?i)\bbetween\s*$", left):
        return None
    low = first.value
    if second.scaled and not first.scaled and low < 1000:
        # "10 to 12 million": the scale word belongs to both ends.
        low *= second.value / _parse_scale_base(text[second.start:second.end], second.value)
    return _Token("range", first.start, second.end, low, True, first.currency or second.currency,
                  first.percent or second.percent, first.plain_digits)


def _parse_scale_base(surface: str, value: float) -> float:
    """The number before the scale word of ``surface`` ("12 million" -> 12)."""
    found = re.search(r"\d[\d,.\s]*", surface)
    return _parse_digits(found.group().strip()) if found else _parse_words(surface.split()[0]) or value


# ---------------------------------------------------------------------------------------------
# Context rules


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Cheap sentence spans for plain text: a terminator before a capital, or a line break."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return list(zip([0, *ends], [*ends, len(text)]))


def _qualifier(left: str, right: str) -> tuple[str, int]:
    """Qualifier from the words before or after a number, and how many right chars it used.

    "estimated" just before the number is approx only as an adjective ("an estimated 10,000",
    "Estimated 10,000 troops"); after a subject it is a reporting verb ("The Pentagon estimated
    11,000 troops", see :func:`_estimated_is_verb`), the subject is the cited source and the
    qualifier is read from the other words, as for "X said 11,000" (a bare number is ``exact``):
    the hedge is carried by the attribution, as in "Some estimates put it at 12,000".
    """
    before = _phrase_before(left, _qualifier_table()["before"])
    if before and _ends_with_verb_estimated(left):
        before = ""
    if before:
        return before, 0
    found = _right_qualifier().match(right)
    if found:
        return _qualifier_table()["after"][_normalise(found.group()).lstrip("-")], found.end()
    return "exact", 0


def _ends_with_verb_estimated(left: str) -> bool:
    """True when ``left`` ends with the reporting verb "estimated" (not the adjective)."""
    stripped = left.rstrip()
    if not stripped.lower().endswith("estimated") or stripped[-10:-9].isalpha():  # not "underestimated"
        return False
    return _estimated_is_verb(stripped[:-len("estimated")])


def _estimated_is_verb(before: str) -> bool:
    """Whether "estimated", preceded by ``before`` (the sentence up to it) and followed by a
    number, is a reporting verb rather than an adjective.

    A verb after a subject: a name or other capitalised word that is not a function word
    ("The Pentagon estimated 11,000", "Kyiv estimated"), a source noun of
    ``lexicons/attribution_sources.txt`` ("officials estimated"), a pronoun ("it estimated"),
    "who"/"which", or an auxiliary or adverb of :data:`_AUXILIARIES` ("has estimated").
    An adjective after an article, a possessive, another word, punctuation or at the sentence
    start ("an estimated 10,000", "Russia's estimated 10,000", "sending estimated 10,000",
    "Estimated 10,000 troops").
    """
    found = re.search(r"([A-Za-z][\w’'.-]*)\s+$", before)
    if not found:
        return False
    word = found.group(1)
    lower = word.lower()
    if lower.endswith(("'s", "’s", "s'", "s’")):
        return False
    if lower in _AUXILIARIES or lower in _PRONOUNS or lower in ("who", "which") or lower in _source_nouns():
        return True
    return word[0].isupper() and lower not in _STOP_WORDS and lower not in _DETERMINERS


def _phrase_before(left: str, table: dict[str, str] | frozenset[str]) -> str:
    """The entry of ``table`` formed by the last one to three words of ``left`` (longest first),
    or "". Dictionary look-ups instead of a regex search: this runs for every number."""
    if left.endswith("~") and "~" in table:
        return table["~"] if isinstance(table, dict) else "~"
    words = left.lower().split()[-3:]
    for size in (3, 2, 1):
        if len(words) >= size:
            phrase = " ".join(words[-size:]).lstrip("(“‘\"'[")
            if phrase in table:
                return table[phrase] if isinstance(table, dict) else phrase
    return ""


def _normalise(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _counted(right: str) -> str:
    """Head noun of the noun group after a number, skipping "of" ("thousands of troops").

    The group ends at a stop word (article, preposition, auxiliary ...), at punctuation and at a
    word that introduces a source or a list ("according", "said", "including"). Returns "" when
    the group holds no word that can be a noun ("up to 3,000 killed or wounded", "3,000 more",
    "100,000 according to ..."); the caller then falls back to :func:`_antecedent`.
    """
    words = _WORD_RE.findall(right[:_RIGHT_WINDOW])
    if words[:1] == ["of"]:
        words = words[1:]
        while words and words[0].lower() in _DETERMINERS:
            words = words[1:]
    group: list[str] = []
    for word in words:
        lower = word.lower()
        if not word[0].isalpha() or lower in _STOP_WORDS or lower in _GROUP_ENDERS or len(group) == 5:
            break
        group.append(lower)
        if lower == "others":  # "1,000 others had been wounded": a pronoun for people, ends the group
            break
    return _head_noun(group)


def _could_be_head(word: str) -> bool:
    """False for words that cannot be what a number counts: participles and verbs ("killed",
    "wounded", "died", "captured", "fighting"), adverbs ("reportedly"), number words ("a handful
    or two"), comparatives and quantity adjectives ("more", "additional", "odd"), casualty and
    prisoner cue words, reporting verbs ("say", "reported"; not their -s forms, which are also
    plural nouns: "3,000 claims") and words of :data:`_GROUP_ENDERS`. Known nouns of the
    category lexicon always can ("casualties", "prisoners")."""
    if word in category_of_noun():
        return True
    if word in _UNITS or word.removesuffix("s") in _SCALES or word in ("dozen", "dozens"):
        return False  # "a handful or two", "dozens of dead and hundreds of wounded"
    if word in _NOT_HEADS or word in _GROUP_ENDERS or word in _cue_table():
        return False
    if word in _reporting_verbs() and not word.endswith("s"):
        return False  # "1,000 say", "said"; but "3,000 claims", "10 reports" are nouns
    return not word.endswith(("ed", "ing", "ly")) and word not in _STOP_WORDS


def _head_noun(group: list[str]) -> str:
    """Pick the counted noun: the first known noun that heads its group, else the first plural,
    else the first word that can be a noun (:func:`_could_be_head`), else ""."""
    known = category_of_noun()
    hits = [i for i, w in enumerate(group) if w in known]
    for i in hits:
        if group[i].endswith("s") or i == len(group) - 1 or group[i + 1] not in known:
            return group[i]
    heads = [word for word in group if _could_be_head(word)]
    for word in heads:
        if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            return word
    return heads[0] if heads else ""


def _antecedent(before: str) -> str:
    """For a number with no noun after it ("only a handful have been captured", "up to 3,000
    killed or wounded"), the last noun for people earlier in the same sentence: a noun of the
    troops category or a people noun of the other category ("... deceased North Korean
    soldiers, while ...", "seven people had been killed and 17 injured"), at most
    ``_ANTECEDENT_WORDS`` words back; "" when there is none."""
    known = category_of_noun()
    for word in reversed(re.findall(r"[a-z]+", before.lower())[-_ANTECEDENT_WORDS:]):
        if known.get(word) in _PEOPLE_CATEGORIES:
            return word
    return ""


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause around a number: from the last break before it to the next one after it."""
    before = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)]
    after = _CLAUSE_BREAK.search(sentence, end)
    return sentence[before[-1] if before else 0:after.start() if after else len(sentence)]


def _category(counted: str, token: _Token, clause: str, members: bool = False) -> str:
    """Category of a number: money for a currency, other for a percentage, else the category of
    the counted noun (troops for the members of a unit, ``members``: "a 10,000-strong force"),
    turned into casualties or prisoners by a cue in the clause when it counts people."""
    if token.currency:
        return "money"
    if token.percent:
        return "other"
    category = category_of_noun().get(counted, "other")
    if members and counted in _UNIT_NOUNS:
        category = "troops"
    if category in _PEOPLE_CATEGORIES:
        cue = _cue_pattern().search(clause)
        if cue:
            return _cue_table()[_normalise(cue.group())]
    return category


def cited_source(sentence: str, start: int, end: int) -> str:
    """Who the sentence credits for the number at ``sentence[start:end]`` ("" if nobody)."""
    according, verbs = _sentence_cues(sentence)
    if according:
        chosen = min(according, key=lambda m: abs(m.start() - start))
        return _clean_source(chosen.group(1), at_sentence_start=False)
    before = [m for m in verbs if m.end() <= start]
    if before:
        source = _subject(sentence, before[-1], floor=0)
        if source:
            return source
    after = [m for m in verbs if m.start() >= end]
    if after:
        source = _subject(sentence, after[0], floor=end) or _named_after(sentence, after[0].end())
        if source:
            return source
    return "reports" if _REPORTEDLY.search(sentence) else ""


@lru_cache(maxsize=64)
def _sentence_cues(sentence: str) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """"according to" matches and attribution verbs of a sentence (cached: a sentence often
    holds several numbers)."""
    verbs = [m for m in _verb_pattern().finditer(sentence) if not _adjectival(sentence, m)]
    return list(_ACCORDING.finditer(sentence)), verbs


def _adjectival(sentence: str, verb: re.Match[str]) -> bool:
    """True for "an estimated 10,000", where "estimated" modifies the number; False for "The
    Pentagon estimated 11,000 troops", where it is the verb of the source (:func:`_estimated_is_verb`)."""
    if verb.group() != "estimated":
        return False
    before = sentence[:verb.start()]
    if re.search(r"\b(?:an|the)\s+$", before, re.I):
        return True
    return bool(re.match(r"\s+[\d$€£]", sentence[verb.end():])) and not _estimated_is_verb(before)


def _subject(sentence: str, verb: re.Match[str], floor: int) -> str:
    """The noun phrase just before an attribution verb, cut at the last clause break.

    After a relative pronoun the phrase before it is the subject ("the agency, which
    estimated 11,000" -> "agency"); a passive verb ("the toll was estimated at 2,000") names no
    source unless a "by X" agent follows it.
    """
    head = sentence[floor:verb.start()]
    relative = _RELATIVE_END.search(head)
    if relative:
        head = head[:relative.start()]
    breaks = [m.end() for m in re.finditer(r"[,;:“”\"—–]|\b(?:that|which|while|but|because)\b", head)]
    cut = breaks[-1] if breaks else 0
    phrase = head[cut:].strip()
    by = re.search(r"\b(?:by|from)\s+(?:the\s+)?([A-Z].*)$", phrase)
    if by:
        # "assessments by X suggest", "reports from X confirm": X is the source.
        phrase, cut = by.group(1), cut + 1
    if not phrase:
        runs = _CAPITAL_RUN.findall(head)
        return _clean_source(runs[-1], at_sentence_start=False) if runs else ""
    words = phrase.split()
    if words and words[-1].lower() in _AUXILIARIES:
        words = [w for w in words if w.lower() not in _AUXILIARIES] or words
    if words and words[-1].lower() in _BE_FORMS and _PARTICIPLE.fullmatch(verb.group()):
        agent = _PASSIVE_AGENT.match(sentence, verb.end())
        return _clean_source(agent.group(1), at_sentence_start=False) if agent else ""
    if len(words) == 1 and words[0].lower() in _DETERMINERS | {"many", "most", "several"} and \
            verb.group() in _NOUN_LIKE_VERBS:
        return f"{words[0].lower()} {verb.group()}"
    if len(words) > _MAX_SOURCE_WORDS:
        runs = _CAPITAL_RUN.findall(" ".join(words))
        words = runs[-1].split() if runs else words[-_MAX_SOURCE_WORDS:]
    return _clean_source(" ".join(words), at_sentence_start=floor == 0 and cut == 0)


def _named_after(sentence: str, position: int) -> str:
    """The name after a verb: "..., said Cho"."""
    found = _CAPITAL_RUN.match(sentence[position:].lstrip())
    return _clean_source(found.group(), at_sentence_start=False) if found else ""


def _clean_source(phrase: str, at_sentence_start: bool) -> str:
    """Trim determiners, "reports from"/"assessments by" and trailing "estimates" from a source."""
    phrase = " ".join(phrase.split()).strip(" .,'’\"“”")
    words = phrase.split()
    # "the", "a", "these" ... go; an adjective determiner ("new", "latest") only in lower case
    # or at the sentence start, so "a New York Times report" keeps "New".
    first = at_sentence_start
    while len(words) > 1 and words[0].lower() in _DETERMINERS and (
            words[0].lower() in _ARTICLES or words[0].islower() or first):
        first = False
        at_sentence_start = at_sentence_start or words[0].lower() not in ("a", "an")
        words = words[1:]
    if len(words) > 1 and words[-1].lower() in _TRAILING_EVIDENCE:
        words = words[:-1]
    if not words or (len(words) == 1 and words[0].lower() in _DETERMINERS):
        return ""  # a lone "The" is no source ("The estimate of 12,000 ...")
    # A capital only because the sentence starts there ("Reports suggest", "Intelligence sources
    # estimate") is folded; a one-word name ("Zelensky said") is kept, and so is a name whose
    # next content word is capitalised ("Institute for the Study of War").
    content = [w for w in words[1:] if w.lower() not in _NAME_LINKS]
    common = content[0][:1].islower() if content else words[0].endswith("s")
    if at_sentence_start and common and words[0][1:] == words[0][1:].lower():  # not "US-based"
        words[0] = words[0].lower()
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return words[0].lower()
    return " ".join(words)


# ---------------------------------------------------------------------------------------------
# Classification


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
    if token.kind in ("num", "range") and not token.scaled and _phrase_before(left, _labels()):
        return "label number"
    if token.kind in ("num", "range") and _is_year(token) and not _counts_story_noun(right):
        return "year"
    return ""


def _counts_story_noun(right: str) -> bool:
    """True when the words after a year-like number make it a count: a noun of a category
    ("2000 troops") or a casualty or prisoner cue ("2000 killed", "2000 wounded")."""
    if _counted(right) in category_of_noun():
        return True
    first = re.match(r"\s*([a-z]+)", right)
    return bool(first and first.group(1) in _cue_table())


def _is_year(token: _Token) -> bool:
    digits = token.plain_digits
    return bool(re.fullmatch(r"1[89]\d\d|20\d\d", digits)) and not token.currency and not token.percent


def _classify(token: _Token, text: str, window: tuple[int, int]) -> Estimate | ExcludedNumber | None:
    """Classify one token inside its sentence window."""
    lo, hi = window
    left = text[max(lo, token.start - _LEFT_WINDOW):token.start]
    right = text[token.end:min(hi, token.end + _RIGHT_WINDOW)]
    surface = text[token.start:token.end]
    reason = _exclusion(token, text, left, right)
    if reason == "skip":
        return None
    if reason == "measurement":
        return _measurement(token, text, window, left)
    if reason:
        return ExcludedNumber(token.start, token.end, surface, reason)
    return _estimate(token, text, window, left, right)


def _estimate(token: _Token, text: str, window: tuple[int, int], left: str,
              right: str) -> Estimate | ExcludedNumber:
    surface = text[token.start:token.end]
    if token.kind == "vague":
        low, high = vague_magnitudes()[_normalise(surface)]
        qualifier, used = "vague", 0
    elif token.kind == "range":
        low, high = sorted((token.value, _range_high(token, text)))
        qualifier, used = "range", 0
    else:
        qualifier, used = _qualifier(left, right)
        low = high = token.value
    strong = _STRONG.match(right, used)  # "a 10,000-strong force": the members of the force
    counted = token.currency or ("percent" if token.percent else _counted(right[strong.end() if strong else used:]))
    if counted in _durations() or _AGE_SUFFIX.match(right):
        return ExcludedNumber(token.start, token.end, surface, "duration or age")
    sentence = text[window[0]:window[1]]
    start, end = token.start - window[0], token.end - window[0]
    if not counted and qualifier != "range":
        counted = _antecedent(sentence[:start])
    category = _category(counted, token, _clause(sentence, start, end), members=bool(strong))
    if _small_count(token, qualifier, category, high):
        return ExcludedNumber(token.start, token.end, surface, "small count")
    low, high = _bounds(qualifier, low, high)
    return Estimate(token.start, token.end, surface, low, high, qualifier, counted, category,
                    cited_source(sentence, start, end))


def _range_high(token: _Token, text: str) -> float:
    """Value of the second number of a merged range (re-parsed from its surface)."""
    surface = text[token.start:token.end]
    parts = [m for m in _master().finditer(surface) if m.lastgroup in ("num", "cnum", "word")]
    second = _token(parts[-1]) if parts else None
    return second.value if second and second.value is not None else token.value or 0.0


def _small_count(token: _Token, qualifier: str, category: str, value: float | None) -> bool:
    return (token.kind == "num" and qualifier == "exact" and category == "other"
            and not token.currency and not token.percent and value is not None and value < 10)


def _bounds(qualifier: str, low: float | None, high: float | None) -> tuple[float | None, float | None]:
    if qualifier == "lower_bound":
        return low, None
    if qualifier == "upper_bound":
        return None, high
    return low, high


def _measurement(token: _Token, text: str, window: tuple[int, int], left: str) -> Estimate:
    surface = text[token.start:token.end]
    number = re.match(r"\d+", surface)
    value = float(number.group()) if number else None
    qualifier, _ = _qualifier(left, "")
    low, high = _bounds(qualifier, value, value)
    unit = re.sub(r"^[\d-]+", "", surface.lower())
    sentence = text[window[0]:window[1]]
    return Estimate(token.start, token.end, surface, low, high, qualifier, unit, "other",
                    cited_source(sentence, token.start - window[0], token.end - window[0]))


def _tokens(text: str) -> list[_Token]:
    """All tokens of the master pattern, with ranges merged."""
    raw = [t for t in map(_token, _master().finditer(text)) if t is not None]
    merged: list[_Token] = []
    for token in raw:
        previous = merged[-1] if merged else None
        if previous and previous.kind == "num" and token.kind == "num":
            left = text[max(0, previous.start - 12):previous.start]
            joined = _merge_range(text, previous, token, left)
            if joined:
                merged[-1] = _score_or_range(joined, previous, token, text)
                continue
        merged.append(token)
    return merged


def _score_or_range(joined: _Token, first: _Token, second: _Token, text: str) -> _Token:
    """A hyphenated pair whose second number is smaller is a score ("2-1"), not a range."""
    gap = text[first.end:second.start].strip()
    if _is_year(first):
        return _Token("date", joined.start, joined.end)
    if gap in ("-", "–") and (second.value or 0) < (first.value or 0) and not second.scaled:
        return _Token("score", joined.start, joined.end)
    return joined


def _scan(text: str, windows: list[tuple[int, int]]) -> tuple[list[Estimate], list[ExcludedNumber]]:
    starts = [w[0] for w in windows]
    estimates: list[Estimate] = []
    excluded: list[ExcludedNumber] = []
    for token in _tokens(text):
        if token.kind == "score":
            excluded.append(ExcludedNumber(token.start, token.end, text[token.start:token.end], "score or ratio"))
            continue
        window = windows[max(0, bisect.bisect_right(starts, token.start) - 1)]
        found = _classify(token, text, window)
        if isinstance(found, Estimate):
            estimates.append(found)
        elif isinstance(found, ExcludedNumber):
            excluded.append(found)
    return estimates, excluded


def extract_all(text: str) -> tuple[list[Estimate], list[ExcludedNumber]]:
    """Estimates and excluded numbers of a plain text, each list in text order."""
    return _scan(text, _sentence_spans(text))


def extract(text: str) -> list[Estimate]:
    """The numeric estimates of a plain text, in text order; offsets index ``text``."""
    return extract_all(text)[0]


# ---------------------------------------------------------------------------------------------
# Stage and summaries


def build_estimate_tables(sentences: pd.DataFrame, documents: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The estimates stage: ``estimates`` and ``excluded_numbers`` from the sentence table.

    Each sentence is scanned on its own (it is the window for qualifier, counted noun and
    source); offsets are the sentence's ``char_start`` plus the offset inside the sentence, so
    they slice the cleaned document text to ``surface``. Only documents listed in
    ``documents`` are read. Rows are sorted by doc_id, char_start, char_end.
    """
    known = set(documents["doc_id"].astype(str))
    estimate_rows: list[dict] = []
    excluded_rows: list[dict] = []
    for row in sentences.itertuples(index=False):
        doc_id = str(row.doc_id)
        if doc_id not in known:
            continue
        text = str(row.text)
        found, dropped = _scan(text, [(0, len(text))])
        base = {"doc_id": doc_id, "sentence_id": int(row.sentence_id)}
        offset = int(row.char_start)
        for e in found:
            estimate_rows.append({**base, "char_start": offset + e.char_start, "char_end": offset + e.char_end,
                                  "surface": e.surface, "value_low": e.value_low, "value_high": e.value_high,
                                  "qualifier": e.qualifier, "counted": e.counted, "category": e.category,
                                  "cited_source": e.cited_source, "sentence": text})
        for x in dropped:
            excluded_rows.append({**base, "char_start": offset + x.char_start, "char_end": offset + x.char_end,
                                  "surface": x.surface, "reason": x.reason, "sentence": text})
    return {
        "estimates": _table(estimate_rows, ESTIMATE_COLUMNS),
        "excluded_numbers": _table(excluded_rows, EXCLUDED_COLUMNS),
    }


def _table(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("value_low", "value_high"):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    frame = frame.astype({"doc_id": str, "sentence_id": int, "char_start": int, "char_end": int})
    return frame.sort_values(["doc_id", "char_start", "char_end"], kind="stable").reset_index(drop=True)


SPREAD_COLUMNS = [
    "category", "n_estimates", "n_docs", "share_docs", "n_vague", "n_docs_compared", "min_value",
    "max_value", "ratio_max_min", "doc_lowest", "surface_lowest", "qualifier_lowest", "doc_highest",
    "surface_highest", "qualifier_highest",
]


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


def estimate_spread(estimates: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per category: how many estimates and documents, the lowest and highest stated figure and
    their ratio.

    The rule, chosen so that every lowest and highest figure can be checked against the text: an
    estimate is ranked by the figures it states (:func:`stated_figures`): a point by its value, a
    range by its low end (for the lowest) and its high end (for the highest), a bound by its bound.
    Vague magnitudes are left out of the lowest and highest (their documented upper ends, such as
    99,999 for "tens of thousands", would overstate the disagreement) and counted in ``n_vague``.
    So ``min_value`` and ``max_value`` are numbers printed in an article, and the qualifier columns
    say how each was hedged (an upper bound as the highest reads "up to ...").

    Columns (:data:`SPREAD_COLUMNS`): ``category``; ``n_estimates`` and ``n_docs``, all estimates
    of the category and the documents giving them; ``share_docs``, the share of all documents in
    ``documents`` giving at least one; ``n_vague``, the vague magnitudes left out of the ranking;
    ``n_docs_compared``, the documents stating at least one figure; ``min_value``, ``max_value``,
    ``ratio_max_min`` (NaN when the lowest is 0 or nothing states a figure); ``doc_lowest``,
    ``surface_lowest``, ``qualifier_lowest`` and the same for the highest (empty when nothing
    states a figure). Ties go to the earliest doc_id and offset. Categories with no estimate are
    left out.
    """
    rows = []
    frame = stated_figures(estimates)
    n_documents = max(len(documents), 1)
    for category in CATEGORIES:
        part = frame[frame["category"] == category].sort_values(["doc_id", "char_start"], kind="stable")
        if part.empty:
            continue
        stated = part.dropna(subset=["low", "high"])
        row = {"category": category, "n_estimates": len(part), "n_docs": part["doc_id"].nunique(),
               "share_docs": round(part["doc_id"].nunique() / n_documents, 3),
               "n_vague": int((part["qualifier"] == "vague").sum()),
               "n_docs_compared": stated["doc_id"].nunique(), "min_value": math.nan, "max_value": math.nan,
               "ratio_max_min": math.nan, "doc_lowest": "", "surface_lowest": "", "qualifier_lowest": "",
               "doc_highest": "", "surface_highest": "", "qualifier_highest": ""}
        if not stated.empty:
            lowest = stated.loc[stated["low"].idxmin()]
            highest = stated.loc[stated["high"].idxmax()]
            ratio = highest["high"] / lowest["low"] if lowest["low"] > 0 else math.nan
            row.update({"min_value": lowest["low"], "max_value": highest["high"], "ratio_max_min": round(ratio, 2),
                        "doc_lowest": lowest["doc_id"], "surface_lowest": lowest["surface"],
                        "qualifier_lowest": lowest["qualifier"], "doc_highest": highest["doc_id"],
                        "surface_highest": highest["surface"], "qualifier_highest": highest["qualifier"]})
        rows.append(row)
    return pd.DataFrame(rows, columns=SPREAD_COLUMNS)


@cache
def _source_titles() -> frozenset[str]:
    return frozenset(load_lexicon("source_titles"))


@cache
def _spelling_variants() -> dict[str, str]:
    """``lexicons/spelling_variants.txt`` as variant -> canonical (the table the claims stage uses
    to match "Zelenskyy"/"Zelensky", "Kiev"/"Kyiv"; read here so this stage needs no scikit-learn)."""
    return dict(entry.split() for entry in load_lexicon("spelling_variants") if len(entry.split()) == 2)


def _strip_title(source: str) -> str:
    """``source`` without a leading title or role when a capitalised name of one to four words
    follows it ("Ukrainian President Volodymyr Zelenskyy" -> "Volodymyr Zelenskyy"), else as is."""
    words = source.split()
    titles = [i for i, w in enumerate(words[:-1]) if w.lower() in _source_titles()]
    if not titles:
        return source
    last = titles[-1]
    while last + 2 < len(words) - 1 and words[last + 1] == "of":  # "Secretary of State X"
        last += 2
    name = words[last + 1:]
    if 1 <= len(name) <= 4 and all(w[:1].isupper() for w in name):
        return " ".join(name)
    return source


def source_name(cited_source: str) -> str:
    """How a cited source is shown where sources are grouped (who says what, the most cited):
    a leading title or role stripped (``lexicons/source_titles.txt``), spelling variants folded
    to one form (``lexicons/spelling_variants.txt``: "Zelenskyy" -> "Zelensky", capital kept)
    and spaces collapsed. "Ukrainian President Volodymyr Zelenskyy" and "Volodymyr Zelensky"
    both give "Volodymyr Zelensky"; "South Korea’s spy agency" stays as it is."""
    variants = _spelling_variants()

    def canonical(match: re.Match[str]) -> str:
        word = match.group()
        folded = variants.get(word.lower())
        if folded is None:
            return word
        return folded.capitalize() if word[:1].isupper() else folded

    stripped = _strip_title(" ".join(str(cited_source).split()))
    return re.sub(r"[A-Za-z]+", canonical, stripped)


def _source_key(name: str) -> str:
    return re.sub(r"[’‘`]", "'", name).casefold()


def group_sources(sources: pd.Series) -> pd.Series:
    """One label per cited source for grouping, aligned with ``sources`` ("" stays "").

    Sources with the same :func:`source_name` (ignoring case and the style of apostrophe) share
    a label: the commonest of their names, ties to the alphabetically first. A one-word name
    ("Zelensky") joins a longer name ending in it ("Volodymyr Zelensky") when exactly one such
    name is known to be a person, that is, was cited somewhere with a title ("Ukrainian
    President ..."); otherwise it stays apart (so "Korea" never joins "South Korea").
    """
    raw = sources.fillna("").astype(str).map(lambda s: " ".join(s.split()))
    names = raw.map(lambda s: source_name(s) if s else "")
    keys = names.map(_source_key)
    name_of = dict(zip(keys, names))
    persons = {key for source, key in zip(raw, keys) if " " in key and _strip_title(source) != source}
    merged: dict[str, str] = {}
    for key in sorted(set(keys)):
        if key and " " not in key and name_of[key][:1].isupper():
            fuller = sorted(p for p in persons if p.rsplit(" ", 1)[1] == key)
            if len(fuller) == 1:
                merged[key] = fuller[0]
    groups = keys.map(lambda k: merged.get(k, k))
    labels: dict[str, str] = {}
    for group in sorted(set(groups) - {""}):
        own = names[(groups == group) & (keys == group)]
        counts = own.value_counts()
        labels[group] = min(counts.index, key=lambda n: (-counts[n], n))
    return groups.map(lambda k: labels.get(k, ""))


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


# ---------------------------------------------------------------------------------------------
# Evaluation against a hand-annotated gold table (tests and benchmark)


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
