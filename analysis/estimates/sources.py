"""Who is cited for a number, and how cited sources are named and grouped."""

from __future__ import annotations

from functools import cache
from functools import lru_cache
import re

import numpy as np
import pandas as pd

from analysis.framing.attribution import Attribution, attribute_sentence
from analysis.framing.cues import reported_after
from analysis.framing.source_words import CLAUSE_STOPS, FUNCTION_WORDS, PREPOSITIONS
from analysis.lexicons import load_lexicon
from analysis.estimates.qualifiers import estimated_is_verb
from analysis.estimates.counted import group_forms
from analysis.estimates.words import ARTICLES, AUXILIARIES, DETERMINERS, NAME_LINKS, PRONOUNS, WholeWords, reporting_verbs


_MAX_SOURCE_WORDS = 12


_TRAILING_EVIDENCE = ("estimates", "estimate", "assessments", "assessment", "figures", "data")


REPORTS = "reports"
"""The source of a number given as reported with no one named ("reportedly", "reports suggest")."""


UNNAMED_SOURCES = PRONOUNS | {REPORTS}
"""Cited sources that name no one: a pronoun ("he", "we") or :data:`REPORTS`."""


_NOUN_LIKE_VERBS = frozenset({"estimates", "claims", "reports", "notes", "states"})


