"""Attribution: who a sentence credits, by which cue, and where the source's words are."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from analysis.framing.stance import _lexicons, _scan, lower_text
from analysis.lexicons import load_lexicon, trie_alternation


_NAME = r"[A-Z][\w'’.\-]*"
_ADDRESSEE_PHRASES = frozenset(("in an interview with", "in a statement to", "in comments to", "in remarks to", "speaking to"))
"""Attribution phrases whose object is the one spoken to: the source is the sentence's subject
("In an interview with NPR, Mr. Lee said", "Mr. Lee, speaking to reporters, said")."""
_TO_COMMA = re.compile(r"[^;:“”\"]{0,120}?,\s+")
_NOT_SOURCES = frozenset((
    "A An And As At But By For From He Her His How However If In It Its My On Or Our She So Some That The Their "
    "There These They This Those Thus To We What When Where Which While Who Why Yet Local Recent Many Most "
    "Other Others New Further Earlier Later Such Several Both Each All No One Two Latest Previous Initial Your I"
).split())
"""Capitalised words that start sentences but never name a source ("This shows", "Local reports")."""
_PLAIN_TOKEN = re.compile(r"[\w'’.\-]+%?")
_NON_SPACE = re.compile(r"\S+")
_AFTER_PHRASE = re.compile(
    r"\s+(?P<source>(?:[^,;:.!?()“”\"—]|(?:(?<=\b[A-Z])|(?<=\b[A-Z][a-z])|(?<=\b[A-Z][a-z]{2})|(?<=\b[A-Z][a-z]{3}))\.(?=\s?[A-Z])){1,200}?)"
    r"(?=\s*(?:[,;:!?()“”\"—]|(?<!\b[A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})(?<!\b[A-Z][a-z]{3})\.|\.(?!\s?[A-Z]))|\s+(?:that|which|who|when|while|as|said|says|on|about)\b|\s*$)"
)
"""The source after an attribution phrase, to the next punctuation or clause word; a full stop
after a capitalised word of at most four letters and before a capital is an abbreviation's
("according to Sen. Ann Lee", "the U.S. Army")."""
_AFTER_VERB = re.compile(
    rf"\s+(?P<source>(?:(?:the|a|an)\s+)?(?:[a-z][\w'’\-]*\s+){{0,3}}?{_NAME}(?:\s+(?:of\s+)?{_NAME}){{0,5}}"
    r"|(?:the|a|an|his|her|their|its|one|another)\s+[\w'’\-]+(?:\s+[\w'’\-.]+){0,9}?(?=\s*[,;:!?”\"]|\.?\s*$))"
)
"""The source after a verb: optional determiner and up to three lower-case words before a name
("said pollster Frank Luntz"), or a determiner's phrase up to the next punctuation ("said the woman.")."""
_AGENT = re.compile(
    rf"\s+by\s+(?P<source>(?:(?:the|a|an|his|her|their|its)\s+)?[\w'’\-%]+(?:\s+(?!(?:that|which|who|when|while|as|on|about|after|before|in|at|to|for|because|but|and)\b)[\w'’\-%.]+){{0,7}}?)"
    r"(?=\s*[,;:.!?()“”\"—]|\s+(?:that|which|who|when|while|as|on|about|after|before|in|at|to|for|because|but|and)\b|\s*$)"
)
"""A passive's agent: "was reported by the Times", "is backed by most Republicans"."""
_PARTICIPLE_TAIL = (
    r"\s+(?:(?:also|then|later|again|initially)\s+)?(?P<verb>[a-z]+ing)\b"
    r"(?=,?\s+(?:that\b|it\b|he\b|she\b|they\b|the\b|a\b|an\b|his\b|her\b|their\b|[“\"‘']|[A-Z]))"
)
_COMMA_PARTICIPLE = re.compile("," + _PARTICIPLE_TAIL)
_PREPOSITION_PARTICIPLE = re.compile(r"(?:by|while|upon|after)" + _PARTICIPLE_TAIL)
"""The same after "by", "while", "upon" or "after"; matched only where ``str.find`` sees one of
those words (a pattern opening with a word alternation makes the engine try every position)."""
_PARTICIPLE_PREPOSITIONS = (" by ", " while ", " upon ", " after ")
"""A reporting participle after a comma or a preposition, before what is reported: ", saying that
…", ", calling it …", "by saying he is ready", "after saying, “…”"."""
_LEADING_PHRASE = re.compile(r"(?:[A-Z][a-z]*ly|In|At|On|After|Before|During|Here|Then|Later|Earlier|Speaking|From|With)\b[^;:“”\"]{0,120}?,\s+")
"""An opening adverbial before the subject ("In a speech on Tuesday, Mr. Lee …", "Here in Columbia, …")."""
_SENTENCE_SUBJECT = re.compile(
    rf"(?P<source>(?:(?:The|A|An)\s+)?(?:{_NAME}\s+){{0,4}}{_NAME}|He|She|They)(?=\s+(?:(?:also|then|later|again|has|had|have|was|were|is|are)\s+)?[a-z]+(?:ed|s)?\b)"
)
"""The subject at the start of a sentence whose participle reports ("Trump hit back, saying …"):
names (a determiner allowed) or he, she, they, followed by a lower-case verb."""
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
_MAX_ASIDES = 3
"""Comma-set asides taken after a source that follows its verb: PolNeAR's source runs over each
("said Gloria Garcia, 34, a nurse from Brownsville")."""
_PARTY = re.compile(r"\s*\([A-Z][\w.\-– ]{0,24}\)")
"""A bracketed party and state or acronym after a name: "(D-Conn.)", "(R-S.C.)", "(CBO)"."""
_SPEAKER_LABEL = re.compile(r"\s*(?P<source>(?:[A-Z][A-Z'’.\-]+\s+){0,3}[A-Z][A-Z'’\-]+)\s*:\s+\S")
"""A transcript's speaker label at the start of a sentence: "PENCE: …", "MR. SMITH: …" (capitals only)."""
_NAME_LABEL = re.compile(rf"\s*(?P<source>{_NAME}(?:\s+{_NAME}){{0,3}})\s*:\s*[“‘\"']")
"""A name and a colon before a quotation at the start of a sentence (a headline's "Trump: ‘…’")."""
_NOT_SPEAKERS = frozenset(
    "UPDATE UPDATED NOTE EDITOR'S CORRECTION WATCH READ RELATED BREAKING VIDEO PHOTO PHOTOS PHOTOGRAPH LISTEN "
    "SUBSCRIBE SOURCE SOURCES CLICK MORE ALSO SEE EXCLUSIVE ANALYSIS OPINION Q A UK US USA EU UN NATO WARNING".split()
)
"""Capitalised labels that head a note, not a speaker's words."""
_IN_POLL = re.compile(
    r"\b(?P<cue>[Ii]n)\s+(?P<source>(?:(?!(?:and|or|but|that|which|who|with|than|to|for|of|on|at)\b)[\w'’.\-/]+\s+){0,7}?"
    r"(?:poll|polls|survey|surveys|polling)\b(?P<details>\s+(?:released|conducted|published|taken)\b(?:\s+(?:by|for|on|in)\s+)?"
    r"(?:\s*(?!(?:and|but|that|which|who|than)\b)[\w'’.\-]+){0,6}?(?=\s*[,;:.!?)]|\s*$|\s+(?:and|but|that|which|who|than)\b))?)"
)
"""A poll or survey after "in" is the source of what the sentence reports ("led by ten points in a
new Fox News poll released Thursday", "In a CBS poll, voters …"): PolNeAR's nominal cue. Only a
poll that is named (a capital, a figure or a possessive), singled out ("a poll", "this survey") or
described ("released Thursday") counts: a race standing "in the polls" credits no one."""
_SHARE = re.compile(r"\d|\bpercent\b|\b(?:in|of)\s+(?:10|ten|three|four|five)\b", re.I)
"""A poll share as a source ("31% of Republicans", "six in 10"): a poll named in the sentence is
the source PolNeAR marks instead."""
_PROGRESSIVE = re.compile(
    r"\b(?:is|are|was|were|been|be|am|keeps|kept)(?:n['’]t)?\s+(?:not\s+)?(?:[a-z]+ly\s+)?(?P<verb>[a-z]+ing)\b"
)
_CONTRACTED_PROGRESSIVE = re.compile(r"['’](?<=\w['’])(?:s|re)\s+(?:not\s+)?(?:[a-z]+ly\s+)?(?P<verb>[a-z]+ing)\b")
"""The same after a contracted be ("He's predicting", "they’re demanding"); a pattern of its own,
opening with the apostrophe, so that the regex engine skips to apostrophes."""
"""A reporting verb's -ing form after a form of be ("is demanding", "has been saying", "isn't saying",
"He's predicting")."""
_FUNCTION_WORDS = frozenset(
    "the a an of in on at to for from by with about as that this these those it its is are was were be been being "
    "has have had do does did will would could should may might can must not also and or but so than then there here "
    "i we you me us my our your him them his her their who whom which what when where how why whose if because while "
    "although though whether all any each every some many more most much such no nor only own same other others "
    "very just even still yet ever now today yesterday tomorrow tonight week year month time first last next "
    "into over under after before since until unless against among between through without within during".split()
)
"""Words that never end a source noun phrase by themselves."""
_DETERMINERS = frozenset(
    "the a an his her their its this that these those another one two three several some many most each every either neither few".split()
)
_QUANTIFIER_PRONOUNS = frozenset("several another few each either neither".split())
"""Quantifiers that stand for their noun ("Several said", "another told"): a source by themselves."""
_REFLEXIVES = frozenset("himself herself itself themselves".split())
"""An emphatic reflexive after a source is part of it ("Cruz himself said")."""
_PREPOSITIONS = frozenset(
    "of to in on at for by with from against into onto over under through across toward towards among between "
    "without within behind beyond despite amid near upon via than like about after before since during".split()
)
_CLAUSE_STOPS = frozenset(
    "and but or as while although though whereas since after before until unless where whether what that which who "
    "whom so then also because when if to in on at for by with from against into onto over under through across "
    "toward towards among between without within behind beyond despite amid near upon via than like about during".split()
)
"""Words that end a source noun phrase on its left: conjunctions, relative words, prepositions ("of" is
kept inside: "members of Congress", "Secretary of State John Kerry")."""


