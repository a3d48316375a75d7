"""Cleaning rules read from a rules file (``analysis/lexicons/boilerplate.txt`` by default).

One rule per line, ``#`` lines are comments, fields separated by a TAB:

- ``name<TAB>regex``: a **line rule**. The regex must match a whole line (a paragraph) after
  markdown markup is dropped and runs of spaces are folded; the line is removed.
- ``span<TAB>name<TAB>regex``: a **span rule**. Every match inside a line is removed (a live-blog
  timestamp glued to the text, a photo credit, an embedded tweet's signature), the rest of the line
  is kept. An optional fourth field lists trigger words separated by ``|`` (``read more``; spaces in a
  word count, `` may `` is not found in "mayor"): the
  rule is then tried only on lines holding one of them (case-insensitive), which keeps rules that
  scan backwards from their key words from costing time on every line.
- ``end<TAB>name<TAB>regex`` (optional trigger words as a fourth field): an **end rule**, a span rule
  tried only on an article's last ``END_LINES`` non-empty lines (an author's bio, a letter writer's
  sign-off: text that is furniture at an article's end and may be article text elsewhere). Anchor
  it with ``$`` when only the end of the line may go.

Both are case-insensitive (``(?-i:...)`` makes a part case-sensitive). Every removal is recorded in
``removed_spans.csv`` with the rule's name and its offsets into the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.params import InputError
from analysis.paths import shown

SCOPES = ("line", "span", "end")
END_LINES = 3
END_CHARS = 2000
"""End rules look at most this far back from a line's end (the longest bios on the shared corpora are under 1,200 characters)."""
"""End rules are tried on this many last non-empty lines of an article (a bio line may be followed by a\npromo line and a second author's bio)."""


@dataclass(frozen=True)
class BoilerplateRule:
    """A cleaning rule: a pattern, and whether it removes whole lines or spans inside them."""

    name: str
    pattern: re.Pattern[str]
    scope: str = "line"
    triggers: frozenset[str] = frozenset()
    """Span and end rules: lower-case words one of which a line must hold for the rule to be tried (empty: always tried)."""
    max_length: float = field(default=float("inf"))
    """The longest text the pattern can match (inf when unbounded): a line rule is not tried on a longer line."""


def read_boilerplate_rules(path: Path) -> list[BoilerplateRule]:
    """Read line rules (``name<TAB>regex``), span rules (``span<TAB>name<TAB>regex``) and end rules
    (``end<TAB>name<TAB>regex``) in file order."""
    if not path.is_file():
        raise InputError(f"{shown(path)}: cleaning rules file not found; set corpus.boilerplate_rules to an existing file")
    rules = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) == 2 and fields[0].strip() not in SCOPES:
            scope, (name, regex) = "line", fields
        elif len(fields) in (3, 4) and fields[0].strip() in SCOPES:
            scope, name, regex = fields[0].strip(), fields[1], fields[2]
        else:
            raise InputError(
                f"{shown(path)}:{number}: expected 'rule<TAB>regex', 'span<TAB>rule<TAB>regex' or 'end<TAB>rule<TAB>regex'; separate the fields with tabs"
            )
        if not name.strip() or not regex.strip():
            raise InputError(f"{shown(path)}:{number}: a rule needs a name and a pattern; fill both in")
        try:
            pattern = re.compile(regex.strip(), re.IGNORECASE)
        except re.error as exc:
            raise InputError(f"{shown(path)}:{number}: invalid regular expression ({exc}); fix the pattern") from None
        if scope != "line" and pattern.fullmatch(""):
            raise InputError(f"{shown(path)}:{number}: {scope} rule {name.strip()} matches empty text; make it match at least one character")
        triggers = frozenset(t.lower() for t in fields[3].split("|") if t.strip()) if len(fields) == 4 else frozenset()
        rules.append(BoilerplateRule(name.strip(), pattern, scope, triggers, longest_match(pattern)))
    return rules


def longest_match(pattern: re.Pattern[str]) -> float:
    """The most characters ``pattern`` can match, from the regex parser's width (inf when unbounded or unknown).

    Line rules are tried with ``fullmatch`` on every paragraph; most paragraphs are far longer than any
    bounded rule can match, so comparing lengths first skips the regex (same result: a fullmatch of a
    longer text is impossible). ``re._parser`` is CPython's own parser; should it change, the bound is
    simply not used.
    """
    try:
        from re import _parser

        width = _parser.parse(pattern.pattern, pattern.flags).getwidth()[1]
    except Exception:  # noqa: BLE001 - an unknown parser: no bound, the rule is always tried
        return float("inf")
    return float("inf") if width >= _parser.MAXREPEAT else float(width)
