"""Cleaning one article: markdown markup, line rules, span rules and repeats within the article.

A raw line is one paragraph. For each line, in this order:

1. markdown markup is dropped (:mod:`analysis.corpus.markdown`): link text kept, URLs, images and
   emphasis marks removed, a heading line flagged;
2. runs of spaces are folded and the line stripped;
3. line rules (``name<TAB>regex``) are tried on the whole line; the first that matches removes it;
4. span rules (``span<TAB>name<TAB>regex``) remove every match inside the line, and on the article's
   last ``END_LINES`` non-empty lines end rules (``end<TAB>name<TAB>regex``) every match within the
   line's last ``END_CHARS`` characters (so a one-line article of 20 MB is not scanned whole for a bio);
5. a line repeating an earlier paragraph or sentence of the same article (a pull quote, a doubled
   title; at least ``REPEAT_MIN_WORDS`` words) is removed (``repeated_paragraph``), and a name line
   right under such a repeat with it (``pull_quote_attribution``).

Every removal is a span of the raw text: ``raw[raw_char_start:raw_char_end]`` is the removed text.
The kept text of a line maps back to the raw text through :class:`Paragraph` ``runs``, so a removal
decided on the cleaned text (a span rule's match, a repeated sentence found across the corpus) is
recorded with raw offsets too. Nothing here keeps a growing copy of the article: the repeat check
looks hashes of the sentence keys up in a set, so a 20 MB article is cleaned in linear time and
without a second copy of its text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ahocorasick_rs import MATCHKIND_STANDARD, BytesAhoCorasick, Implementation

from analysis.corpus.markdown import disjoint, markup_spans
from analysis.corpus.model import WORD
from analysis.corpus.rules import END_CHARS, END_LINES, BoilerplateRule

SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_TO_SPACE = str.maketrans({"\t": " ", "\u00a0": " ", "\u2009": " ", "\u202f": " "})
ROUGH_SENTENCE_END = re.compile(r"\s(?<=[.!?…\"”]\s)\s*")
r"""A run of spaces after a sentence's end: ``(?<=[.!?…"”])\s+``, written space first, so the engine skips from one
space to the next instead of trying the look-behind at every character (a fifth less time to split every kept
paragraph; ``tests/test_corpus_fast_paths.py`` holds the two equal)."""
_SENTENCE_END_THEN_SPACES = re.compile(r"[.!?…\"”](\s+)")
"""A sentence's end and the spaces after it (group 1: what :data:`ROUGH_SENTENCE_END` matches), found mark first:
the engine skips from one mark to the next, where the space-first pattern stops at every space."""


def rough_sentences(key: str) -> list[str]:
    """``ROUGH_SENTENCE_END.split(key)`` when ``key`` has a sentence break, else ``[]`` (not ``[key]``): the pieces
    cut at each run of spaces after ``.!?…"”``, found by :data:`_SENTENCE_END_THEN_SPACES` (a sixth less time than
    the split on the think-tank corpus's paragraphs; ``tests/test_corpus_fast_paths.py`` holds the two equal)."""
    pieces, start = [], 0
    for found in _SENTENCE_END_THEN_SPACES.finditer(key):
        pieces.append(key[start : found.start(1)])
        start = found.end()
    if pieces:
        pieces.append(key[start:])
    return pieces


REPEAT_MIN_WORDS = 4
NAME_LINE = re.compile(r"(?:[A-Z][\w.'’-]+\s+){0,3}[A-Z][\w.'’-]+")

Removed = tuple[str, int, int, str]
"""A removed span: ``(rule, raw_start, raw_end, raw_text)``."""


