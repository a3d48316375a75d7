"""Cue rules: where a reporting cue stands in a sentence and which source it credits.

Each rule takes the sentence (its quoted words masked), the cue matches the stance scan found
and the unmasked text to read the source from, and returns an
:class:`~analysis.framing.credit.Attribution` or :data:`~analysis.framing.credit.NO_ATTRIBUTION`:
A an attribution phrase and the source after it (:func:`phrase_source`); B a source before a
reporting verb (:func:`source_then_verb`); N a poll after "in" (:func:`named_poll`); H a
title-case headline (:func:`headline_source`); B' a progressive form after be
(:func:`progressive_source`); B'' a reporting participle crediting the main clause's subject
(:func:`participle_source`) and a verb after "and" or "but" (:func:`coordinated_source`); B''' a
reporting participle in an absolute construction (:func:`absolute_source`); P a passive's agent
and C a verb before its source (:func:`verb_then_source`); Q the speaker clause after a quotation
(:func:`after_quotation_source`). The order they run in is :mod:`analysis.framing.attribution`'s.
"""

from __future__ import annotations

import re

from analysis.framing.credit import NO_ATTRIBUTION, Attribution, credit, strip_span
from analysis.framing.source_words import FUNCTION_WORDS, NAME, PARTITIVES, PREPOSITIONS
from analysis.framing.sources import MAX_ASIDES, postmodified_source, reduced_relative_source, source_before
from analysis.framing.stance import compiled_lexicons
from analysis.framing.subjects import SENTENCE_SUBJECT, TO_COMMA, clause_subject, noun_subject, sentence_subject, subject_credited


