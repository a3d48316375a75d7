"""What a number counts: the counted noun, its category and the group of people counted."""

from __future__ import annotations

from functools import cache, lru_cache
import bisect
import re

from analysis.lexicons import LEXICON_DIR, load_lexicon
from analysis.estimates.numbers import LOWER_WORDS, SCALES, Token, UNITS, currencies, units
from analysis.lexicons import trie_alternation
from analysis.estimates.words import DETERMINERS, RIGHT_WINDOW, STOP_WORDS, WORD_RE, lexicon_fields, normalise, reporting_verbs, WholeWords


CATEGORIES = ("troops", "casualties", "prisoners", "munitions", "money", "other")


_ANTECEDENT_WORDS = 15  # how far back (words) the people noun of a bare number may stand


_PEOPLE_CATEGORIES = frozenset({"troops", "other"})


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


# Nouns for a body of troops: "a 10,000-strong force" counts its members, so it is troops.
_UNIT_NOUNS = frozenset(
    "force forces contingent contingents army battalion battalions brigade brigades division "
    "divisions corps unit units detachment detachments regiment regiments".split()
)


@cache
def category_of_noun() -> dict[str, str]:
    """The documented counted noun -> category mapping."""
    return {noun: category for noun, category in lexicon_fields("estimate_categories")}


@cache
def _durations() -> frozenset[str]:
    return frozenset(load_lexicon("duration_nouns"))


@cache
def category_cues() -> dict[str, str]:
    return {cue: category for cue, category in lexicon_fields("estimate_category_cues")}


# One character class first (a comma counts only before a space), so the engine skips to the
# next candidate character in C instead of trying the pattern at every position.
_CLAUSE_BREAK = re.compile(r"[;:—–()“”\",](?:(?<=,)\s|(?<!,))")


_AGE_SUFFIX = re.compile(r"-(?:year|month|week|day)|\s(?:year|month|week|day)s?-old\b")  # "a 25-year-old", "18 month-old"


_STRONG = re.compile(r"-strong\b")


@cache
def _cue_words() -> WholeWords:
    return WholeWords(list(category_cues()))


@lru_cache(maxsize=256)
def head_noun_counted(right: str) -> str:
    """Head noun of the noun group after a number, skipping "of" ("thousands of troops").

    The group ends at a stop word (article, preposition, auxiliary ...), at punctuation and at a
    word that introduces a source or a list ("according", "said", "including"). Returns "" when
    the group holds no word that can be a noun ("up to 3,000 killed or wounded", "3,000 more",
    "100,000 according to ..."); the caller then falls back to :func:`_antecedent`.
    """
    return _head_noun(_group_words(right))


# The words of :data:`WORD_RE` that open ``right``, separated by nothing but spaces: the noun
# group lies inside them (it ends at the first token that is no word), and ``next`` is the
# character after them. One match and one ``split`` instead of a match object per word.
_WORD_RUN = re.compile(r"(?P<run>(?:\s*[A-Za-z][\w’'-]*)*+)\s*(?P<next>.)?", re.DOTALL)
# The run is possessive: what follows it always matches (both parts are optional), so the engine
# never gives a word back, and it keeps no place to return to for each word it reads.


def _group_words(right: str) -> list[str]:
    """The lower-cased words of the noun group that opens ``right`` (at most five; see
    :func:`head_noun_counted` for where it ends), read within ``RIGHT_WINDOW`` characters."""
    found = _WORD_RUN.match(right, 0, RIGHT_WINDOW)
    after = found.group("next")
    if after and after.isalpha():  # a word opening with a letter beyond A-Z: the token by token reading
        return _group_words_by_token(right)
    words = found.group("run").split()
    group: list[str] = []
    at = 0
    if words and words[0] == "of":  # "thousands of (the) troops"
        at = 1
        while at < len(words) and words[at].lower() in DETERMINERS:
            at += 1
    for word in words[at:at + 6]:  # the sixth word only ends the group
        lower = word.lower()
        if lower in STOP_WORDS or lower in _GROUP_ENDERS or len(group) == 5:
            break
        group.append(lower)
        if lower == "others":  # "1,000 others had been wounded": a pronoun for people, ends the group
            break
    return group