_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?:the\s+)?((?:[^,.;:—()“”\"]|\.(?=\w)|(?:(?<=\b[A-Z])|(?<=\b[A-Z][a-z])|(?<=\b[A-Z][a-z]{2}))\.(?=\s+\w))+)")
""""according to X": X runs to the next punctuation; the period of an abbreviation ("U.S. government", "Gen. Smith") is kept."""


_REPORTEDLY = re.compile(r"\breportedly\b", re.IGNORECASE)


_CAPITAL_RUN = re.compile(r"[A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*)*")


_RELATIVE_END = re.compile(
    r",?\s*\b(?:which|who)(?:\s+(?:has|have|had|also|previously|publicly|recently|now))*\s*$")


_BE_FORMS = frozenset("is are was were be been being".split())


_NOUN_CUE_PREPOSITIONS = frozenset("with of for in on at from about under over into against without amid despite".split())
"""A cue word right after one of these is a noun ("came to Brussels with promises to accept
100,000 refugees", "in reports of 300 deaths"), not a verb with a subject: no source. "to" and
"by" are not here: "declined to say", "as reported by" keep their verb."""


_PARTICIPLE = re.compile(r"\w+ed|said|told|shown|written|thought|found")  # "was estimated", "is said"


# Where a subject starts: a clause break or a subordinating word. Every branch starts with one
# literal character (the word boundary before a word is a lookbehind after its first letter), so
# the engine skips in C to the next candidate character.
_SUBJECT_BREAK = re.compile(r',|;|:|“|”|"|—|–|t(?<!\wt)hat\b|w(?<!\ww)hi(?:ch|le)\b|b(?<!\wb)(?:ut|ecause)\b')


_BY_AGENT = re.compile(r"\b(?:by|from)\s+(?:the\s+)?([A-Z].*)$")  # "assessments by X", "reports from X"


_PASSIVE_AGENT = re.compile(r"\s+by\s+(?:the\s+)?([A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*)*)")


@cache
def _verb_words() -> WholeWords:
    # Lower-case only, so "the United States" is not read as the verb "states".
    return WholeWords(load_lexicon('reporting_verbs'), first_upper=False)


def cited_source(sentence: str, start: int, end: int) -> str:
    """Who the sentence credits for the number at ``sentence[start:end]`` ("" if nobody).

    "According to X" nearest the number names X. Otherwise, in a sentence with a reporting verb,
    the framing stage's attribution (:func:`analysis.framing.attribution.attribute_sentence`: the
    whole noun phrase PolNeAR would mark, titles and appositives included, the speaker after a
    quotation, a coordinated or participle verb's subject) is asked first about the clause that
    holds the number (clauses split at ";" and ", while/whereas/although/though/but", so "the
    Kremlin blamed Kyiv, while Ukrainian officials said 5 died" credits the officials with the
    5), then about the whole sentence. Its answer counts only when its cue is a reporting verb of
    this stage's list (framing also credits stances and actions: "allies are hoping", "measures
    have blocked") and the number is not inside the source ("All 30 Nato leaders warned": no one
    cites the 30). Where framing credits no one, this stage's own rule reads the subject of the
    reporting verb nearest before the number (else the first after it). A cue word after a
    possessive is a noun, and its owner the source ("his earlier claim that 2,000" -> "he",
    "Kyiv's estimate of 5,000" -> "Kyiv"), where nothing else credits anyone.
    """
    according, verbs, reportedly, possessed = _sentence_cues(sentence)
    if according:
        chosen = min(according, key=lambda m: abs(m.start() - start))
        return _clean_source(chosen.group(1), at_sentence_start=False)
    if verbs:
        found = _verb_source(sentence, start, end)
        if found is not None:
            return found
    # "his earlier claim that 2,000", "Kyiv's estimate of 5,000": the possessor of the nearest such noun before
    before = [possessor for cue, possessor in possessed if cue.end() <= start]
    if before:
        return before[-1]
    return REPORTS if reportedly else ""  # most sentences: no attribution verb to read a subject from


def _verb_source(sentence: str, start: int, end: int) -> str | None:
    """:func:`cited_source` in a sentence with a reporting verb: framing's attribution of the
    number's clause, then of the sentence, else this stage's subject rule; "" when the number is
    part of the source, None when no rule finds one."""
    clause_start, clause_end = _clause_around(sentence, start)
    if clause_start > 0 or clause_end < len(sentence):
        clause = sentence[clause_start:clause_end]
        found = _framed_source(clause, start - clause_start, end - clause_start, clause_start == 0)
        if found is not None:
            return found
        if _sentence_cues(clause)[1]:  # the clause has a reporting verb of its own: read it there
            return _verb_subject(clause, start - clause_start, end - clause_start) or None
    found = _framed_source(sentence, start, end, True)
    if found is not None:
        return found
    return _verb_subject(sentence, start, end) or None


_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?=(?:while|whereas|although|though|but)\b)")
"""Where a sentence's clauses part for :func:`cited_source`: each clause may credit its own source."""


def _clause_around(sentence: str, position: int) -> tuple[int, int]:
    """Offsets of the clause of ``sentence`` (split at :data:`_CLAUSE_BREAK`) holding ``position``."""
    start, end = 0, len(sentence)
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.end() <= position:
            start = match.end()
        else:
            end = match.start()
            break
    return start, end


@lru_cache(maxsize=64)
def _framed(text: str) -> Attribution:
    """The framing stage's attribution of ``text`` (cached: a sentence often holds several numbers)."""
    return attribute_sentence(text)


_WORD = re.compile(r"[a-z]+")
_RELATIVES = frozenset({"who", "which", "that"})


def _framed_source(text: str, start: int, end: int, at_text_start: bool) -> str | None:
    """The source framing credits in ``text`` for the number at ``text[start:end]``: None when it
    credits no one or not by a reporting verb, "" when the number is part of the source."""
    found = _framed(text)
    if not found.source or not any(word in reporting_verbs() for word in _WORD.findall(found.cue.lower())):
        return None
    if found.source.lower() in _RELATIVES or found.source.lower() in PREPOSITIONS:
        # "the agency, which estimated": this stage's rule reads the antecedent; a lone
        # preposition ("Despite reports that ...") is no source
        return None
    if found.start < end and start < found.end:
        return ""  # "All 30 Nato leaders warned": the number is who speaks, not what is cited
    source = found.source
    by = _BY_AGENT.search(source) if "by" in source or "from" in source else None
    if by:  # "reports from X confirm", "assessments by X suggest": X is the source
        return _clean_source(by.group(1), at_sentence_start=False)
    return _clean_source(source, at_sentence_start=at_text_start and found.start == 0)


def _verb_subject(sentence: str, start: int, end: int) -> str:
    """This stage's own rule: the subject of the reporting verb nearest before the number, else
    of the first after it, else the name after that verb ("..., said Cho")."""
    verbs = _sentence_cues(sentence)[1]
    before = sum(1 for m in verbs if m.end() <= start)  # the verbs are in text order
    if before:
        source = _subject_before(sentence, before - 1)
        if source:
            return source
    after = [m for m in verbs if m.start() >= end]
    if after:
        source = _subject(sentence, after[0], floor=end)
        if not source and _INVERSION.search(sentence, end, after[0].start()):
            source = _named_after(sentence, after[0].end())  # "..., said Cho": the verb before its subject
        if source:
            return source
    return ""


@lru_cache(maxsize=64)
def _sentence_cues(sentence: str) -> tuple[list[re.Match[str]], list[re.Match[str]], bool, list[tuple[re.Match[str], str]]]:
    """"according to" matches, attribution verbs, whether "reportedly" stands in a sentence, and
    cue words owned by a possessive with their possessor ("his earlier claim" -> "he"; cached: a
    sentence often holds several numbers)."""
    words = _verb_words()
    verbs: list[re.Match[str]] = []
    possessed: list[tuple[re.Match[str], str]] = []
    # the letter-run test first: most sentences hold no reporting verb (one set test, not a scan)
    for m in words.findall(sentence) if words.may_occur(sentence) else ():
        if _adjectival(sentence, m) or _after_preposition(sentence, m) or not (
                reported_after(m.group(), sentence, m.end()) or _FIGURE_NEXT.match(sentence, m.end())):
            # "EU member states have": framing's rule for forms more often nouns ("states that"), a figure
            # reported after them ("states 40%") counting too
            continue
        owner = _possessor(sentence, m)
        if owner is None:
            verbs.append(m)
        elif owner:
            possessed.append((m, owner))
    # the substring tests first: most sentences hold no "according to" and no "reportedly"
    according = list(_ACCORDING.finditer(sentence)) if "ccording to" in sentence else []
    reportedly = "reportedly" in sentence.lower() and bool(_REPORTEDLY.search(sentence))
    return according, verbs, reportedly, possessed


@lru_cache(maxsize=64)
def _subject_before(sentence: str, verb: int) -> str:
    """:func:`_subject` of the ``verb``-th attribution verb of a sentence, read from its start
    (cached: every number after the same verb has the same subject)."""
    return _subject(sentence, _sentence_cues(sentence)[1][verb], floor=0)


# Compiled once (a pattern given as a string is looked up in the re module's cache at every call).
_ARTICLE_AT_END = re.compile(r"\b(?:an|the)\s+$", re.I)
_FIGURE_NEXT = re.compile(r"\s+[\d$€£]")


def _adjectival(sentence: str, verb: re.Match[str]) -> bool:
    """True for "an estimated 10,000", where "estimated" modifies the number; False for "The
    Pentagon estimated 11,000 troops", where it is the verb of the source (:func:`estimated_is_verb`)."""
    if verb.group() != "estimated":
        return False
    before = sentence[:verb.start()]
    if _ARTICLE_AT_END.search(before):
        return True
    return bool(_FIGURE_NEXT.match(sentence[verb.end():])) and not estimated_is_verb(before)


_LAST_WORD = re.compile(r"([A-Za-z]+)\s+$")


_CUE_ADJECTIVES = (
    "single|earlier|latest|recent|previous|initial|new|own|first|last|official|original|public|final|preliminary|revised"
)
"""Adjectives of time or standing that may stand between a determiner and a cue noun ("his earlier claim", "the latest
report", "a single charge")."""


_POSSESSED = re.compile(
    rf"(?:\b(?P<pronoun>his|her|its|their|our|my|your)|(?P<name>\w+)[’']s)\s+(?:(?:{_CUE_ADJECTIVES})\s+)?$", re.I
)
"""A possessive, and at most one of :data:`_CUE_ADJECTIVES`, right before a cue word: "his earlier claim",
"its pledge", "Kyiv's estimate"; not "His team estimated", where a noun stands between."""


_AFTER_ARTICLE = re.compile(rf"\b(?:an?|the)\s+(?:(?:{_CUE_ADJECTIVES})\s+)?$", re.I)
"""An article, and at most one of :data:`_CUE_ADJECTIVES`, right before a cue word: "on a single charge",
"the latest report"; not "the agency estimated", where a noun stands between."""


def _after_preposition(sentence: str, verb: re.Match[str]) -> bool:
    """True for a cue word that is a noun: after a preposition (:data:`_NOUN_CUE_PREPOSITIONS`:
    "with promises to accept", "amid reports") or an article (:data:`_AFTER_ARTICLE`: "a single
    charge", "the report"). No verb, so it credits no one."""
    before = _LAST_WORD.search(sentence, max(0, verb.start() - 16), verb.start())
    if before is not None and before.group(1).lower() in _NOUN_CUE_PREPOSITIONS:
        return True
    return _AFTER_ARTICLE.search(sentence, max(0, verb.start() - 24), verb.start()) is not None


_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they", "our": "we", "my": "i", "your": "you"}


def _possessor(sentence: str, cue: re.Match[str]) -> str | None:
    """Who owns a cue word that is a noun after a possessive (:data:`_POSSESSED`): "he" for "his
    earlier claim", "Kyiv" for "Kyiv's estimate", "" when the owner is no name or pronoun
    ("the war's claims"); None when no possessive stands before it (the cue may be a verb)."""
    found = _POSSESSED.search(sentence, max(0, cue.start() - 48), cue.start())
    if found is None:
        return None
    if found.group("pronoun"):
        return _POSSESSIVE_PRONOUNS[found.group("pronoun").lower()]
    if not found.group("name")[:1].isupper():
        return ""
    # the name's capitalised run up to the possessive: "South Korea's spy agency" -> "South Korea"
    runs = list(_CAPITAL_RUN.finditer(sentence, max(0, found.start("name") - 80), found.end("name")))
    owner = runs[-1].group() if runs and runs[-1].end() == found.end("name") else found.group("name")
    return _clean_source(owner, at_sentence_start=False)


def _subject(sentence: str, verb: re.Match[str], floor: int) -> str:
    """The noun phrase just before an attribution verb, cut at the last clause break.

    After a relative pronoun the phrase before it is the subject ("the agency, which
    estimated 11,000" -> "agency"); a passive verb ("the toll was estimated at 2,000") names no
    source unless a "by X" agent follows it.
    """
    head = sentence[floor:verb.start()]
    relative = _RELATIVE_END.search(head) if "which" in head or "who" in head else None
    if relative:
        head = head[:relative.start()]
    breaks = [m.end() for m in _SUBJECT_BREAK.finditer(head)]
    cut = breaks[-1] if breaks else 0
    phrase = head[cut:].strip()
    by = _BY_AGENT.search(phrase) if "by" in phrase or "from" in phrase else None
    if by:
        # "assessments by X suggest", "reports from X confirm": X is the source.
        phrase, cut = by.group(1), cut + 1
    if not phrase:
        runs = _CAPITAL_RUN.findall(head)
        return _clean_source(runs[-1], at_sentence_start=False) if runs else ""
    words = phrase.split()
    if words and words[-1].lower() in AUXILIARIES:
        words = [w for w in words if w.lower() not in AUXILIARIES] or words
    if len(words) >= 2 and words[-1].lower() in PRONOUNS:
        if len(words) >= 3 and words[-2].lower() in reporting_verbs():
            # "the UN office said it had confirmed 331": "it" is the speaker of the verb before it
            words = words[:-2]
        else:
            # "commitments he said showed": a pronoun right before the verb is its whole subject
            words = words[-1:]
    if words and words[-1].lower() in _BE_FORMS and _PARTICIPLE.fullmatch(verb.group()):
        agent = _PASSIVE_AGENT.match(sentence, verb.end())
        return _clean_source(agent.group(1), at_sentence_start=False) if agent else ""
    if len(words) == 1 and words[0].lower() in DETERMINERS | {"many", "most", "several"} and \
            verb.group() in _NOUN_LIKE_VERBS:
        return f"{words[0].lower()} {verb.group()}"
    if len(words) > _MAX_SOURCE_WORDS:
        runs = _CAPITAL_RUN.findall(" ".join(words))
        words = runs[-1].split() if runs else words[-_MAX_SOURCE_WORDS:]
    if words and (words[-1].lower() in CLAUSE_STOPS or words[-1].lower() in FUNCTION_WORDS - PRONOUNS):
        return ""  # a clause's fragment ("police arrived at the scene and", "and there were"), no noun phrase
    return _clean_source(" ".join(words), at_sentence_start=floor == 0 and cut == 0)


_INVERSION = re.compile(r"[,”\"’]\s*$")
"""A comma or closing quote right before a reporting verb: its subject may follow it ("..., said Cho")."""


def _named_after(sentence: str, position: int) -> str:
    """The name after a verb: "..., said Cho"."""
    found = _CAPITAL_RUN.match(sentence[position:].lstrip())
    return _clean_source(found.group(), at_sentence_start=False) if found else ""


def _clean_source(phrase: str, at_sentence_start: bool) -> str:
    """Trim determiners, "reports from"/"assessments by" and trailing "estimates" from a source."""
    phrase = " ".join(phrase.split()).strip(" .,'’\"“”")
    words = phrase.split()
    # "the", "a", "these" ... go; an adjective determiner ("new", "latest") only in lower case
    # or at the sentence start, so "a New York Times report" keeps "New".
    first = at_sentence_start
    while len(words) > 1 and words[0].lower() in DETERMINERS and (
            words[0].lower() in ARTICLES or words[0].islower() or first):
        first = False
        at_sentence_start = at_sentence_start or words[0].lower() not in ("a", "an")
        words = words[1:]
    if len(words) > 1 and words[-1].lower() in _TRAILING_EVIDENCE:
        words = words[:-1]
    if words and words[-1].endswith(("’s", "'s")) and len(words[-1]) > 2:
        words[-1] = words[-1][:-2]  # "the Pentagon's estimates show": the Pentagon
    if not words or (len(words) == 1 and words[0].lower() in DETERMINERS):
        return ""  # a lone "The" is no source ("The estimate of 12,000 ...")
    # A capital only because the sentence starts there ("Reports suggest", "Intelligence sources
    # estimate") is folded; a one-word name ("Zelensky said") is kept, and so is a name whose
    # next content word is capitalised ("Institute for the Study of War").
    content = [w for w in words[1:] if w.lower() not in NAME_LINKS]
    common = content[0][:1].islower() if content else words[0].endswith("s")
    # not "US-based", and not a nationality or organisation ("Ukrainian government said"): capitals of their own
    if at_sentence_start and common and words[0][1:] == words[0][1:].lower() and words[0].lower() not in group_forms():
        words[0] = words[0].lower()
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return words[0].lower()
    return " ".join(words)


@cache
def _source_titles() -> frozenset[str]:
    return frozenset(load_lexicon("source_titles"))


@cache
def _spelling_variants() -> dict[str, str]:
    """``lexicons/spelling_variants.txt`` as variant -> canonical (the table the claims stage uses
    to match "Zelenskyy"/"Zelensky", "Kiev"/"Kyiv"; read here so this stage needs no scikit-learn)."""
    return dict(entry.split() for entry in load_lexicon("spelling_variants") if len(entry.split()) == 2)


def _strip_title(source: str) -> str:
    """``source`` without a leading title or role when a capitalised name of one to four words
    follows it ("Ukrainian President Volodymyr Zelenskyy" -> "Volodymyr Zelenskyy"), else as is."""
    words = source.split()
    titles = [i for i, w in enumerate(words[:-1]) if w.lower() in _source_titles()]
    if not titles:
        return source
    last = titles[-1]
    while last + 2 < len(words) - 1 and words[last + 1] == "of":  # "Secretary of State X"
        last += 2
    name = words[last + 1:]
    if 1 <= len(name) <= 4 and all(w[:1].isupper() for w in name):
        return " ".join(name)
    return source


def source_name(cited_source: str) -> str:
    """How a cited source is shown where sources are grouped (who says what, the most cited):
    a leading title or role stripped (``lexicons/source_titles.txt``), spelling variants folded
    to one form (``lexicons/spelling_variants.txt``: "Zelenskyy" -> "Zelensky", capital kept)
    and spaces collapsed. "Ukrainian President Volodymyr Zelenskyy" and "Volodymyr Zelensky"
    both give "Volodymyr Zelensky"; "South Korea’s spy agency" stays as it is."""
    variants = _spelling_variants()

    def canonical(match: re.Match[str]) -> str:
        word = match.group()
        folded = variants.get(word.lower())
        if folded is None:
            return word
        return folded.capitalize() if word[:1].isupper() else folded

    stripped = _strip_title(_appositive_name(" ".join(str(cited_source).split())))
    return re.sub(r"[A-Za-z]+", canonical, stripped)


_PERSON_NAME = re.compile(r"[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){1,3}")


def _appositive_name(source: str) -> str:
    """The person's name of a source with a comma-set appositive ("Lyudmyla Denisova, Ukraine’s
    ombudsperson" and "the mayor of Slavutych, Yuri Fomichev" give the name), else ``source``:
    one person is grouped as one source however the article introduces her."""
    if ", " not in source:
        return source
    titles = _source_titles()
    for part in source.split(", "):
        name = _strip_title(part)
        if _PERSON_NAME.fullmatch(name) and not any(word.lower() in titles for word in name.split()):
            return name  # a name, not a title in capitals ("Ukrainian President, Volodymyr Zelensky")
    return source


def _source_key(name: str) -> str:
    return re.sub(r"[’‘`]", "'", name).casefold()


def group_sources(sources: pd.Series) -> pd.Series:
    """One label per cited source for grouping, aligned with ``sources`` ("" stays "").

    Sources with the same :func:`source_name` (ignoring case and the style of apostrophe) share
    a label: the commonest of their names, ties to the alphabetically first. A one-word name
    ("Zelensky") joins a longer name ending in it ("Volodymyr Zelensky") when exactly one such
    name is known to be a person, that is, was cited somewhere with a title ("Ukrainian
    President ..."); otherwise it stays apart (so "Korea" never joins "South Korea").

    Each distinct source is read once, weighted by its rows (a categorical column of 50,000
    numbers has a few thousand sources: issue 16), then its label given to its rows.
    """
    codes, distinct = pd.factorize(sources, use_na_sentinel=False)
    rows = np.bincount(codes, minlength=len(distinct))
    # where a key has several names, the name of its last row counts (as a row-order mapping had it)
    last_row = np.zeros(len(distinct), dtype=np.int64)
    np.maximum.at(last_row, codes, np.arange(len(codes)))
    raw = [" ".join(("" if pd.isna(source) else str(source)).split()) for source in distinct]
    names = [source_name(source) if source else "" for source in raw]
    keys = [_source_key(name) for name in names]
    name_of = {keys[i]: names[i] for i in np.argsort(last_row, kind="stable")}
    persons = {key for source, key in zip(raw, keys) if " " in key and _strip_title(source) != source}
    merged: dict[str, str] = {}
    for key in sorted(set(keys)):
        if key and " " not in key and name_of[key][:1].isupper():
            fuller = sorted(p for p in persons if p.rsplit(" ", 1)[1] == key)
            if len(fuller) == 1:
                merged[key] = fuller[0]
    groups = [merged.get(key, key) for key in keys]
    counts: dict[str, dict[str, int]] = {}  # per group, the rows of each of its own names
    for group, key, name, n in zip(groups, keys, names, rows):
        if group and key == group:
            counts.setdefault(group, {})
            counts[group][name] = counts[group].get(name, 0) + int(n)
    labels = {group: min(named, key=lambda n: (-named[n], n)) for group, named in counts.items()}
    label = np.array([labels.get(group, "") for group in groups] or [""], dtype=object)
    return pd.Series(label[codes] if len(codes) else [], index=sources.index, name=sources.name, dtype="str")
