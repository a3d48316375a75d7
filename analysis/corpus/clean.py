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
looks digests of the sentence keys up in a set, so a 20 MB article is cleaned in linear time and
without a second copy of its text.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from analysis.corpus.markdown import disjoint, markup_spans
from analysis.corpus.model import WORD
from analysis.corpus.rules import END_CHARS, END_LINES, BoilerplateRule

SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_TO_SPACE = str.maketrans({"\t": " ", "\u00a0": " ", "\u2009": " ", "\u202f": " "})
ROUGH_SENTENCE_END = re.compile(r"(?<=[.!?…\"”])\s+")
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


def clean_article(text: str, rules: list[BoilerplateRule]) -> tuple[list[Paragraph], list[Removed]]:
    """Split raw text into kept paragraphs and removed spans ``(rule, raw_start, raw_end, raw_text)``."""
    line_rules = [rule for rule in rules if rule.scope == "line"]
    span_rules = _SpanRules.of([rule for rule in rules if rule.scope == "span"])
    end_rules = [rule for rule in rules if rule.scope == "end"]
    tail_start = _tail_start(text) if end_rules else len(text) + 1  # scanned back from the end: no list of lines
    kept: list[Paragraph] = []
    removed: list[Removed] = []
    seen_keys: set[bytes] = set()  # digests of the kept paragraphs and their rough sentences
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
            if _digest(key) in seen_keys and len(WORD.findall(paragraph.text)) >= REPEAT_MIN_WORDS:
                rule = "repeated_paragraph"
            elif previous_was_repeat and NAME_LINE.fullmatch(paragraph.text):
                rule = "pull_quote_attribution"
        previous_was_repeat = rule == "repeated_paragraph"
        if rule is None and paragraph is not None:
            kept.append(paragraph)
            seen_keys.add(_digest(key))
            pieces = ROUGH_SENTENCE_END.split(key)  # one scan; [key] again when it has no break
            if len(pieces) > 1:
                seen_keys.update(_digest(piece) for piece in pieces if piece)
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


def _digest(key: str) -> bytes:
    """A folded paragraph or sentence as the repeat check keeps it: 128 bits of its BLAKE2 hash (a few dozen
    bytes whatever its length, where the text itself would keep a second copy of the article in memory;
    a collision has odds of about 2**-128 per pair)."""
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _clean_line(
    raw: str, line: str, line_start: int, line_rules: list[BoilerplateRule], span_rules: _SpanRules, end_rules: list[BoilerplateRule] | tuple[()] = ()
) -> tuple[Paragraph | None, list[Removed], str | None]:
    """One raw line: (kept paragraph or None, removed spans, rule removing the whole line or None)."""
    markup = markup_spans(line)
    if markup.whole_line:
        return None, [], markup.whole_line
    paragraph = _folded(Paragraph(line, [(0, line_start)], markup.is_heading))
    removed: list[Removed] = []
    if markup.spans:
        removed_markup = [(rule, line_start + start, line_start + end) for rule, start, end in markup.spans]
        paragraph = Paragraph(line, [(0, line_start)], markup.is_heading).cut([(s, e) for _, s, e in markup.spans])
        if not WORD.search(paragraph.text):  # only markup (an image line): the line goes, as that markup
            return None, [(rule, s, e, raw[s:e]) for rule, s, e in removed_markup], None
        removed += [(rule, s, e, raw[s:e]) for rule, s, e in removed_markup]
    length = len(paragraph.text)
    rule = next((r.name for r in line_rules if length <= r.max_length and r.pattern.fullmatch(paragraph.text)), None)
    if rule is not None:
        return None, [], rule
    if span_rules.rules:
        trying = span_rules.applicable(paragraph.text)
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


@dataclass(frozen=True)
class _SpanRules:
    """The span rules of a run, and every trigger word any of them names."""

    rules: list[BoilerplateRule]
    words: tuple[str, ...]

    @classmethod
    def of(cls, span_rules: list[BoilerplateRule]) -> _SpanRules:
        return cls(span_rules, tuple(sorted({word for rule in span_rules for word in rule.triggers})))

    def applicable(self, text: str) -> list[BoilerplateRule]:
        """The rules worth trying on a line: those without trigger words, and those whose words it holds
        (substring tests on the lower-cased line: far cheaper than a case-insensitive regex scan)."""
        if not self.words:
            return self.rules
        lowered = text.lower()
        present = {word for word in self.words if word in lowered}
        return [rule for rule in self.rules if not rule.triggers or not present.isdisjoint(rule.triggers)]


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


def _lines_with_offsets(text: str) -> Iterator[tuple[int, str]]:
    """Each line of ``text`` (as ``str.splitlines``) with its offset, ends stripped of CR and LF; one line at a
    time, so no list of the article's lines is held beside it."""
    for found in _LINE.finditer(text):
        line = found.group()
        if not line:  # the empty match at the end
            continue
        yield found.start(), line.rstrip("\r\n")