_ADDRESSEE_PHRASES = frozenset(("in an interview with", "in a statement to", "in comments to", "in remarks to", "speaking to"))
"""Attribution phrases whose object is the one spoken to: the source is the sentence's subject
("In an interview with NPR, Mr. Lee said", "Mr. Lee, speaking to reporters, said")."""
_AFTER_PHRASE = re.compile(
    r"\s+(?P<source>(?:[^,;:.!?()“”\"—]|(?:(?<=\b[A-Z])|(?<=\b[A-Z][a-z])|(?<=\b[A-Z][a-z]{2})|(?<=\b[A-Z][a-z]{3}))\.(?=\s?[A-Z])){1,200}?)"
    r"(?=\s*(?:[,;:!?()“”\"—]|(?<!\b[A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})(?<!\b[A-Z][a-z]{3})\.|\.(?!\s?[A-Z]))|\s+(?:that|which|who|when|while|as|said|says|on|about)\b|\s*$)"
)
"""The source after an attribution phrase, to the next punctuation or clause word; a full stop
after a capitalised word of at most four letters and before a capital is an abbreviation's
("according to Sen. Ann Lee", "the U.S. Army")."""
_AFTER_VERB = re.compile(
    rf"\s+(?P<source>(?:(?:the|a|an)\s+)?(?:[a-z][\w'’\-]*\s+){{0,3}}?{NAME}(?:\s+(?:of\s+)?{NAME}){{0,5}}"
    r"|(?:the|a|an|his|her|their|its|one|another|several|some|many|two|three|four|other|both)\s+[\w'’\-]+(?:\s+[\w'’\-.]+){0,9}?(?=\s*[,;:!?”\"]|\.?\s*$))"
)
"""The source after a verb: optional determiner and up to three lower-case words before a name
("said pollster Frank Luntz"), or a determiner's phrase up to the next punctuation ("said the woman.")."""
_AGENT = re.compile(
    rf"\s+by\s+(?P<source>(?:(?:the|a|an|his|her|their|its)\s+)?[\w'’\-%]+(?:\s+(?!(?:that|which|who|when|while|as|on|about|after|before|in|at|to|for|because|but|and)\b)[\w'’\-%.]+){{0,7}}?)"
    r"(?=\s*[,;:.!?()“”\"—]|\s+(?:that|which|who|when|while|as|on|about|after|before|in|at|to|for|because|but|and)\b|\s*$)"
)
"""A passive's agent: "was reported by the Times", "is backed by most Republicans"."""
_PARTICIPLE_TAIL = (
    r"\s+(?:(?:also|then|later|again|initially|[a-z]+ly)\s+)?(?P<verb>[a-z]+ing)\b"
    r"(?=:|,?\s+[\w“\"‘'])"
)
_NAMED_OBJECT_AFTER = re.compile(r",?\s+(?:that\b|it\b|he\b|she\b|they\b|the\b|a\b|an\b|his\b|her\b|their\b|[“\"‘']|[A-Z])")
"""What follows a participle that credits the sentence's subject as a name pattern reads it
(:func:`~analysis.framing.subjects.sentence_subject`); after other words ("calling them", "writing:")
only the main clause's subject (:func:`~analysis.framing.subjects.clause_subject`) is credited."""
_COMMA_PARTICIPLE = re.compile("," + _PARTICIPLE_TAIL)
_PREPOSITION_PARTICIPLE = re.compile(r"(?:by|while|upon|after)" + _PARTICIPLE_TAIL)
"""The same after "by", "while", "upon" or "after"; matched only where ``str.find`` sees one of
those words (a pattern opening with a word alternation makes the engine try every position)."""
_PARTICIPLE_PREPOSITIONS = (" by ", " while ", " upon ", " after ")
"""A reporting participle after a comma or a preposition, before what is reported: ", saying that
…", ", calling it …", "by saying he is ready", "after saying, “…”"."""
_NOUN_LIKE = frozenset(
    "report reports show shows claim claims charge charges hope hopes note notes state states call calls plan plans "
    "demand demands view views support supports vote votes offer offers list lists comment comments estimate "
    "estimates reply replies answer answers concern concerns worry worries doubt doubts fear fears praise attack "
    "attacks promise promises pledge pledges vow vows criticism statement warning warnings forecast forecasts "
    "request requests order orders proposal ruling rulings finding findings announcement".split()
)
"""Cue forms that are as often nouns ("the chemical weapons report", "his home state"): they credit
a source noun, a name or a pronoun ("The senator charges that", "A poll shows"), not any noun phrase."""
_NEEDS_COMPLEMENT = frozenset("state states note notes maintained maintains follows".split())
"""Cue forms more often a noun or another sense ("both states", "Editor's note", "as follows"): they
credit a source before them only when what is reported follows ("states that", "noted:")."""
_PARENTHETICAL_AFTER = re.compile(r"\s*[,.]")
_PARENTHETICAL_BEFORE = frozenset(",”\"’'")
"""The same forms credit their source as a parenthetical or after a quotation: "Democrats, Frank notes,
applaud …", "“… with Trump,” Viguerie notes." (a comma or closing quote before the source, a comma or
the full stop after the verb, and a name or a source noun as the source: not "The plan, both states,")."""
_COMPLEMENT = re.compile(r"\s*(?::|,?\s*[“\"‘']|\s+(?:that|it|he|she|they|we|in|on|to)\b)")


def reported_after(cue: str, text: str, end: int) -> bool:
    """Whether a cue form more often a noun or another sense (``_NEEDS_COMPLEMENT``: "states",
    "notes", "follows") has what is reported right after it, at ``text[end:]`` ("states that",
    "noted:"); any other cue form is a verb as it stands (True)."""
    return cue.lower() not in _NEEDS_COMPLEMENT or bool(_COMPLEMENT.match(text, end))
