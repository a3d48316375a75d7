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
from analysis.framing.sources import source_before
from analysis.framing.stance import compiled_lexicons
from analysis.lexicons import load_lexicon, trie_alternation


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


_LOWER_WORD = re.compile(r"(?<![\w'’\-])[a-z]+(?![\w'’\-])")
_AUXILIARIES = frozenset("is are was were has have had will would could can did does do should must may might".split())
_OPENING_CONJUNCTIONS = re.compile(r"(?:And|But|So|Then|Yet|Still|Now|Instead|Meanwhile|Later|Earlier)\s*,?\s*$")
"""A conjunction or time adverb before the main clause's subject ("And he said", "Then he cut into")."""
_DATELINE = re.compile(r"[A-Z][\w.,'’ ]{1,40}?(?:\s*\([A-Za-z]{2,8}\))?\s*(?:—|–|--|-)")
"""A news agency's dateline before the first sentence's subject ("WASHINGTON (AP) —", "New York (AFP) –")."""
_OPENING_ADVERBIAL = re.compile(
    r"(?:(?:And|But|So|Then|Yet|Still)\s+)?(?:[A-Z][a-z]+(?:ly|ing)|In|At|On|After|Before|During|From|With|For|As|When|While|Though|Although|If|"
    r"Since|Because|Despite|Even|Once|Until|Unlike|Like|By|Amid|Following|Asked|Here|Then|Later|Earlier|Last|This|Over|Under|Without|Within)\b"
)
"""The first word of an opening adverbial, whose comma comes before the main clause's subject: a
preposition, a subordinating conjunction, an adverb or participle ("Speaking at a rally in Ames,
Trump said", "As word of her victories rolled in, he gave")."""


@cache
def _past_forms() -> tuple[frozenset[str], frozenset[str]]:
    """Irregular past forms (``past_tense``) and the -ed words that are no past form (``suffix_exceptions``)."""
    exceptions = {line.partition(":")[2].strip() for line in load_lexicon("suffix_exceptions") if line.startswith("ed:")}
    return frozenset(load_lexicon("past_tense")), frozenset(exceptions)


def _finite_verb(word: str) -> bool:
    """A lower-case word that is a finite verb or its auxiliary: a past form (irregular, or in -ed) or
    an auxiliary; present forms in -s are left out, since plurals look the same ("Democratic leaders")."""
    past, exceptions = _past_forms()
    return word in _AUXILIARIES or word in past or (word.endswith("ed") and len(word) > 4 and word not in exceptions)


def clause_subject(text: str, before: int) -> tuple[int, int] | None:
    """Offsets of the subject of the sentence's main clause, which ends before ``before``, or None.

    The subject is the source (:func:`~analysis.framing.sources.source_before`) right before the
    first finite verb whose source opens the sentence, follows an opening conjunction or time
    adverb ("Then he cut into Bush"), or follows a comma (the end of an opening adverbial: "Speaking
    at a town hall in Salem, Trump went after Bush"). A verb inside an opening subordinate clause
    ("As word of her victories rolled in, he gave …") has its source after a conjunction and is
    passed over. The long noun phrases that a name pattern misses are read whole ("Republican
    presidential candidate Donald Trump quickly took to Twitter, writing: …").
    """
    nouns = compiled_lexicons().source_nouns
    for match in _LOWER_WORD.finditer(text, 0, before):
        if not _finite_verb(match.group()):
            continue
        span = source_before(text, match.start(), nouns)
        if not span:
            continue
        prefix = text[: span[0]].strip()
        subject = text[span[0] : span[1]]
        if subject in ("who", "which") or subject.startswith("It") or any(_finite_verb(w.group()) for w in _LOWER_WORD.finditer(subject)):
            continue  # a relative clause's subject, not the main clause's; "It"; a span across a clause's verb
        if not prefix or _OPENING_CONJUNCTIONS.fullmatch(prefix) or _DATELINE.fullmatch(prefix) or (
            prefix.endswith(",") and _OPENING_ADVERBIAL.match(prefix)
        ):
            return span
    return None
