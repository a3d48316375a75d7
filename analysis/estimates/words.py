"""Word sets and lexicon helpers shared by the rules of the estimates stage (public: the sibling
modules import them)."""

from __future__ import annotations

from functools import cache, lru_cache
import re

from analysis.lexicons import load_lexicon
from analysis.lexicons import trie_alternation


# How far around a number the qualifier and counted-noun rules look (characters).
LEFT_WINDOW = 40  # ample for the last three words before a number


RIGHT_WINDOW = 90


# Words that end the noun group after a number (the counted noun is inside the group).
STOP_WORDS = frozenset(
    """a an the this that these those its their his her our your my whose which who whom what
    to in on at from for with by of into onto over under about after before during since until
    across against between among through per than as like near behind beyond within without
    toward towards upon via is are was were be been being have has had do does did will would
    could can may might must shall should not no nor but so if when while where because although
    though yet then also only just even still already it they them he she we you i us him
    each every some any all both either neither most""".split()
)


DETERMINERS = frozenset("a an the these those this that recent new latest some other its their".split())


AUXILIARIES = frozenset("has have had also reportedly previously publicly recently had has now".split())


PRONOUNS = frozenset("he she they it we i".split())


ARTICLES = frozenset("a an the these those this that some its their".split())


NAME_LINKS = frozenset("of for the and on in to at".split())  # small words inside a name


def lexicon_fields(name: str) -> list[list[str]]:
    """Split ``a | b | c`` lexicon entries into stripped fields."""
    return [[field.strip() for field in entry.split("|")] for entry in load_lexicon(name)]


@cache
def reporting_verbs() -> frozenset[str]:
    return frozenset(load_lexicon("reporting_verbs"))


@cache
def source_nouns() -> frozenset[str]:
    return frozenset(load_lexicon("attribution_sources"))


def alternation(phrases: list[str]) -> str:
    """Regex alternation of literal phrases, longest first so the longest phrase wins."""
    ordered = sorted(phrases, key=lambda p: (-len(p), p))
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


def trie(phrases: list[str], first_upper: bool = True) -> str:
    """Regex of lower-case phrases as a character trie (much faster than a flat alternation in
    Python's engine); the first letter may also be a capital ("Thousands", "Ten"). The capitalised
    phrases are entries of their own, so every first branch starts with one literal letter, which
    the engine rejects in one comparison (a ``[tT]`` class costs a set test per branch)."""
    if first_upper:
        phrases = sorted(set(phrases) | {p[:1].upper() + p[1:] for p in phrases})
    return trie_alternation(phrases)


# Bytes of UTF-8 text -> its runs of ASCII letters in lower case, every other byte a space (the
# bytes of a character beyond ASCII are all 0x80 or above, so such a character ends a run).
LETTER_RUNS = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))


@lru_cache(maxsize=64)
def letter_runs(text: str) -> list[bytes]:
    """The runs of ASCII letters of ``text``, in lower case: one ``encode``, ``translate`` and
    ``split`` in C. A prefilter for the word lists searched in a sentence: a phrase that opens
    with a run of ASCII letters and matches as a whole word has that run among them
    (:meth:`WholeWords.may_occur`). A list, not a set: a set test over it hashes each run once
    (bytes keep their hash), cheaper than building a set. Cached: a sentence's word lists share it."""
    return text.encode("utf-8", "surrogatepass").translate(LETTER_RUNS).split()


def first_run(phrase: str) -> bytes:
    """The run of ASCII letters that opens ``phrase``, in lower case ("point out" -> b"point",
    "Russia's" -> b"russia"); b"" when it opens with anything else."""
    found = re.match(r"[A-Za-z]*", phrase)
    return found.group().lower().encode("ascii")


class WholeWords:
    """Whole-word matches of lexicon phrases, the matches of ``\\b(?:trie)\\b`` (:func:`trie`).

    A pattern that opens with ``\\b`` has no first character the engine can skip to, so it is
    tried at every position of a text. Here a scanning pattern reads the character before a
    phrase first (no word character, one character class), checks the phrase in a lookahead,
    and the phrase's own match is then taken at the next position: the engine skips the inside
    of words in C. Every phrase opens with a word character, so a word boundary before it is
    exactly a non-word character before it (or the start of the text, tried on its own).
    """

    def __init__(self, phrases: list[str], first_upper: bool = True) -> None:
        bad = [phrase for phrase in phrases if not phrase[:1].isalnum()]
        if bad:
            shown = ", ".join(repr(phrase[:40]) for phrase in bad[:5])
            raise ValueError(
                f"a word-list entry must open with a letter or digit: {shown}; "
                f"remove or reword it in its lexicon file under analysis/lexicons/"
            )
        body = trie(phrases, first_upper)
        self.pattern = re.compile(rf"\b{body}\b")
        self._scan = re.compile(rf"\W(?={body}\b)")
        # The phrases' opening letter runs, for :meth:`may_occur`; None when a phrase opens with a
        # character beyond A-Z or holds the trie's "*" (a word ending), where a run says nothing.
        keys = [first_run(phrase) for phrase in phrases]
        self.keys = None if any(not key or "*" in phrase for key, phrase in zip(keys, phrases)) else frozenset(keys)

    def may_occur(self, text: str) -> bool:
        """False when no phrase can match in ``text`` (nor in any part of it cut at a non-letter):
        a phrase matched as a whole word has no ASCII letter before it, and its opening run of
        ASCII letters ends where the phrase has a non-letter (the same character in the text) or
        ends (a word boundary), so the run is one of :func:`letter_runs` of the text. The trie is
        literal but for the first letter's case, which the lower-case runs ignore."""
        return self.keys is None or not self.keys.isdisjoint(letter_runs(text))

    def search(self, text: str) -> re.Match[str] | None:
        """The first match in ``text``, as ``self.pattern.search(text)``."""
        found = self.pattern.match(text)
        if found:
            return found
        before = self._scan.search(text)
        return self.pattern.match(text, before.end()) if before else None

    def findall(self, text: str) -> list[re.Match[str]]:
        """Every match in ``text``, as ``list(self.pattern.finditer(text))``: after a match (which
        ends with a word character) the next one is searched from its end."""
        found: list[re.Match[str]] = []
        match = self.pattern.match(text)
        if match:
            found.append(match)
        position = match.end() if match else 0
        while before := self._scan.search(text, position):
            match = self.pattern.match(text, before.end())
            found.append(match)
            position = match.end()
        return found


WORD_RE = re.compile(r"[A-Za-z][\w’'-]*|\d[\d,.]*|[^\sA-Za-z\d]")


def normalise(phrase: str) -> str:
    return " ".join(phrase.lower().split())