class Attribution(NamedTuple):
    """What :func:`attribute` finds: the cue, the credited source's text, and the source's
    character offsets in the text attributed (``text[start:end] == source``; -1 when none)."""

    cue: str
    source: str
    start: int
    end: int


NO_ATTRIBUTION = Attribution("", "", -1, -1)


def attribute(text: str) -> Attribution:
    """The :class:`Attribution` of the first attribution rule that fires on ``text``, or
    :data:`NO_ATTRIBUTION`.

    Rules, in order (see the ``analysis.framing`` docstring): A an attribution phrase and the
    source after it; T a speaker label; B a source and a reporting verb after it; B' a progressive
    form after be; B'' a reporting participle after a comma; P a passive with an agent; C a
    reporting verb after a comma, colon or closing quote and its source after it. Run it on text
    whose quoted words are masked, so a verb inside a quotation credits no one.
    """
    _, phrases, verbs = _scan(lower_text(text))
    return _attribute(text, phrases, verbs)


def _attribute(
    text: str, phrases: list[re.Match[str]], verbs: list[re.Match[str]], original: str | None = None
) -> Attribution:
    """:func:`attribute` given the positions of attribution phrases and reporting verbs in ``text``.

    ``original`` is the unmasked text when ``text`` has its quotations masked (same length): the
    source is read from it, at the offsets found in ``text``.
    """
    original = text if original is None else original
    secondary = _lexicons().secondary_cues
    if secondary and verbs:
        later = [m for m in verbs if m.group() in secondary]
        if later:
            found = _first_pass(text, phrases, [m for m in verbs if m.group() not in secondary], original)
            return found if found.cue else _second_pass(text, later, original)
    return _first_pass(text, phrases, verbs, original)