def _group_words_by_token(right: str) -> list[str]:
    """:func:`_group_words` read token by token with :data:`WORD_RE`, for a window in which a word
    opens with a letter beyond A-Z (a token of its own there, which still counts as a word)."""
    group: list[str] = []
    state = _FIRST
    for match in WORD_RE.finditer(right, 0, RIGHT_WINDOW):
        word = match.group()
        if state is _FIRST:
            if word == "of":  # "thousands of (the) troops"
                state = _AFTER_OF
                continue
            state = _IN_GROUP
        elif state is _AFTER_OF:
            if word.lower() in DETERMINERS:
                continue
            state = _IN_GROUP
        lower = word.lower()
        if not word[0].isalpha() or lower in STOP_WORDS or lower in _GROUP_ENDERS or len(group) == 5:
            break
        group.append(lower)
        if lower == "others":
            break
    return group


_FIRST, _AFTER_OF, _IN_GROUP = "first word", "after of", "in the group"  # where head_noun_counted is in the words


def _could_be_head(word: str) -> bool:
    """False for words that cannot be what a number counts: participles and verbs ("killed",
    "wounded", "died", "captured", "fighting"), adverbs ("reportedly"), number words ("a handful
    or two"), comparatives and quantity adjectives ("more", "additional", "odd"), casualty and
    prisoner cue words, reporting verbs ("say", "reported"; not their -s forms, which are also
    plural nouns: "3,000 claims") and words of :data:`_GROUP_ENDERS`. Known nouns of the
    category lexicon always can ("casualties", "prisoners")."""
    if word in category_of_noun():
        return True
    if word in _never_heads():
        return False
    return not word.endswith(("ed", "ing", "ly"))


@cache
def _never_heads() -> frozenset[str]:
    """The words :func:`_could_be_head` turns down whatever their ending, in one set (one look-up
    per word instead of seven): number and scale words, "dozen(s)", :data:`_NOT_HEADS`,
    :data:`_GROUP_ENDERS`, category cues, reporting verbs not ending in "s" ("say", "said"; but
    "3,000 claims", "10 reports" are nouns) and stop words. Known nouns of the category lexicon
    are checked before it."""
    scales = set(SCALES) | {scale + "s" for scale in SCALES}  # the words whose removesuffix("s") is a scale
    verbs = {verb for verb in reporting_verbs() if not verb.endswith("s")}
    return frozenset(set(UNITS) | scales | {"dozen", "dozens"} | _NOT_HEADS | _GROUP_ENDERS | set(category_cues())
                     | verbs | STOP_WORDS)


def _head_noun(group: list[str]) -> str:
    """Pick the counted noun: the first known noun that heads its group, else the first plural,
    else the first word that can be a noun (:func:`_could_be_head`), else ""."""
    if len(group) == 1:  # most groups (a known noun or not, it is the head if it can be one at all)
        return group[0] if _could_be_head(group[0]) else ""
    return _head_noun_of_words(group)


def _head_noun_of_words(group: list[str]) -> str:
    """:func:`_head_noun` by the general rule, for a group of any length (the one-word shortcut
    there gives the same answer: ``tests/test_estimates_fast_paths.py``)."""
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


# Compiled once (a pattern given as a string is looked up in the re module's cache at every call).
_OF_OR_FROM = re.compile(r"\s*(?:of|from)\s+(?:the\s+)?")  # "troops of the Ukrainian army"


def _antecedent(before: str) -> str:
    """For a number with no noun after it ("only a handful have been captured", "up to 3,000
    killed or wounded"), the last noun for people earlier in the same sentence: a noun of the
    troops category or a people noun of the other category ("... deceased North Korean
    soldiers, while ...", "seven people had been killed and 17 injured"), at most
    ``_ANTECEDENT_WORDS`` words back; "" when there is none."""
    known = category_of_noun()
    for word in reversed(LOWER_WORDS.findall(before.lower())[-_ANTECEDENT_WORDS:]):
        if known.get(word) in _PEOPLE_CATEGORIES:
            return word
    return ""


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause around a number: from the last break before it to the next one after it."""
    breaks = _clause_breaks(sentence)
    i = bisect.bisect_right(breaks, (start, start)) - 1  # the last break ending by ``start``
    while i >= 0 and breaks[i][1] > start:
        i -= 1
    j = bisect.bisect_left(breaks, (end, end))  # the first break starting at or after ``end``
    return sentence[breaks[i][1] if i >= 0 else 0:breaks[j][0] if j < len(breaks) else len(sentence)]


@lru_cache(maxsize=64)
def _clause_breaks(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of every clause break of a sentence (cached: a sentence often holds several numbers)."""
    return [m.span() for m in _CLAUSE_BREAK.finditer(sentence)]


