"""How a number is hedged: exact, approx, lower_bound, upper_bound, range or vague."""

from __future__ import annotations

from functools import cache
import re

from analysis.estimates.words import AUXILIARIES, DETERMINERS, PRONOUNS, STOP_WORDS, alternation, lexicon_fields, normalise, source_nouns


QUALIFIERS = ("exact", "approx", "lower_bound", "upper_bound", "range", "vague")


@cache
def _qualifier_table() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {"before": {}, "after": {}}
    for phrase, qualifier, side in lexicon_fields("estimate_qualifiers"):
        table[side][phrase] = qualifier
    return table


@cache
def _right_qualifier() -> re.Pattern[str]:
    return re.compile(rf"(?i)^(?:\s*|-)(?:{alternation(list(_qualifier_table()['after']))})(?![\w])")


def qualifier_around(left: str, right: str) -> tuple[str, int]:
    """Qualifier from the words before or after a number, and how many right chars it used.

    "estimated" just before the number is approx only as an adjective ("an estimated 10,000",
    "Estimated 10,000 troops"); after a subject it is a reporting verb ("The Pentagon estimated
    11,000 troops", see :func:`estimated_is_verb`), the subject is the cited source and the
    qualifier is read from the other words, as for "X said 11,000" (a bare number is ``exact``):
    the hedge is carried by the attribution, as in "Some estimates put it at 12,000".
    """
    before = phrase_before(left, _qualifier_table()["before"])
    if before and _ends_with_verb_estimated(left):
        before = ""
    if before:
        return before, 0
    found = _right_qualifier().match(right) if _may_open_with_after_phrase(right) else None
    if found:
        return _qualifier_table()["after"][normalise(found.group()).lstrip("-")], found.end()
    return "exact", 0


@cache
def _after_phrase_openings() -> frozenset[str]:
    """The lower-case first characters of the qualifiers written after a number ("or more": "o")."""
    return frozenset(phrase[0].lower() for phrase in _qualifier_table()["after"])


def _may_open_with_after_phrase(right: str) -> bool:
    """False when :func:`_right_qualifier` cannot match ``right``: a phrase starts after the leading
    spaces (or after one hyphen), and an ASCII character there that opens no phrase, in either
    case, rules it out; most numbers stop here instead of trying the whole alternation. A
    character beyond ASCII is left to the pattern (its case folding is the engine's)."""
    openings = _after_phrase_openings()
    first = right.lstrip()[:1]
    if not first or not first.isascii() or first.lower() in openings:
        return True
    second = right[1:2] if right[:1] == "-" else ""
    return bool(second) and (not second.isascii() or second.lower() in openings)


def _ends_with_verb_estimated(left: str) -> bool:
    """True when ``left`` ends with the reporting verb "estimated" (not the adjective)."""
    stripped = left.rstrip()
    if not stripped.lower().endswith("estimated") or stripped[-10:-9].isalpha():  # not "underestimated"
        return False
    return estimated_is_verb(stripped[:-len("estimated")])


_LAST_WORD = re.compile(r"([A-Za-z][\w’'.-]*)\s+$")  # the word before "estimated" (compiled once)


def estimated_is_verb(before: str) -> bool:
    """Whether "estimated", preceded by ``before`` (the sentence up to it) and followed by a
    number, is a reporting verb rather than an adjective.

    A verb after a subject: a name or other capitalised word that is not a function word
    ("The Pentagon estimated 11,000", "Kyiv estimated"), a source noun of
    ``lexicons/attribution_sources.txt`` ("officials estimated"), a pronoun ("it estimated"),
    "who"/"which", or an auxiliary or adverb of :data:`AUXILIARIES` ("has estimated").
    An adjective after an article, a possessive, another word, punctuation or at the sentence
    start ("an estimated 10,000", "Russia's estimated 10,000", "sending estimated 10,000",
    "Estimated 10,000 troops").
    """
    found = _LAST_WORD.search(before)
    if not found:
        return False
    word = found.group(1)
    lower = word.lower()
    if lower.endswith(("'s", "’s", "s'", "s’")):
        return False
    if lower in AUXILIARIES or lower in PRONOUNS or lower in ("who", "which") or lower in source_nouns():
        return True
    return word[0].isupper() and lower not in STOP_WORDS and lower not in DETERMINERS


def phrase_before(left: str, table: dict[str, str] | frozenset[str]) -> str:
    """The entry of ``table`` formed by the last one to three words of ``left`` (longest first),
    or "". Dictionary look-ups instead of a regex search: this runs for every number."""
    if left.endswith("~") and "~" in table:
        return table["~"] if isinstance(table, dict) else "~"
    tail = left.rsplit(None, 1)  # the last word alone first: most numbers stop at it
    if not tail:
        return ""
    last = tail[-1].lower()
    ends = _last_words(table)
    if last not in ends and last.lstrip("(“‘\"'[") not in ends:
        return ""  # no entry ends with the last word: most numbers stop here
    words = left.lower().split()[-3:]
    for size in (3, 2, 1):
        if len(words) >= size:
            phrase = " ".join(words[-size:]).lstrip("(“‘\"'[")
            if phrase in table:
                return table[phrase] if isinstance(table, dict) else phrase
    return ""


_ENDINGS: dict[int, tuple[object, frozenset[str]]] = {}


def _last_words(table: dict[str, str] | frozenset[str]) -> frozenset[str]:
    """The last words of a table's entries (kept per table: the tables are built once)."""
    found = _ENDINGS.get(id(table))
    if found is None or found[0] is not table:
        found = (table, frozenset((entry.split() or [""])[-1] for entry in table))
        _ENDINGS[id(table)] = found
    return found[1]


def bounded_values(qualifier: str, low: float | None, high: float | None) -> tuple[float | None, float | None]:
    if qualifier == "lower_bound":
        return low, None
    if qualifier == "upper_bound":
        return None, high
    return low, high