def _first_pass(text: str, phrases: list[re.Match[str]], verbs: list[re.Match[str]], original: str) -> Attribution:
    """Every rule of :func:`attribute`, in order, with the reporting verbs ``verbs``."""
    for match in phrases:
        found = _AFTER_PHRASE.match(text, match.end())
        if found:
            cue = " ".join(match.group().lower().split())
            if cue in _ADDRESSEE_PHRASES:  # "In an interview with NPR, Mr. Lee said": Mr. Lee speaks
                if text[: match.start()].strip():
                    subject = _SENTENCE_SUBJECT.match(text)
                else:  # the phrase opens the sentence: the subject follows its comma
                    comma = _TO_COMMA.match(text, match.end())
                    subject = _SENTENCE_SUBJECT.match(text, comma.end()) if comma else None
                if subject and subject.start() != match.start() and _subject_credited(subject.group("source")):
                    return _credit(match.group(), original, *subject.span("source"))
            return _credit(match.group(), original, *_strip_span(text, *found.span("source")))
    label = _SPEAKER_LABEL.match(text) or _NAME_LABEL.match(text)
    if label and label.group("source").upper() not in _NOT_SPEAKERS and sum(c.isalpha() for c in label.group("source")) >= 2:
        return Attribution(":", label.group("source"), *label.span("source"))
    # a capitalised verb form is part of a name ("the United States", "Reports")
    # in a title-case headline they may be verbs ("Obama Claims …"), but "States" is the United States'
    capitalised = [m for m in verbs if text[m.start()].isupper() and m.group() != "states"]
    verbs = [m for m in verbs if not text[m.start()].isupper()]
    found = _source_then_verb(text, verbs, original)
    if found.cue and _SHARE.search(found.source) and ("oll" in text or "urvey" in text):
        poll = _named_poll(text, original)  # "In a CBS poll, 31% of voters said": the poll is the source
        return poll if poll.cue else found
    if found.cue:
        return found
    if capitalised and _is_title_case(text):
        found = _headline_source(text, capitalised[0], original)
        if found.cue:
            return found
    source_nouns = _lexicons().source_nouns
    if "ing" in text:
        lex = _lexicons()
        progressive = list(_PROGRESSIVE.finditer(text))
        if "'" in text or "’" in text:
            progressive = sorted((*progressive, *_CONTRACTED_PROGRESSIVE.finditer(text)), key=lambda m: m.start())
        for match in progressive:
            # a progressive cue reports something: words follow it ("is demanding a contract", not "is demanding.")
            if lex.speaker_verbs.fullmatch(match.group("verb")) and re.match(r"\s+[\w“\"‘']", text[match.end() :]) and not (
                re.match(r"\s+(?:and|but|or)\b", text[match.end() :])
            ):
                span = _source_before(text, match.start(), source_nouns)
                if span:
                    return _credit(match.group(), original, *span)
    if "ing" in text and (", " in text or " by " in text or " while " in text or " upon " in text or " after " in text):
        lex = _lexicons()
        for match in _participles(text):
            subject = _sentence_subject(text, match.start())
            if lex.speaker_verbs.fullmatch(match.group("verb").lower()) and subject and _subject_credited(subject.group("source")):
                return _credit(match.group("verb"), original, *subject.span("source"))
    if " and " in text or " but " in text:  # "Kim resigned and said", "Lee has disputed it, but says"
        for match in verbs:
            if _AND_BEFORE.search(text, max(0, match.start() - 20), match.start()):
                subject = _SENTENCE_SUBJECT.match(text)
                if not (subject and _subject_credited(subject.group("source"))):
                    subject = _noun_subject().match(text)  # "The senator paused and recalled …"
                if subject and subject.start("source") < match.start() and _subject_credited(subject.group("source")):
                    return _credit(match.group(), original, *subject.span("source"))
    found = _verb_then_source(text, verbs, original)
    if not found.cue and ("oll" in text or "urvey" in text):
        return _named_poll(text, original)
    return found


def _named_poll(text: str, original: str) -> Attribution:
    """Rule N: the first poll named, singled out or described after "in" (``_IN_POLL``)."""
    for poll in _IN_POLL.finditer(text):
        words = poll.group("source").split()
        if poll.group("details") or any(w[:1].isupper() or w[:1].isdigit() or w.endswith(("'s", "’s")) for w in words) or (
            words[0].lower() in ("a", "an", "this", "that") and words[-1].lower() in ("poll", "survey")
        ):
            start, end = poll.span("source")
            if text[end - 1] == "." and not re.search(r"\.\w{1,3}\.$", poll.group("source")):
                end -= 1  # the sentence's full stop, not an abbreviation's ("the U.S.")
            return _credit("in", original, start, end)
    return NO_ATTRIBUTION


_TITLE_WORD = re.compile(r"[A-Za-z][\w'’\-]{3,}")
_MAX_HEADLINE_SOURCE_WORDS = 4


def _is_title_case(text: str) -> bool:
    """Whether a sentence is a title-case headline: at least four words of four letters or more,
    at least 80% of them capitalised ("Bernie Sanders Says He’s Already Started Writing …")."""
    words = _TITLE_WORD.findall(text)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _headline_source(text: str, verb: re.Match[str], original: str) -> Attribution:
    """Rule H: in a title-case headline, the first capitalised reporting verb credits the words that
    open the headline, when they are at most four and a name ("Obama Claims …", "New Poll Shows …")."""
    span = _source_before(text, verb.start(), _lexicons().source_nouns)
    if not span or text[: span[0]].strip() or len(text[span[0] : span[1]].split()) > _MAX_HEADLINE_SOURCE_WORDS:
        return NO_ATTRIBUTION
    if text[span[0] : span[1]].split()[-1].lower() in _FUNCTION_WORDS | _PREPOSITIONS:
        return NO_ATTRIBUTION  # "A Long Night Of Talks Ends": a noun after a preposition, no verb
    return _credit(verb.group(), original, *span)


def _participles(text: str) -> list[re.Match[str]]:
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


