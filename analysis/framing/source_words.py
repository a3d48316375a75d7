"""Source words: which words may head, open or stand inside a credited source's noun phrase.

Word sets (function words, determiners, prepositions, partitives, role prepositions) and the
tests built on them (:func:`can_end_source`, :func:`role_noun`, :func:`coordinated_sources` ...)
that :mod:`analysis.framing.sources` uses to read a source's span, and the role nouns and titles
(:func:`source_roles`) from the lexicons.
"""

from __future__ import annotations

import re
from functools import cache

from analysis.framing.stance import compiled_lexicons
from analysis.lexicons import load_lexicon


NAME = r"[A-Z][\w'’.\-]*"
NOT_SOURCES = frozenset((
    "A An And As At But By For From He Her His How However If In It Its My On Or Our She So Some That The Their "
    "There These They This Those Thus To We What When Where Which While Who Why Yet Local Recent Many Most "
    "Other Others New Further Earlier Later Such Several Both Each All No One Two Latest Previous Initial Your I"
).split())
"""Capitalised words that start sentences but never name a source ("This shows", "Local reports")."""
PLAIN_TOKEN = re.compile(r"[\w'’.\-]+%?")
NON_SPACE = re.compile(r"\S+")
FUNCTION_WORDS = frozenset(
    "the a an of in on at to for from by with about as that this these those it its is are was were be been being "
    "has have had do does did will would could should may might can must not also and or but so than then there here "
    "i we you me us my our your him them his her their who whom which what when where how why whose if because while "
    "although though whether all any each every some many more most much such no nor only own same other others "
    "very just even still yet ever now today yesterday tomorrow tonight week year month time first last next "
    "into over under after before since until unless against among between through without within during".split()
)
"""Words that never end a source noun phrase by themselves."""
DETERMINERS = frozenset(
    "the a an his her their its this that these those another one two three several some many most each every either neither few".split()
)
_QUANTIFIER_PRONOUNS = frozenset("several another few each either neither".split())
"""Quantifiers that stand for their noun ("Several said", "another told"): a source by themselves."""
_REFLEXIVES = frozenset("himself herself itself themselves".split())
"""An emphatic reflexive after a source is part of it ("Cruz himself said")."""
PREPOSITIONS = frozenset(
    "of to in on at for by with from against into onto over under through across toward towards among between "
    "without within behind beyond despite amid near upon via than like about after before since during".split()
)
CLAUSE_STOPS = frozenset(
    "and but or as while although though whereas since after before until unless where whether what that which who "
    "whom so then also because when if to in on at for by with from against into onto over under through across "
    "toward towards among between without within behind beyond despite amid near upon via than like about during".split()
)
"""Words that end a source noun phrase on its left: conjunctions, relative words, prepositions ("of" is
kept inside: "members of Congress", "Secretary of State John Kerry")."""


def can_end_source(word: str, nouns: frozenset[str], words: list[str] | None = None, index: int = -1) -> bool:
    """Whether a word can end a source: a source noun or pronoun, a capitalised name, or (given its
    sentence's ``words`` and its ``index`` there) the last word of a noun phrase: a lower-case word
    that is no function word, adverb or verb form, after a determiner at most three words before
    ("the woman said", "another senior aide told") or itself a plural ("voters said")."""
    if not word or PLAIN_TOKEN.fullmatch(word) is None:
        return False
    low = word.lower()
    if low in nouns or (low[-1:] == "s" and low[:-1] in nouns) or (word[0].isupper() and word not in NOT_SOURCES):
        return True  # a source noun, its plural ("polls show"), or a name
    if word == "it" and index > 0 and words[index - 1][-1:] in ",”\"’'":  # “…,” it said
        return True
    if word == "It" and index == 0 and words is not None and len(words) == 1:
        return True  # "It said …" opening a sentence: an organisation or document named before
    if word[-1] == "%" and word[:-1].replace(".", "").isdigit():
        return True  # "47% say", like "47 percent say"
    if index >= 2 and words[index - 1] == "of" and (words[index - 2].endswith("%") or words[index - 2] in SHARES) and is_word(word):
        return True  # "20 percent of people said", "a majority of those polled"
    if is_number(word) and index >= 2 and words[index - 1].lower() in ("in", "of") and (
        is_number(words[index - 2]) or (index >= 3 and words[index - 2].lower() == "out" and is_number(words[index - 3]))
    ):
        return True  # "Two in three said", "nine out of 10 say"
    if low in _QUANTIFIER_PRONOUNS and (index <= 0 or words[index - 1].lower() not in DETERMINERS):
        return True  # "Several said", "Yet another said"; not "Some several said"
    if low in _REFLEXIVES and index > 0:  # "Cruz himself said"
        return can_end_source(words[index - 1], nouns, words, index - 1)
    if words is None or not is_word(word) or not word.islower() or len(word) < 3 or word in FUNCTION_WORDS:
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
        if previous.lower() in DETERMINERS or (back > 1 and previous.endswith(("'s", "’s")) and is_word(previous[:-2])):
            return True  # "the woman said", "the paper's editorial board wrote"
        if not (is_word(previous) and previous.lower() not in FUNCTION_WORDS):
            return False
    return False


