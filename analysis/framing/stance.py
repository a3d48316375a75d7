"""Stance lexicons (hedges, boosters, evaluative, subjective, tense ...) compiled into one trie and scanned per sentence."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from analysis.framing.frames import frame_dictionary
from analysis.lexicons import LEXICON_DIR, load_lexicon, trie_alternation


_LEXICON_SPECIALS = re.compile(r"\bMay\b|\bUS\b|\bU\.S\.(?!\w)")

STANCE_LEXICONS = [
    "hedges", "boosters", "first_person", "directives", "evaluative", "intensifiers",
    "subjective", "negations", "past_tense", "present_tense",
]
"""Lexicons counted outside direct quotations; each gives ``n_<name>`` (and ``<name>_terms`` for three)."""
SUFFIX_FEATURES = {"ed": "past_tense"}
"""Word endings that add to a lexicon's count: every word of four letters or more in -ed is a past
form (``past_tense.txt``), unless ``suffix_exceptions.txt`` lists it."""
_ENDING = re.compile("(?:" + "|".join(SUFFIX_FEATURES) + r")\b(?!['’])")
_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
TERM_COLUMNS = {"hedges": "hedge_terms", "boosters": "booster_terms", "evaluative": "evaluative_terms"}

def lexicon_regex(entries: Iterable[str], *, lookbehind: str = "") -> re.Pattern[str]:
    """Compile lexicon entries into one whole-word alternation over :func:`lower_text` output.

    The alternation is a character trie (:func:`analysis.lexicons.trie_alternation`): longer
    entries win over their prefixes and each text position costs one branch per letter. A
    trailing ``*`` on an entry matches any word ending; an apostrophe matches ' or ’.
    ``lookbehind`` is prefixed to the whole pattern.
    """
    body = trie_alternation(entries)
    return re.compile(f"{lookbehind}\\b(?:{body})(?![\\w'’])" if body else r"(?!x)x")


def lower_text(text: str) -> str:
    """Lower-case text for lexicon matching, position for position with the original.

    "May" (month, name) and "US"/"U.S." (the country) would read as the hedge "may" and the
    first-person "us" once lower-cased; they are blanked with underscores of the same length.
    """
    if "May" in text or "US" in text or "U.S." in text:
        text = _LEXICON_SPECIALS.sub(lambda m: m.group()[0] + "_" * (len(m.group()) - 1), text)
    return text.lower()


@dataclass(frozen=True)
class _Lexicons:
    """Every compiled lexicon, built once per process."""

    combined: re.Pattern[str]
    """All stance lexicons and frame terms in one trie: one pass per sentence finds every candidate."""
    parts: dict[str, re.Pattern[str]]
    term_frames: dict[str, frozenset[str]]
    phrases: re.Pattern[str]
    finite_verbs: re.Pattern[str]
    speaker_verbs: re.Pattern[str]
    secondary_cues: frozenset[str]
    decision_cues: frozenset[str]
    """Cue words of the learned attribution decision (``attribution_decision``: the ``cue:`` entries), in the trie so
    that the scan finds them at no extra pass."""
    """Cues learned from PolNeAR train by their precision there (``attribution_cues_learned``), found
    with the finite reporting verbs but tried only when those credit no one."""
    source_nouns: frozenset[str]
    suffix_lexicon_words: dict[str, frozenset[str]]
    """Suffix -> entries of the lexicon it adds to (already counted by the trie)."""
    suffix_exceptions: dict[str, frozenset[str]]
    """Suffix -> words with that ending that are not the inflected form (``suffix_exceptions.txt``)."""


@cache
def compiled_lexicons() -> _Lexicons:
    dictionary = frame_dictionary()
    term_frames: dict[str, set[str]] = {}
    for frame, terms in dictionary.items():
        for term in terms:
            term_frames.setdefault(term, set()).add(frame)
    entries = {name: load_lexicon(name) for name in STANCE_LEXICONS}
    # a booster right after "not"/"never" is no booster; listing the negated forms in the
    # combined trie makes them win as the longer match
    negated = [f"{word} {booster}" for booster in entries["boosters"] for word in ("not", "never")]
    parts = {name: lexicon_regex(words) for name, words in entries.items()}
    parts["boosters"] = lexicon_regex(entries["boosters"], lookbehind=r"(?<!\bnot )(?<!\bnever )")
    parts["frames"] = lexicon_regex(term_frames)
    # the hand-made list and the one derived from PolNeAR's train annotations (see its header)
    verbs = sorted(set(load_lexicon("reporting_verbs")) | set(load_lexicon("reporting_verbs_learned")))
    # -ing forms are read as nouns too often ("Defector's warning") to credit a source alone
    finite = [verb for verb in verbs if not verb.endswith("ing")]
    # stances, plans and beliefs ("wants", "supports") kept by their precision on PolNeAR train
    secondary = sorted(set(load_lexicon("attribution_cues_learned")) - set(verbs))
    finite += secondary
    phrases = load_lexicon("attribution_phrases")
    decision_cues = decision_cue_words()
    every_entry = (
        [e for words in entries.values() for e in words] + negated + list(term_frames) + finite + phrases + sorted(decision_cues)
    )
    return _Lexicons(
        combined=lexicon_regex(every_entry),
        parts=parts,
        term_frames={term: frozenset(frames) for term, frames in term_frames.items()},
        phrases=lexicon_regex(phrases),
        finite_verbs=lexicon_regex(finite),
        speaker_verbs=lexicon_regex(verbs, lookbehind=r"(?<!so-)"),
        secondary_cues=frozenset(secondary),
        decision_cues=decision_cues,
        source_nouns=frozenset(load_lexicon("attribution_sources")) | frozenset(load_lexicon("attribution_sources_learned")),
        suffix_lexicon_words={suffix: frozenset(entries[name]) for suffix, name in SUFFIX_FEATURES.items()},
        suffix_exceptions=_suffix_exceptions(),
    )


def decision_cue_words() -> frozenset[str]:
    """The cue words the learned attribution decision weighs: the ``cue:<word>`` entries of
    ``lexicons/attribution_decision.txt`` (none when the file is absent)."""
    if not (LEXICON_DIR / "attribution_decision.txt").is_file():
        return frozenset()
    entries = load_lexicon("attribution_decision")
    return frozenset(entry.split("\t")[0][len("cue:"):] for entry in entries if entry.startswith("cue:"))


def _suffix_exceptions() -> dict[str, frozenset[str]]:
    exceptions: dict[str, set[str]] = {suffix: set() for suffix in SUFFIX_FEATURES}
    for line in load_lexicon("suffix_exceptions"):
        suffix, _, word = line.partition(":")
        exceptions.setdefault(suffix.strip(), set()).add(word.strip())
    return {suffix: frozenset(words) for suffix, words in exceptions.items()}


@cache
def _suffix_feature(word: str) -> str | None:
    """The lexicon a word found by :func:`_suffixed_words` counts for, or None:
    a listed exception ("need", "indeed"), or an entry of that lexicon, already counted by the trie."""
    lex = compiled_lexicons()
    for suffix, name in SUFFIX_FEATURES.items():
        if word.endswith(suffix):
            excluded = word in lex.suffix_exceptions[suffix] or word in lex.suffix_lexicon_words[suffix]
            return None if excluded else name
    return None

@cache
def _decompose(match: str) -> tuple[bool, bool, bool, tuple[tuple[str, tuple[str, ...]], ...]]:
    """What one combined-trie match counts for: whether it is an attribution phrase, whether a
    finite reporting verb (a cue counts only as a whole match: "estimated" yes, "is believed to"
    no), whether a cue word of the learned decision (a whole match too), and ``(lexicon, terms)``
    pairs, frames included.

    The combined trie keeps only the longest entry at a position; running each lexicon's own
    regex over that match recovers the shorter entries of other lexicons inside it ("let's" in
    "let's be clear" is first person as well as part of a booster).
    """
    lex = compiled_lexicons()
    found = []
    for name, pattern in lex.parts.items():
        terms = tuple(re.sub(r"\s+", " ", t).replace("’", "'") for t in pattern.findall(match))
        if name == "frames":
            terms = tuple(sorted({f for t in terms for f in _frames_of(t, lex.term_frames)}))
        if terms:
            found.append((name, terms))
    return (
        lex.phrases.fullmatch(match) is not None, lex.finite_verbs.fullmatch(match) is not None,
        match in lex.decision_cues, tuple(found),
    )


def _frames_of(word: str, term_frames: dict[str, frozenset[str]]) -> list[str]:
    """Frames of a matched word: its exact entry, or every wildcard entry it starts with."""
    found = set(term_frames.get(word, ()))
    for term, frames in term_frames.items():
        if term.endswith("*") and word.startswith(term[:-1]):
            found |= frames
    return sorted(found)


class LexiconScan(NamedTuple):
    """What one pass of the combined trie finds in a sentence (:func:`scan_sentence`)."""

    hits: dict[str, list[str]]
    """Terms of every stance lexicon (frame names under "frames")."""
    phrases: list[re.Match[str]]
    """Attribution phrases ("according to")."""
    verbs: list[re.Match[str]]
    """Finite reporting verbs and the second pass's cues."""
    cues: list[re.Match[str]]
    """Cue words of the learned attribution decision (``attribution_decision``), each a whole match."""