def _sentence_subject(text: str, before: int) -> re.Match[str] | None:
    """The sentence's subject (``_SENTENCE_SUBJECT``) at its start, or after an opening adverbial
    that ends with a comma ("At a rally in Ames, Iowa, on Sunday, Mrs. Lee tried …"), starting
    before ``before``."""
    subject = _SENTENCE_SUBJECT.match(text)
    if (subject and _subject_credited(subject.group("source"))) or not text[:1].isupper():
        return subject
    noun = _noun_subject().match(text)  # "The former candidate continued, saying …"
    if noun and noun.end() <= before:
        return noun
    lead = _LEADING_PHRASE.match(text)
    while lead and lead.end() < before:
        subject = _SENTENCE_SUBJECT.match(text, lead.end())
        if subject:
            return subject if subject.end() <= before else None
        lead = re.compile(r"[^;:“”\"]{0,120}?,\s+").match(text, lead.end())
    return None


@cache
def _noun_subject() -> re.Pattern[str]:
    """A sentence's subject that is a noun phrase headed by a role or source noun, or its plural, at
    the start of the sentence and before a lower-case verb: "The senator paused and recalled …",
    "Other former officers chafed … and said", "The former Republican candidate continued, saying"."""
    heads = trie_alternation(sorted(_roles() - _FUNCTION_WORDS - _PARTITIVES - _ROLE_MODIFIERS))
    return re.compile(
        r"(?P<source>(?:The|A|An|Other|Some|Many|Several|Two|Three)\s+(?:[\w'’\-]+\s+){0,4}?"
        rf"(?:{heads})s?)(?=\s+(?:(?:also|then|later|again|has|had|have|was|were|is|are)\s+)?[a-z]+\b)"
    )


def _subject_credited(subject: str) -> bool:
    """Whether a sentence's subject (``_SENTENCE_SUBJECT``) may be credited by a later participle:
    a name, or he, she, they ("He went further, saying …")."""
    return subject in ("He", "She", "They") or subject not in _NOT_SOURCES


def _second_pass(text: str, verbs: list[re.Match[str]], original: str) -> Attribution:
    """The verb rules (B, P, C) with the cues of ``attribution_cues_learned`` (stances, plans and
    beliefs such as "wants", "supports", "think"): tried only when no other cue credits anyone,
    so they never change a source the other rules find."""
    verbs = [m for m in verbs if not text[m.start()].isupper()]
    found = _source_then_verb(text, verbs, original)
    return found if found.cue else _verb_then_source(text, verbs, original)


def _source_then_verb(text: str, verbs: list[re.Match[str]], original: str) -> Attribution:
    """Rule B: a source right before a reporting verb ("the senator said")."""
    source_nouns = _lexicons().source_nouns
    for match in verbs:
        if _NOT_REPORTING_AFTER.match(text, match.end()) and match.group().lower().startswith(("learn", "continu")):
            continue  # "learned to dig in", "continued to fight": a skill or an activity, nothing reported
        cue = match.group().lower()
        if cue in _NOUN_LIKE and _OF_AFTER.match(text, match.end()):
            continue  # "the state of Ohio", "claims of fraud": a noun
        span = _source_before(text, match.start(), source_nouns, open_phrase=cue not in _NOUN_LIKE)
        if cue in _NEEDS_COMPLEMENT and not _COMPLEMENT.match(text, match.end()) and not (
            span and _PARENTHETICAL_AFTER.match(text, match.end()) and text[: span[0]].rstrip()[-1:] in _PARENTHETICAL_BEFORE
            and (text[span[0]].isupper() or text[span[0] : span[1]].split()[-1].lower() in source_nouns - _PARTITIVES)
        ):
            continue  # "both states", "Editor's note", "a well maintained road": no content reported
        if not span and match.start() > 12:
            span = _reduced_relative_source(text, match.start(), source_nouns)
        if span:
            return _credit(match.group(), original, *span)
    return NO_ATTRIBUTION


_REDUCED_RELATIVE = re.compile(
    r" (?:released|conducted|published|compiled|seen|obtained|taken|commissioned|issued|filed|out)"
    r"\s+(?P<next>[\w'’]+)(?:\s+(?!(?:that|which|who|and|but|or)\b)[\w'’.\-/%$]+){0,7}\s*$"
)
"""A source whose head noun is followed by a reduced relative clause right before the verb: "A poll
conducted last week found", "a memo seen by Reuters said", "records compiled by the Center for
Responsive Politics show", "a poll out this week shows"."""
_REDUCED_RELATIVE_NEXT = _PREPOSITIONS_AND_TIMES = frozenset(
    "by in on at for from over during last this earlier late recently yesterday".split()
) | frozenset(day.lower() for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))
"""What may follow the participle of ``_REDUCED_RELATIVE``: a preposition or a time phrase, not an
object ("Trump released a video that said": Trump released something, the video said it)."""


def _reduced_relative_source(text: str, verb_start: int, nouns: frozenset[str]) -> tuple[int, int] | None:
    """Offsets of a source ending in a reduced relative clause (``_REDUCED_RELATIVE``) right before a
    reporting verb starting at ``verb_start``: the head's noun phrase (by :func:`_source_before`, as
    if the verb followed the head) and the clause after it, as PolNeAR marks them."""
    found = _REDUCED_RELATIVE.search(text, max(0, verb_start - 120), verb_start)
    if not found or found.group("next").lower() not in _REDUCED_RELATIVE_NEXT:
        return None
    head = _source_before(text, found.start() + 1, nouns)
    if not head or head[1] != found.start():
        return None
    return head[0], _strip_span(text, head[0], verb_start)[1]