_AND_BEFORE = re.compile(r"\s(?:and|but)\s+(?:(?:also|then|later|again|has|had|have)\s+)?$")
"""A reporting verb coordinated with the sentence's first verb: "Ms. Kim resigned and said …"; the
subject at the start of the sentence is its source."""
_OF_AFTER = re.compile(r"\s+of\b")
_NOT_REPORTING_AFTER = re.compile(r"\s+(?:to|into|on|until|through|for)\b")
"""What follows "learned" or "continued" when nothing is reported ("learned to", "continued into")."""
_APPOSITIVE = re.compile(
    r",\s+(?!(?:and|but|or|adding|saying|noting|as|while|because|though|although|so|then)\b)(?![a-z]+ing\b)"
    r"[^,;:!?()“”\"—]{2,120}?(?=\s*[,;:!?()“”\"—]|\.\s*$|\s*$)"
)
"""An appositive or relative clause after a name that follows its verb, to the next comma or the end."""
_PARTY = re.compile(r"\s*\([A-Z][\w.\-– ]{0,24}\)")
"""A bracketed party and state or acronym after a name: "(D-Conn.)", "(R-S.C.)", "(CBO)"."""
_IN_POLL = re.compile(
    r"\b(?P<cue>[Ii]n)\s+(?P<source>(?:(?!(?:and|or|but|that|which|who|with|than|to|for|of|on|at)\b)[\w'’.\-/]+\s+){0,7}?"
    r"(?:poll|polls|survey|surveys|polling)\b(?P<details>\s+(?:released|conducted|published|taken)\b(?:\s+(?:by|for|on|in)\s+)?"
    r"(?:\s*(?!(?:and|but|that|which|who|than)\b)[\w'’.\-]+){0,6}?(?=\s*[,;:.!?)]|\s*$|\s+(?:and|but|that|which|who|than)\b))?)"
)
"""A poll or survey after "in" is the source of what the sentence reports ("led by ten points in a
new Fox News poll released Thursday", "In a CBS poll, voters …"): PolNeAR's nominal cue. Only a
poll that is named (a capital, a figure or a possessive), singled out ("a poll", "this survey") or
described ("released Thursday") counts: a race standing "in the polls" credits no one."""
SHARE_IN_SOURCE = re.compile(r"\d|\bpercent\b|\b(?:in|of)\s+(?:10|ten|three|four|five)\b", re.I)
"""A poll share as a source ("31% of Republicans", "six in 10"): a poll named in the sentence is
the source PolNeAR marks instead."""
_PROGRESSIVE = re.compile(
    r"\b(?:is|are|was|were|been|be|am|keeps|kept)(?:n['’]t)?\s+(?:not\s+)?(?:[a-z]+ly\s+)?(?P<verb>[a-z]+ing)\b"
)
"""A reporting verb's -ing form after a form of be ("is demanding", "has been saying", "isn't saying",
"He's predicting")."""
_CONTRACTED_PROGRESSIVE = re.compile(r"['’](?<=\w['’])(?:s|re)\s+(?:not\s+)?(?:[a-z]+ly\s+)?(?P<verb>[a-z]+ing)\b")
"""The same after a contracted be ("He's predicting", "they’re demanding"); a pattern of its own,
opening with the apostrophe, so that the regex engine skips to apostrophes."""


def named_poll(text: str, original: str) -> Attribution:
    """Rule N: the first poll named, singled out or described after "in" (``_IN_POLL``)."""
    for poll in _IN_POLL.finditer(text):
        words = poll.group("source").split()
        if poll.group("details") or any(w[:1].isupper() or w[:1].isdigit() or w.endswith(("'s", "’s")) for w in words) or (
            words[0].lower() in ("a", "an", "this", "that") and words[-1].lower() in ("poll", "survey")
        ):
            start, end = poll.span("source")
            if text[end - 1] == "." and not re.search(r"\.\w{1,3}\.$", poll.group("source")):
                end -= 1  # the sentence's full stop, not an abbreviation's ("the U.S.")
            return credit("in", original, start, end)
    return NO_ATTRIBUTION


_TITLE_WORD = re.compile(r"[A-Za-z][\w'’\-]{3,}")
_MAX_HEADLINE_SOURCE_WORDS = 4


def is_title_case(text: str) -> bool:
    """Whether a sentence is a title-case headline: at least four words of four letters or more,
    at least 80% of them capitalised ("Bernie Sanders Says He’s Already Started Writing …")."""
    words = _TITLE_WORD.findall(text)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def headline_source(text: str, verb: re.Match[str], original: str) -> Attribution:
    """Rule H: in a title-case headline, the first capitalised reporting verb credits the words that
    open the headline, when they are at most four and a name ("Obama Claims …", "New Poll Shows …")."""
    span = source_before(text, verb.start(), compiled_lexicons().source_nouns)
    if not span or text[: span[0]].strip() or len(text[span[0] : span[1]].split()) > _MAX_HEADLINE_SOURCE_WORDS:
        return NO_ATTRIBUTION
    if text[span[0] : span[1]].split()[-1].lower() in FUNCTION_WORDS | PREPOSITIONS:
        return NO_ATTRIBUTION  # "A Long Night Of Talks Ends": a noun after a preposition, no verb
    return credit(verb.group(), original, *span)


