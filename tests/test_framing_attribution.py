"""Attribution cue patterns of issue 12: each with sentences that must credit a source and
sentences that must not (all written for these tests)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import framing


def credited(text: str) -> framing.Attribution:
    found = framing.attribute(text)
    if found.source:
        assert text[found.start : found.end] == found.source
    return found


@pytest.mark.parametrize("text, cue, source", [
    # transcripts: a speaker label in capitals
    ("KIM: We are ready to talk.", ":", "KIM"),
    ("MR. LAVROV: Nobody asked us.", ":", "MR. LAVROV"),
    # a headline's name and colon before a quotation
    ("Zelensky: ‘We will hold the line’", ":", "Zelensky"),
    # a past, present or perfect cue after its source, in any position
    ("The Herald has learned that the convoy turned back.", "learned", "The Herald"),
    ("A Reuters poll shows support for the deal falling.", "shows", "A Reuters poll"),
    ("The opposition leader charges that the count was rigged.", "charges", "The opposition leader"),
    ("Stoltenberg continued:", "continued", "Stoltenberg"),
    ("The retired general says of the plan that it cannot work.", "says", "The retired general"),
    # progressive forms after be
    ("The union is demanding a new contract.", "is demanding", "The union"),
    ("Her lawyers were insisting on a delay.", "were insisting", "Her lawyers"),
    # a reporting participle after a comma credits the sentence's subject
    ("Kovac hit back at the minister, saying that the figures were false.", "saying", "Kovac"),
    # passives with an agent
    ("The claim was denied by the Kremlin on Friday.", "denied by", "the Kremlin"),
    # "according to"
    ("According to two diplomats, the talks stalled.", "according to", "two diplomats"),
    # a source noun phrase the lexicons do not list: a determiner, a plural, a possessive
    ("“It is over,” the farmer said.", "said", "the farmer"),
    ("Local residents said the shelling stopped at dawn.", "said", "Local residents"),
    ("The mayor’s office said the roads were closed.", "said", "The mayor’s office"),
    # the whole noun phrase, titles and appositive included
    ("“We are ready,” said pollster Ann Lee.", "said", "pollster Ann Lee"),
    ("Secretary of State Jane Roe said the deal holds.", "said", "Secretary of State Jane Roe"),
    ("“No,” said Tom Kay, a former mayor of the town.", "said", "Tom Kay, a former mayor of the town"),
    ("Tom Kay, a former mayor, said the bridge was safe.", "said", "Tom Kay, a former mayor"),
    # an abbreviation's full stop inside a source after an attribution phrase
    ("The bill failed, according to former Sen. Ann Lee.", "according to", "former Sen. Ann Lee"),
    # a bracketed party and state, and every comma-set aside, after a source that follows its verb
    ("“No,” said Sen. Ann Lee (D-Ohio), a member of the panel.", "said", "Sen. Ann Lee (D-Ohio), a member of the panel"),
    ("“No,” said Ann Lee, 34, a nurse from Dayton.", "said", "Ann Lee, 34, a nurse from Dayton"),
    # a relative pronoun is the source PolNeAR marks
    ("Farmers who said the prices fell were not surveyed.", "said", "who"),
    # a time phrase between the source and its verb
    ("The council last week said the plan was dead.", "said", "The council"),
    ("Ms. Lund on Tuesday warned that the bridge was unsafe.", "warned", "Ms. Lund"),
    ("Ms. Lund Tuesday warned that the bridge was unsafe.", "warned", "Ms. Lund"),
    ("The ministry has since said it erred.", "said", "The ministry"),
    # poll shares and quantifier pronouns as sources
    ("Last month, 26 percent said the same.", "said", "26 percent"),
    ("Most voters were worried; most said they were very worried.", "said", "most"),
    # a reporting verb coordinated with the first verb credits the sentence's subject
    ("Ms. Lund resigned on Friday and said she had no regrets.", "said", "Ms. Lund"),
    # cues kept by their precision on PolNeAR train (attribution_cues_learned), tried last
    ("Many economists think the rate will rise.", "think", "Many economists"),
    ("The governor knows the roads are unsafe.", "knows", "The governor"),
])
def test_new_cue_patterns_credit_the_whole_source(text: str, cue: str, source: str) -> None:
    found = credited(text)
    assert (found.cue, found.source) == (cue, source)


@pytest.mark.parametrize("text", [
    "UPDATE: The vote was delayed until Monday.",  # a note's label, not a speaker
    "Kursk: the front held overnight.",  # a place and a colon, no quotation
    "The troops have learned to dig in.",  # "learned to": a skill, not knowledge of a source
    "The charges were dropped in May.",  # "charges" as a noun
    "The work is demanding.",  # an adjective after be, nothing demanded
    "The talks were delayed by the weather.",  # a passive agent, but no reporting verb
    "The war continued into the winter.",  # a continuing event, no speaker
    "I think the plan is wrong.",  # the author's own stance is first person, not attribution
    "Shows of force continued near the border.",  # a capitalised verb form is a noun
    "The brigade advanced, taking the village.",  # a participle after a comma that reports nothing
    "Heavy rain fell all day, flooding the roads.",
    "His home state of Ohio votes next.",  # "state of": a noun, though "states" can be a cue
    "The chemical weapons report will come out soon.",  # a noun-like cue needs a listed source or a name
    "The storm last week flooded the roads.",  # a time phrase, but no reporting verb
    "The bridge Tuesday reopened.",  # a weekday after a lower-case noun
    "Prices rose 5 percent in March.",  # a poll share only before a reporting verb
    "The river rose and flooded the roads.",  # a coordinated verb that reports nothing
    "The storm hit the coast and it rained all day.",
    "I think the plan is wrong, and I knew it would fail.",  # the author's own beliefs
    "The team that knows the terrain wins.",  # a learned cue after a relative clause word
    "Some estimates put the toll at 300.",  # a quantifier before a noun-like cue is its determiner
])
def test_look_alikes_credit_no_one(text: str) -> None:
    assert credited(text) == framing.NO_ATTRIBUTION


@pytest.mark.parametrize("text, wrong", [
    ("Russia could even move against the Baltic, analysts warned.", "against"),
    ("It was a move against the Baltic States, the minister said.", "Baltic"),
    ("The bill failed, according to the count. Lee left.", "Lee"),  # a sentence's full stop ends the source
])
def test_a_source_is_never_a_fragment_of_a_clause(text: str, wrong: str) -> None:
    found = credited(text)
    assert found.source and wrong not in found.source


def test_a_source_named_in_the_speaker_sentence_of_a_quotation_running_over_sentences() -> None:
    texts = ["The minister continued:", "“We will rebuild every bridge.", "It will take years.”"]
    sentences = pd.DataFrame({
        "doc_id": "d", "sentence_id": range(3), "paragraph_id": [0, 1, 1], "char_start": 0,
        "char_end": [len(t) for t in texts], "text": texts,
    })
    rows = framing.sentence_features(sentences)
    assert rows.loc[0, "attribution_source"] == "The minister" and rows.loc[0, "attribution_cue"] == "continued"
    assert rows.loc[1, "direct_quote_share"] > 0 and rows.loc[2, "direct_quote_share"] == 1.0


# Issue 12, fourth round: constructions grouped from PolNeAR train misses (sentences written here).
@pytest.mark.parametrize("text, cue, source", [
    # a poll named, singled out or described after "in"
    ("Kim led by ten points in a new Ipsos poll released Thursday.", "in", "a new Ipsos poll released Thursday"),
    ("In a poll of farmers, the tax was the top worry.", "in", "a poll"),
    # the plural of a source noun, a hyphenated noun, a reflexive, a quantifier pronoun
    ("Recent polls show the race tightening.", "show", "Recent polls"),
    ("The self-described socialist said he would win.", "said", "The self-described socialist"),
    ("Lee himself said the plan was dead.", "said", "Lee himself"),
    ("Several said they would vote no.", "said", "Several"),
    ("Each side said the other was to blame.", "said", "Each side"),
    # shares written "X in Y" and "X out of Y"
    ("Two in three said they were worried.", "said", "Two in three"),
    ("Nine out of 10 say the roads are worse.", "say", "Nine out of 10"),
    # several comma-set asides between the source and its verb
    ("Ann Lee, 34, a nurse from Dayton, said the clinic closed.", "said", "Ann Lee, 34, a nurse from Dayton"),
    # a preposition after a role noun stays inside the source
    ("A spokeswoman for Acme said the plant would reopen.", "said", "A spokeswoman for Acme"),
    # contracted and negated auxiliaries, and "to" chains, between the source and its verb
    ("He’s predicting a win in Ohio.", "'s predicting", "He"),
    ("Kim isn’t saying what she would do.", "isn't saying", "Kim"),
    ("The mayor hasn't responded to the letter.", "responded", "The mayor"),
    ("Lee continues to insist that the count was wrong.", "insist", "Lee"),
    ("Lee went on to say the count was wrong.", "say", "Lee"),
    # a pronoun subject is credited by a later participle
    ("She went further on Tuesday, saying that the count was wrong.", "saying", "She"),
    # a title-case headline: the words that open it, credited by its first capitalised cue
    ("Governor Lee Says He Will Veto The Budget Bill.", "says", "Governor Lee"),
    ("New Poll Shows Wide Gap Between Candidates.", "shows", "New Poll"),
])
def test_fourth_round_patterns_credit_the_whole_source(text: str, cue: str, source: str) -> None:
    found = credited(text)
    assert (found.cue, found.source) == (cue, source)


@pytest.mark.parametrize("text", [
    "Kim has a wide lead in the polls.",  # a race standing "in the polls": no poll is named
    "She rose in national polls all summer.",
    "Some polls close at eight.",  # a plural source noun before a verb that reports nothing
    "The pot itself rose in value.",  # a reflexive after a noun, no reporting verb
    "Two in three homes flooded.",  # a share before a verb that reports nothing
    "The bridge isn’t opening until May.",  # a contracted auxiliary before a non-reporting -ing form
    "Lee continues to work on the farm.",  # a "to" chain to a verb that reports nothing
    "He relied on to say nothing.",  # "on to" after a verb other than went or goes
    "She stood in the rain, waiting for the bus.",  # a participle that reports nothing
    "Voters Across The United States Head To The Polls.",  # "States" in a title-case headline
    "Megyn Kelly Was Spotted Walking Into The Last Place Anyone Would Expect.",  # the cue far from the start
    "A Long Night Of Talks Ends With A Deal.",  # a title-case headline without a reporting verb
])
def test_fourth_round_look_alikes_credit_no_one(text: str) -> None:
    assert credited(text) == framing.NO_ATTRIBUTION


# Issue 12, fourth round: source spans, from PolNeAR train's disagreements (sentences written here).
@pytest.mark.parametrize("text, cue, source", [
    # coordinated sources: two names, or plural and role nouns
    ("Dunn and Kim agreed that the plan had failed.", "agreed", "Dunn and Kim"),
    ("Sen. Ann Lee and Gov. Bo Kim said no.", "said", "Sen. Ann Lee and Gov. Bo Kim"),
    ("Teachers and union officials told us that it failed.", "told", "Teachers and union officials"),
    # partitives, "more than" and leading qualifiers stay inside the source
    ("None of the three laid out a plan.", "laid", "None of the three"),
    ("Many in the crowd said the senator was honest.", "said", "Many in the crowd"),
    ("More than six in 10 said they were worried.", "said", "More than six in 10"),
    ("Even local farmers noticed that the river had risen.", "noticed", "Even local farmers"),
    # shares: a figure with %, a share noun before "of"
    ("There is less consensus: 47% say the plan works.", "say", "47%"),
    ("Some 20 percent of people said the roads were worse.", "said", "Some 20 percent of people"),
    ("A majority of voters said they would stay home.", "said", "A majority of voters"),
    # a named poll is the source of its respondents' answers
    ("In a new Ipsos poll released Monday, 31% of farmers said prices fell.", "in", "a new Ipsos poll released Monday"),
    # the subject before appositives that open with a determiner or role noun
    ("Ann Lee, the head of the Acme Union, which backs Kim, said the strike was over.", "said",
     "Ann Lee, the head of the Acme Union, which backs Kim"),
    # an adverbial aside is no appositive
    ("Ms. Lund, in an article for the Herald, rebuked the mayor.", "rebuked", "Ms. Lund"),
    # after "in an interview with" and "speaking to", the one spoken to is not the source
    ("In an interview with the Herald, Mayor Ann Lee said the bridge would reopen.", "in an interview with", "Mayor Ann Lee"),
    ("Speaking to reporters, Ann Lee said the plan was dead.", "speaking to", "Ann Lee"),
    # a hyphenated title before a name
    ("Democratic front-runner Ann Lee, also campaigning in Ohio, said the count was wrong.", "said",
     "Democratic front-runner Ann Lee"),
])
def test_fourth_round_source_spans(text: str, cue: str, source: str) -> None:
    found = credited(text)
    assert (found.cue, found.source) == (cue, source)


@pytest.mark.parametrize("text, wrong", [
    ("He won Iowa and Kim said it was rigged.", "won"),  # a clause before "and" is no coordinated source
    ("The bridge and the road flooded, officials said.", "bridge"),  # two nouns that are no sources
    ("The plan is dead, in an interview with the Herald.", "plan"),  # no subject: the phrase's object stays
])
def test_fourth_round_sources_are_no_clause_fragments(text: str, wrong: str) -> None:
    found = credited(text)
    assert found.source and wrong not in found.source


@pytest.mark.parametrize("text", [
    "Prices rose 5% in March.",  # a share before no reporting verb
    "Half of the bridge and the road flooded.",
])
def test_fourth_round_shares_credit_no_one_without_a_cue(text: str) -> None:
    assert credited(text) == framing.NO_ATTRIBUTION


@pytest.mark.parametrize("text, cue, source", [
    # "other" inside a source, and the head before "of the …" or a people word before "in the …"
    ("Other former officers said the move was right.", "said", "Other former officers"),
    ("Three-quarters of the voters said they were worried.", "said", "Three-quarters of the voters"),
    ("Leaders of the state Senate said the bill had failed.", "said", "Leaders of the state Senate"),
    ("Someone in the audience shouted that the count was wrong.", "shouted", "Someone in the audience"),
])
def test_fourth_round_heads_before_of_and_in(text: str, cue: str, source: str) -> None:
    found = credited(text)
    assert (found.cue, found.source) == (cue, source)


@pytest.mark.parametrize("text, wrong", [
    ("Interest in the race said little, officials said.", "Interest"),  # no people word before "in the"
    ("He spoke of the plan, aides said.", "spoke"),  # a verb before "of the"
])
def test_fourth_round_heads_stop_at_verbs_and_other_nouns(text: str, wrong: str) -> None:
    found = credited(text)
    assert wrong not in found.source


# Issue 12, fifth round: constructions grouped from PolNeAR train's misses (sentences written here).
@pytest.mark.parametrize("text, cue, source", [
    # a reporting verb after "but", coordinated with the sentence's first verb
    ("Lee has disputed both critiques, but says that she would decide differently now.", "says", "Lee"),
    # a prepositional phrase after a people word, a role noun or a plural, right before the verb
    ("Aides to Lee say she is shifting her tack.", "say", "Aides to Lee"),
    ("People in Fort Pierce said they were angry.", "said", "People in Fort Pierce"),
    ("Critics like Dunn say the plan would fail.", "say", "Critics like Dunn"),
    ("Audit files from Acme show that four accounts were searched.", "show", "Audit files from Acme"),
    # a role noun's preposition before a determiner, "by" included
    ("A spokesman for the campaign said the event was cancelled.", "said", "A spokesman for the campaign"),
    # "It" opening a sentence before a reporting verb
    ("It said it would intensify its push against extremist posts.", "said", "It"),
    ("It also added that the talks would resume.", "added", "It"),
    # a reduced relative clause between the source and its verb
    ("A Herald poll conducted last week found that voters were split.", "found", "A Herald poll conducted last week"),
    ("A copy of the memo seen by Reuters said investigators had failed.", "said", "A copy of the memo seen by Reuters"),
    ("Acme University's poll out this week shows Lee ahead.", "shows", "Acme University's poll out this week"),
    # "notes" as a parenthetical or after a quotation, with nothing reported after it
    ("Democrats, Dunn notes, applaud the governor's management.", "notes", "Dunn"),
    ("“The count was wrong,” the analyst notes.", "notes", "the analyst"),
])
def test_fifth_round_patterns(text: str, cue: str, source: str) -> None:
    found = credited(text)
    assert (found.cue, found.source) == (cue, source)


@pytest.mark.parametrize("text", [
    "The march through Atlanta showed little restraint.",  # a singular noun before the preposition
    "It shows how weak the bridge is.",  # "It" before a cue form that is as often a noun
    "Lee released a video that said he had won.",  # a participle with an object is no reduced relative
    "The plan, both states, was odd.",  # a parenthetical form without a name or source noun
    "Read the editor's note.",
    "The deal covers both states.",
])
def test_fifth_round_look_alikes_credit_no_one(text: str) -> None:
    assert credited(text) == framing.NO_ATTRIBUTION


@pytest.mark.parametrize("text, wrong", [
    ("Then it rained, but it said nothing about the river, officials said.", "it"),  # "it" not opening the sentence
    ("Lee released a video that said he had won.", "Lee"),
])
def test_fifth_round_sources_stay_whole_phrases(text: str, wrong: str) -> None:
    found = credited(text)
    assert found.source != wrong


@pytest.mark.parametrize("text, cue, source", [
    # a form of be before an adjective cue
    ("The Mexican government is worried that the rhetoric could hurt trade.", "worried", "The Mexican government"),
    ("Her strategists have been reluctant to reveal their plans.", "reluctant", "Her strategists"),
])
def test_fifth_round_be_before_adjective_cues(text: str, cue: str, source: str) -> None:
    found = credited(text)
    assert (found.cue, found.source) == (cue, source)


@pytest.mark.parametrize("text, wrong", [
    ("The plan was opposed by most unions.", "The plan"),  # a passive's subject, even of an adjective-like form
    ("Lee was endorsed by Dunn on Monday.", "Lee"),  # be before a participle is a passive
])
def test_fifth_round_be_before_participles_is_a_passive(text: str, wrong: str) -> None:
    found = credited(text)
    assert found.source and found.source != wrong


@pytest.mark.parametrize("text, cue, source", [
    # a role-noun subject at the sentence's start, for a coordinated cue and for a later participle
    ("The senator paused and recalled the night of the vote.", "recalled", "The senator"),
    ("The former senator went further, saying that the count was wrong.", "saying", "The former senator"),
])
def test_fifth_round_role_noun_subjects(text: str, cue: str, source: str) -> None:
    found = credited(text)
    assert (found.cue, found.source) == (cue, source)


@pytest.mark.parametrize("text", [
    "The bridge collapsed and said nothing more to anyone.",  # a subject that is no role noun
    "The river rose all night, saying nothing.",
])
def test_fifth_round_other_subjects_credit_no_one(text: str) -> None:
    assert credited(text) == framing.NO_ATTRIBUTION


def test_fifth_round_relative_which_is_the_source() -> None:
    found = credited("The union, which endorsed Lee in November, is liberal.")
    assert (found.cue, found.source) == ("endorsed", "which")


@pytest.mark.parametrize("text", [
    "Which said more, the memo or the speech?",  # "which" opening a question is no relative pronoun
    "The plan which failed was costly.",  # a relative before a verb that reports nothing
])
def test_fifth_round_which_without_antecedent_or_cue_credits_no_one(text: str) -> None:
    assert credited(text) == framing.NO_ATTRIBUTION


@pytest.mark.parametrize("text, cue, source", [
    # an adverbial aside opening with a determiner between a name or relative and its verb
    ("The row began when Lee in her opening speech called the plan a fraud.", "called", "Lee"),
    ("The row grew when Dunn during a long speech thanked the nurses.", "thanked", "Dunn"),
    ("Kim, who in the past has voiced doubts, is running.", "voiced", "who"),
])
def test_fifth_round_subject_before_an_aside(text: str, cue: str, source: str) -> None:
    found = credited(text)
    assert (found.cue, found.source) == (cue, source)


@pytest.mark.parametrize("text, wrong", [
    ("Even after the campaign unveiled its ads, voters were unmoved.", "Even"),  # "after" opening a clause
    ("A letter from Dunn at the Herald showed that the plan had failed.", "Dunn"),  # "at": an affiliation
])
def test_fifth_round_no_subject_before_clauses_or_affiliations(text: str, wrong: str) -> None:
    found = credited(text)
    assert found.source != wrong


@pytest.mark.parametrize("text, cue, source", [
    # a name after a preposition that opens a clause is that clause's subject
    ("The deal came three days after Lee told the Herald she was ready.", "told", "Lee"),
    ("It has been two months since Republicans confirmed a judge.", "confirmed", "Republicans"),
])
def test_fifth_round_clause_subject_after_after_and_since(text: str, cue: str, source: str) -> None:
    found = credited(text)
    assert (found.cue, found.source) == (cue, source)


def test_fifth_round_object_of_other_prepositions_still_credits_no_one() -> None:
    # "against", "through": a name after them is their object, never a source
    assert credited("The march through Atlanta showed little restraint.") == framing.NO_ATTRIBUTION
    assert credited("It was a move against Moscow announced quietly.").source != "Moscow"


def test_fifth_round_modals_stay_out() -> None:
    # a modal before the cue is speculation more often than a credited view (tried, dropped on train)
    assert credited("The plan comes with risks that neither side can fully predict.") == framing.NO_ATTRIBUTION


@pytest.mark.parametrize("text, cue, source", [
    # a reporting participle credits the main clause's subject, a long noun phrase read whole, after other words too
    ("Republican presidential candidate Ann Lee quickly took to the radio, writing: “We will win.”", "writing",
     "Republican presidential candidate Ann Lee"),
    ("Speaking at a rally in Dayton, the governor went after Lee, calling him a fraud.", "calling", "the governor"),
    ("Then he turned on the mayor, accusing him of lying.", "accusing", "he"),
    # an absolute construction: "with" or a dash, a noun phrase and a reporting participle
    ("Lee has improved his standing, with 30 percent of voters saying they like him.", "saying", "30 percent of voters"),
    ("Both men issued statements – Lee saying he was encouraged and Kim calling it a great meeting.", "saying", "Lee"),
    # a source before an aside set off by dashes: the aside kept when it lists, left out when it is adverbial
    ("Democrats -- including Senator Lee -- quickly accused Kim of lying.", "accused", "Democrats -- including Senator Lee"),
    ("Senator Lee — after a long pause — told reporters that he would run.", "told", "Senator Lee"),
    # a name and a colon before a title-case headline that quotes or speaks in the first person
    ("Graham: Kim’s ‘Hateful Rhetoric’ Destroying the Party’s Chance", ":", "Graham"),
    ("Rubio: I Still Believe Kim Cannot Be Trusted", ":", "Rubio"),
])
def test_seventh_round_cues_credit_their_source(text: str, cue: str, source: str) -> None:
    found = credited(text)
    assert (found.cue, found.source) == (cue, source)


@pytest.mark.parametrize("text", [
    "It’s a fair question, considering this is a new shot.",  # "It" is no main-clause source
    "She came back with a report showing.",  # an absolute participle with nothing reported after it
    "The match ended late, with the crowd cheering for more.",  # an absolute participle that reports nothing
    "Few would dispute it — the plan, in short — claims too much.",  # the word before the dashes is no source
    "The Latest: Lee Wins the Primary in Ohio",  # a headline label with neither quotation nor first person
    "Breitbart News Daily: A World at War",  # a column's name
    "“The plan will fail,” the paper's big old printing machine wrote.",  # a possessive four words back opens nothing
])
def test_seventh_round_constructions_credit_no_one(text: str) -> None:
    assert credited(text).source == ""


@pytest.mark.parametrize("text, cue, source", [
    # a possessive two or three words before the source's noun opens its phrase like a determiner
    ("“The plan will fail,” the paper's editorial board wrote.", "wrote", "the paper's editorial board"),
    # a quantifier opens a source after its verb, as a determiner does
    ("Turnout will be low, said several observers.", "said", "several observers"),
    # an adjective and its complement after a source's head: news writing's unnamed sources
    ("A person familiar with the planning for the meeting says the talks will focus on trade.", "says",
     "A person familiar with the planning for the meeting"),
    ("A source close to him said the senator would run.", "said", "A source close to him"),
])
def test_seventh_round_source_phrases(text: str, cue: str, source: str) -> None:
    found = credited(text)
    assert (found.cue, found.source) == (cue, source)


@pytest.mark.parametrize("text", [
    "Homes close to the river show damage.",  # a capital opening the sentence before "close to" is no name by itself
    "Turnout will be low, said some.",  # a quantifier alone after the verb, nothing it opens
])
def test_seventh_round_source_phrases_credit_no_one(text: str) -> None:
    assert credited(text).source == ""


@pytest.mark.parametrize("text, cue, source", [
    # a reporting participle after a comma credits the main clause's subject whatever word follows it
    ("Mr. Lee seemed to mock the plan, saying at one point that it would fail.", "saying", "Mr. Lee"),
    ("The senator went with the odds, pointing out that Ohio would win.", "pointing", "The senator"),
    # a news agency's dateline before the main clause's subject
    ("WASHINGTON (AP) — Senator Lee wrapped up the tour on Tuesday, calling the trip a success.", "calling", "Senator Lee"),
    # an -ly adverb between the comma and the participle
    ("Senator Lee stuck to policy at first but turned on Kim, eventually saying he would lose.", "saying", "Senator Lee"),
    # the main clause's subject may be any noun phrase, as PolNeAR's people and bodies named by common nouns are
    ("The conservative magazine has been outspoken in its opposition, arguing that the plan is wrong.", "arguing",
     "The conservative magazine"),
])
def test_seventh_round_participle_before_any_word(text: str, cue: str, source: str) -> None:
    found = credited(text)
    assert (found.cue, found.source) == (cue, source)


@pytest.mark.parametrize("text", [
    "And even the new numbers are impressive, considering what they are up against.",  # a preposition
    "Lee won the primary in Ohio, adding to his lead over Kim.",  # "add to": to increase, nothing reported
    "The senator left the room, saying little.",  # a participle whose object is "little" or "nothing"
])
def test_seventh_round_participles_that_report_nothing(text: str) -> None:
    assert credited(text).source == ""


@pytest.mark.parametrize("text, cue, source", [
    # the speaker clause after a quotation ending with a comma, question or exclamation mark: any verb
    ("“We will not give up,” Kim answers.", "answers", "Kim"),
    ("“Never!” the crowd screamed back.", "screamed", "the crowd"),
    ("“Is the mayor profiling?” reacted Lee.", "reacted", "Lee"),
])
def test_seventh_round_speaker_clause_after_a_quotation(text: str, cue: str, source: str) -> None:
    found = credited(text)
    assert (found.cue, found.source) == (cue, source)


@pytest.mark.parametrize("text", [
    "“We will not give up.” Kim left the room.",  # a full stop ends the quotation: the next clause is no speaker's
    "“Fine,” Kim nodded and left the room.",  # the clause goes on past its verb: a narrative, not a speaker clause
])
def test_seventh_round_clauses_after_a_quotation_that_credit_no_one(text: str) -> None:
    assert credited(text).source == ""