SHARES = frozenset("percent majority minority half third quarter plurality".split())
"""Nouns of a share before "of" that head a source with it ("31% of Republicans", "a majority of voters")."""
_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten".split())


def is_number(word: str) -> bool:
    """A figure or a number word up to ten ("10", "three", "Two")."""
    return word.isdigit() or word.lower() in _NUMBER_WORDS


def is_word(word: str) -> bool:
    """Letters only, hyphens inside allowed ("front-runner", "self-described")."""
    return word.isalpha() or (word.replace("-", "").isalpha() and not word.startswith("-") and not word.endswith("-"))


NP_DETERMINERS = frozenset(
    "the a an his her their its this these those another one two three several some many most each every either neither few".split()
)
"""Words that open a noun phrase: the walk left takes them and stops."""


PARTITIVES = frozenset("none many most some all one each few several both any two three four five half".split())
"""Quantifiers before "of" or "in" that head a source PolNeAR marks whole ("None of the three",
"Many in the crowd")."""
LEADING_QUALIFIERS = frozenset("even about nearly almost roughly only just all both".split())
"""Words before a source's noun phrase that PolNeAR keeps inside it ("Even Democrats", "all three
candidates", "About four in 10")."""
HEAD_PREPOSITIONS = frozenset("to in like from at for with on".split())
"""Prepositions after which a name may end a source whose head comes before them: "Aides to Clinton",
"organizers in Cleveland", "critics like Huffman", "Audit files from NGP VAN" (see :func:`postmodified_head`)."""
ROLE_PREPOSITIONS = frozenset("for at with from on by".split())
"""Prepositions that stay inside a source after a role noun: "a spokeswoman for YouTube", "an
analyst at Barclays", "the committee on Benghazi", "A survey by the organization"."""


def of_head(word: str) -> bool:
    """Whether a word before "of the …" heads the source: a plain noun, name, figure or share,
    not a function word or verb form ("Leaders of the Senate", "30 percent of the voters")."""
    low = word.lower()
    return bool(PLAIN_TOKEN.fullmatch(word)) and low not in FUNCTION_WORDS and low not in CLAUSE_STOPS and (
        word[:1].isupper() or word[:1].isdigit() or word.endswith("%") or (is_word(low) and not low.endswith(("ed", "ly", "ing")))
    )


def in_head(word: str) -> bool:
    """Whether a word before "in the …" heads the source: a people word or plural ("someone in the
    audience", "voters in each state"), not a verb form or another noun ("interest in the race")."""
    low = word.lower()
    return low in ("someone", "anyone", "everyone", "people", "those") or (
        word.islower() and is_word(low) and low.endswith("s") and not low.endswith(("ss", "us", "is")) and low not in FUNCTION_WORDS
    )


def coordinated_sources(left: str, right: str, roles: frozenset[str]) -> bool:
    """Whether ``left and right`` join two sources: two names ("Dunn and John"), or two plural or
    role nouns ("teachers and union officials"), ``right`` opening the second conjunct."""
    if not (PLAIN_TOKEN.fullmatch(left) and PLAIN_TOKEN.fullmatch(right)):
        return False
    if left[:1].isupper() and right[:1].isupper():
        return left not in NOT_SOURCES and right not in NOT_SOURCES
    low = left.lower()
    return not right[:1].isupper() and (role_noun(low, roles) or (low.endswith("s") and not low.endswith("ss") and is_word(low) and low not in FUNCTION_WORDS))


def postmodified_head(word: str, roles: frozenset[str]) -> bool:
    """Whether a word before a preposition heads a source the prepositional phrase belongs to: a
    role or source noun or its plural, a people word, or a lower-case plural noun ("Aides to Clinton",
    "People in Fort Pierce", "files from NGP VAN"), not a verb, a function word or a singular
    common noun ("a move against the Baltic", "won votes in Iowa" is a plural: it needs the verb
    right after the phrase, which the caller's rules require)."""
    low = word.lower()
    if low in _PEOPLE_WORDS:
        return True
    if not PLAIN_TOKEN.fullmatch(word) or not is_word(low) or low in FUNCTION_WORDS or low in CLAUSE_STOPS:
        return False
    return role_noun(low, roles) or (
        low.endswith("s") and not low.endswith(("ss", "us", "is", "ous")) and len(low) > 3
    )


_PEOPLE_WORDS = frozenset("people someone anyone everyone those others many some".split())
"""Words for people that head a source with a prepositional phrase ("Many in the crowd", "People in Iowa")."""


def role_noun(word: str, roles: frozenset[str]) -> bool:
    """A title, role or source noun, or its plural."""
    return word in roles or (word.endswith("s") and word[:-1] in roles) or word in ("staff", "committee", "spokesperson")


@cache
def source_roles() -> frozenset[str]:
    """Lower-case words that may stand before a name in a source: titles and role nouns."""
    return frozenset(load_lexicon("source_titles")) | compiled_lexicons().source_nouns | ROLE_MODIFIERS | frozenset(
        "then-president then-candidate".split()
    )


ROLE_MODIFIERS = frozenset("former longtime veteran top senior deputy acting".split())
"""Words before a title that belong to the source ("former Secretary of State …") but head none."""