def scan_sentence(lowered: str, *, suffixes: bool = True) -> LexiconScan:
    """One pass of the combined trie: terms of every stance lexicon (frame names under "frames"),
    and the matches of attribution phrases, finite reporting verbs and the learned decision's cue
    words, for their positions; with ``suffixes``, :func:`_suffixed_words` adds the words the suffix
    rules count."""
    hits: dict[str, list[str]] = {}
    phrases: list[re.Match[str]] = []
    verbs: list[re.Match[str]] = []
    cues: list[re.Match[str]] = []
    for match in compiled_lexicons().combined.finditer(lowered):
        is_phrase, is_verb, is_cue, pairs = _decompose(match.group())
        if is_phrase:
            phrases.append(match)
        if is_verb:
            verbs.append(match)
        if is_cue:
            cues.append(match)
        for name, terms in pairs:
            hits.setdefault(name, []).extend(terms)
    if suffixes:
        for word in _suffixed_words(lowered):
            name = _suffix_feature(word)
            if name:
                hits.setdefault(name, []).append(word)
    return LexiconScan(hits, phrases, verbs, cues)


def scan_lexicons(lowered: str, *, suffixes: bool = True) -> tuple[dict[str, list[str]], list[re.Match[str]], list[re.Match[str]]]:
    """:func:`scan_sentence` without the decision's cue words: stance terms, attribution phrases, reporting verbs."""
    hits, phrases, verbs, _ = scan_sentence(lowered, suffixes=suffixes)
    return hits, phrases, verbs


def _suffixed_words(lowered: str) -> list[str]:
    """Words of :func:`lower_text` output that end in a :data:`SUFFIX_FEATURES` ending, with at least
    two letters (a-z) before it; the last part of a hyphenated word counts ("well-armed").

    The endings are searched as literals (fast) and each hit's word is read backwards from it: a
    pattern that tried every word start costs twice as much.
    """
    words = []
    for match in _ENDING.finditer(lowered):
        start = end = match.start()
        while start and lowered[start - 1] in _ASCII_LOWER:
            start -= 1
        if end - start >= 2 and not (start and (lowered[start - 1].isalnum() or lowered[start - 1] == "_")):
            words.append(lowered[start : match.end()])
    return words