def _verb_then_source(text: str, verbs: list[re.Match[str]], original: str) -> Attribution:
    """Rules P (a passive's agent: "was reported by the Times") and C (a verb after a comma, colon
    or closing quote, its source after it: "…,” said Kim")."""
    for match in verbs:
        found = _AGENT.match(text, match.end())
        if found:
            return _credit(match.group() + " by", original, *_strip_span(text, *found.span("source")))
    for match in verbs:
        before = text[: match.start()].rstrip()
        found = _AFTER_VERB.match(text, match.end())
        if found and (not before or before[-1] in ",”\"’':"):
            start, end = found.span("source")
            # a full stop ends the sentence, unless the name is an abbreviation ("the U.S.")
            if not re.search(r"\.\w{1,3}\.$", found.group("source")):
                end = start + len(found.group("source").rstrip("."))
            party = _PARTY.match(text, end)
            if party:  # "said Sen. Ann Lee (D-Ohio)"
                end = party.end()
            for _ in range(_MAX_ASIDES):
                aside = _APPOSITIVE.match(text, end)
                if not aside:
                    break
                # "said Ed Rendell, a former governor of Pennsylvania, who backs Mrs. Clinton"
                end = _strip_span(text, start, aside.end())[1]
            return _credit(match.group(), original, start, end)
    return NO_ATTRIBUTION


def _credit(cue: str, text: str, start: int, end: int) -> Attribution:
    return Attribution(_cue(cue), text[start:end], start, end)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed past leading and trailing white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cue(text: str) -> str:
    return " ".join(text.split()).replace("’", "'")


def _source_before(text: str, verb_start: int, nouns: frozenset[str], *, open_phrase: bool = True) -> tuple[int, int] | None:
    """Offsets of the source before a reporting verb starting at ``verb_start``, or None.

    Read from the 160 characters before the verb. Up to three words may stand between the source
    and the verb: -ly adverbs and the words of ``_BETWEEN_SOURCE_AND_VERB`` ("officials have
    previously said"). The source's last word must be a source noun or pronoun or a capitalised
    name; up to five plain words before it are taken too, and everything up to the last clause
    word or preposition is cut ("a move that experts say" gives "experts"). When a comma stands
    right before the verb, the source is the subject before one comma-set aside or appositive
    when that qualifies ("Anil, the vice-chairman, said" gives "Anil"; "Mr Svanberg, however,
    warned"), else the aside itself ("Denis Pushilin, said"). A verb followed by "to" after a
    comma is a passive ("Kyiv, said to be calm") and credits no one. An acronym in brackets may
    end the source ("the British Chamber of Commerce (BCC) has said"). Right before the verb, and
    with ``open_phrase`` (the verb form is no common noun), a noun phrase no lexicon lists may be
    the source too (see :func:`_qualifies`).
    """
    offset = max(0, verb_start - 160)
    head = text[offset:verb_start]
    every_word = head.split()
    words = every_word[:]
    verb = _NON_SPACE.match(text, verb_start).group()
    # "The plan was opposed by unions": a passive's subject is no source, whatever the form
    adjective = _adjective_cue(verb) and not text.startswith(" by ", verb_start + len(verb))
    for _ in range(3):
        if len(words) < 2:
            break
        word = words[-1]
        if word == "to" and len(words) > 2 and words[-2] in _TO_CHAINS:  # "He continues to insist"
            went_on = words[-2] == "on"
            if went_on and not (len(words) > 3 and words[-3] in ("went", "goes")):
                break
            del words[-3 if went_on else -2 :]  # "went on to say"
            continue
        if len(words) > 2 and words[-2].lower() in _TIME_OPENERS and word.lower() in _TIME_NOUNS:
            words.pop()  # "last week", "on Tuesday": the second word goes here, the first below
        elif not (
            (word.endswith("ly") and word.isalpha() and word.islower()) or word in _BETWEEN_SOURCE_AND_VERB
            or (adjective and word in _BE_FORMS)
            or (word in _WEEKDAYS and len(words) > 2 and words[-2][:1].isupper())
        ):
            break
        words.pop()
    if not words:
        return None
    last = len(words) - 1
    word = words[last]
    if word in _RELATIVES and last > 0:  # "voters who said", "a union which endorsed": PolNeAR credits the pronoun
        end = offset + _word_end(head, every_word, last)
        return end - len(word), end
    if word.endswith(","):
        if text.startswith(" to ", verb_start + len(_NON_SPACE.match(text, verb_start).group())):
            return None
        before = _previous_comma_word(words, last)
        for _ in range(_MAX_ASIDES - 1):  # "Marley Anderson, 21, a junior from Las Vegas, said"
            if before < 0 or _qualifies(words[before][:-1], nouns, words, before):
                break
            before = _previous_comma_word(words, before)
        for _ in range(_MAX_ASIDES - 1):  # "Ann Lee, the head of the Acme Union, which backs Kim, said"
            earlier = _previous_comma_word(words, before) if before >= 0 else -1
            if earlier < 0 or not _qualifies(words[earlier][:-1], nouns, words, earlier) or not (
                words[earlier + 1].lower() in _DETERMINERS or words[earlier + 1].lower() in _roles()
            ):
                break
            before = earlier
        if before >= 0 and _qualifies(words[before][:-1], nouns, words, before):
            span = _source_span(head, offset, every_word, before, 1)
            aside = words[before + 1].lower()
            if span and (
                (last - before == 1 and words[last][:1].islower())  # "Mr Svanberg, however, warned"
                or aside in _PREPOSITIONS or aside in _BETWEEN_SOURCE_AND_VERB or aside.endswith("ing")
            ):  # "Ms. Khan, in an article, rebuked", "Lee, also campaigning there, said": no appositive
                return span
            if span:  # the subject and its appositives, as PolNeAR marks them ("Anil, the vice-chairman,")
                return span[0], offset + _word_end(head, every_word, last) - 1
        word = word[:-1]
        trim = 1
    else:
        trim = 0
    if word.startswith("(") and word.endswith(")"):  # an acronym in brackets: "the Chamber (BCC) said"
        return _source_span(head, offset, every_word, last, trim) if _qualifies(word[1:-1], nouns) else None
    if not open_phrase and not trim and word.lower() in _DETERMINERS:
        return None  # "Some estimates put …": a quantifier before a noun-like cue is its determiner
    # before a comma only a source noun or a name: "The deal grows, reports WP" credits no "deal grows"
    qualifies = _qualifies(word, nouns) if trim or not open_phrase else _qualifies(word, nouns, words, last)
    return _source_span(head, offset, every_word, last, trim) if qualifies else None


