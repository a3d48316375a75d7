"""Source spans: the noun phrase a reporting verb credits, read from the words before the verb.

:func:`source_before` finds the source that ends right before a verb (past adverbs,
auxiliaries, time phrases and comma-set asides), :func:`reduced_relative_source` one whose head
carries a reduced relative clause ("A poll conducted last week found"); both return offsets,
which the cue rules (:mod:`analysis.framing.cues`) turn into an attribution. The span is the
whole noun phrase PolNeAR marks: titles, "of" phrases, role prepositions and appositives
included, never a name after a preposition.
"""

from __future__ import annotations

import re

from analysis.framing.credit import strip_span
from analysis.framing.source_words import (
    CLAUSE_STOPS,
    DETERMINERS,
    FUNCTION_WORDS,
    HEAD_PREPOSITIONS,
    LEADING_QUALIFIERS,
    NON_SPACE,
    NOT_SOURCES,
    NP_DETERMINERS,
    PARTITIVES,
    PLAIN_TOKEN,
    PREPOSITIONS,
    ROLE_PREPOSITIONS,
    SHARES,
    can_end_source,
    coordinated_sources,
    in_head,
    is_number,
    is_word,
    of_head,
    postmodified_head,
    role_noun,
    source_roles,
)


MAX_ASIDES = 3
"""Comma-set asides taken after a source that follows its verb: PolNeAR's source runs over each
("said Gloria Garcia, 34, a nurse from Brownsville")."""
_REDUCED_RELATIVE = re.compile(
    r" (?:released|conducted|published|compiled|seen|obtained|taken|commissioned|issued|filed|out)"
    r"\s+(?P<next>[\w'’]+)(?:\s+(?!(?:that|which|who|and|but|or)\b)[\w'’.\-/%$]+){0,7}\s*$"
)
"""A source whose head noun is followed by a reduced relative clause right before the verb: "A poll
conducted last week found", "a memo seen by Reuters said", "records compiled by the Center for
Responsive Politics show", "a poll out this week shows"."""
_REDUCED_RELATIVE_NEXT = frozenset(
    "by in on at for from over during last this earlier late recently yesterday".split()
) | frozenset(day.lower() for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))
"""What may follow the participle of ``_REDUCED_RELATIVE``: a preposition or a time phrase, not an
object ("Trump released a video that said": Trump released something, the video said it)."""


_ADJECTIVE_POSTMODIFIER = re.compile(
    r" (?:familiar with|close to|knowledgeable about|briefed on|loyal to|allied with)"
    r"(?:\s+(?!(?:that|which|who|and|but|or)\b)[\w'’.\-]+){1,8}\s*$"
)
"""A source whose head noun is followed by an adjective and its complement right before the verb:
"A person familiar with the planning for Thursday's meeting says", "a source close to him said",
"people close to Clinton say": news writing's unnamed sources."""


def postmodified_source(text: str, verb_start: int, nouns: frozenset[str]) -> tuple[int, int] | None:
    """Offsets of a source whose head carries an adjective postmodifier (``_ADJECTIVE_POSTMODIFIER``)
    right before a reporting verb starting at ``verb_start``: the head's noun phrase (by
    :func:`source_before`, as if the verb followed the head) and the postmodifier, as PolNeAR marks them."""
    found = _ADJECTIVE_POSTMODIFIER.search(text, max(0, verb_start - 120), verb_start)
    if not found:
        return None
    head = source_before(text, found.start() + 1, nouns)
    if not head or head[1] != found.start():
        return None
    if head[0] == 0 and " " not in text[: head[1]] and not can_end_source(text[: head[1]].lower(), nouns):
        return None  # a capital opening the sentence is no name by itself ("Homes close to the river show")
    return head[0], strip_span(text, head[0], verb_start)[1]


