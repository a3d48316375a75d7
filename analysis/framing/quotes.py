"""Quotations: quoted spans, quotations running across sentences, direct quotations against scare quotes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from analysis.framing.schema import WORD
from analysis.framing.stance import compiled_lexicons


SCARE_QUOTE_MAX_WORDS = 4
"""A quoted span of at most this many words with no credited speaker is a scare quote."""
_QUOTE_MARKS = re.compile(r"[“”\"‘']")

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


def mask_quotes(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each span blanked by spaces of its length, so offsets stay those of ``text``."""
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



@dataclass
class QuoteRows:
    """Quoted spans per sentence, whether the first closes a quotation opened before the sentence
    (``leading``), whether the last is left open at its end (``opens``), and whether the sentence
    starts inside a quotation opened by an earlier sentence of its paragraph (``inside``)."""

    spans: list[list[tuple[int, int]]]
    leading: list[bool]
    opens: list[bool]
    inside: list[bool]

    @classmethod
    def parse(cls, texts: list[str], doc_ids: list[str], paragraphs: list) -> QuoteRows:
        n = len(texts)
        spans: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        opens, leading = [False] * n, [False] * n
        for i, text in enumerate(texts):
            if _QUOTE_MARKS.search(text):
                spans[i], opens[i], leading[i] = quote_spans(text)
        closes = [bool(s) and not o for s, o in zip(spans, opens)]
        return cls(spans, leading, opens, _inside_quotation(doc_ids, paragraphs, opens, closes))



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
class QuotesInSentence:
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
        lex = compiled_lexicons()
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