_BETWEEN_SOURCE_AND_VERB = frozenset(
    "has have had also will would could may might did does do not never earlier later then now again once too further "
    "still even first just already often always long since however meanwhile".split()
) | {
    f"{aux}n{mark}t" for aux in "has have had did does do is are was were could would should" .split() for mark in "'’"
} | {f"{word}{mark}t" for word in ("won", "can") for mark in "'’"}
"""Auxiliaries, negation (also contracted: "hasn't", "didn’t") and time adverbs that may stand between
a source and its reporting verb."""
_RELATIVES = frozenset("who which".split())
"""Relative pronouns PolNeAR marks as the source of the verb right after them."""
_BE_FORMS = frozenset("is are was were be been am 's ’s 're ’re".split())
"""Forms of be that may stand between a source and an adjective cue ("The government is worried",
"Her aides have been reluctant"), never before a participle, whose subject is no source ("Cruz was
endorsed by Fiorina")."""
_ADJECTIVE_ENDINGS = ("ful", "ous", "ive", "ent", "ant", "ical", "tic", "ble", "ger")
_ADJECTIVE_PARTICIPLES = frozenset("worried convinced opposed concerned determined committed prepared inclined".split())
"""Cue forms read as adjectives after be: their endings ("confident", "skeptical", "supportive",
"eager") and participles used as adjectives."""


def _adjective_cue(word: str) -> bool:
    """Whether a cue form is an adjective that a form of be may precede (``_BE_FORMS``)."""
    low = word.lower()
    return low in _ADJECTIVE_PARTICIPLES or low in ("aware", "sure", "wary", "keen", "clear", "adamant") or low.endswith(_ADJECTIVE_ENDINGS)
_TO_CHAINS = frozenset(
    "continue continues continued began begins refused refuses declined declines seemed seems appeared appears on".split()
)
"""Verbs whose "to" chains the reporting verb to the source ("He continues to insist", "declined to
say", "went on to say", "seem to show"); "on" is read only after "went" or "goes"."""
_WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
_TIME_OPENERS = frozenset("last this on".split())
_TIME_NOUNS = frozenset("week month year night weekend morning afternoon evening".split()) | {
    day.lower() for day in _WEEKDAYS
}
"""A time phrase between a source and its verb ("The committee last week said", "Kim on Tuesday
warned", "Mrs. Clinton Sunday said": a weekday alone only after a capitalised word)."""


def _qualifies(word: str, nouns: frozenset[str], words: list[str] | None = None, index: int = -1) -> bool:
    """Whether a word can end a source: a source noun or pronoun, a capitalised name, or (given its
    sentence's ``words`` and its ``index`` there) the last word of a noun phrase: a lower-case word
    that is no function word, adverb or verb form, after a determiner at most three words before
    ("the woman said", "another senior aide told") or itself a plural ("voters said")."""
    if not word or _PLAIN_TOKEN.fullmatch(word) is None:
        return False
    low = word.lower()
    if low in nouns or (low[-1:] == "s" and low[:-1] in nouns) or (word[0].isupper() and word not in _NOT_SOURCES):
        return True  # a source noun, its plural ("polls show"), or a name
    if word == "it" and index > 0 and words[index - 1][-1:] in ",”\"’'":  # “…,” it said
        return True
    if word == "It" and index == 0 and words is not None and len(words) == 1:
        return True  # "It said …" opening a sentence: an organisation or document named before
    if word[-1] == "%" and word[:-1].replace(".", "").isdigit():
        return True  # "47% say", like "47 percent say"
    if index >= 2 and words[index - 1] == "of" and (words[index - 2].endswith("%") or words[index - 2] in _SHARES) and _is_word(word):
        return True  # "20 percent of people said", "a majority of those polled"
    if _is_number(word) and index >= 2 and words[index - 1].lower() in ("in", "of") and (
        _is_number(words[index - 2]) or (index >= 3 and words[index - 2].lower() == "out" and _is_number(words[index - 3]))
    ):
        return True  # "Two in three said", "nine out of 10 say"
    if low in _QUANTIFIER_PRONOUNS and (index <= 0 or words[index - 1].lower() not in _DETERMINERS):
        return True  # "Several said", "Yet another said"; not "Some several said"
    if low in _REFLEXIVES and index > 0:  # "Cruz himself said"
        return _qualifies(words[index - 1], nouns, words, index - 1)
    if words is None or not _is_word(word) or not word.islower() or len(word) < 3 or word in _FUNCTION_WORDS:
        return False
    if word.endswith(("ly", "ing", "ed")):
        return False
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        return True
    if index > 0 and words[index - 1].endswith(("'s", "’s", "s'", "s’")):  # "Clinton's campaign said"
        return True
    for back in range(1, 4):
        if index - back < 0:
            return False
        previous = words[index - back]
        if previous.lower() in _DETERMINERS:
            return True
        if not (_is_word(previous) and previous.lower() not in _FUNCTION_WORDS):
            return False
    return False


_SHARES = frozenset("percent majority minority half third quarter plurality".split())
"""Nouns of a share before "of" that head a source with it ("31% of Republicans", "a majority of voters")."""
_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten".split())


def _is_number(word: str) -> bool:
    """A figure or a number word up to ten ("10", "three", "Two")."""
    return word.isdigit() or word.lower() in _NUMBER_WORDS


def _is_word(word: str) -> bool:
    """Letters only, hyphens inside allowed ("front-runner", "self-described")."""
    return word.isalpha() or (word.replace("-", "").isalpha() and not word.startswith("-") and not word.endswith("-"))


def _previous_comma_word(words: list[str], last: int) -> int:
    """Index of the comma-ended word before the aside ending at ``words[last]``, or -1 when the
    aside is longer than twenty words or holds other punctuation."""
    for index in range(last - 1, max(-1, last - 21), -1):
        word = words[index]
        if word.endswith(","):
            return index
        if not _PLAIN_TOKEN.fullmatch(word):
            return -1
    return -1