def participles(text: str) -> list[re.Match[str]]:
    """Matches of ``_COMMA_PARTICIPLE`` and ``_PREPOSITION_PARTICIPLE`` in ``text``, in text order."""
    found = list(_COMMA_PARTICIPLE.finditer(text)) if ", " in text else []
    for word in _PARTICIPLE_PREPOSITIONS:
        position = text.find(word)
        while position >= 0:
            match = _PREPOSITION_PARTICIPLE.match(text, position + 1)
            if match:
                found.append(match)
            position = text.find(word, position + 1)
    return sorted(found, key=lambda m: m.start()) if len(found) > 1 else found


def source_then_verb(text: str, verbs: list[re.Match[str]], original: str) -> Attribution:
    """Rule B: a source right before a reporting verb ("the senator said")."""
    source_nouns = compiled_lexicons().source_nouns
    for match in verbs:
        if _NOT_REPORTING_AFTER.match(text, match.end()) and match.group().lower().startswith(("learn", "continu")):
            continue  # "learned to dig in", "continued to fight": a skill or an activity, nothing reported
        cue = match.group().lower()
        if cue in _NOUN_LIKE and _OF_AFTER.match(text, match.end()):
            continue  # "the state of Ohio", "claims of fraud": a noun
        span = source_before(text, match.start(), source_nouns, open_phrase=cue not in _NOUN_LIKE)
        if cue in _NEEDS_COMPLEMENT and not _COMPLEMENT.match(text, match.end()) and not (
            span and _PARENTHETICAL_AFTER.match(text, match.end()) and text[: span[0]].rstrip()[-1:] in _PARENTHETICAL_BEFORE
            and (text[span[0]].isupper() or text[span[0] : span[1]].split()[-1].lower() in source_nouns - PARTITIVES)
        ):
            continue  # "both states", "Editor's note", "a well maintained road": no content reported
        if not span and match.start() > 12:
            span = reduced_relative_source(text, match.start(), source_nouns) or postmodified_source(text, match.start(), source_nouns)
        if span:
            return credit(match.group(), original, *span)
    return NO_ATTRIBUTION


def verb_then_source(text: str, verbs: list[re.Match[str]], original: str) -> Attribution:
    """Rules P (a passive's agent: "was reported by the Times") and C (a verb after a comma, colon
    or closing quote, its source after it: "…,” said Kim")."""
    for match in verbs:
        found = _AGENT.match(text, match.end())
        if found:
            return credit(match.group() + " by", original, *strip_span(text, *found.span("source")))
    for match in verbs:
        before = text[: match.start()].rstrip()
        span = _source_after_verb(text, match.end()) if not before or before[-1] in ",”\"’':" else None
        if span:
            return credit(match.group(), original, *span)
    return NO_ATTRIBUTION


def _source_after_verb(text: str, verb_end: int) -> tuple[int, int] | None:
    """Offsets of the source right after a verb ending at ``verb_end`` (``_AFTER_VERB``), a bracketed
    party and up to ``MAX_ASIDES`` comma-set asides included, or None."""
    found = _AFTER_VERB.match(text, verb_end)
    if not found:
        return None
    start, end = found.span("source")
    # a full stop ends the sentence, unless the name is an abbreviation ("the U.S.")
    if not re.search(r"\.\w{1,3}\.$", found.group("source")):
        end = start + len(found.group("source").rstrip("."))
    party = _PARTY.match(text, end)
    if party:  # "said Sen. Ann Lee (D-Ohio)"
        end = party.end()
    for _ in range(MAX_ASIDES):
        aside = _APPOSITIVE.match(text, end)
        if not aside:
            break
        # "said Ed Rendell, a former governor of Pennsylvania, who backs Mrs. Clinton"
        end = strip_span(text, start, aside.end())[1]
    return start, end