def _category(counted: str, token: Token, sentence: str, span: tuple[int, int], members: bool = False,
              whole: bool = False) -> str:
    """Category of a number: money for a currency (a symbol or a currency noun: "40 dollars"),
    other for a percentage or a measure ("128GB"), else the category of the counted noun (troops
    for the members of a unit, ``members``: "a 10,000-strong force"), turned into casualties or
    prisoners by a loss, death, wounding or capture cue in the number's clause ("lost 48,000 men", "were
    irretrievable losses", "were taken captive"; ``lexicons/estimate_category_cues.txt``) when
    it counts people: a troops noun, a people noun of the other category, or no noun at all.
    The whole of a partitive (``whole``: the 9,000 of "800 of the 9,000 troops ... dead") keeps
    the category of its noun: the cue belongs to the part."""
    if token.currency or counted in currencies():
        return "money"
    if token.percent or token.unit:
        return "other"
    known = category_of_noun()
    category = known.get(counted, "other")
    if members and counted in _UNIT_NOUNS:
        category = "troops"
    if whole:
        return category
    people = category == "troops" or (category == "other" and (not counted or counted in known))
    cues = _cue_words()
    # The clause (``span`` of the number in ``sentence``) is only cut when its cue can matter, and
    # only searched when the sentence holds a cue's opening word: the clause lies between breaks
    # that are no letters, so a cue whole in the clause is whole in the sentence.
    if people and cues.may_occur(sentence):
        cue = cues.search(_clause(sentence, *span))
        if cue:
            return category_cues()[normalise(cue.group())]
    return category


# Partitives: "800 of the 9,000 troops", "1,000 of 11,000 soldiers": the part counts what the
# whole counts; the whole is read on its own ("the 9,000 troops").
_PARTITIVE_PART = re.compile(r"\s+of\s+(?:the\s+|these\s+|those\s+|its\s+|their\s+|an?\s+estimated\s+)?(?=[\d$€£])[\d,.]+(?:\s*(?:million|thousand|bn|m|k)\b)?")
_PARTITIVE_WHOLE = re.compile(r"(?:\d|\b(?:dozens|hundreds|thousands|handful|some|many|most|all|half))\S*\s+of\s+(?:the\s+|these\s+|those\s+|its\s+|their\s+|an?\s+estimated\s+)?$", re.I)


# The words :data:`_PARTITIVE_WHOLE` can end with (before the spaces in front of the number).
_PARTITIVE_LAST_WORDS = frozenset({"of", "the", "these", "those", "its", "their", "estimated"})


def partitive_part(right: str) -> int:
    """Length of "of the 9,000" after a part ("800 of the 9,000 troops"), else 0."""
    if not (right[:1].isspace() and right.lstrip().startswith("of")):
        return 0  # no "of" opens the words after the number: most numbers stop here
    found = _PARTITIVE_PART.match(right)
    return found.end() if found else 0


def is_partitive_whole(left: str) -> bool:
    """True for the 9,000 of "800 of the 9,000 troops" (a number or quantity word, then "of the")."""
    tail = left[-40:]
    last = tail.rsplit(None, 1) if tail[-1:].isspace() else None
    if not last or (last[-1].isascii() and last[-1].lower() not in _PARTITIVE_LAST_WORDS):
        return False  # the pattern ends with "of" or a word after it, then spaces: most numbers stop here
    return "of" in tail[-20:] and bool(_PARTITIVE_WHOLE.search(tail))  # it ends "of" or "of the ..."


def unit_of(token: Token, counted: str, category: str) -> str:
    """The unit column: the currency, "percent", a measure ("gigabytes", "miles"), "people" for a
    count of people (troops, casualties, prisoners, a people noun), else "count"."""
    if token.currency:
        return token.currency
    if token.percent:
        return "percent"
    if token.unit:
        return token.unit
    if counted in currencies():
        return currencies()[counted]
    if counted in units():
        return units()[counted][0]
    if category in ("troops", "casualties", "prisoners") or (category == "other" and counted in category_of_noun()):
        return "people"
    if category == "money":
        return "money"
    return "count"


@cache
def group_forms() -> frozenset[str]:
    """The lower-case written forms of ``lexicons/estimate_groups.txt`` ("ukrainian", "russia's", "nato"):
    words that keep their capital wherever they stand."""
    return frozenset(_group_table())


@cache
def _group_table() -> dict[str, str]:
    """Written form (adjective, name, name's) -> group label, ``lexicons/estimate_groups.txt``."""
    table: dict[str, str] = {}
    lines = (LEXICON_DIR / "estimate_groups.txt").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            adjective, name, label = (field.strip() for field in line.split("|"))
            for form in (adjective, name, name + "'s", name + "’s"):
                table.setdefault(form.lower(), label)  # the label keeps its capitals ("NATO")
    return table


