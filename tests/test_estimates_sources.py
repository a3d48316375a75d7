"""Who is cited for a number: the estimates stage asks the framing stage's attribution first.

Each case is a construction the stage's own subject rule got wrong on the Guardian set (a clause
fragment, an adverb, a nationality cut from its noun), with a negative beside it that must not change.
"""

from __future__ import annotations

import pytest

from analysis.estimates import extract, source_name
from analysis.framing.attribution import attribute_sentence


def source_of(text: str, number: str) -> str:
    """The cited source of the estimate whose surface is ``number`` in ``text``."""
    found = [e for e in extract(text) if e.surface == number]
    assert len(found) == 1, [e.surface for e in extract(text)]
    return found[0].cited_source


@pytest.mark.parametrize(
    ("text", "number", "source"),
    [
        # the whole noun phrase, appositive included, not the adverb after it
        ("Ukraine’s vice-prime minister, Iryna Vereshchuk, earlier confirmed that 10 prisoners were freed.", "10",
         "Ukraine’s vice-prime minister, Iryna Vereshchuk"),
        ("Iryna Vereshchuk confirmed that 10 prisoners were freed.", "10", "Iryna Vereshchuk"),  # negative
        # a coordinated verb credits the clause's subject, never "police arrived at the scene and"
        ("At 1.30am on Saturday, police arrived at the scene and confirmed that 14 people had died.", "14", ""),
        # the speaker after a quotation, not a name inside it
        ("“There aren’t the 300 votes today, and Nato isn’t helping,” the analyst said.", "300", "analyst"),
        ("“You have at least 20,000 tanks, and Ukraine asked for help,” he said.", "20,000", "he"),
        # each clause its own source: the number after "while" is the officials'
        ("The Kremlin blamed Kyiv for the collapse, while Ukrainian officials said 5,000 people were trapped.", "5,000",
         "Ukrainian officials"),
        ("Five people died in the attack, while 10 were injured, officials said.", "10", "officials"),  # negative
        # a number inside the source is who speaks, not what is cited
        ("All 30 Nato leaders warned Russia against using chemical weapons.", "30", ""),
        ("Nato leaders warned that 30 missiles were fired.", "30", "Nato leaders"),  # negative
        # framing's stances and actions are not citations of a number
        ("Ukraine’s allies are hoping to get the support of more than 100 countries.", "100", ""),
        ("Ukraine’s allies said more than 100 countries back the resolution.", "100", "Ukraine’s allies"),  # negative
        # findings of polls and studies credit them; a passive "were found" names no one
        ("A poll released last week found that 28 percent of voters back him.", "28 percent", "poll released last week"),
        ("The study found 40 percent of schools had closed.", "40 percent", "study"),
        ("Three bodies were found in the rubble.", "Three", ""),  # negative
        # a cue word after a possessive is a noun whose owner is the source ("his earlier claim that"), not a verb
        # with a clause for its subject
        ("Zelenskiy gave more detail on his earlier claim that 2,000 children were taken.", "2,000", "he"),
        ("The alliance will stick to its pledge that it will never send 5,000 troops.", "5,000", "it"),
        ("South Korea’s latest estimate puts the toll at 3,000.", "3,000", "South Korea"),
        ("The war’s claims on 5,000 lives are many.", "5,000", ""),  # negative: the owner is no name
        ("Zelenskiy claimed that 2,000 children were taken.", "2,000", "Zelenskiy"),  # negative
        ("Ukraine’s allies said more than 100 countries back it.", "100", "Ukraine’s allies"),  # negative: noun between
        ("The Pentagon’s estimates show 5,000 troops.", "5,000", "Pentagon"),
        # "states", "state", "notes" are nouns unless what is stated follows them
        ("Measures adopted by EU member states have frozen $640bn of reserves.", "$640bn", ""),
        ("The report states that 5,000 homes were destroyed.", "5,000", "report"),  # negative
        ("Swing state Ohio is nearly 3% Polish.", "3%", ""),  # framing's rule for such forms: "state" too
        ("The report states 40% of homes were destroyed.", "40%", "report"),  # negative: a figure reported after it
        # "according to" runs over an abbreviation's period
        ("Arms output grew five to six times faster, according to some U.S. government estimates.", "five to six",
         "U.S. government"),
        ("Some 300 died, according to Gen. Smith.", "300", "Gen. Smith"),
        ("Some 300 died, according to officials. The toll rose.", "300", "officials"),  # negative: a sentence's end
        # a cue word after an article is a noun; a phrase ending in a function word is no source
        ("The battery powers a car for 1,000 kilometers on a single charge.", "1,000", ""),
        ("Shipments were worth $14.5 million, and there were reports of curbs on exports.", "$14.5 million", ""),
        ("The agency estimated 5,000 troops were sent.", "5,000", "agency"),  # negative: a noun before the verb
        # the name after a verb is its subject only after a comma or quote ("..., said Cho"), never its object
        ("At least 300 were asking Hillary Clinton to act.", "300", ""),
        ("At least 300 people died, said Cho.", "300", "Cho"),  # negative
        # a capitalised abbreviation is a name, not the pronoun "us"
        ("A US defence official said Russia had fired more than 350 missiles.", "350", "US defence official"),
        ("Russian forces killed 10 people, the US embassy in Kyiv said.", "10", "US embassy in Kyiv"),
    ],
)
def test_cited_source_reads_the_framing_attribution(text: str, number: str, source: str) -> None:
    assert source_of(text, number) == source


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("The Institute for the Study of War estimated 1,200 troops were killed.", "The Institute for the Study of War"),
        ("A new paper from the Centre for European Reform argues that it is so.", "the Centre for European Reform"),
        # negative: a capitalised verb form opening the sentence is no part of the name
        ("Campaigning for the Senate Democrats said no.", "the Senate Democrats"),
        ("Biden used the speech to highlight commitments he said included 100,000 refugees.", "he"),
        ("The woman said it was over.", "The woman"),  # negative: a noun's phrase still runs left
        ("A US defence official said Russia had fired missiles.", "A US defence official"),
        ("The mayor told us they would come.", "The mayor"),  # negative: "us" is still a pronoun
    ],
)
def test_attribute_sentence_source_spans(text: str, source: str) -> None:
    assert attribute_sentence(text).source == source


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("Lyudmyla Denisova, Ukraine’s ombudsperson", "Lyudmyla Denisova"),
        ("mayor of Slavutych, Yuri Fomichev", "Yuri Fomichev"),
        ("Ukrainian President, Volodymyr Zelenskyy", "Volodymyr Zelensky"),  # the title in capitals is no name
        ("retired rear admiral Mark Montgomery, a former deputy director at US European Command", "Mark Montgomery"),
        ("Britain, France and Germany", "Britain, France and Germany"),  # negative: no person's name in a part
        ("Ukraine’s defence ministry", "Ukraine’s defence ministry"),  # negative: no appositive
    ],
)
def test_source_name_takes_the_person_of_an_appositive(source: str, name: str) -> None:
    assert source_name(source) == name
