"""The record an attribution rule returns: the cue, the credited source's words and their offsets."""

from __future__ import annotations

from typing import NamedTuple


class Attribution(NamedTuple):
    """What :func:`analysis.framing.attribution.attribute` finds: the cue, the credited source's text, and the source's
    character offsets in the text attributed (``text[start:end] == source``; -1 when none)."""

    cue: str
    source: str
    start: int
    end: int


NO_ATTRIBUTION = Attribution("", "", -1, -1)


def credit(cue: str, text: str, start: int, end: int) -> Attribution:
    """The :class:`Attribution` of ``cue`` crediting ``text[start:end]`` (the cue's white space
    folded, curly apostrophes made straight)."""
    return Attribution(_cue(cue), text[start:end], start, end)


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed past leading and trailing white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cue(text: str) -> str:
    return " ".join(text.split()).replace("’", "'")
