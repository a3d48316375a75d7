"""Speaker labels: transcripts ("PENCE: …") and headlines ("Zelensky: ‘…’") that name who speaks before a colon."""

from __future__ import annotations

import re

from analysis.framing.credit import NO_ATTRIBUTION, Attribution
from analysis.framing.cues import is_title_case
from analysis.framing.source_words import NAME

_SPEAKER_LABEL = re.compile(r"\s*(?P<source>(?:[A-Z][A-Z'’.\-]+\s+){0,3}[A-Z][A-Z'’\-]+)\s*:\s+\S")
"""A transcript's speaker label at the start of a sentence: "PENCE: …", "MR. SMITH: …" (capitals only)."""
_NAME_LABEL = re.compile(rf"\s*(?P<source>{NAME}(?:\s+{NAME}){{0,3}})\s*:\s*[“‘\"']")
"""A name and a colon before a quotation at the start of a sentence (a headline's "Trump: ‘…’")."""
_HEADLINE_LABEL = re.compile(rf"\s*(?P<source>{NAME}(?:\s+{NAME}){{0,3}})\s*:\s+(?P<rest>\S.*)")
"""A name and a colon before a title-case headline's words: "Graham: Trump’s ‘Hateful Rhetoric’
Destroying GOP’s Chance", "Rubio: I Still Believe …"."""
_SPOKEN = re.compile(r"[‘“\"]|(?<![\w'’])'|\b(?:I|I['’]m|I['’]ve|I['’]d|I['’]ll|My|Me|We|We['’]re|Our|Us)\b")
"""What marks a headline's words as the labelled speaker's: a quotation mark or the first person.
A label before a headline without them is as often a topic or a column's name ("The Latest:",
"Breitbart News Daily: A World at War")."""
_NOT_SPEAKERS = frozenset(
    "UPDATE UPDATED NOTE EDITOR'S CORRECTION WATCH READ RELATED BREAKING VIDEO PHOTO PHOTOS PHOTOGRAPH LISTEN "
    "SUBSCRIBE SOURCE SOURCES CLICK MORE ALSO SEE EXCLUSIVE ANALYSIS OPINION Q A UK US USA EU UN NATO WARNING".split()
)
"""Capitalised labels that head a note, not a speaker's words."""


def speaker_label(text: str) -> Attribution:
    """Rule T: the speaker a sentence opens with, its cue ``:``, or :data:`NO_ATTRIBUTION`.

    A transcript's label in capitals ("KIM: …") or a name and a colon before a quotation (a
    headline's "Zelensky: ‘…’"); a note's label ("UPDATE:", "WATCH:") and a single letter are
    no speaker.
    """
    label = _SPEAKER_LABEL.match(text) or _NAME_LABEL.match(text)
    if not label:
        headline = _HEADLINE_LABEL.match(text)
        if headline and is_title_case(headline.group("rest")) and _SPOKEN.search(headline.group("rest")):
            label = headline
    if label and label.group("source").upper() not in _NOT_SPEAKERS and sum(c.isalpha() for c in label.group("source")) >= 2:
        return Attribution(":", label.group("source"), *label.span("source"))
    return NO_ATTRIBUTION
