"""How each source frames the event: sentence features, document and genre profiles, vocabulary.

Stage ``02-compare-framing``. :func:`build_framing_tables` is the one entry point; it reads the
``sentences`` and ``documents`` tables of the load stage and returns

- ``framing_sentences``: one row per sentence, the features below;
- ``framing_documents``: one row per document, rates per 1,000 words with seeded bootstrap 95%
  intervals over sentences, and the share of sentences in each mode;
- ``framing_genres``: the same rates and shares pooled by genre;
- ``distinctive_terms``: words that set each genre apart from the rest (Monroe, Colaresi & Quinn
  2008, log-odds ratio with an informative Dirichlet prior);
- ``frame_emphasis``: share of sentences touching each Media Frames Corpus dimension (Card et al.
  2015), long format;
- ``feature_map``: documents in standardised framing-feature space reduced to 2-D by PCA;
- ``genre_separation``: a leave-one-document-out nearest-centroid test of whether the features
  separate the genres.

Sentence features, and where their word lists come from (``analysis/lexicons/*.txt``, each file
names its source in its header):

- **quotations.** Curly (“ ” ‘ ’) and straight (" ') quote marks are paired within a sentence;
  an apostrophe inside or at the end of a word (Russia’s, they're, soldiers’) is never a quote
  mark, because a single closing mark must not be followed by a letter and a single opening mark
  must not follow one. A double quote left open at the end of a sentence carries into the
  following sentences of the same paragraph until it closes (multi-sentence quotations). Each
  quoted span is judged on its own. It is a **direct quotation** (words put in a speaker's mouth)
  when it has a speaker or is too long to be a phrase held at arm's length:

  1. it continues a quotation opened in an earlier sentence of the paragraph, or is left open at
     the end of its sentence (the quotation runs on);
  2. it is longer than ``SCARE_QUOTE_MAX_WORDS`` words (a scare quote is a short phrase; a long
     quoted clause without a speaker in its sentence is nearly always a quotation whose speaker
     is named in a neighbouring sentence);
  3. the sentence credits a source (``attribution_source`` non-empty; the attribution rules below,
     run with quoted words masked out). A short phrase in such a sentence is a **partial
     quotation** of the credited speaker ("Officials said the troops were “pulled” from the
     front"): in news prose, quote marks inside reported speech mark the source's own words. The
     cost of this rule: an author's own scare quote in a sentence that also credits someone is
     read as the source's words;
  4. a reporting cue stands beside it (:meth:`_QuotesInSentence.cue_beside`): a reporting verb of
     any form or an attribution phrase at most ``SPEAKER_WINDOW_WORDS`` words before the opening
     mark, in the same clause ('He said: "…"', "described the attack as “barbaric”"), or a
     reporting verb just after a quotation that ends with a comma, question or exclamation mark
     (“…,” he said; “…?” asked Kim). A verb form after a determiner or preposition is a noun
     ("the report", "his comments on") and cues nothing, nor does a capitalised one.

  Otherwise it is a **scare quote** (a short phrase with no speaker: “pulled”, “meat soldiers”,
  'The word "Kursk" appeared in the report'). A reporting verb elsewhere in the sentence does not
  make a speaker.
- **attribution** (``reporting_verbs``, ``attribution_sources``, ``attribution_phrases``): a
  source is credited when (A) an attribution phrase is followed by its source ("according to
  NATO estimates"), (B) a reporting verb follows a source: a capitalised name, or a source noun or
  pronoun ("Sabrina Singh confirmed", "officials say", "reports suggest", "he said"), with at most
  three adverbs, auxiliaries or negations between ("officials have previously said") and, after
  a comma, past one comma-set aside or appositive ("Anil, the vice-chairman, said"), or (C) a
  reporting verb follows a comma or closing quote and precedes a name (“…,” said Zelensky;
  ", reports WP Wiadomości"). The first rule that fires, in the order A, B, C, gives
  ``attribution_cue`` (the verb or phrase), ``attribution_source`` (the credited span's text) and
  ``attribution_source_start`` / ``attribution_source_end``, the span's offsets in the cleaned
  document (``clean_text[start:end] == attribution_source``; empty when nothing is credited).
- **hedges**, **boosters** (Hyland 2005), **first person**, **directives** (Hyland's engagement
  markers: should, must, need to), **evaluative** words and **intensifiers** (Martin & White 2005
  appraisal: attitude and graduation; Quirk et al. 1985 amplifiers): counted
  outside direct quotations, because words in a speaker's mouth are not the author's stance
  (scare-quoted words are the author's and are counted). Capitalised "May" is the month or a
  name, never a hedge; "US" and "U.S." are never first person; a booster right after "not" or
  "never" ("not clear") is not a booster.
- **subjective** words (``subjective``: adjectives that Pattern's subjectivity lexicon, De Smedt &
  Daelemans 2012, rates mostly subjective, and their -ly adverbs), **negations** (Biber 1988,
  synthetic and analytic negation) and **tense**: ``n_past_tense`` counts irregular past forms
  (``past_tense``) and every word of four letters or more ending in -ed that
  ``suffix_exceptions`` does not list (participles included: a count of past forms, not of finite
  verbs), ``n_present_tense`` the present forms of be, have and do (``present_tense``). Biber's
  narrative (past) against involved, argumentative (present) registers: what happened against
  how things are. Like the stance words, all are counted outside direct quotations. None of them
  enters the mode rules.
- **frames** (``mfc_frames``): the Media Frames Corpus dimensions whose dictionary terms occur in
  the sentence, quotations included (frames are about topic, whoever speaks).
- ``is_question`` / ``is_exclamation``: the sentence ends with ? or ! (closing quotes allowed).
- ``n_numbers`` (figures such as 10,000 or 1.6) and ``n_names`` (capitalised words other than the
  first): the density of facts and named actors that marks reporting.

Every lexicon is compiled into one alternation regex (a character trie, so the longest entry
wins and each position costs one branch per letter) run over lower-cased text; no lexicon is
looped entry by entry. The -ed rule is one more pass: the ending is searched as a literal and
each hit's word read backwards from it.

scikit-learn is imported inside the functions that use it: the notebooks import this module for
its column lists, and each report's kernel would otherwise spend a second loading it.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from analysis.lexicons import load_lexicon, trie_alternation

SCARE_QUOTE_MAX_WORDS = 4
"""A quoted span of at most this many words with no credited speaker is a scare quote."""

MODES = ["direct quote", "attributed report", "authorial evaluation", "speculation", "authorial assertion"]
"""Sentence modes in the order their rules are tried (see :func:`assign_mode`); headings get "heading"."""

HEADING_MODE = "heading"

COUNT_FEATURES = {
    "attribution": "attribution",
    "direct_quotes": "n_direct_quotes",
    "scare_quotes": "n_scare_quotes",
    "hedges": "n_hedges",
    "boosters": "n_boosters",
    "first_person": "n_first_person",
    "evaluative": "n_evaluative",
    "intensifiers": "n_intensifiers",
    "directives": "n_directives",
    "subjective": "n_subjective",
    "negations": "n_negations",
    "past_tense": "n_past_tense",
    "present_tense": "n_present_tense",
    "questions": "is_question",
    "exclamations": "is_exclamation",
    "numbers": "n_numbers",
    "names": "n_names",
}
"""Rate name -> sentence column summed for it; each becomes ``<rate>_per_1k_words``."""

RATE_COLUMNS = [f"{name}_per_1k_words" for name in COUNT_FEATURES]
SHARE_COLUMNS = [f"share_{mode.replace(' ', '_')}" for mode in MODES]
HEADLINE_RATES = [
    f"{name}_per_1k_words"
    for name in ("attribution", "direct_quotes", "scare_quotes", "hedges", "boosters", "first_person", "evaluative")
]
"""The seven rates a reader compares first (the ones the framing question names)."""
MAP_FEATURES = RATE_COLUMNS + SHARE_COLUMNS + ["mean_sentence_words", "direct_quote_word_share"]
"""Document columns that place a document in framing-feature space (map and genre test)."""

OTHER_FRAME = "other"
DECIMALS = 4
WORD = re.compile(r"\w+(?:['’]\w+)*")
_LEXICON_SPECIALS = re.compile(r"\bMay\b|\bUS\b|\bU\.S\.(?!\w)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTE_MARKS = re.compile(r"[“”\"‘']")
_CLOSERS = "\"”’')]»* "
_NAME = r"[A-Z][\w'’.\-]*"
_NOT_SOURCES = frozenset((
    "A An And As At But By For From He Her His How However If In It Its My On Or Our She So Some That The Their "
    "There These They This Those Thus To We What When Where Which While Who Why Yet Local Recent Many Most "
    "Other Others New Further Earlier Later Such Several Both Each All No One Two Latest Previous Initial Your"
).split())
"""Capitalised words that start sentences but never name a source ("This shows", "Local reports")."""
_PLAIN_TOKEN = re.compile(r"[\w'’.\-]+")
_NON_SPACE = re.compile(r"\S+")
_CLAUSE_WORD = re.compile(
    r"^.*\b(?:and|but|or|as|while|although|though|whereas|since|after|before|until|unless|where|whether|what|that|which|who|whom|"
    r"so|then|also|because|when|if|of|to|in|on|at|for|by|with|from)\s+",
    re.I,
)
"""Everything up to the last clause word or preposition is not part of a source ("a move that experts say")."""
_AFTER_PHRASE = re.compile(
    r"\s+(?P<source>[^,;:.!?()“”\"—]{1,80}?)"
    r"(?=\s*[,;:.!?()“”\"—]|\s+(?:that|which|who|when|while|as|said|says|on|about)\b|\s*$)"
)
_AFTER_VERB = re.compile(rf"\s+(?P<source>(?:the\s+)?{_NAME}(?:\s+{_NAME}){{0,4}})")

SENTENCE_COLUMNS = [
    "doc_id", "sentence_id", "char_start", "char_end", "is_heading", "n_words", "attribution",
    "attribution_cue", "attribution_source", "attribution_source_start", "attribution_source_end",
    "n_direct_quotes", "direct_quote_share", "n_scare_quotes",
    "scare_quote_terms", "n_numbers", "n_names", "n_hedges", "hedge_terms", "n_boosters", "booster_terms", "n_first_person",
    "n_directives", "n_evaluative", "evaluative_terms", "n_intensifiers", "n_subjective", "n_negations",
    "n_past_tense", "n_present_tense", "is_question", "is_exclamation", "mode", "frames",
]
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
_TERM_COLUMNS = {"hedges": "hedge_terms", "boosters": "booster_terms", "evaluative": "evaluative_terms"}


# ---------------------------------------------------------------------------------------------
# lexicon regexes


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
    source_nouns: frozenset[str]
    suffix_lexicon_words: dict[str, frozenset[str]]
    """Suffix -> entries of the lexicon it adds to (already counted by the trie)."""
    suffix_exceptions: dict[str, frozenset[str]]
    """Suffix -> words with that ending that are not the inflected form (``suffix_exceptions.txt``)."""


@cache
def _lexicons() -> _Lexicons:
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
    verbs = load_lexicon("reporting_verbs")
    # -ing forms are read as nouns too often ("Defector's warning") to credit a source alone
    finite = [verb for verb in verbs if not verb.endswith("ing")]
    phrases = load_lexicon("attribution_phrases")
    every_entry = [e for words in entries.values() for e in words] + negated + list(term_frames) + finite + phrases
    return _Lexicons(
        combined=lexicon_regex(every_entry),
        parts=parts,
        term_frames={term: frozenset(frames) for term, frames in term_frames.items()},
        phrases=lexicon_regex(phrases),
        finite_verbs=lexicon_regex(finite),
        speaker_verbs=lexicon_regex(verbs, lookbehind=r"(?<!so-)"),
        source_nouns=frozenset(load_lexicon("attribution_sources")),
        suffix_lexicon_words={suffix: frozenset(entries[name]) for suffix, name in SUFFIX_FEATURES.items()},
        suffix_exceptions=_suffix_exceptions(),
    )


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
    lex = _lexicons()
    for suffix, name in SUFFIX_FEATURES.items():
        if word.endswith(suffix):
            excluded = word in lex.suffix_exceptions[suffix] or word in lex.suffix_lexicon_words[suffix]
            return None if excluded else name
    return None


def frame_dictionary() -> dict[str, list[str]]:
    """The Media Frames Corpus dictionary: dimension -> sorted terms (``lexicons/mfc_frames.txt``)."""
    frames: dict[str, list[str]] = {}
    for line in load_lexicon("mfc_frames"):
        frame, _, term = line.partition(":")
        frames.setdefault(frame.strip(), []).append(term.strip())
    return {frame: sorted(terms) for frame, terms in sorted(frames.items())}


@cache
def _decompose(match: str) -> tuple[bool, bool, tuple[tuple[str, tuple[str, ...]], ...]]:
    """What one combined-trie match counts for: whether it is an attribution phrase, whether a
    finite reporting verb (a cue counts only as a whole match: "estimated" yes, "is believed to"
    no), and ``(lexicon, terms)`` pairs, frames included.

    The combined trie keeps only the longest entry at a position; running each lexicon's own
    regex over that match recovers the shorter entries of other lexicons inside it ("let's" in
    "let's be clear" is first person as well as part of a booster).
    """
    lex = _lexicons()
    found = []
    for name, pattern in lex.parts.items():
        terms = tuple(re.sub(r"\s+", " ", t).replace("’", "'") for t in pattern.findall(match))
        if name == "frames":
            terms = tuple(sorted({f for t in terms for f in _frames_of(t, lex.term_frames)}))
        if terms:
            found.append((name, terms))
    return lex.phrases.fullmatch(match) is not None, lex.finite_verbs.fullmatch(match) is not None, tuple(found)


def _frames_of(word: str, term_frames: dict[str, frozenset[str]]) -> list[str]:
    """Frames of a matched word: its exact entry, or every wildcard entry it starts with."""
    found = set(term_frames.get(word, ()))
    for term, frames in term_frames.items():
        if term.endswith("*") and word.startswith(term[:-1]):
            found |= frames
    return sorted(found)


def _scan(lowered: str, *, suffixes: bool = True) -> tuple[dict[str, list[str]], list[re.Match[str]], list[re.Match[str]]]:
    """One pass of the combined trie: terms of every stance lexicon (frame names under "frames"),
    and the matches of attribution phrases and finite reporting verbs, for their positions; with
    ``suffixes``, :func:`_suffixed_words` adds the words the suffix rules count."""
    hits: dict[str, list[str]] = {}
    phrases: list[re.Match[str]] = []
    verbs: list[re.Match[str]] = []
    for match in _lexicons().combined.finditer(lowered):
        is_phrase, is_verb, pairs = _decompose(match.group())
        if is_phrase:
            phrases.append(match)
        if is_verb:
            verbs.append(match)
        for name, terms in pairs:
            hits.setdefault(name, []).extend(terms)
    if suffixes:
        for word in _suffixed_words(lowered):
            name = _suffix_feature(word)
            if name:
                hits.setdefault(name, []).append(word)
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


# ---------------------------------------------------------------------------------------------
# quotations


def quote_spans(text: str) -> tuple[list[tuple[int, int]], bool, bool]:
    """Quoted spans ``(start, end)`` inside the marks, whether a double quote is left open at the
    end of the text, and whether the first span closes a quotation opened before the text."""
    spans, opens, leading = _double_spans(text)
    spans += [span for span in _single_spans(text) if not any(s <= span[0] < e for s, e in spans)]
    return sorted(spans), opens, leading


def _double_spans(text: str) -> tuple[list[tuple[int, int]], bool, bool]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    leading = False
    for match in re.finditer(r"[“”\"]", text):
        position, mark = match.start(), match.group()
        if mark == "“" or (mark == '"' and _opens(text, position, open_at is not None)):
            open_at = position
        elif open_at is not None:
            spans.append((open_at + 1, position))
            open_at = None
        elif not spans:
            spans.append((0, position))  # closes a quotation begun in an earlier sentence
            leading = True
    if open_at is not None:
        spans.append((open_at + 1, len(text)))
    return [span for span in spans if WORD.search(text, span[0], span[1])], open_at is not None, leading


def _opens(text: str, position: int, already_open: bool) -> bool:
    """Whether a straight double quote opens: not when one is open, nor when it hugs the word before."""
    if already_open:
        return False
    before = text[position - 1] if position else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    return not (before.isalnum() or before in ".,!?;:") or after.isalnum()


_SINGLE = re.compile(r"(?<![\w’'])[‘'](?=[\w“\"])(?P<inner>[^‘’'\n]*?(?:[’'](?=\w)[^‘’'\n]*?)*)(?<=[\w.,!?…])[’'](?![\w])")


def _single_spans(text: str) -> list[tuple[int, int]]:
    """Single-quoted spans; an apostrophe (followed by a letter) never closes one."""
    return [(m.start("inner"), m.end("inner")) for m in _SINGLE.finditer(text)]


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _inside_quotation(doc_ids: list[str], paragraphs: list, opens: list[bool], closes: list[bool]) -> list[bool]:
    """Whether each sentence starts inside a double quotation opened by an earlier sentence of
    its paragraph (a quotation that runs over several sentences)."""
    inside, state, key = [], False, None
    for doc_id, paragraph, opened, closed in zip(doc_ids, paragraphs, opens, closes):
        if (doc_id, paragraph) != key:
            key, state = (doc_id, paragraph), False
        inside.append(state)
        state = opened or (state and not closed)
    return inside


# ---------------------------------------------------------------------------------------------
# attribution


class Attribution(NamedTuple):
    """What :func:`attribute` finds: the cue, the credited source's text, and the source's
    character offsets in the text attributed (``text[start:end] == source``; -1 when none)."""

    cue: str
    source: str
    start: int
    end: int


NO_ATTRIBUTION = Attribution("", "", -1, -1)


def attribute(text: str) -> Attribution:
    """The :class:`Attribution` of the first attribution rule that fires on ``text``, or
    :data:`NO_ATTRIBUTION`.

    Rules, in order (see the module docstring): A an attribution phrase and the source after it;
    B a source (a capitalised name, or a source noun or pronoun, with up to five words before it
    in the same clause) and a finite reporting verb, an -ly adverb allowed between; C a reporting
    verb after a comma, colon or closing quote, and a name after it. Run it on text whose quoted
    words are masked, so a verb inside a quotation credits no one.
    """
    _, phrases, verbs = _scan(lower_text(text))
    return _attribute(text, phrases, verbs)


def _attribute(
    text: str, phrases: list[re.Match[str]], verbs: list[re.Match[str]], original: str | None = None
) -> Attribution:
    """:func:`attribute` given the positions of attribution phrases and reporting verbs in ``text``.

    ``original`` is the unmasked text when ``text`` has its quotations masked (same length): the
    source is read from it, at the offsets found in ``text``.
    """
    original = text if original is None else original
    for match in phrases:
        found = _AFTER_PHRASE.match(text, match.end())
        if found:
            return _credit(match.group(), original, *_strip_span(text, *found.span("source")))
    # a capitalised verb form is part of a name ("the United States", "Reports")
    verbs = [m for m in verbs if not text[m.start()].isupper()]
    source_nouns = _lexicons().source_nouns
    for match in verbs:
        span = _source_before(text, match.start(), source_nouns)
        if span:
            return _credit(match.group(), original, *span)
    for match in verbs:
        before = text[: match.start()].rstrip()
        found = _AFTER_VERB.match(text, match.end())
        if found and (not before or before[-1] in ",”\"’:"):
            start, end = found.span("source")
            # a full stop ends the sentence, unless the name is an abbreviation ("the U.S.")
            if not re.search(r"\.\w{1,3}\.$", found.group("source")):
                end = start + len(found.group("source").rstrip("."))
            return _credit(match.group(), original, start, end)
    return NO_ATTRIBUTION


def _credit(cue: str, text: str, start: int, end: int) -> Attribution:
    return Attribution(_cue(cue), text[start:end], start, end)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed past leading and trailing white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cue(text: str) -> str:
    return " ".join(text.split()).replace("’", "'")


def _source_before(text: str, verb_start: int, nouns: frozenset[str]) -> tuple[int, int] | None:
    """Offsets of the source before a reporting verb starting at ``verb_start``, or None.

    Read from the 160 characters before the verb. Up to three words may stand between the source
    and the verb: -ly adverbs and the words of ``_BETWEEN_SOURCE_AND_VERB`` ("officials have
    previously said"). The source's last word must be a source noun or pronoun or a capitalised
    name; up to five plain words before it are taken too, and everything up to the last clause
    word or preposition is cut ("a move that experts say" gives "experts"). When a comma stands
    right before the verb, the source is the subject before one comma-set aside or appositive
    when that qualifies ("Anil, the vice-chairman, said" gives "Anil"; "Mr Svanberg, however,
    warned"), else the aside itself ("Denis Pushilin, said"). A verb followed by "to" after a
    comma is a passive ("Kyiv, said to be calm") and credits no one. An acronym in brackets may
    end the source ("the British Chamber of Commerce (BCC) has said").
    """
    offset = max(0, verb_start - 160)
    head = text[offset:verb_start]
    every_word = head.split()
    words = every_word[:]
    for _ in range(3):
        if len(words) < 2:
            break
        word = words[-1]
        if not ((word.endswith("ly") and word.isalpha() and word.islower()) or word in _BETWEEN_SOURCE_AND_VERB):
            break
        words.pop()
    if not words:
        return None
    last = len(words) - 1
    word = words[last]
    if word.endswith(","):
        if text.startswith(" to ", verb_start + len(_NON_SPACE.match(text, verb_start).group())):
            return None
        before = _previous_comma_word(words, last)
        if before >= 0 and _qualifies(words[before][:-1], nouns):
            return _source_span(head, offset, every_word, before, 1)
        word = word[:-1]
        trim = 1
    else:
        trim = 0
    if word.startswith("(") and word.endswith(")"):  # an acronym in brackets: "the Chamber (BCC) said"
        return _source_span(head, offset, every_word, last, trim) if _qualifies(word[1:-1], nouns) else None
    return _source_span(head, offset, every_word, last, trim) if _qualifies(word, nouns) else None


_BETWEEN_SOURCE_AND_VERB = frozenset(
    "has have had also will would could may might did does do not never earlier later then now again once too".split()
)
"""Auxiliaries, negation and time adverbs that may stand between a source and its reporting verb."""


def _qualifies(word: str, nouns: frozenset[str]) -> bool:
    """Whether a word can end a source: a source noun or pronoun, or a capitalised name."""
    return bool(word) and _PLAIN_TOKEN.fullmatch(word) is not None and (
        word.lower() in nouns or (word[0].isupper() and word not in _NOT_SOURCES)
    )


def _previous_comma_word(words: list[str], last: int) -> int:
    """Index of the comma-ended word before the aside ending at ``words[last]``, or -1 when the
    aside is longer than twelve words or holds other punctuation."""
    for index in range(last - 1, max(-1, last - 13), -1):
        word = words[index]
        if word.endswith(","):
            return index
        if not _PLAIN_TOKEN.fullmatch(word):
            return -1
    return -1


def _source_span(head: str, offset: int, words: list[str], last: int, trim: int) -> tuple[int, int]:
    """Offsets in the text of the source whose last word is ``words[last]`` less ``trim`` final
    characters (a comma): that word and up to five plain words before it, cut after the last
    clause word or preposition. ``words`` is ``head.split()``, ``head`` starts at ``offset`` in
    the text."""
    first = last
    while first > 0 and last - first < 5 and _PLAIN_TOKEN.fullmatch(words[first - 1]):
        first -= 1
    clause = _CLAUSE_WORD.match(" ".join(words[first:last] + [words[last][: len(words[last]) - trim]]))
    if clause:  # words are joined by one space, so the spaces cut are the words cut
        first += clause.group().count(" ")
    # the words are the runs of non-space in head: walking back from its end finds each in turn
    position, end = len(head), 0
    for index in range(len(words) - 1, first - 1, -1):
        position = head.rfind(words[index], 0, position)
        if index == last:
            end = position + len(words[index]) - trim
    return offset + position, offset + end


# ---------------------------------------------------------------------------------------------
# sentence features


def sentence_features(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence with the framing features of the module docstring (``framing_sentences``).

    ``sentences`` needs ``doc_id, sentence_id, char_start, char_end, text``; ``paragraph_id`` (for
    quotations that run across sentences; without it each sentence is its own paragraph) and
    ``is_heading`` (default False) are used when present. The mode is set by :func:`assign_mode`.
    Plain Python over lists: pandas' string accessor costs more than the regexes at 10^5 rows.
    """
    frame = sentences.reset_index(drop=True)
    texts = ["" if pd.isna(t) else str(t) for t in frame["text"].tolist()]
    doc_ids = frame["doc_id"].astype(str).tolist()
    paragraphs = (frame["paragraph_id"] if "paragraph_id" in frame else frame["sentence_id"]).tolist()
    rows = _QuoteRows.parse(texts, doc_ids, paragraphs)
    columns = _feature_columns(texts, rows)
    out = frame[["doc_id", "sentence_id", "char_start", "char_end"]].copy()
    out["doc_id"] = doc_ids
    out["is_heading"] = frame["is_heading"].astype(bool).to_numpy() if "is_heading" in frame else False
    starts, ends = np.array(columns.pop("source_offset_start")), np.array(columns.pop("source_offset_end"))
    offset = frame["char_start"].to_numpy()
    for name, values in columns.items():
        out[name] = values
    # offsets of the source in the cleaned document: the sentence's start plus the offset inside it
    out["attribution_source_start"] = pd.array(np.where(starts >= 0, offset + starts, 0), dtype="Int64")
    out["attribution_source_end"] = pd.array(np.where(starts >= 0, offset + ends, 0), dtype="Int64")
    out.loc[starts < 0, ["attribution_source_start", "attribution_source_end"]] = pd.NA
    out["mode"] = assign_mode(out)
    return out[SENTENCE_COLUMNS].sort_values(["doc_id", "sentence_id"], kind="stable").reset_index(drop=True)


@dataclass
class _QuoteRows:
    """Quoted spans per sentence, whether the first closes a quotation opened before the sentence
    (``leading``), whether the last is left open at its end (``opens``), and whether the sentence
    starts inside a quotation opened by an earlier sentence of its paragraph (``inside``)."""

    spans: list[list[tuple[int, int]]]
    leading: list[bool]
    opens: list[bool]
    inside: list[bool]

    @classmethod
    def parse(cls, texts: list[str], doc_ids: list[str], paragraphs: list) -> _QuoteRows:
        n = len(texts)
        spans: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        opens, leading = [False] * n, [False] * n
        for i, text in enumerate(texts):
            if _QUOTE_MARKS.search(text):
                spans[i], opens[i], leading[i] = quote_spans(text)
        closes = [bool(s) and not o for s, o in zip(spans, opens)]
        return cls(spans, leading, opens, _inside_quotation(doc_ids, paragraphs, opens, closes))


_FEATURE_NAMES = [
    "n_words", "attribution", "attribution_cue", "attribution_source", "source_offset_start", "source_offset_end",
    "n_direct_quotes", "direct_quote_share", "n_scare_quotes", "scare_quote_terms", "n_numbers", "n_names",
    *[f"n_{n}" for n in STANCE_LEXICONS], *_TERM_COLUMNS.values(), "is_question", "is_exclamation", "frames",
]
"""What :func:`_feature_columns` returns; ``source_offset_*`` are offsets inside the sentence (-1: none)."""


def _feature_columns(texts: list[str], quotes: _QuoteRows) -> dict[str, list]:
    """Every feature column but the mode, computed sentence by sentence."""
    rows: list[tuple] = []
    for text, spans, leading, opens, inside in zip(texts, quotes.spans, quotes.leading, quotes.opens, quotes.inside):
        hits, phrases, verbs = _scan(lower_text(text))
        continuation = inside and not spans  # the whole sentence is inside a quotation
        n_direct, share, scare, direct = 0, 1.0 if continuation else 0.0, [], []
        if continuation:
            found = NO_ATTRIBUTION
        elif spans:  # quoted words credit no one: attribute on the text with quotations masked
            masked = _mask(text, spans)
            lowered_masked = lower_text(masked)
            found = _attribute(masked, *_scan(lowered_masked, suffixes=False)[1:], text)
            quotes_in = _QuotesInSentence(text, masked, lowered_masked, spans, leading, opens, inside)
            n_direct, share, scare, direct = quotes_in.classify(credited=bool(found.source))
        else:
            found = _attribute(text, phrases, verbs)
        if continuation or direct:  # stance words in a speaker's mouth are not the author's
            authorial = _scan(lower_text(_mask(text, direct)))[0] if direct else {}
            hits = {**authorial, "frames": hits.get("frames", [])}
        words = WORD.findall(text)
        ending = text.rstrip().rstrip(_CLOSERS)[-1:]
        # reporting is dense in figures and named people, places and bodies; the first word is
        # capitalised anyway, so it is not counted as a name
        n_numbers = len(_NUMBER.findall(text))
        n_names = len([word for word in words[1:] if word[0].isupper()])
        rows.append((
            len(words), bool(found.cue), found.cue, found.source, found.start, found.end,
            n_direct, round(share, DECIMALS), len(scare), "|".join(scare), n_numbers, n_names,
            *[len(hits.get(n, ())) for n in STANCE_LEXICONS], *["|".join(hits.get(n, ())) for n in _TERM_COLUMNS],
            ending == "?", ending == "!", "|".join(sorted(set(hits.get("frames", ())))),
        ))
    values = list(zip(*rows)) if rows else [()] * len(_FEATURE_NAMES)
    return {name: list(column) for name, column in zip(_FEATURE_NAMES, values)}


SPEAKER_WINDOW_WORDS = 8
"""At most this many words between a reporting cue and the quotation it introduces or follows."""
_NOUN_BEFORE = re.compile(r"\b(?:the|a|an|his|her|its|their|our|my|your|these|those|this|such|whose|of|in|on|from|by|with|for|about)\s+$")
"""A word before a reporting-verb form that makes it a noun ("the report", "of claims")."""
_GERUND_NOUN_BEFORE = re.compile(r"\b(?:the|a|an|his|her|its|their|our|my|your|these|those|this|such|whose)\s+$")
"""The same for -ing forms, which stay verbs after a preposition ("by calling it", "after saying")."""
_WINDOW_STOP = re.compile(r"[;.!?]")
"""Punctuation that ends the clause a cue governs: no cue reaches a quotation across it."""
_CLAUSE_AFTER = re.compile(r"\b(?:and|but|or|though|although|while|whereas|because|since|if|when|which|that|who|whom)\b", re.I)
"""After a quotation only the speaker stands between it and the verb (“…,” the minister said):
a conjunction or relative pronoun there starts another clause, whose verb cues nothing."""


@dataclass
class _QuotesInSentence:
    """One sentence's quoted spans, and the rules that tell a direct quotation from a scare quote.

    ``masked`` is the text with every quoted span blanked, ``lowered`` its :func:`lower_text`.
    """

    text: str
    masked: str
    lowered: str
    spans: list[tuple[int, int]]
    leading: bool
    opens: bool
    inside: bool

    def classify(self, *, credited: bool) -> tuple[int, float, list[str], list[tuple[int, int]]]:
        """(new direct quotations, share of the sentence's words inside direct quotations,
        scare-quoted phrases, direct spans). ``credited``: the sentence's attribution has a source.

        A span is a direct quotation when it closes a quotation opened before the sentence, is
        left open at its end (the quotation runs on), is longer than ``SCARE_QUOTE_MAX_WORDS``
        words, stands in a sentence that credits a source, or has a reporting cue beside it
        (:meth:`cue_beside`); otherwise it is a scare quote.
        """
        direct, scare, n_direct = [], [], 0
        text = self.text
        for position, (start, end) in enumerate(self.spans):
            starts_before = position == 0 and self.leading
            runs_on = position == len(self.spans) - 1 and self.opens
            if (
                starts_before or runs_on or credited or len(WORD.findall(text, start, end)) > SCARE_QUOTE_MAX_WORDS
                or self.cue_beside(start, end)
            ):
                direct.append((start, end))
                n_direct += not (starts_before and self.inside)  # a continued quotation was counted where it opened
            else:
                scare.append(" ".join(text[start:end].strip(" ,.;:!?…").lower().split()))
        share = 0.0
        if direct:
            share = sum(len(WORD.findall(text, s, e)) for s, e in direct) / max(len(WORD.findall(text)), 1)
        return n_direct, share, scare, direct

    def cue_beside(self, start: int, end: int) -> bool:
        """Whether a reporting cue introduces or follows the quoted span ``[start, end)``.

        Before it: a reporting verb (any form) or an attribution phrase at most
        ``SPEAKER_WINDOW_WORDS`` words before the opening mark, in the same clause ('He said:
        "…"', "described the move as “…”", "according to an official: “…”"). After it: the
        quotation ends with a comma, question or exclamation mark (inside or just outside the
        closing mark) and a reporting verb or phrase follows within ``SPEAKER_WINDOW_WORDS``
        words, none of them a conjunction or relative pronoun (“…,” he said; “…?” asked Kim; not
        “…”, though it was described). A verb form after a determiner or a preposition is
        a noun ("the report", "of claims") and cues nothing; so does a capitalised one.
        """
        lex = _lexicons()
        opening = start - 1 if start and self.text[start - 1] in "“\"‘'" else start
        for match in (*lex.speaker_verbs.finditer(self.lowered, max(0, opening - 200), opening),
                      *lex.phrases.finditer(self.lowered, max(0, opening - 200), opening)):
            gap = self.masked[match.end() : opening]
            if len(WORD.findall(gap)) <= SPEAKER_WINDOW_WORDS and not _WINDOW_STOP.search(gap) and self._is_cue(match):
                return True
        closing = end + 1 if end < len(self.text) and self.text[end] in "”\"’'" else end
        after = self.masked[closing:]
        if not (self.text[start:end].rstrip()[-1:] in (",", "?", "!") or after.lstrip().startswith(",")):
            return False
        window = len(self.lowered) if len(after) < 200 else closing + 200
        for match in (*lex.speaker_verbs.finditer(self.lowered, closing, window),
                      *lex.phrases.finditer(self.lowered, closing, window)):
            gap = self.masked[closing : match.start()]
            if (
                len(WORD.findall(gap)) <= SPEAKER_WINDOW_WORDS and not _WINDOW_STOP.search(gap)
                and not _CLAUSE_AFTER.search(gap) and self._is_cue(match)
            ):
                return True
        return False

    def _is_cue(self, match: re.Match[str]) -> bool:
        """A lower-case verb or phrase that no determiner or preposition turns into a noun."""
        if self.masked[match.start()].isupper():
            return False
        noun_before = _GERUND_NOUN_BEFORE if match.group().endswith("ing") else _NOUN_BEFORE
        # searched in place, so a word cut by the window's start is no determiner ("breathe")
        return not noun_before.search(self.lowered, max(0, match.start() - 12), match.start())


def assign_mode(features: pd.DataFrame) -> pd.Series:
    """The sentence mode, by the first rule that holds, in this order:

    0. ``heading``: the sentence is a heading (``is_heading``); no other rule is tried.
    1. ``direct quote``: some of its words are a direct quotation (``direct_quote_share > 0``).
    2. ``attributed report``: it credits a source (``attribution``).
    3. ``authorial evaluation``: the author takes a stance in their own voice: an evaluative word,
       an intensifier, a booster, a first-person marker, a directive, a question or an exclamation. It comes
       before speculation because a hedged judgement ("this could be a disaster") is still a
       judgement: the hedge softens it, it does not make it a forecast.
    4. ``speculation``: a hedge and none of the above.
    5. ``authorial assertion``: everything else: an unhedged, unattributed statement of fact.
    """
    stance = (
        features[["n_evaluative", "n_intensifiers", "n_boosters", "n_first_person", "n_directives"]].sum(axis=1).gt(0)
        | features["is_question"].astype(bool) | features["is_exclamation"].astype(bool)
    )
    conditions = [
        features["is_heading"].astype(bool), features["direct_quote_share"].gt(0), features["attribution"].astype(bool),
        stance, features["n_hedges"].gt(0),
    ]
    modes = np.select(conditions, [HEADING_MODE, *MODES[:4]], default=MODES[4])
    return pd.Series(modes, index=features.index, dtype=object)


# ---------------------------------------------------------------------------------------------
# document and genre profiles


def bootstrap_rates(
    counts: np.ndarray, words: np.ndarray, *, n_bootstrap: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile 95% interval of ``1000 * sum(counts) / sum(words)`` resampling sentences.

    ``counts`` is (sentences x rates). Replicates are drawn in blocks: a (replicates x sentences)
    matrix of resampling weights (how often each sentence was drawn) times the count matrix, one
    BLAS product per block, blocks small enough to keep memory flat on a 10^5-sentence group.
    Returns (low, high), each of length ``counts.shape[1]``; NaN when there are no sentences.
    """
    n = len(words)
    if n == 0 or n_bootstrap <= 0:
        return np.full(counts.shape[1], np.nan), np.full(counts.shape[1], np.nan)
    matrix = np.column_stack([counts, words])
    block = max(1, min(n_bootstrap, _BOOTSTRAP_BLOCK // n))
    sums = []
    for start in range(0, n_bootstrap, block):
        size = min(block, n_bootstrap - start)
        draws = rng.integers(0, n, size=(size, n), dtype=np.int64 if n > 2**31 // size else np.int32)
        draws += (np.arange(size, dtype=draws.dtype) * n)[:, None]
        weights = np.bincount(draws.ravel(), minlength=size * n).reshape(size, n)
        sums.append(weights.astype(np.float64) @ matrix)
    totals = np.vstack(sums)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.where(totals[:, -1:] > 0, 1000.0 * totals[:, :-1] / totals[:, -1:], 0.0)
    low, high = np.percentile(rates, [2.5, 97.5], axis=0)
    return low, high


_BOOTSTRAP_BLOCK = 4_000_000
"""Resampling draws held in memory at once (replicates x sentences)."""


def _group_rng(seed: int, key: str) -> np.random.Generator:
    """A generator per group seeded by (seed, key), so a group's interval does not change when
    other documents are added to or removed from the corpus."""
    return np.random.default_rng([seed, zlib.crc32(key.encode("utf-8"))])


def _profiles(features: pd.DataFrame, keys: pd.Series, *, n_bootstrap: int, seed: int) -> pd.DataFrame:
    """Rates, bootstrap intervals and mode shares of each group of sentences (column ``key``).

    Aggregates are grouped sums; only the bootstrap loops, once per group, over numpy slices.
    """
    keys = pd.Series(keys.astype(str).to_numpy(), index=features.index)
    heading = features["is_heading"].astype(bool)
    body = ~heading
    rates = list(COUNT_FEATURES.values())
    frame = features[rates].astype(float).assign(
        n_sentences=1, n_headings=heading.astype(int), n_words=features["n_words"],
        body=body.astype(int), body_words=features["n_words"].where(body, 0),
        quoted_words=(features["direct_quote_share"] * features["n_words"]).where(body, 0),
        **{column: (features["mode"].eq(mode) & body).astype(int) for mode, column in zip(MODES, SHARE_COLUMNS)},
    )
    sums = frame.groupby(keys, sort=True).sum()
    table = pd.DataFrame({"key": sums.index.astype(str)})
    for column in ("n_sentences", "n_headings", "n_words"):
        table[column] = sums[column].to_numpy().astype(int)
    body_n, body_words = sums["body"].to_numpy(), sums["body_words"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        table["mean_sentence_words"] = np.where(body_n > 0, body_words / body_n, 0.0)
        table["direct_quote_word_share"] = np.where(body_words > 0, sums["quoted_words"].to_numpy() / body_words, 0.0)
        words = sums["n_words"].to_numpy()[:, None]
        point = np.where(words > 0, 1000.0 * sums[rates].to_numpy() / words, 0.0)
    low, high = _bootstrap_groups(frame[rates].to_numpy(), frame["n_words"].to_numpy(float), keys, n_bootstrap, seed)
    for j, name in enumerate(RATE_COLUMNS):
        table[name], table[f"{name}_ci_low"], table[f"{name}_ci_high"] = point[:, j], low[:, j], high[:, j]
    for column in SHARE_COLUMNS:
        table[column] = np.where(body_n > 0, sums[column].to_numpy() / np.maximum(body_n, 1), 0.0)
    return table


def _bootstrap_groups(
    counts: np.ndarray, words: np.ndarray, keys: pd.Series, n_bootstrap: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Bootstrap intervals for each group, in sorted key order: arrays (groups x rates)."""
    order = np.argsort(keys.to_numpy(), kind="stable")
    sorted_keys = keys.to_numpy()[order]
    names, starts = np.unique(sorted_keys, return_index=True)
    ends = np.append(starts[1:], len(order))
    low, high = np.empty((len(names), counts.shape[1])), np.empty((len(names), counts.shape[1]))
    # the products are small and many: BLAS threads cost more to wake than they save (5x here)
    with threadpool_limits(limits=1, user_api="blas"):
        for g, (name, start, end) in enumerate(zip(names, starts, ends)):
            rows = order[start:end]
            rng = _group_rng(seed, name)
            low[g], high[g] = bootstrap_rates(counts[rows], words[rows], n_bootstrap=n_bootstrap, rng=rng)
    return low, high


def document_profiles(features: pd.DataFrame, documents: pd.DataFrame, *, n_bootstrap: int, seed: int) -> pd.DataFrame:
    """One row per document (``framing_documents``): rates per 1,000 words, bootstrap intervals, mode shares.

    Rates count over all sentences, headings included (their words are the document's words);
    mode shares are over body sentences only (headings have their own mode and would dilute the
    rest). Each interval resamples the document's sentences ``n_bootstrap`` times with a
    generator seeded by ``(seed, doc_id)``. Documents without sentences get zero counts and NaN
    intervals.
    """
    documents = _documents(documents, features)
    profiles = _profiles(features, features["doc_id"].astype(str), n_bootstrap=n_bootstrap, seed=seed)
    profiles = profiles.rename(columns={"key": "doc_id"})
    meta = documents[["doc_id", "genre"]]
    table = meta.merge(profiles, on="doc_id", how="left")
    table[["n_sentences", "n_headings", "n_words"]] = table[["n_sentences", "n_headings", "n_words"]].fillna(0).astype(int)
    filled = [c for c in table.columns if c not in ("doc_id", "genre") and not c.endswith(("_ci_low", "_ci_high"))]
    table[filled] = table[filled].fillna(0.0)
    return _tidy(table, ["doc_id"])


def genre_profiles(features: pd.DataFrame, documents: pd.DataFrame, *, n_bootstrap: int, seed: int) -> pd.DataFrame:
    """The document rates pooled by genre (``framing_genres``), with ``n_documents``.

    Pooling adds up counts and words across the genre's documents, so long documents weigh more.
    The interval resamples the genre's sentences: with one or two documents a genre, it states
    how stable the rate is within those texts, not how the genre behaves in general. Unlabelled
    documents (genre "") form their own row.
    """
    documents = _documents(documents, features)
    genre_of = documents.set_index("doc_id")["genre"]
    keys = features["doc_id"].astype(str).map(genre_of).fillna("")
    profiles = _profiles(features, keys, n_bootstrap=n_bootstrap, seed=seed).rename(columns={"key": "genre"})
    counts = documents["genre"].value_counts().rename("n_documents").rename_axis("genre").reset_index()
    table = counts.merge(profiles, on="genre", how="left")
    return _tidy(table, ["genre"])


def _documents(documents: pd.DataFrame, features: pd.DataFrame) -> pd.DataFrame:
    """doc_id and genre as strings, with any document seen only in the sentences added unlabelled."""
    docs = documents[["doc_id", "genre"]].copy()
    docs["doc_id"] = docs["doc_id"].astype(str)
    docs["genre"] = docs["genre"].fillna("").astype(str)
    missing = sorted(set(features["doc_id"].astype(str)) - set(docs["doc_id"]))
    if missing:
        docs = pd.concat([docs, pd.DataFrame({"doc_id": missing, "genre": ""})], ignore_index=True)
    return docs.sort_values("doc_id", kind="stable").reset_index(drop=True)


def _tidy(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sort by keys and round floats so CSVs are byte-stable."""
    floats = table.select_dtypes(include="float").columns
    table[floats] = table[floats].round(DECIMALS)
    return table.sort_values(keys, kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# frames, vocabulary, map, genre test


def frame_emphasis(features: pd.DataFrame) -> pd.DataFrame:
    """Share of each document's body sentences that touch each frame (``frame_emphasis``, long).

    Columns ``doc_id, frame, n_sentences, share``; every dimension of the dictionary is listed for
    every document (zeros included), plus ``other`` for sentences that touch none of them. A
    sentence can touch several frames, so shares do not add up to 1.
    """
    body = features[~features["is_heading"].astype(bool)]
    names = list(frame_dictionary()) + [OTHER_FRAME]
    docs = sorted(features["doc_id"].astype(str).unique())
    touched = body["frames"].replace("", OTHER_FRAME).str.split("|").explode()
    counts = touched.groupby([body["doc_id"].astype(str).reindex(touched.index), touched]).size()
    index = pd.MultiIndex.from_product([docs, names], names=["doc_id", "frame"])
    counts = counts.reindex(index, fill_value=0).rename("n_sentences").reset_index()
    totals = counts["doc_id"].map(body.groupby(body["doc_id"].astype(str)).size()).fillna(0)
    counts["share"] = np.where(totals > 0, counts["n_sentences"] / totals.where(totals > 0, 1), 0.0)
    return _tidy(counts, ["doc_id", "frame"])


def distinctive_terms(
    sentences: pd.DataFrame, documents: pd.DataFrame, *, min_count: int, prior_scale: float, top_n: int
) -> pd.DataFrame:
    """Words that set each labelled genre apart from all other documents (``distinctive_terms``).

    Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, eq. 22):
    the prior for word w is ``alpha_w = prior_scale * y_w``, with ``y_w`` its count in the whole
    corpus, so rare words are shrunk towards the corpus rate. For genre i against the rest j,

        delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
        z_w = delta_w / sqrt(1 / (y_iw + a_w) + 1 / (y_jw + a_w))

    Words are lower-cased alphabetic tokens, contractions and possessives kept whole ("russia’s"),
    by scikit-learn's ``CountVectorizer``; single letters other than "I" are dropped (they are the
pieces of "U.S." and initials); function words are kept on purpose: "I", "we", "said" are
    framing signals. Only words with at least ``min_count`` occurrences in the corpus are scored;
    the ``top_n`` highest positive z-scores of each genre are returned, ranked from 1.
    """
    columns = ["genre", "term", "count_in_genre", "count_elsewhere", "log_odds", "z", "rank"]
    docs = _documents(documents, sentences)
    genre_of = docs.set_index("doc_id")["genre"]
    text = sentences.assign(doc_id=sentences["doc_id"].astype(str)).groupby("doc_id")["text"].agg(" ".join)
    genres = sorted(g for g in genre_of.reindex(text.index).fillna("").unique() if g)
    if not len(text) or len(genres) < 2:
        return pd.DataFrame(columns=columns)
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(preprocessor=_fold_apostrophes, token_pattern=r"(?u)(?<![\w'’.])(?:i|[^\W\d_]{2,})(?:['’][^\W\d_]+)*")
    try:
        matrix = vectorizer.fit_transform(text.to_numpy())
    except ValueError:  # no token at all
        return pd.DataFrame(columns=columns)
    vocabulary = vectorizer.get_feature_names_out()
    labels = genre_of.reindex(text.index).fillna("").to_numpy()
    total = np.asarray(matrix.sum(axis=0)).ravel().astype(float)
    keep = total >= min_count
    rows = []
    for genre in genres:
        inside = np.asarray(matrix[labels == genre].sum(axis=0)).ravel().astype(float)
        scores = log_odds_dirichlet(inside[keep], total[keep] - inside[keep], prior_scale * total[keep])
        table = pd.DataFrame({
            "genre": genre, "term": vocabulary[keep], "count_in_genre": inside[keep].astype(int),
            "count_elsewhere": (total[keep] - inside[keep]).astype(int), "log_odds": scores[0], "z": scores[1],
        })
        table = table[table["z"] > 0].sort_values(["z", "term"], ascending=[False, True], kind="stable").head(top_n)
        rows.append(table.assign(rank=np.arange(1, len(table) + 1)))
    result = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns)
    return _tidy(result[columns], ["genre", "rank"])


def _fold_apostrophes(text: str) -> str:
    return text.lower().replace("’", "'")


def log_odds_dirichlet(y_i: np.ndarray, y_j: np.ndarray, alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Monroe et al. (2008) log-odds ratio of each word in group i vs j with prior ``alpha``, and its z-score."""
    n_i, n_j, alpha_0 = y_i.sum(), y_j.sum(), alpha.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((y_i + alpha) / (n_i + alpha_0 - y_i - alpha)) - np.log((y_j + alpha) / (n_j + alpha_0 - y_j - alpha))
        z = delta / np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
    return delta, z


def feature_map(profiles: pd.DataFrame, *, seed: int) -> pd.DataFrame:
    """Documents in 2-D (``feature_map``): PCA of the standardised ``MAP_FEATURES``.

    Columns ``doc_id, genre, x, y, x_variance_share, y_variance_share`` (the share of variance
    each axis carries, the same on every row, for axis labels). With one document, or features
    that do not vary, the missing axes are 0.
    """
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import StandardScaler

    matrix = StandardScaler().fit_transform(profiles[MAP_FEATURES].to_numpy(dtype=float))
    n_components = min(2, len(profiles), matrix.shape[1])
    coords = np.zeros((len(profiles), 2))
    variance = np.zeros(2)
    if len(profiles) > 1 and np.any(matrix):
        pca = PCA(n_components=n_components, svd_solver="full", random_state=seed).fit(matrix)
        coords[:, :n_components] = pca.transform(matrix)
        variance[:n_components] = np.nan_to_num(pca.explained_variance_ratio_)
    table = profiles[["doc_id", "genre"]].assign(
        x=coords[:, 0], y=coords[:, 1], x_variance_share=variance[0], y_variance_share=variance[1]
    )
    return _tidy(table, ["doc_id"])


def genre_separation(profiles: pd.DataFrame) -> pd.DataFrame:
    """Leave-one-document-out nearest-centroid test: does a document's framing profile sit nearest
    its own genre? (``genre_separation``).

    For each document, the features are standardised on the other documents only, each labelled
    genre's centroid is taken over the other documents, and the document is assigned the genre of
    the nearest centroid (Euclidean). Columns ``doc_id, genre, predicted_genre, correct,
    distance_to_predicted, distance_to_own, genre_in_training``. ``correct`` is empty for an
    unlabelled document, and a document whose genre has no other document cannot be predicted
    right (``genre_in_training`` False): that row counts as a miss.

    What five documents can and cannot show: with one or two documents a genre, a hit means only
    that this document resembles the others of its label more than the rest on these features; it
    cannot estimate how often the features would separate the genres in new articles (a 95%
    interval on an accuracy from five trials spans most of 0-1), and it cannot tell genre from
    outlet or author, since each genre here is one or two sources. It can show that a label is
    not supported (the document sits nearer another genre). The validation on held-out corpora
    (docs/VALIDATION.md) is what speaks to general separability.
    """
    from sklearn.preprocessing import StandardScaler

    columns = ["doc_id", "genre", "predicted_genre", "correct", "distance_to_predicted", "distance_to_own", "genre_in_training"]
    rows = []
    values = profiles[MAP_FEATURES].to_numpy(dtype=float)
    genres = profiles["genre"].fillna("").astype(str).to_numpy()
    for i, doc_id in enumerate(profiles["doc_id"]):
        train = np.arange(len(profiles)) != i
        labelled = train & (genres != "")
        predicted, distance, own, seen = "", np.nan, np.nan, bool(genres[i]) and bool(np.any(labelled & (genres == genres[i])))
        if labelled.any():
            scaler = StandardScaler().fit(values[train])
            centroids = {g: scaler.transform(values[labelled & (genres == g)]).mean(axis=0) for g in sorted(set(genres[labelled]))}
            point = scaler.transform(values[i : i + 1])[0]
            distances = {g: float(np.linalg.norm(point - c)) for g, c in centroids.items()}
            predicted = min(distances, key=lambda g: (distances[g], g))
            distance, own = distances[predicted], distances.get(genres[i], np.nan)
        correct = pd.NA if not genres[i] else bool(predicted == genres[i])
        rows.append((str(doc_id), genres[i], predicted, correct, distance, own, seen))
    table = pd.DataFrame(rows, columns=columns).astype({"correct": "boolean"})
    return _tidy(table, ["doc_id"])


# ---------------------------------------------------------------------------------------------
# the stage


def build_framing_tables(
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    n_bootstrap: int = 1000,
    seed: int = 20241022,
    distinctive_min_count: int = 2,
    distinctive_prior_scale: float = 0.5,
    distinctive_top_n: int = 20,
) -> dict[str, pd.DataFrame]:
    """Run stage 02-compare-framing: every table of the module docstring, keyed by its CSV name.

    ``n_bootstrap`` and ``seed`` set the bootstrap intervals (and the PCA's seed);
    ``distinctive_*`` are :func:`distinctive_terms`' ``min_count``, ``prior_scale`` and ``top_n``.
    """
    features = sentence_features(sentences)
    profiles = document_profiles(features, documents, n_bootstrap=n_bootstrap, seed=seed)
    return {
        "framing_sentences": features,
        "framing_documents": profiles,
        "framing_genres": genre_profiles(features, documents, n_bootstrap=n_bootstrap, seed=seed),
        "distinctive_terms": distinctive_terms(
            sentences, documents, min_count=distinctive_min_count, prior_scale=distinctive_prior_scale, top_n=distinctive_top_n
        ),
        "frame_emphasis": frame_emphasis(features),
        "feature_map": feature_map(profiles, seed=seed),
        "genre_separation": genre_separation(profiles),
    }
