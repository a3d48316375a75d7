"""Markdown-ish markup inside one line of text, as spans to remove.

Crawled archives hold markdown: links and images, emphasis, headings, tables. The plain text keeps
a link's text and drops its URL, drops images (and links whose target is an image file), emphasis
marks, the backticks of a paired code span, heading marks, table pipes and rule lines, and flags a heading line as a heading.

Why patterns and not a markdown parser: every removal must keep exact offsets into the raw text
(``raw[raw_char_start:raw_char_end]`` is the removed text), and neither markdown-it-py nor mistune
reports source positions below the block level (markdown-it-py's ``token.map`` gives line numbers
only; mistune's AST none), so their inline tokens cannot be mapped back to characters. Parsing
is also the wrong default for news text that is mostly not markdown: a parser turns ``*`` in
"5*3", "1." at a line start or a leading ``>`` into markup. The patterns below match only the
unambiguous constructs, each with bounded repetition so a 2 MB line without spaces is scanned in
linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\([^)\s]{0,2000}(?:\s+\"[^\"\n]{0,300}\")?\)")
LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\(([^)\s]{0,2000})(?:\s+\"[^\"\n]{0,300}\")?\)")
AUTOLINK = re.compile(r"<(?:https?://|www\.)[^>\s]{1,2000}>")
IMAGE_TARGET = re.compile(r"\.(?:png|jpe?g|gif|webp|svg|bmp|tiff?)(?:[?#][^)\s]*)?$", re.IGNORECASE)
STRONG = re.compile(r"(\*{2,3}|_{2,3})(?=\S)([^\n]{1,2000}?)(?<=\S)\1")
EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,2000}?)(?<=[^\s*])\*(?![\w*])|(?<![\w_])_(?=[^\s_])([^_\n]{1,2000}?)(?<=[^\s_])_(?![\w_])")
UNDERSCORE_EMPHASIS = re.compile(r"_(?<![\w_]_)(?=[^\s_])([^_\n]{1,2000}?)(?<=[^\s_])_(?![\w_])")
"""EMPHASIS's underscore branch, written mark first (the look-behind now spans the mark), so the engine skips from one
underscore to the next instead of trying the look-behinds at every character: the same matches on a line without
"*" (where the star branch cannot match), in a quarter of the time (tests/test_corpus_fast_paths.py)."""
UNDERSCORE_STRONG = re.compile(r"(___?)(?=\S)([^\n]{1,2000}?)(?<=\S)\1")
"""STRONG on a line without "**": ``___?`` is ``_{2,3}`` (greedy, so the same order of tries), written as a literal
prefix the engine skips to."""
BACKTICKS = re.compile(r"`{1,100}")
HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+")
HEADING_CLOSE = re.compile(r"[ \t]+#{1,6}[ \t]*$")
BLOCKQUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")
BULLET = re.compile(r"^[ \t]{0,3}[*+][ \t]+")
TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$")
THEMATIC_BREAK = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
PIPE = re.compile(r"\|")


@dataclass(frozen=True)
class Markup:
    """The markup of one line: spans to remove ``(rule, start, end)``, and whether the line is a heading."""

    spans: list[tuple[str, int, int]]
    is_heading: bool = False
    whole_line: str | None = None
    """The rule that removes the whole line (a table's rule line, a thematic break), else None."""


MARKUP_CHARACTERS = re.compile(r"[|*_#>+\]<`]")
"""A character every construct below needs but a thematic break of dashes: a line without any (most
lines of news text) has no markup but such a break, found with one scan instead of a dozen tests."""


PLAIN = Markup([])
"""A line without markup (most lines): one shared record, as making a frozen dataclass costs more than the quick test.
Callers read it and never change its list."""
DASH_RULE = Markup([], whole_line="markdown_rule")


def markup_spans(line: str) -> Markup:
    """Markdown markup in ``line`` as non-overlapping spans in line order."""
    if MARKUP_CHARACTERS.search(line) is None:
        if "-" in line and THEMATIC_BREAK.match(line):
            return DASH_RULE
        return PLAIN
    return markup_spans_full(line)


def markup_spans_full(line: str) -> Markup:
    """:func:`markup_spans` without the quick test (the reference the tests hold it to)."""
    if "|" in line and TABLE_RULE.match(line):
        return Markup([], whole_line="markdown_table_rule")
    if ("-" in line or "*" in line or "_" in line) and THEMATIC_BREAK.match(line):
        return Markup([], whole_line="markdown_rule")
    spans: list[tuple[str, int, int]] = []
    heading = False
    if "#" in line:
        found = HEADING.match(line)
        if found:
            heading = True
            spans.append(("markdown_markup", found.start(1), found.end()))
            close = HEADING_CLOSE.search(line, found.end())
            if close:
                spans.append(("markdown_markup", close.start(), close.end()))
    if ">" in line:
        found = BLOCKQUOTE.match(line)
        if found:
            spans.append(("markdown_markup", found.start(), found.end()))
    found = BULLET.match(line)
    if found:
        spans.append(("markdown_markup", found.start(), found.end()))
    if "](" in line:
        for found in IMAGE.finditer(line):
            spans.append(("markdown_image", found.start(), found.end()))
        for found in LINK.finditer(line):
            if IMAGE_TARGET.search(found.group(2)):
                spans.append(("markdown_image", found.start(), found.end()))
            else:
                spans.append(("markdown_markup", found.start(), found.start() + 1))
                spans.append(("markdown_link_url", found.end(1), found.end()))
    if "<" in line:
        spans += [("markdown_link_url", f.start(), f.end()) for f in AUTOLINK.finditer(line)]
    if "**" in line or "__" in line:
        for found in (STRONG if "**" in line else UNDERSCORE_STRONG).finditer(line):
            spans.append(("markdown_markup", found.start(1), found.end(1)))
            spans.append(("markdown_markup", found.end(2), found.end()))
    if "*" in line or "_" in line:
        for found in (EMPHASIS if "*" in line else UNDERSCORE_EMPHASIS).finditer(line):
            spans.append(("markdown_markup", found.start(), found.start() + 1))
            spans.append(("markdown_markup", found.end() - 1, found.end()))
    if "`" in line:
        spans += code_span_marks(line)
    stripped = line.strip()
    if stripped.count("|") >= 2 and (stripped.startswith("|") or stripped.endswith("|")):
        spans += [("markdown_table", f.start(), f.end()) for f in PIPE.finditer(line)]
    return Markup(disjoint(spans), heading)


def code_span_marks(line: str) -> list[tuple[str, int, int]]:
    """The backtick runs of ``line`` that open or close a code span, as ``markdown_markup`` spans.

    As in CommonMark, a run of n backticks opens a code span only when a later run of exactly n
    backticks on the line closes it, the backticks between them are text, and a run without its
    closing twin is text too. Unlike CommonMark, a span must be tight: the opening run is followed
    by a non-space and the closing run follows one, as emphasis marks must be. Plain text uses a
    lone backtick as an opening quote mark ("`Yes,' he said, `we will.'"), and two such quotes on
    one line would otherwise pair into a code span across the words between them. Linear in the
    number of runs: each run's next closing twin is found in one right-to-left pass.
    """
    runs = [(found.start(), found.end()) for found in BACKTICKS.finditer(line)]
    twin: list[int | None] = [None] * len(runs)
    later: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        start, end = runs[index]
        twin[index] = later.get(end - start)
        if start > 0 and not line[start - 1].isspace():
            later[end - start] = index
    marks: list[tuple[str, int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        closing = twin[index]
        if closing is None or end >= len(line) or line[end].isspace():
            index += 1
            continue
        marks.append(("markdown_markup", start, end))
        marks.append(("markdown_markup", *runs[closing]))
        index = closing + 1
    return marks


def disjoint(spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Spans sorted by start with overlaps dropped (the earlier, then the longer, wins)."""
    kept: list[tuple[str, int, int]] = []
    end = -1
    for rule, start, stop in sorted(spans, key=lambda s: (s[1], -s[2])):
        if start >= end and stop > start:
            kept.append((rule, start, stop))
            end = stop
    return kept
