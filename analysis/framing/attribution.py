"""Attribution, the entry point: which rule credits a sentence's source, in which order.

:func:`attribute` (and :func:`attribute_scanned`, for a sentence the stance scan has already
read) runs the rules of :mod:`analysis.framing.cues`, :mod:`analysis.framing.speakers` and, where
they credit no one, the learned second pass (:mod:`analysis.framing.learned_cues`), and returns
the first :class:`~analysis.framing.credit.Attribution` found. The source spans come from
:mod:`analysis.framing.sources` and :mod:`analysis.framing.subjects`.
"""

from __future__ import annotations

import re

from analysis.framing.credit import NO_ATTRIBUTION, Attribution
from analysis.framing.cues import (
    SHARE_IN_SOURCE,
    after_quotation_source,
    absolute_source,
    coordinated_source,
    headline_source,
    is_title_case,
    named_poll,
    participle_source,
    phrase_source,
    progressive_source,
    source_then_verb,
    verb_then_source,
)
from analysis.framing.learned_cues import second_pass
from analysis.framing.quotes import mask_quotes, quote_spans
from analysis.framing.speakers import speaker_label
from analysis.framing.stance import LexiconScan, compiled_lexicons, lower_text, scan_lexicons, scan_sentence

__all__ = ["Attribution", "NO_ATTRIBUTION", "attribute", "attribute_masked", "attribute_scanned", "attribute_sentence"]


def attribute(text: str) -> Attribution:
    """The :class:`Attribution` of the first attribution rule that fires on ``text``, or
    :data:`NO_ATTRIBUTION`.

    Rules, in order (see the ``analysis.framing`` docstring): A an attribution phrase and the
    source after it; T a speaker label; B a source and a reporting verb after it; B' a progressive
    form after be; B'' a reporting participle after a comma (crediting the main clause's subject);
    B''' a reporting participle in an absolute construction ("with 30 percent of voters saying");
    P a passive with an agent; C a reporting verb after a comma, colon or closing quote and its
    source after it; Q the speaker clause, any verb, after a quotation that ends with a comma,
    question or exclamation mark. Run it on text whose quoted words are masked, so a verb inside a
    quotation credits no one.
    """
    _, phrases, verbs = scan_lexicons(lower_text(text))
    return attribute_scanned(text, phrases, verbs)


def attribute_sentence(text: str) -> Attribution:
    """:func:`attribute` of one sentence read on its own, its quotations masked as the framing
    stage masks them (a verb inside a quotation credits no one; the speaker after the quotation
    does). Source offsets are those of ``text``. Other stages use it to ask who a sentence
    credits (the estimates stage's ``cited_source``) without the stage's cross-sentence context."""
    spans, _, _ = quote_spans(text)
    if not spans:
        return attribute_scanned(text, *scan_lexicons(lower_text(text))[1:])
    return attribute_masked(text, spans)[0]


def attribute_masked(text: str, spans: list[tuple[int, int]]) -> tuple[Attribution, str, str, LexiconScan]:
    """:func:`attribute_scanned` on ``text`` with its quoted ``spans`` masked (a verb inside a
    quotation credits no one), the source read from ``text``; with the masked text and its lower
    case, which the framing stage reads the quotations' kinds from, and the lexicon scan of the
    masked text (its reporting verbs and cue words are what the learned decision weighs)."""
    masked = mask_quotes(text, spans)
    lowered = lower_text(masked)
    scan = scan_sentence(lowered, suffixes=False)
    return attribute_scanned(masked, scan.phrases, scan.verbs, text), masked, lowered, scan


def attribute_scanned(
    text: str, phrases: list[re.Match[str]], verbs: list[re.Match[str]], original: str | None = None
) -> Attribution:
    """:func:`attribute` given the positions of attribution phrases and reporting verbs in ``text``.

    ``original`` is the unmasked text when ``text`` has its quotations masked (same length): the
    source is read from it, at the offsets found in ``text``.
    """
    original = text if original is None else original
    secondary = compiled_lexicons().secondary_cues
    if secondary and verbs:
        later = [m for m in verbs if m.group() in secondary]
        if later:
            found = _first_pass(text, phrases, [m for m in verbs if m.group() not in secondary], original)
            return found if found.cue else second_pass(text, later, original)
    return _first_pass(text, phrases, verbs, original)


def _first_pass(text: str, phrases: list[re.Match[str]], verbs: list[re.Match[str]], original: str) -> Attribution:
    """Every rule of :func:`attribute`, in order, with the reporting verbs ``verbs``."""
    found = phrase_source(text, phrases, original)
    if found.cue:
        return found
    found = speaker_label(text)
    if found.cue:
        return found
    # a capitalised verb form is part of a name ("the United States", "Reports")
    # in a title-case headline they may be verbs ("Obama Claims …"), but "States" is the United States'
    capitalised = [m for m in verbs if text[m.start()].isupper() and m.group() != "states"]
    verbs = [m for m in verbs if not text[m.start()].isupper()]
    found = source_then_verb(text, verbs, original)
    if found.cue and SHARE_IN_SOURCE.search(found.source) and ("oll" in text or "urvey" in text):
        poll = named_poll(text, original)  # "In a CBS poll, 31% of voters said": the poll is the source
        return poll if poll.cue else found
    if found.cue:
        return found
    if capitalised and is_title_case(text):
        found = headline_source(text, capitalised[0], original)
        if found.cue:
            return found
    for rule in (progressive_source, participle_source, absolute_source):
        found = rule(text, original)
        if found.cue:
            return found
    found = coordinated_source(text, verbs, original)
    if found.cue:
        return found
    found = verb_then_source(text, verbs, original)
    if not found.cue and ("oll" in text or "urvey" in text):
        found = named_poll(text, original)
    if not found.cue and ("”" in text or '"' in text):
        found = after_quotation_source(text, original)
    return found