def phrase_source(text: str, phrases: list[re.Match[str]], original: str) -> Attribution:
    """Rule A: the source after the first attribution phrase that has one ("according to NATO
    estimates"); after a phrase whose object is the one spoken to ("In an interview with NPR"),
    the sentence's subject when it is a name or he, she, they."""
    for match in phrases:
        found = _AFTER_PHRASE.match(text, match.end())
        if found:
            cue = " ".join(match.group().lower().split())
            if cue in _ADDRESSEE_PHRASES:  # "In an interview with NPR, Mr. Lee said": Mr. Lee speaks
                if text[: match.start()].strip():
                    subject = SENTENCE_SUBJECT.match(text)
                else:  # the phrase opens the sentence: the subject follows its comma
                    comma = TO_COMMA.match(text, match.end())
                    subject = SENTENCE_SUBJECT.match(text, comma.end()) if comma else None
                if subject and subject.start() != match.start() and subject_credited(subject.group("source")):
                    return credit(match.group(), original, *subject.span("source"))
            return credit(match.group(), original, *strip_span(text, *found.span("source")))
    return NO_ATTRIBUTION


def progressive_source(text: str, original: str) -> Attribution:
    """Rule B': a reporting verb's -ing form after be, with words after it, and the source before
    it ("The union is demanding a contract", "He's predicting a win"; not "is demanding.")."""
    if "ing" not in text:
        return NO_ATTRIBUTION
    lex = compiled_lexicons()
    progressive = list(_PROGRESSIVE.finditer(text))
    if "'" in text or "’" in text:
        progressive = sorted((*progressive, *_CONTRACTED_PROGRESSIVE.finditer(text)), key=lambda m: m.start())
    for match in progressive:
        # a progressive cue reports something: words follow it ("is demanding a contract", not "is demanding.")
        if lex.speaker_verbs.fullmatch(match.group("verb")) and re.match(r"\s+[\w“\"‘']", text[match.end() :]) and not (
            re.match(r"\s+(?:and|but|or)\b", text[match.end() :])
        ):
            span = source_before(text, match.start(), lex.source_nouns)
            if span:
                return credit(match.group(), original, *span)
    return NO_ATTRIBUTION


_PREPOSITION_PARTICIPLES = frozenset("considering regarding concerning including following".split())
"""-ing forms that after a comma are prepositions ("…, considering the odds"), not a reporting participle."""
_TO_AFTER = re.compile(r"\s+to\b")
_NOTHING_AFTER = re.compile(r"\s+(?:nothing|little)\b")
"""A participle whose object is "nothing" or "little" reports no content ("…, saying nothing")."""


def participle_source(text: str, original: str) -> Attribution:
    """Rule B'': a reporting participle after a comma, "by", "while", "upon" or "after" credits the
    sentence's subject ("Kovac hit back, saying …")."""
    if not ("ing" in text and (", " in text or " by " in text or " while " in text or " upon " in text or " after " in text)):
        return NO_ATTRIBUTION
    lex = compiled_lexicons()
    for match in participles(text):
        verb = match.group("verb").lower()
        if not lex.speaker_verbs.fullmatch(verb) or verb in _PREPOSITION_PARTICIPLES or (
            verb == "adding" and _TO_AFTER.match(text, match.end())
        ) or _NOTHING_AFTER.match(text, match.end()):
            continue  # "…, considering what they are up against", "…, adding to his lead", "…, saying nothing": nothing reported
        span = clause_subject(text, match.start())
        if span and subject_credited(text[span[0] : span[1]]):
            return credit(match.group("verb"), original, *span)
        if not _NAMED_OBJECT_AFTER.match(text, match.end()):
            continue  # "…, considering this is": only the main clause's subject is credited before other words
        subject = sentence_subject(text, match.start())
        if subject and subject_credited(subject.group("source")):
            return credit(match.group("verb"), original, *subject.span("source"))
    return NO_ATTRIBUTION


