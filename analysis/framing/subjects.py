"""Sentence subjects: the subject a rule credits when its cue stands away from it.

A reporting participle after a comma ("Kovac hit back, saying …"), a verb after "and" or "but"
("Ms. Lund resigned and said …") and an addressee phrase ("In an interview with NPR, Mr. Lee
said") credit the sentence's subject: a name, he, she or they (:data:`SENTENCE_SUBJECT`), or a
noun phrase headed by a role or source noun (:func:`noun_subject`), at the start of the sentence
or after an opening adverbial.
"""

from __future__ import annotations

import re
from functools import cache

from analysis.framing.source_words import FUNCTION_WORDS, NAME, NOT_SOURCES, PARTITIVES, ROLE_MODIFIERS, source_roles
from analysis.lexicons import trie_alternation


TO_COMMA = re.compile(r"[^;:“”\"]{0,120}?,\s+")
"""Text up to and past the next comma, within one clause (no semicolon, colon or quote mark)."""
_LEADING_PHRASE = re.compile(r"(?:[A-Z][a-z]*ly|In|At|On|After|Before|During|Here|Then|Later|Earlier|Speaking|From|With)\b[^;:“”\"]{0,120}?,\s+")
"""An opening adverbial before the subject ("In a speech on Tuesday, Mr. Lee …", "Here in Columbia, …")."""
SENTENCE_SUBJECT = re.compile(
    rf"(?P<source>(?:(?:The|A|An)\s+)?(?:{NAME}\s+){{0,4}}{NAME}|He|She|They)(?=\s+(?:(?:also|then|later|again|has|had|have|was|were|is|are)\s+)?[a-z]+(?:ed|s)?\b)"
)
"""The subject at the start of a sentence whose participle reports ("Trump hit back, saying …"):
names (a determiner allowed) or he, she, they, followed by a lower-case verb."""


def sentence_subject(text: str, before: int) -> re.Match[str] | None:
    """The sentence's subject (``SENTENCE_SUBJECT``) at its start, or after an opening adverbial
    that ends with a comma ("At a rally in Ames, Iowa, on Sunday, Mrs. Lee tried …"), starting
    before ``before``."""
    subject = SENTENCE_SUBJECT.match(text)
    if (subject and subject_credited(subject.group("source"))) or not text[:1].isupper():
        return subject
    noun = noun_subject().match(text)  # "The former candidate continued, saying …"
    if noun and noun.end() <= before:
        return noun
    lead = _LEADING_PHRASE.match(text)
    while lead and lead.end() < before:
        subject = SENTENCE_SUBJECT.match(text, lead.end())
        if subject:
            return subject if subject.end() <= before else None
        lead = TO_COMMA.match(text, lead.end())
    return None


@cache
def noun_subject() -> re.Pattern[str]:
    """A sentence's subject that is a noun phrase headed by a role or source noun, or its plural, at
    the start of the sentence and before a lower-case verb: "The senator paused and recalled …",
    "Other former officers chafed … and said", "The former Republican candidate continued, saying"."""
    heads = trie_alternation(sorted(source_roles() - FUNCTION_WORDS - PARTITIVES - ROLE_MODIFIERS))
    return re.compile(
        r"(?P<source>(?:The|A|An|Other|Some|Many|Several|Two|Three)\s+(?:[\w'’\-]+\s+){0,4}?"
        rf"(?:{heads})s?)(?=\s+(?:(?:also|then|later|again|has|had|have|was|were|is|are)\s+)?[a-z]+\b)"
    )


def subject_credited(subject: str) -> bool:
    """Whether a sentence's subject (``SENTENCE_SUBJECT``) may be credited by a later participle:
    a name, or he, she, they ("He went further, saying …")."""
    return subject in ("He", "She", "They") or subject not in NOT_SOURCES