@dataclass
class Paragraph:
    """A kept paragraph: its cleaned text, where each stretch of it lies in the raw text, and whether it is a heading.

    ``runs`` pairs ``(text_start, raw_start)``: from ``text_start`` up to the next run's start, the
    text's characters are the raw characters from ``raw_start`` on (spaces may read as " ").
    """

    text: str
    runs: list[tuple[int, int]]
    is_heading: bool = False

    def __reduce__(self) -> tuple[type[Paragraph], tuple[str, list[tuple[int, int]], bool]]:
        """Pickled as its three fields (the workers send every kept paragraph back): rebuilt by one constructor call,
        a third faster to unpickle than a dataclass's state dictionary."""
        return Paragraph, (self.text, self.runs, self.is_heading)

    def raw_offset(self, index: int) -> int:
        """The raw offset of the text's character at ``index``."""
        position = bisect_right(self.runs, (index, float("inf"))) - 1
        text_start, raw_start = self.runs[position]
        return raw_start + index - text_start

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw offsets ``[raw_start, raw_end)`` of the text's characters ``[start, end)``."""
        return self.raw_offset(start), self.raw_offset(end - 1) + 1

    def cut(self, spans: list[tuple[int, int]]) -> Paragraph:
        """This paragraph without the (sorted, disjoint) ``spans``, spaces folded again and stripped."""
        keep, cursor = [], 0
        for start, end in spans:
            if start > cursor:
                keep.append((cursor, start))
            cursor = max(cursor, end)
        if cursor < len(self.text):
            keep.append((cursor, len(self.text)))
        return _folded(self._kept(keep))

    def _kept(self, pieces: list[tuple[int, int]]) -> Paragraph:
        text_parts, runs, length = [], [], 0
        starts = [start for start, _ in self.runs]
        for start, end in pieces:
            text_parts.append(self.text[start:end])
            position = bisect_right(starts, start) - 1
            while start < end:
                run_start, raw_start = self.runs[position]
                run_end = self.runs[position + 1][0] if position + 1 < len(self.runs) else len(self.text)
                runs.append((length, raw_start + start - run_start))
                step = min(end, run_end) - start
                length += step
                start += step
                position += 1
        return Paragraph("".join(text_parts), _merged(runs), self.is_heading)