def coordinated_source(text: str, verbs: list[re.Match[str]], original: str) -> Attribution:
    """A reporting verb after "and" or "but" credits the sentence's subject: a name, he, she,
    they, or a role noun's phrase ("Kim resigned and said", "Lee has disputed it, but says", "The
    senator paused and recalled")."""
    if not (" and " in text or " but " in text):
        return NO_ATTRIBUTION
    for match in verbs:
        if _AND_BEFORE.search(text, max(0, match.start() - 20), match.start()):
            subject = SENTENCE_SUBJECT.match(text)
            if not (subject and subject_credited(subject.group("source"))):
                subject = noun_subject().match(text)  # "The senator paused and recalled …"
            if subject and subject.start("source") < match.start() and subject_credited(subject.group("source")):
                return credit(match.group(), original, *subject.span("source"))
    return NO_ATTRIBUTION


_ING_WORD = re.compile(r"(?<![\w'’\-])[a-z]+ing\b")
_ABSOLUTE_OPENER = re.compile(r"(?:\bwith|\s[—–]|\s--?)\s*$")
"""What opens an absolute construction, a noun phrase and a participle that stand for a clause: "with"
("with 30 percent of voters saying they …", "with Mr. Lee calling the plan a fraud") or a dash
("— Ryan saying he was encouraged")."""
_WORDS_AFTER = re.compile(r":|\s+[\w“\"‘']")


def absolute_source(text: str, original: str) -> Attribution:
    """Rule B''': in an absolute construction (``_ABSOLUTE_OPENER``), a reporting participle with
    words after it credits the noun phrase right before it ("…, with 62 percent of voters saying
    race relations are worse"): the phrase is the participle's subject, whatever the main clause's is."""
    if "ing" not in text or not ("with " in text or "—" in text or "–" in text or " -" in text):
        return NO_ATTRIBUTION
    lex = compiled_lexicons()
    for match in _ING_WORD.finditer(text):
        if not lex.speaker_verbs.fullmatch(match.group()) or not _WORDS_AFTER.match(text, match.end()):
            continue
        span = source_before(text, match.start(), lex.source_nouns)
        if span and _ABSOLUTE_OPENER.search(text, max(0, span[0] - 8), span[0]):
            return credit(match.group(), original, *span)
    return NO_ATTRIBUTION



_CLOSING_QUOTE = re.compile(r"[”\"]")
_VERB_AFTER_SOURCE = re.compile(r"\s+(?:[a-z]+ly\s+)?(?P<verb>[a-z]{3,}(?:ed|es|s))\b(?:\s+(?:back|out|up|again|in))?\s*[.!?]?\s*$")
"""A verb ending the sentence after its source ("… Bozell answers.", "… the audience screamed back.")."""
_VERB_BEFORE_SOURCE = re.compile(r"\s+(?P<verb>[a-z]{3,}ed)\b(?=\s+[A-Z])")
"""A past form opening an inverted speaker clause ("… reacted Trump.")."""


def after_quotation_source(text: str, original: str) -> Attribution:
    """Rule Q: after a quotation that ends with a comma, question or exclamation mark, the speaker
    clause that ends the sentence credits its source whatever its verb ("“…,” Bozell answers",
    "“…!” the audience screamed back", "“…?” reacted Trump"): the verb slot after a quotation is a
    speech act's, so no list of reporting verbs is needed there."""
    for mark in _CLOSING_QUOTE.finditer(text):
        position = mark.start()
        if position < 2 or original[position - 1] not in ",?!":
            continue
        rest = mark.end()
        after = _VERB_AFTER_SOURCE.search(text, rest)
        if after and len(text[rest : after.start()].split()) <= 6:
            span = source_before(text, after.start("verb"), compiled_lexicons().source_nouns)
            if span and not text[rest : span[0]].strip():
                return credit(after.group("verb"), original, *span)
        before = _VERB_BEFORE_SOURCE.match(text, rest)
        span = _source_after_verb(text, before.end()) if before else None
        if span:
            return credit(before.group("verb"), original, *span)
    return NO_ATTRIBUTION