@cache
def _group_pattern() -> re.Pattern[str]:
    """A listed form written with a capital, not inside a word: one branch per first letter, the
    capital a literal and the rest of the form case-insensitive. The pattern so starts with a set
    of capitals, and the engine skips in C to the next capital instead of trying every position."""
    by_first: dict[str, list[str]] = {}
    for form in sorted(_group_table()):
        by_first.setdefault(form[0], []).append(form[1:])
    branches = [rf"{first.upper()}(?<![\w-]{first.upper()})(?i:{trie_alternation(rests)})"
                for first, rests in sorted(by_first.items())]
    return re.compile(rf"(?:{'|'.join(branches)})(?![\w])")


def _groups_in(text: str) -> list[re.Match[str]]:
    """Group mentions in ``text``: a listed form written with a capital ("North Korean",
    "Russia's"; never the pronoun "us")."""
    return list(_group_pattern().finditer(text))


@lru_cache(maxsize=64)
def _has_group(sentence: str) -> bool:
    """Whether ``sentence`` names any group at all (cached: a sentence often holds several numbers).
    The first mention answers it: no list of them all is built."""
    return _group_pattern().search(sentence) is not None


def _label(match: re.Match[str]) -> str:
    return _group_table()[normalise(match.group())]


# Where the words governing a number start: a clause break (these marks, a comma and a space) or a
# subordinating word ("warned that North Korea could deploy up to 12,000 troops").
GOVERNING_MARKS = ';:—–()“”"'
GOVERNING_WORDS = ("that", "which", "who", "while", "whereas", "after", "before", "when", "because", "but", "and")

# The break as one pattern with every branch opening with one literal character, so the engine
# skips in C to the next candidate character (``\b(?:that|which|...)\s`` has no first character to
# skip to and is tried at every position; ``tests/test_estimates_fast_paths.py`` holds the two
# equal). The word boundary before a word is a look-behind after its first letter, written in both
# cases (no other character folds to t, w, a or b); the rest of each word is read without case.
_GOVERNING_WORDS: dict[str, str] = {}
for _word in GOVERNING_WORDS:
    _GOVERNING_WORDS[_word[0]] = f"{_GOVERNING_WORDS[_word[0]]}|{_word[1:]}" if _word[0] in _GOVERNING_WORDS else _word[1:]
del _word
_GOVERNING_BREAK_FAST = re.compile("|".join(
    [re.escape(mark) for mark in GOVERNING_MARKS] + [r",\s"]
    + [rf"{first}(?<!\w.)(?i:{rest})\s" for letter, rest in _GOVERNING_WORDS.items() for first in (letter, letter.upper())]))


def group_of(sentence: str, start: int, end: int, right: str, counted: str, antecedent: bool = False) -> str:
    """Who is counted: the group (``lexicons/estimate_groups.txt``) in the noun group between the
    number and its counted noun ("10,000 North Korean troops", "thousands of Russian soldiers"),
    else just after the noun ("troops of the Ukrainian army", "soldiers from North Korea"), else,
    for a counted noun found earlier in the sentence (``antecedent``), the group just before that
    noun, else the first group in the words governing the number, from the last clause break or
    subordinating word before it ("North Korea could deploy up to 12,000 troops", "Russia has
    lost 48,000 men"); "" when none is stated."""
    if not _has_group(sentence):
        return ""  # most sentences name no group: one cached search instead of several
    if antecedent and counted:
        before = sentence[:start]
        at = before.lower().rfind(counted)
        if at >= 0:
            mentions = _groups_in(before[max(0, at - 40):at])
            return _label(mentions[-1]) if mentions else ""
        return ""
    if counted:
        at = right.lower().find(counted)
        if at >= 0:
            mentions = _groups_in(right[:at])
            if mentions:
                return _label(mentions[-1])
            after = _OF_OR_FROM.match(right[at + len(counted):])
            if after:
                mentions = _groups_in(right[at + len(counted) + after.end():][:30])
                if mentions and mentions[0].start() == 0:
                    return _label(mentions[0])
    left = sentence[:start]
    cuts = [m.end() for m in _GOVERNING_BREAK_FAST.finditer(left)]
    mentions = _groups_in(left[cuts[-1] if cuts else 0:])
    return _label(mentions[0]) if mentions else ""