def _merged(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs with each run that continues the one before (contiguous in text and raw) dropped."""
    merged: list[tuple[int, int]] = []
    for text_start, raw_start in runs:
        if merged and raw_start - merged[-1][1] == text_start - merged[-1][0]:
            continue
        merged.append((text_start, raw_start))
    return merged or [(0, 0)]


def _folded(paragraph: Paragraph) -> Paragraph:
    """Runs of spaces folded to one, odd spaces read as " ", ends stripped; offsets kept."""
    text = paragraph.text
    if text == text.strip() and not _has_odd_spaces(text):
        return paragraph
    keep, cursor = [], 0
    stripped_start = len(text) - len(text.lstrip())
    stripped_end = len(text.rstrip())
    cursor = stripped_start
    for found in SPACES.finditer(text, stripped_start, stripped_end):
        keep.append((cursor, found.start() + 1))
        cursor = found.end()
    if cursor < stripped_end:
        keep.append((cursor, stripped_end))
    kept = paragraph._kept([(s, e) for s, e in keep if e > s])
    kept.text = kept.text.translate(_TO_SPACE)
    return kept


def _has_odd_spaces(text: str) -> bool:
    """Whether ``text`` holds a tab, an odd space or two spaces in a row (substring tests: far cheaper than
    a regular-expression search on the many lines that hold none)."""
    return "  " in text or "\t" in text or "\u00a0" in text or "\u2009" in text or "\u202f" in text


def sentence_key(text: str) -> str:
    """A paragraph or sentence as compared for repeats: case folded, spaces folded, stripped."""
    return SPACES.sub(" ", text).strip().casefold()


def clean_article(
    text: str, rules: list[BoilerplateRule], on_kept: Callable[[Paragraph, str], None] | None = None
) -> tuple[list[Paragraph], list[Removed]]:
    """Split raw text into kept paragraphs and removed spans ``(rule, raw_start, raw_end, raw_text)``.

    ``on_kept`` is called with each paragraph as it is kept and its case-folded text, which the repeat
    check has made already (pass 1 keys it for the furniture rule without folding it again).
    """
    line_rules, span_rules = _prepared_once(rules)
    end_rules = [rule for rule in rules if rule.scope == "end"]
    tail_start = _tail_start(text) if end_rules else len(text) + 1  # scanned back from the end: no list of lines
    kept: list[Paragraph] = []
    removed: list[Removed] = []
    # the kept paragraphs' and their rough sentences' str hashes (64 bits: a collision has odds of about 2**-64 per
    # pair; the set lives within one article in one process, so a hash salted per process serves, at a third of
    # the cost of the BLAKE2 digest it replaced, docs/PROFILING.md), never their texts: no second copy of the article
    seen_keys: set[int] = set()
    previous_was_repeat = False
    for line_start, line in _lines_with_offsets(text):
        if not line.strip():
            continue
        paragraph, line_removed, rule = _clean_line(text, line, line_start, line_rules, span_rules, end_rules if line_start >= tail_start else [])
        removed += line_removed
        if rule is None and paragraph is None:
            previous_was_repeat = False
            continue
        if rule is None and paragraph is not None:
            key = paragraph.text.casefold()  # spaces are folded already
            digest = hash(key)  # once: looked up here, added below when the paragraph is kept
            if digest in seen_keys and len(WORD.findall(paragraph.text)) >= REPEAT_MIN_WORDS:
                rule = "repeated_paragraph"
            elif previous_was_repeat and NAME_LINE.fullmatch(paragraph.text):
                rule = "pull_quote_attribution"
        previous_was_repeat = rule == "repeated_paragraph"
        if rule is None and paragraph is not None:
            kept.append(paragraph)
            if on_kept is not None:
                on_kept(paragraph, key)
            seen_keys.add(digest)
            pieces = rough_sentences(key)  # [] when it has no break: the paragraph's own key is in already
            if pieces:
                seen_keys.update(map(hash, filter(None, pieces)))  # the non-empty pieces, without a generator's frame per piece
        elif paragraph is not None:
            start, end = paragraph.raw_span(0, len(paragraph.text))
            removed.append((rule, start, end, text[start:end]))
        else:  # a line rule: the whole stripped raw line
            start = line_start + len(line) - len(line.lstrip())
            end = line_start + len(line.rstrip())
            removed.append((rule, start, end, text[start:end]))
    return kept, removed


_NOT_SPACE = re.compile(r"\S")


def _tail_start(text: str, lines: int = END_LINES) -> int:
    """The offset where the last ``lines`` non-empty lines of ``text`` begin (0 when it has fewer); lines cut at
    ``\n`` (a rarer line boundary only makes the tail shorter)."""
    end = len(text)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        if _NOT_SPACE.search(text, start, end):
            lines -= 1
        if lines == 0 or start == 0:
            return start
        end = start - 1
    return 0


def _end_matches(text: str, end_rules: list[BoilerplateRule]) -> list[tuple[str, int, int]]:
    """The end rules' matches in the last ``END_CHARS`` characters of a line (its trigger words tested first)."""
    lowered = text.lower() if any(rule.triggers for rule in end_rules) else text
    start = max(0, len(text) - END_CHARS)
    return [
        span
        for rule in end_rules
        if not rule.triggers or any(word in lowered for word in rule.triggers)
        for match in rule.pattern.finditer(text, start)
        if (span := _trimmed(rule.name, text, match))
    ]


def _clean_line(
    raw: str, line: str, line_start: int, line_rules: _LineRules, span_rules: _SpanRules, end_rules: list[BoilerplateRule] | tuple[()] = ()
) -> tuple[Paragraph | None, list[Removed], str | None]:
    """One raw line: (kept paragraph or None, removed spans, rule removing the whole line or None)."""
    markup = markup_spans(line)
    if markup.whole_line:
        return None, [], markup.whole_line
    removed: list[Removed] = []
    if markup.spans:  # cut folds spaces too: the line is folded once, with its markup out
        removed_markup = [(rule, line_start + start, line_start + end) for rule, start, end in markup.spans]
        paragraph = Paragraph(line, [(0, line_start)], markup.is_heading).cut([(s, e) for _, s, e in markup.spans])
        if not WORD.search(paragraph.text):  # only markup (an image line): the line goes, as that markup
            return None, [(rule, s, e, raw[s:e]) for rule, s, e in removed_markup], None
        removed += [(rule, s, e, raw[s:e]) for rule, s, e in removed_markup]
    else:
        paragraph = _folded(Paragraph(line, [(0, line_start)], markup.is_heading))
    rule = line_rules.first_match(paragraph.text)
    if rule is not None:
        return None, [], rule
    if span_rules.rules:
        trying = span_rules.candidates(paragraph.text)
        found = disjoint([span for r in trying for m in r.pattern.finditer(paragraph.text) if (span := _trimmed(r.name, paragraph.text, m))]) if trying else []
    else:
        found = []
    if end_rules:
        found = disjoint(found + _end_matches(paragraph.text, end_rules))
    if found:
        for name, start, end in found:
            raw_start, raw_end = paragraph.raw_span(start, end)
            removed.append((name, raw_start, raw_end, raw[raw_start:raw_end]))
        paragraph = paragraph.cut([(start, end) for _, start, end in found])
        if not WORD.search(paragraph.text):
            if paragraph.text:  # punctuation left between removed spans ("—", "|")
                raw_start, raw_end = paragraph.raw_span(0, len(paragraph.text))
                removed.append(("span_residue", raw_start, raw_end, raw[raw_start:raw_end]))
            return None, removed, None
    return paragraph, removed, None


_last_prepared: list = [(), None]
"""The rules :func:`_prepared_once` saw last (a tuple), and what it gave."""


def _prepared_once(rules: list[BoilerplateRule]) -> tuple[_LineRules, _SpanRules]:
    """:func:`_prepared` for ``rules``, compared with the last rules first: pass 1 cleans every article of a chunk
    with the same rule objects, which compare equal by identity at once, where hashing them for the cache
    (each pattern and trigger set) cost 1% of cleaning."""
    key = tuple(rules)
    if _last_prepared[1] is None or _last_prepared[0] != key:
        _last_prepared[:] = [key, _prepared(key)]
    return _last_prepared[1]


@lru_cache(maxsize=16)
def _prepared(rules: tuple[BoilerplateRule, ...]) -> tuple[_LineRules, _SpanRules]:
    """A run's line rules and span rules, made ready once (not once per article: the combined pattern and the
    trigger automaton take a moment to build)."""
    return _LineRules.of([rule for rule in rules if rule.scope == "line"]), _SpanRules.of([rule for rule in rules if rule.scope == "span"])


_GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
"""What a pattern may refer to its own groups with (numbered or named back-references, conditionals): such a
pattern's numbers would shift inside a combined pattern, so the rules are then tried one by one."""


@dataclass(frozen=True)
class _LineRules:
    """The line rules of a run, tried as one alternation: ``(rule1)|(rule2)|...`` fully matches a line
    with the first alternative that can, i.e. the first rule in file order that fully matches it, as
    trying the rules one by one does, in one call instead of a dozen.

    A rule is not tried on a line longer than it can match (:attr:`BoilerplateRule.max_length`), so
    there is one alternation per length class: for a line of length n, of the rules that can match n
    or more characters (:attr:`lengths` holds the distinct bounds, :attr:`combined` the alternation of
    each, made when first needed).
    """

    rules: list[BoilerplateRule]
    lengths: list[float]
    """The rules' distinct :attr:`BoilerplateRule.max_length` values, ascending."""
    combined: dict[int, tuple[re.Pattern[str], list[tuple[str, int]]] | None]
    """Per length class (index into ``lengths``): the alternation and each rule's (name, wrapping group), or
    None when a rule cannot be embedded (see :data:`_GROUP_REFERENCE`): its rules are then tried one by one."""

    @classmethod
    def of(cls, line_rules: list[BoilerplateRule]) -> _LineRules:
        return cls(line_rules, sorted({rule.max_length for rule in line_rules}), {})

    def first_match(self, text: str) -> str | None:
        """The name of the first rule (file order) matching the whole of ``text``, or None."""
        index = bisect_left(self.lengths, len(text))
        if index == len(self.lengths):
            return None
        if index not in self.combined:
            self.combined[index] = _alternation([rule for rule in self.rules if rule.max_length >= self.lengths[index]])
        alternation = self.combined[index]
        if alternation is None:
            length = len(text)
            return next((rule.name for rule in self.rules if length <= rule.max_length and rule.pattern.fullmatch(text)), None)
        pattern, groups = alternation
        found = pattern.fullmatch(text)
        if found is None:
            return None
        return next(name for name, group in groups if found.start(group) >= 0)

    def first_match_one_by_one(self, text: str) -> str | None:
        """:meth:`first_match` the slow way, each rule tried in turn (the reference the tests hold it to)."""
        return next((rule.name for rule in self.rules if rule.pattern.fullmatch(text)), None)


def _alternation(rules: list[BoilerplateRule]) -> tuple[re.Pattern[str], list[tuple[str, int]]] | None:
    """``(rule1)|(rule2)|...`` and each rule's (name, group number), or None when the rules cannot be joined."""
    if any(_GROUP_REFERENCE.search(rule.pattern.pattern) for rule in rules):
        return None
    groups, number = [], 1
    for rule in rules:
        groups.append((rule.name, number))
        number += 1 + rule.pattern.groups
    try:
        pattern = re.compile("|".join(f"({rule.pattern.pattern})" for rule in rules), re.IGNORECASE)
    except re.error:  # e.g. two rules naming a group alike
        return None
    return (pattern, groups) if pattern.groups == number - 1 else None


class TriggerScan:
    """Which of some words a text holds, found in one pass over it (Aho-Corasick).

    The span rules name about forty trigger words; a substring test per word read each line forty
    times and was the largest cost of cleaning the think-tank corpus (``docs/PROFILING.md``). One
    automaton (``ahocorasick_rs``, overlapping matches, so a word inside or across another is found as
    ``in`` finds it) reads the line once. :meth:`present` equals ``{w for w in words if w in text}``
    (``tests/test_corpus_fast_paths.py`` holds it so).
    """

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = words
        # a DFA: small for forty words, and about a tenth faster per line than the automaton picked by default.
        # Over UTF-8 bytes, not str: the str automaton maps every byte of the text to its character offset (8 bytes
        # a byte: 15 MB for a 2 MB line, most of the corpus stage's peak on it, docs/PROFILING.md), offsets this
        # scan never reads; a word is in the text exactly when its UTF-8 bytes are in the text's (UTF-8 is
        # self-synchronising), and a typical line is scanned a little faster so
        encoded = [word.encode("utf-8", "surrogatepass") for word in words]
        self._automaton = BytesAhoCorasick(encoded, matchkind=MATCHKIND_STANDARD, implementation=Implementation.DFA) if words else None

    def present(self, text: str) -> set[int]:
        """Indexes into ``words`` of the words found in ``text``."""
        if self._automaton is None:
            return set()
        data = text.encode("utf-8", "surrogatepass")
        return {index for index, _, _ in self._automaton.find_matches_as_indexes(data, overlapping=True)}


def tail_pattern(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A cheaper pattern that every match of ``pattern`` contains, or None.

    A pattern is a sequence of items (``\\b``, ``\\d{1,2}``, ``[.:]``, a group, ...); a match of it is
    a match of each item in turn, so the items from the k-th on match a piece of every match: if
    they are found nowhere in a line, the rule cannot match there and its scan is skipped. Which k:
    the first item after the first that is one character or character class other than a space
    (``[.:]``; a space only where there is no other), because the regex engine then jumps from one
    such character to the next instead of trying the whole rule at every position (the rules that open with optional groups, alternations or
    look-behinds cost the most: the full date-and-zone stamp rule read every line naming a month at
    each character). None when there is no such item, or when the pattern refers to its own groups
    (the tail would lose the group it refers to). Uses CPython's regex parser and compiler
    (``re._parser``, ``re._compiler``), as :func:`analysis.corpus.rules.longest_match` does: should
    they change, no tail is used and every applicable rule is scanned as before.

    A pattern that opens with a look-behind, ``(?<=X)rest``, gets ``X rest`` instead: every match of
    the rule at a position p is preceded by a match of X ending at p, so ``X rest`` matches from there.
    The engine tries a look-behind at every character of a line; ``X`` (a character class, such as
    the sentence ends before a letter's sign-off) lets it skip from one such character to the next.
    """
    if _GROUP_REFERENCE.search(pattern.pattern):
        return None
    try:
        from re import _compiler, _parser

        parsed = _parser.parse(pattern.pattern, pattern.flags)
        items = list(parsed.data)
        if items and items[0][0] is _parser.ASSERT and items[0][1][0] == -1:  # (?<=X)rest: X rest
            _, body = items[0][1]
            return _compiler.compile(_parser.SubPattern(parsed.state, list(body.data) + items[1:]), pattern.flags)
        characters = [index for index in range(1, len(items)) if items[index][0] in (_parser.LITERAL, _parser.IN)]
        start = next((index for index in characters if _is_not_space(items[index], _parser)), characters[0] if characters else None)
        if start is None:
            return None
        return _compiler.compile(_parser.SubPattern(parsed.state, items[start:]), pattern.flags)
    except Exception:  # noqa: BLE001 - an unknown parser: no tail, the rule is always scanned
        return None


def _is_not_space(item: tuple, parser: object) -> bool:
    """Whether a parsed character item (a literal or a class) cannot be a space. The tail opens with the first such
    item where there is one, because the engine skips from one such character to the next, and spaces are everywhere:
    a tail opening with the space of "1 Mar 2022" was tried at every word of a line naming a month."""
    kind, value = item
    if kind is parser.LITERAL:
        return not chr(value).isspace()
    return all(not (op is parser.CATEGORY and arg is parser.CATEGORY_SPACE) and not (op is parser.LITERAL and chr(arg).isspace()) for op, arg in value)


@dataclass(frozen=True)
class _SpanRules:
    """The span rules of a run, every trigger word any of them names, and which rules each word calls for."""

    rules: list[BoilerplateRule]
    words: tuple[str, ...]
    scan: TriggerScan
    always: tuple[int, ...]
    """Rules without trigger words (tried on every line), as indexes into ``rules``."""
    rules_of_word: tuple[tuple[int, ...], ...]
    """For each word, the indexes of the rules naming it."""
    prefilters: tuple[re.Pattern[str] | None, ...]
    """For each rule, a pattern every match of it contains (:func:`tail_pattern`), or None."""

    @classmethod
    def of(cls, span_rules: list[BoilerplateRule]) -> _SpanRules:
        words = tuple(sorted({word for rule in span_rules for word in rule.triggers}))
        always = tuple(index for index, rule in enumerate(span_rules) if not rule.triggers)
        rules_of_word = tuple(tuple(index for index, rule in enumerate(span_rules) if word in rule.triggers) for word in words)
        prefilters = tuple(tail_pattern(rule.pattern) for rule in span_rules)
        return cls(span_rules, words, TriggerScan(words), always, rules_of_word, prefilters)

    def candidates(self, text: str) -> list[BoilerplateRule]:
        """The rules that may match in ``text``: :meth:`applicable`, less those whose tail pattern it lacks."""
        rules, prefilters = self.rules, self.prefilters
        return [rules[index] for index in self._applicable(text) if (tail := prefilters[index]) is None or tail.search(text)]

    def applicable(self, text: str) -> list[BoilerplateRule]:
        """The rules worth trying on a line, in file order: those without trigger words, and those whose
        words the lower-cased line holds (one scan for all words: far cheaper than a case-insensitive regex
        scan per rule, or a substring test per word)."""
        return [self.rules[index] for index in self._applicable(text)]

    def _applicable(self, text: str) -> list[int] | range | tuple[int, ...]:
        if not self.words:
            return range(len(self.rules))
        present = self.scan.present(text.lower())
        if not present:
            return self.always
        chosen = set(self.always)
        for word in present:
            chosen.update(self.rules_of_word[word])
        return sorted(chosen)


def _trimmed(name: str, text: str, match: re.Match[str]) -> tuple[str, int, int] | None:
    """A span rule's match without spaces at its edges (they stay, so the words either side stay apart); None if only spaces."""
    start, end = match.start(), match.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (name, start, end) if end > start else None


def clean_lines(text: str, rules: list[BoilerplateRule]) -> tuple[list[str], list[Removed]]:
    """The kept paragraphs' texts and the removed spans of one raw text (see :func:`clean_article`)."""
    paragraphs, removed = clean_article(text, rules)
    return [paragraph.text for paragraph in paragraphs], removed


_LINE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029])?")
"""A line as ``str.splitlines(keepends=True)`` cuts it: up to and with the next line boundary it knows."""
_OTHER_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""The line boundaries of ``str.splitlines`` other than "\n" (looked for with ``in``, ten times faster than a
character-class regex over a whole article)."""


def _lines_with_offsets(text: str) -> Iterator[tuple[int, str]]:
    """Each line of ``text`` (as ``str.splitlines``) with its offset, ends stripped of CR and LF; one line at a
    time, so no list of the article's lines is held beside it."""
    if not any(mark in text for mark in _OTHER_BREAKS):  # "\n" only (nearly every text): str.find, not a regex match per line
        start, length = 0, len(text)
        while start < length:
            end = text.find("\n", start)
            if end < 0:
                yield start, text[start:]
                return
            yield start, text[start:end]
            start = end + 1
        return
    for found in _LINE.finditer(text):
        line = found.group()
        if not line:  # the empty match at the end
            continue
        yield found.start(), line.rstrip("\r\n")