def _source_span(head: str, offset: int, words: list[str], last: int, trim: int) -> tuple[int, int] | None:
    """Offsets in the text of the source whose last word is ``words[last]`` less ``trim`` final
    characters (a comma), or None when that word is the object of a preposition.

    The noun phrase runs left from that word over at most seven plain words (no punctuation):
    a determiner starts it and is taken ("another source"), "of" stays inside ("members of
    Congress", "Secretary of State John Kerry"), a conjunction, relative word, preposition or
    other function word ends it. Left of a name, a lower-case word in -ed, -ly or -ing ends it too,
    unless it is a title or role noun (``source_titles``, the source nouns): "Republican
    presidential candidate Donald Trump", "pollster Frank Luntz", but not "Tuesday rejected …". A name right after a preposition
    other than "of" is its object ("a move against the Baltic, …"), never a source. ``words`` is
    ``head.split()``, ``head`` starts at ``offset`` in the text."""
    first = last
    name_head = words[last][:1].isupper()
    roles = _roles()
    coordinated = False
    width = 7
    while first > 0 and last - first < width:
        previous = words[first - 1]
        low = previous.lower()
        if not _PLAIN_TOKEN.fullmatch(previous) or not any(c.isalnum() for c in previous):
            break
        if low in _NP_DETERMINERS:
            first -= 1
            if first >= 2 and (
                (words[first - 1].lower() == "of" and _of_head(words[first - 2]))
                or (words[first - 1].lower() == "in" and _in_head(words[first - 2]))
                or (words[first - 1].lower() in _ROLE_PREPOSITIONS and _role_noun(words[first - 2].lower(), roles))
            ):  # "A survey by the organization found", "a spokesman for the campaign said"  # "three-quarters of the voters", "Leaders of the Senate", "voters in each state": the head before
                first -= 1
                width = last - first + 4
                continue
            break
        if low == "of" and first - 2 >= 0 and _PLAIN_TOKEN.fullmatch(words[first - 2]):
            first -= 1
            if words[first - 1].endswith("%") or words[first - 1].lower() in _SHARES:
                first -= 1  # "31% of Republicans", "a majority of voters": the share heads the source
            continue
        if low in ("in", "of") and _is_number(words[first]):
            number = first - 3 if low == "of" and first >= 3 and words[first - 2].lower() == "out" else first - 2
            if number >= 0 and _is_number(words[number]):  # "eight in 10 voters", "nine out of 10"
                first = number
                continue
        if low == "and" and first >= 2 and _coordinated(words[first - 2], words[first], roles):
            first -= 1  # "Dunn and John agreed", "teachers and union officials told"
            coordinated = True
            continue
        if coordinated and not (previous[:1].isupper() or low in roles or low in _NP_DETERMINERS):
            break  # left of "and", only the first conjunct's name, title or determiner: not "He won Iowa and Trump"
        if low in _ROLE_PREPOSITIONS and first >= 2 and _role_noun(words[first - 2].lower(), roles):
            first -= 1  # "a spokeswoman for YouTube", "Staff for the House Committee on Benghazi"
            continue
        if low in _HEAD_PREPOSITIONS and first >= 2 and _postmodified_head(words[first - 2], roles):
            first -= 1  # "Aides to Clinton say", "People in Fort Pierce said", "critics like Huffman say"
            continue
        if low in _CLAUSE_STOPS:
            if low in _PREPOSITIONS and low not in _CONJUNCTION_PREPOSITIONS and name_head and all(
                w.lower() in _NP_DETERMINERS or w[:1].isupper() for w in words[first : last + 1]
            ):
                return None
            break
        if low in _FUNCTION_WORDS and low != "other":  # "other former officers" stays whole
            break
        if name_head and not (previous[:1].isupper() or low in roles or low.endswith(("'s", "’s"))) and (
            low.endswith(("ed", "ly", "ing")) or not _is_word(previous)
        ):
            break
        first -= 1
    if not coordinated and first >= 2 and words[first - 1].lower() in _ASIDE_PREPOSITIONS and words[first].lower() in _NP_DETERMINERS and not any(
        w.endswith(",") for w in words[first : last + 1]
    ):
        aside = _subject_before_aside(head, offset, words, first - 1)
        if aside:  # "Trump in his announcement speech called": Trump calls, not the speech
            return aside
    while first < last and words[first].lower() == "of":
        first += 1
    if first >= 2 and words[first - 1].lower() in ("of", "in") and words[first - 2].lower() in _PARTITIVES:
        first -= 2  # "None of the three", "Many in the crowd"
    if first >= 2 and words[first - 1].lower() == "than" and words[first - 2].lower() in ("more", "less", "fewer"):
        first -= 2  # "More than six in 10"
    if first >= 1 and words[first - 1].lower() in _LEADING_QUALIFIERS:
        first -= 1  # "Even Democratic candidates", "all three candidates", "About four in 10"
    # the words are the runs of non-space in head: walking back from its end finds each in turn
    position, end = len(head), 0
    for index in range(len(words) - 1, first - 1, -1):
        position = head.rfind(words[index], 0, position)
        if index == last:
            end = position + len(words[index]) - trim
    return offset + position, offset + end


_CONJUNCTION_PREPOSITIONS = frozenset("after before since until".split())
"""Prepositions that also open a clause: a name after them and right before a reporting verb is the
clause's subject ("three days after Trump told reporters", "since Lee said"), not an object."""
_ASIDE_PREPOSITIONS = frozenset("in during on throughout".split())
"""Prepositions that open an adverbial aside between a subject and its verb ("Cruz in an interview
said", "Sanders during a rally thanked"); not "after" or "before", which as often open a clause
("Even after the campaign unveiled …"), nor "at", which as often gives an affiliation ("McCarthy at
the National Review wrote")."""