def reduced_relative_source(text: str, verb_start: int, nouns: frozenset[str]) -> tuple[int, int] | None:
    """Offsets of a source ending in a reduced relative clause (``_REDUCED_RELATIVE``) right before a
    reporting verb starting at ``verb_start``: the head's noun phrase (by :func:`source_before`, as
    if the verb followed the head) and the clause after it, as PolNeAR marks them."""
    found = _REDUCED_RELATIVE.search(text, max(0, verb_start - 120), verb_start)
    if not found or found.group("next").lower() not in _REDUCED_RELATIVE_NEXT:
        return None
    head = source_before(text, found.start() + 1, nouns)
    if not head or head[1] != found.start():
        return None
    return head[0], strip_span(text, head[0], verb_start)[1]


def source_before(text: str, verb_start: int, nouns: frozenset[str], *, open_phrase: bool = True) -> tuple[int, int] | None:
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
    the source too (see :func:`can_end_source`).
    """
    offset = max(0, verb_start - 160)
    head = text[offset:verb_start]
    every_word = head.split()
    words = every_word[:]
    verb = NON_SPACE.match(text, verb_start).group()
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
    if words[-1] in _DASHES:  # "Democrats -- including Clinton -- quickly accused": the subject before the aside
        return _source_before_dashes(text, offset, head, every_word, len(words) - 1, nouns)
    last = len(words) - 1
    word = words[last]
    if word in _RELATIVES and last > 0:  # "voters who said", "a union which endorsed": PolNeAR credits the pronoun
        end = offset + _word_end(head, every_word, last)
        return end - len(word), end
    if word.endswith(","):
        if text.startswith(" to ", verb_start + len(NON_SPACE.match(text, verb_start).group())):
            return None
        before = _previous_comma_word(words, last)
        for _ in range(MAX_ASIDES - 1):  # "Marley Anderson, 21, a junior from Las Vegas, said"
            if before < 0 or can_end_source(words[before][:-1], nouns, words, before):
                break
            before = _previous_comma_word(words, before)
        for _ in range(MAX_ASIDES - 1):  # "Ann Lee, the head of the Acme Union, which backs Kim, said"
            earlier = _previous_comma_word(words, before) if before >= 0 else -1
            if earlier < 0 or not can_end_source(words[earlier][:-1], nouns, words, earlier) or not (
                words[earlier + 1].lower() in DETERMINERS or words[earlier + 1].lower() in source_roles()
            ):
                break
            before = earlier
        if before >= 0 and can_end_source(words[before][:-1], nouns, words, before):
            span = _source_span(head, offset, every_word, before, 1)
            aside = words[before + 1].lower()
            if span and (
                (last - before == 1 and words[last][:1].islower())  # "Mr Svanberg, however, warned"
                or aside in PREPOSITIONS or aside in _BETWEEN_SOURCE_AND_VERB or aside.endswith("ing")
            ):  # "Ms. Khan, in an article, rebuked", "Lee, also campaigning there, said": no appositive
                return span
            if span:  # the subject and its appositives, as PolNeAR marks them ("Anil, the vice-chairman,")
                return span[0], offset + _word_end(head, every_word, last) - 1
        word = word[:-1]
        trim = 1
    else:
        trim = 0
    if word.startswith("(") and word.endswith(")"):  # an acronym in brackets: "the Chamber (BCC) said"
        return _source_span(head, offset, every_word, last, trim) if can_end_source(word[1:-1], nouns) else None
    if not open_phrase and not trim and word.lower() in DETERMINERS:
        return None  # "Some estimates put …": a quantifier before a noun-like cue is its determiner
    # before a comma only a source noun or a name: "The deal grows, reports WP" credits no "deal grows"
    qualifies = can_end_source(word, nouns) if trim or not open_phrase else can_end_source(word, nouns, words, last)
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


def _previous_comma_word(words: list[str], last: int) -> int:
    """Index of the comma-ended word before the aside ending at ``words[last]``, or -1 when the
    aside is longer than twenty words or holds other punctuation."""
    for index in range(last - 1, max(-1, last - 21), -1):
        word = words[index]
        if word.endswith(","):
            return index
        if not PLAIN_TOKEN.fullmatch(word):
            return -1
    return -1


_PERSONAL_PRONOUNS = frozenset("he she they it we i you".split())


def _name_word(word: str) -> bool:
    """A capitalised word that can head a name with "for" inside ("Institute", "Centre"), not a
    capitalised verb form opening the sentence ("Campaigning for the Senate Democrats said")."""
    return word[:1].isupper() and not word.lower().endswith(("ing", "ed", "ly"))


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
    roles = source_roles()
    coordinated = False
    # a personal pronoun is a whole noun phrase: "commitments he said" credits "he"
    width = 0 if words[last][: len(words[last]) - trim].lower() in _PERSONAL_PRONOUNS else 7
    while first > 0 and last - first < width:
        previous = words[first - 1]
        # an abbreviation in capitals is a name, not the function word its lower case spells ("the US embassy", not "us")
        low = previous if len(previous) > 1 and previous.isupper() else previous.lower()
        if not PLAIN_TOKEN.fullmatch(previous) or not any(c.isalnum() for c in previous):
            break
        if low in NP_DETERMINERS:
            first -= 1
            if first >= 2 and (
                (words[first - 1].lower() == "of" and of_head(words[first - 2]))
                or (words[first - 1].lower() == "in" and in_head(words[first - 2]))
                or (words[first - 1].lower() in ROLE_PREPOSITIONS and role_noun(words[first - 2].lower(), roles))
                or (words[first - 1].lower() == "for" and name_head and _name_word(words[first - 2]))
            ):  # "A survey by the organization found", "a spokesman for the campaign said"  # "three-quarters of the voters", "Leaders of the Senate", "voters in each state": the head before
                first -= 1
                width = last - first + 4
                continue
            break
        if low == "of" and first - 2 >= 0 and PLAIN_TOKEN.fullmatch(words[first - 2]):
            first -= 1
            if words[first - 1].endswith("%") or words[first - 1].lower() in SHARES:
                first -= 1  # "31% of Republicans", "a majority of voters": the share heads the source
            continue
        if low in ("in", "of") and is_number(words[first]):
            number = first - 3 if low == "of" and first >= 3 and words[first - 2].lower() == "out" else first - 2
            if number >= 0 and is_number(words[number]):  # "eight in 10 voters", "nine out of 10"
                first = number
                continue
        if low == "and" and first >= 2 and coordinated_sources(words[first - 2], words[first], roles):
            first -= 1  # "Dunn and John agreed", "teachers and union officials told"
            coordinated = True
            continue
        if coordinated and not (previous[:1].isupper() or low in roles or low in NP_DETERMINERS):
            break  # left of "and", only the first conjunct's name, title or determiner: not "He won Iowa and Trump"
        if low in ROLE_PREPOSITIONS and first >= 2 and role_noun(words[first - 2].lower(), roles):
            first -= 1  # "a spokeswoman for YouTube", "Staff for the House Committee on Benghazi"
            continue
        if low == "for" and name_head and first >= 2 and _name_word(words[first - 2]) and all(
            w.lower() in NP_DETERMINERS or w[:1].isupper() for w in words[first : last + 1]
        ):
            first -= 1  # one name with "for" inside: "the Institute for the Study of War", "Centre for European Reform"
            continue
        if low in HEAD_PREPOSITIONS and first >= 2 and postmodified_head(words[first - 2], roles):
            first -= 1  # "Aides to Clinton say", "People in Fort Pierce said", "critics like Huffman say"
            continue
        if low in CLAUSE_STOPS:
            if low in PREPOSITIONS and low not in _CONJUNCTION_PREPOSITIONS and name_head and all(
                w.lower() in NP_DETERMINERS or w[:1].isupper() for w in words[first : last + 1]
            ):
                return None
            break
        if low in FUNCTION_WORDS and low != "other":  # "other former officers" stays whole
            break
        if name_head and not (previous[:1].isupper() or low in roles or low.endswith(("'s", "’s"))) and (
            low.endswith(("ed", "ly", "ing")) or not is_word(previous)
        ):
            break
        first -= 1
    if not coordinated and first >= 2 and words[first - 1].lower() in _ASIDE_PREPOSITIONS and words[first].lower() in NP_DETERMINERS and not any(
        w.endswith(",") for w in words[first : last + 1]
    ):
        aside = _subject_before_aside(head, offset, words, first - 1)
        if aside:  # "Trump in his announcement speech called": Trump calls, not the speech
            return aside
    while first < last and words[first].lower() == "of":
        first += 1
    if first >= 2 and words[first - 1].lower() in ("of", "in") and words[first - 2].lower() in PARTITIVES:
        first -= 2  # "None of the three", "Many in the crowd"
    if first >= 2 and words[first - 1].lower() == "than" and words[first - 2].lower() in ("more", "less", "fewer"):
        first -= 2  # "More than six in 10"
    if first >= 1 and words[first - 1].lower() in LEADING_QUALIFIERS:
        first -= 1  # "Even Democratic candidates", "all three candidates", "About four in 10"
    # the words are the runs of non-space in head: walking back from its end finds each in turn
    position, end = len(head), 0
    for index in range(len(words) - 1, first - 1, -1):
        position = head.rfind(words[index], 0, position)
        if index == last:
            end = position + len(words[index]) - trim
    return offset + position, offset + end


_DASHES = frozenset(("—", "–", "--", "-"))
_MAX_DASH_ASIDE_WORDS = 25


def _source_before_dashes(text: str, offset: int, head: str, words: list[str], closing: int, nouns: frozenset[str]) -> tuple[int, int] | None:
    """The source before an aside set off by dashes that ends at ``words[closing]`` right before the
    verb: the subject before the opening dash (as :func:`source_before` reads it, and only a source
    noun, pronoun or name) and the aside, as PolNeAR marks them ("Democratic leaders — and, in
    particular, Senate Minority Leader Harry Reid — insisted"), or None."""
    for opening in range(closing - 1, max(0, closing - _MAX_DASH_ASIDE_WORDS) - 1, -1):
        if words[opening] in _DASHES:
            break
    else:
        return None
    if opening < 1:
        return None
    end = offset + _word_end(head, words, closing - 1)
    start = offset + _word_end(head, words, opening) - len(words[opening])
    subject = source_before(text, start, nouns, open_phrase=False)
    if not subject or subject[1] != offset + _word_end(head, words, opening - 1):
        return None  # the subject must end right before the opening dash, no adverb between
    aside = words[opening + 1].lower().strip(",")
    if aside not in ("including", "like", "and", "especially", "notably") and (
        aside in PREPOSITIONS or aside in _RELATIVES or aside in ("whose", "before") or aside.endswith(("ed", "ing"))
    ):
        return subject  # an adverbial or relative aside ("Murphy — after a pause — told"): PolNeAR marks the subject alone
    return subject[0], end


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
    if PLAIN_TOKEN.fullmatch(subject) and subject[:1].isupper() and subject not in NOT_SOURCES and subject not in _WEEKDAYS and (
        subject.lower() not in LEADING_QUALIFIERS and (preposition > 1 or offset > 0)
    ):  # a capital opening the sentence may be any noun ("Interest in the race said little")
        span = _source_span(head, offset, words, preposition - 1, 0)
        if span and role_noun(subject.lower(), source_roles()):  # "other Democrats on the stage refused": one source
            return span[0], offset + len(head.rstrip())
        return span
    return None


def _word_end(head: str, words: list[str], index: int) -> int:
    """End offset in ``head`` of ``words[index]`` (``words`` is ``head.split()``)."""
    position = len(head)
    for i in range(len(words) - 1, index - 1, -1):
        position = head.rfind(words[i], 0, position)
    return position + len(words[index])