def _subject_before_aside(head: str, offset: int, words: list[str], preposition: int) -> tuple[int, int] | None:
    """The source before a prepositional aside that opens at ``words[preposition]`` and runs to the
    verb: the name, relative pronoun or he, she, they right before the preposition ("Cruz in an
    interview said", "who in the past has voiced"), or None (the aside's object is never the
    source: "a move against the Baltic"). Taken only when the aside opens with a determiner: a name
    after the preposition is as often part of the source ("The Museum in Washington issued")."""
    if preposition < 1 or words[preposition].lower() not in _ASIDE_PREPOSITIONS:
        return None
    subject = words[preposition - 1]
    if subject in _RELATIVES or subject in ("he", "she", "they"):
        end = offset + _word_end(head, words, preposition - 1)
        return end - len(subject), end
    if _PLAIN_TOKEN.fullmatch(subject) and subject[:1].isupper() and subject not in _NOT_SOURCES and subject not in _WEEKDAYS and (
        subject.lower() not in _LEADING_QUALIFIERS and (preposition > 1 or offset > 0)
    ):  # a capital opening the sentence may be any noun ("Interest in the race said little")
        span = _source_span(head, offset, words, preposition - 1, 0)
        if span and _role_noun(subject.lower(), _roles()):  # "other Democrats on the stage refused": one source
            return span[0], offset + len(head.rstrip())
        return span
    return None


def _word_end(head: str, words: list[str], index: int) -> int:
    """End offset in ``head`` of ``words[index]`` (``words`` is ``head.split()``)."""
    position = len(head)
    for i in range(len(words) - 1, index - 1, -1):
        position = head.rfind(words[i], 0, position)
    return position + len(words[index])


_NP_DETERMINERS = frozenset(
    "the a an his her their its this these those another one two three several some many most each every either neither few".split()
)
"""Words that open a noun phrase: the walk left takes them and stops."""


_PARTITIVES = frozenset("none many most some all one each few several both any two three four five half".split())
"""Quantifiers before "of" or "in" that head a source PolNeAR marks whole ("None of the three",
"Many in the crowd")."""
_LEADING_QUALIFIERS = frozenset("even about nearly almost roughly only just all both".split())
"""Words before a source's noun phrase that PolNeAR keeps inside it ("Even Democrats", "all three
candidates", "About four in 10")."""
_HEAD_PREPOSITIONS = frozenset("to in like from at for with on".split())
"""Prepositions after which a name may end a source whose head comes before them: "Aides to Clinton",
"organizers in Cleveland", "critics like Huffman", "Audit files from NGP VAN" (see :func:`_postmodified_head`)."""
_ROLE_PREPOSITIONS = frozenset("for at with from on by".split())
"""Prepositions that stay inside a source after a role noun: "a spokeswoman for YouTube", "an
analyst at Barclays", "the committee on Benghazi", "A survey by the organization"."""


def _of_head(word: str) -> bool:
    """Whether a word before "of the …" heads the source: a plain noun, name, figure or share,
    not a function word or verb form ("Leaders of the Senate", "30 percent of the voters")."""
    low = word.lower()
    return bool(_PLAIN_TOKEN.fullmatch(word)) and low not in _FUNCTION_WORDS and low not in _CLAUSE_STOPS and (
        word[:1].isupper() or word[:1].isdigit() or word.endswith("%") or (_is_word(low) and not low.endswith(("ed", "ly", "ing")))
    )


def _in_head(word: str) -> bool:
    """Whether a word before "in the …" heads the source: a people word or plural ("someone in the
    audience", "voters in each state"), not a verb form or another noun ("interest in the race")."""
    low = word.lower()
    return low in ("someone", "anyone", "everyone", "people", "those") or (
        word.islower() and _is_word(low) and low.endswith("s") and not low.endswith(("ss", "us", "is")) and low not in _FUNCTION_WORDS
    )


def _coordinated(left: str, right: str, roles: frozenset[str]) -> bool:
    """Whether ``left and right`` join two sources: two names ("Dunn and John"), or two plural or
    role nouns ("teachers and union officials"), ``right`` opening the second conjunct."""
    if not (_PLAIN_TOKEN.fullmatch(left) and _PLAIN_TOKEN.fullmatch(right)):
        return False
    if left[:1].isupper() and right[:1].isupper():
        return left not in _NOT_SOURCES and right not in _NOT_SOURCES
    low = left.lower()
    return not right[:1].isupper() and (_role_noun(low, roles) or (low.endswith("s") and not low.endswith("ss") and _is_word(low) and low not in _FUNCTION_WORDS))


def _postmodified_head(word: str, roles: frozenset[str]) -> bool:
    """Whether a word before a preposition heads a source the prepositional phrase belongs to: a
    role or source noun or its plural, a people word, or a lower-case plural noun ("Aides to Clinton",
    "People in Fort Pierce", "files from NGP VAN"), not a verb, a function word or a singular
    common noun ("a move against the Baltic", "won votes in Iowa" is a plural: it needs the verb
    right after the phrase, which the caller's rules require)."""
    low = word.lower()
    if low in _PEOPLE_WORDS:
        return True
    if not _PLAIN_TOKEN.fullmatch(word) or not _is_word(low) or low in _FUNCTION_WORDS or low in _CLAUSE_STOPS:
        return False
    return _role_noun(low, roles) or (
        low.endswith("s") and not low.endswith(("ss", "us", "is", "ous")) and len(low) > 3
    )


_PEOPLE_WORDS = frozenset("people someone anyone everyone those others many some".split())
"""Words for people that head a source with a prepositional phrase ("Many in the crowd", "People in Iowa")."""


def _role_noun(word: str, roles: frozenset[str]) -> bool:
    """A title, role or source noun, or its plural."""
    return word in roles or (word.endswith("s") and word[:-1] in roles) or word in ("staff", "committee", "spokesperson")


@cache
def _roles() -> frozenset[str]:
    """Lower-case words that may stand before a name in a source: titles and role nouns."""
    return frozenset(load_lexicon("source_titles")) | _lexicons().source_nouns | _ROLE_MODIFIERS | frozenset(
        "then-president then-candidate".split()
    )


_ROLE_MODIFIERS = frozenset("former longtime veteran top senior deputy acting".split())
"""Words before a title that belong to the source ("former Secretary of State …") but head none."""
