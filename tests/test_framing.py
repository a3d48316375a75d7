"""Tests for analysis.framing: every sentence feature with positive and negative examples,
the mode rule order, seeded bootstrap intervals, log-odds on a hand-checkable example, and the
stage on corpora with one document per genre or an unlabelled genre."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import framing
from analysis.lexicons import LEXICON_DIR, load_lexicon


def make_sentences(texts: list[str], doc_id: str = "000", paragraph_ids: list[int] | None = None) -> pd.DataFrame:
    """A sentences table as analysis.corpus builds it, for texts joined by one space."""
    starts, cursor = [], 0
    for text in texts:
        starts.append(cursor)
        cursor += len(text) + 1
    return pd.DataFrame({
        "doc_id": doc_id,
        "sentence_id": range(len(texts)),
        "paragraph_id": paragraph_ids if paragraph_ids is not None else range(len(texts)),
        "char_start": starts,
        "char_end": [s + len(t) for s, t in zip(starts, texts)],
        "text": texts,
        "is_heading": False,
    })


def features_of(*texts: str) -> pd.DataFrame:
    return framing.sentence_features(make_sentences(list(texts)))


def one(text: str) -> pd.Series:
    return features_of(text).iloc[0]


# --- quotations -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, phrase", [
    ("It’s not a matter of simply being “pulled” in.", "pulled"),
    ("They supply outdated ammunition and, crucially, “meat soldiers.”", "meat soldiers"),
    ("Moscow and Pyongyang’s budding 'combat brotherhood' could grow.", "combat brotherhood"),
    ("The so-called \"liberation\" left the town in ruins.", "liberation"),
    ("Their ‘combat brotherhood’ is a fiction.", "combat brotherhood"),
    # no speaker: "report" is a noun here, and nothing in the sentence says anything
    ('The word "Kursk" appeared in the report.', "kursk"),
    ("The reports of “meat soldiers” were grim.", "meat soldiers"),  # a verb form after "the" is a noun
    ("His comments on “denazification” drew scorn.", "denazification"),
    ("The “pulled” troops were said to be resting.", "pulled"),  # a verb after the quote, but no comma: not “…,” he said
    # a reporting cue too far from the quote (more than SPEAKER_WINDOW_WORDS words) introduces nothing
    ("After years of reporting on the long war in the east of the country, the “experts” stayed home.", "experts"),
])
def test_short_quote_without_speaker_is_a_scare_quote(text: str, phrase: str) -> None:
    row = one(text)
    assert row["n_scare_quotes"] == 1
    assert row["scare_quote_terms"] == phrase
    assert row["n_direct_quotes"] == 0
    assert row["mode"] != "direct quote"


@pytest.mark.parametrize("text", [
    "Singh confirmed that “around 10,000 North Korean soldiers” have been sent.",  # speaker + verb
    "Biden described the deployment as “very dangerous.”",  # short, but a speaker is named
    "“This development calls for more than just sanctions,” Yermak stated.",  # long and credited
    'He said: "We will not back down from this fight."',  # straight quotes
    "Rutte called it a “dangerous expansion of Russia’s war” in Brussels.",  # longer than 4 words
    "“Pulled back,” he said.",  # short, a reporting verb right after the closing comma
    "“Why?” asked Kim.",  # verb before the name
    "The attack was described as “barbaric”.",  # no source, but the cue introduces the quote
    "Zelensky spoke on Monday, describing the move as “a provocation.”",  # -ing cue three words before
    "According to a senior official: “Pulled back.”",  # attribution phrase, source, colon
])
def test_quote_with_speaker_or_long_clause_is_a_direct_quote(text: str) -> None:
    row = one(text)
    assert row["n_direct_quotes"] == 1
    assert row["n_scare_quotes"] == 0
    assert row["mode"] == "direct quote"
    assert 0 < row["direct_quote_share"] <= 1


@pytest.mark.parametrize("text", [
    "Russia’s war and Ukraine’s defence are North Korea’s concern.",
    "They're sure it's Kim's plan, and the soldiers' pay is late.",
    "Ukraine's military said nothing about Russia's losses.",
])
def test_apostrophes_are_not_quote_marks(text: str) -> None:
    row = one(text)
    assert row["n_scare_quotes"] == 0
    assert row["n_direct_quotes"] == 0
    assert row["direct_quote_share"] == 0


def test_short_phrase_in_a_sentence_that_credits_a_source_is_a_partial_quotation() -> None:
    # under a reporting verb, quote marks mark the credited speaker's own words (a partial
    # quotation), not the author's distance: this is the rule, and its known cost is that an
    # author's scare quote in a sentence that also credits someone is read as the source's
    row = one("Officials said the troops were “pulled” from the front.")
    assert row["attribution_source"] == "Officials"
    assert row["n_direct_quotes"] == 1 and row["n_scare_quotes"] == 0
    assert row["mode"] == "direct quote"
    # the same phrase with nobody credited stays a scare quote
    alone = one("The troops were “pulled” from the front.")
    assert alone["n_scare_quotes"] == 1 and alone["n_direct_quotes"] == 0


def test_each_quote_of_a_sentence_is_judged_on_its_own() -> None:
    row = one("The “liberation” was later described as “a triumph”.")
    assert row["attribution_source"] == ""
    assert row["scare_quote_terms"] == "liberation"
    assert row["n_direct_quotes"] == 1
    # a verb after “…”, that starts another clause does not cue the quote before it
    row = one("They call it “liberation”, though it was described as “a triumph”.")
    assert row["scare_quote_terms"] == "liberation" and row["n_direct_quotes"] == 1


def test_short_quotation_left_open_runs_on_as_a_direct_quote() -> None:
    texts = ["“Pulled back.", "Then sent again,” Cho said."]
    feats = framing.sentence_features(make_sentences(texts, paragraph_ids=[0, 0]))
    assert feats["n_direct_quotes"].tolist() == [1, 0]
    assert feats["n_scare_quotes"].tolist() == [0, 0]
    assert feats["mode"].tolist() == ["direct quote", "direct quote"]


def test_quotation_running_over_sentences_is_one_direct_quote() -> None:
    texts = ["“This is a dangerous move.", "North Korea is sending troops.", "It is sending shells,” Cho said.", "He left."]
    feats = framing.sentence_features(make_sentences(texts, paragraph_ids=[0, 0, 0, 0]))
    assert feats["n_direct_quotes"].tolist() == [1, 0, 0, 0]
    assert feats["mode"].tolist()[:3] == ["direct quote"] * 3
    assert feats["direct_quote_share"].iloc[1] == 1.0
    assert feats["mode"].iloc[3] != "direct quote"


def test_open_quotation_does_not_leak_into_next_paragraph() -> None:
    texts = ["“This is a dangerous move.", "North Korea is sending troops."]
    feats = framing.sentence_features(make_sentences(texts, paragraph_ids=[0, 1]))
    assert feats["direct_quote_share"].tolist() == [1.0, 0.0]


def test_stance_words_inside_a_direct_quote_are_not_the_authors() -> None:
    quoted = one("“This is a cynical and dangerous move that could escalate,” Cho said.")
    authorial = one("This is a cynical and dangerous move that could escalate.")
    assert quoted["n_evaluative"] == 0 and quoted["n_hedges"] == 0
    assert authorial["n_evaluative"] == 2 and authorial["n_hedges"] == 1


# --- attribution ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, cue, source", [
    ("According to NATO estimates, over 600,000 Russian soldiers have been killed.", "according to", "NATO estimates"),
    ("Deputy Pentagon Press Secretary Sabrina Singh confirmed the figure.", "confirmed", "Deputy Pentagon Press Secretary Sabrina Singh"),
    ("Officials say the troops are in Kursk.", "say", "Officials"),
    ("The reports suggest a deepening partnership.", "suggest", "The reports"),
    ("He added that the conflict allows the DPRK to study warfare.", "added", "He"),
    ("The partnership is deepening, reports WP Wiadomości.", "reports", "WP Wiadomości"),
    ("Seoul warned that the cooperation is a threat.", "warned", "Seoul"),
    ("Yukos has claimed it sought help abroad.", "claimed", "Yukos"),  # an auxiliary between
    ("Anil, the vice-chairman, said he had not been consulted.", "said", "Anil, the vice-chairman"),  # subject and appositive, as PolNeAR marks them
    ("Mr Svanberg, however, warned that demand had gone.", "warned", "Mr Svanberg"),  # an aside
    ("Lending fell, the Building Society Association (BSA) said.", "said", "the Building Society Association (BSA)"),
])
def test_attribution_credits_a_source(text: str, cue: str, source: str) -> None:
    row = one(text)
    assert row["attribution"]
    assert row["attribution_cue"] == cue
    assert row["attribution_source"] == source
    assert row["mode"] == "attributed report"


@pytest.mark.parametrize("text", [
    "The United States sent more aid in June.",  # "States" is a name, not the verb
    "This shows how deep the alliance runs.",  # "This" names no one
    "Defector’s warning",  # -ing form alone is a noun
    "The report was long and the state was weak.",  # nouns, no source before them
    "Troops are deployed near the border.",
    "His comments drew scorn.",  # a capitalised possessive is no name
    "Kyiv, said to be calm, waited.",  # a passive after a comma credits no one
])
def test_no_attribution_without_a_source_and_a_reporting_verb(text: str) -> None:
    row = one(text)
    assert not row["attribution"]
    assert row["attribution_cue"] == "" and row["attribution_source"] == ""


def test_attribute_gives_the_source_offsets() -> None:
    text = "The move is dangerous, analysts previously said."
    found = framing.attribute(text)
    assert (found.cue, found.source) == ("said", "analysts")
    assert text[found.start : found.end] == "analysts" and found.start == text.index("analysts")
    assert framing.attribute("Troops arrived.") == framing.NO_ATTRIBUTION


def test_source_offsets_point_into_the_cleaned_text() -> None:
    from analysis.corpus import Article, build_corpus

    raw = (
        "Troops in Kursk\n\n"
        "According to NATO estimates, over 600,000 Russian soldiers have been killed. Officials say the troops are in Kursk.\n"
        "“We are ready,” Deputy Pentagon Press Secretary Sabrina Singh told reporters. The deal grows, reports WP Wiadomości.\n"
        "The   troops   arrived in Kursk on Monday. It is a move that   experts   say could backfire.\n"
        "According to ‘reliable sources’ in Kyiv, the front held."
    )
    corpus = build_corpus([Article("d1", raw, {"doc_id": "d1", "genre": ""}, "test")], [])
    clean = corpus.clean_texts["d1"]
    feats = framing.sentence_features(corpus.sentences)
    credited = feats[feats["attribution_source"] != ""]
    assert set(credited["attribution_source"]) == {
        "NATO estimates", "Officials", "Deputy Pentagon Press Secretary Sabrina Singh", "WP Wiadomości", "experts",
        "‘reliable sources’ in Kyiv",
    }
    for row in credited.itertuples():
        assert clean[row.attribution_source_start : row.attribution_source_end] == row.attribution_source
        assert row.char_start <= row.attribution_source_start < row.attribution_source_end <= row.char_end
    uncredited = feats[feats["attribution_source"] == ""]
    assert len(uncredited) == 2  # the heading and "The troops arrived"
    assert uncredited[["attribution_source_start", "attribution_source_end"]].isna().all().all()
    assert str(feats["attribution_source_start"].dtype) == "Int64"


# --- lexicon features -------------------------------------------------------------------------


@pytest.mark.parametrize("text, terms", [
    ("North Korea may send more troops.", "may"),
    ("The troops could be sent, reportedly in secret.", "could be|reportedly"),
    ("Kim is believed to be seeking technology.", "is believed to"),
    ("The soldiers are allegedly and purportedly in Kursk.", "allegedly|purportedly"),
    ("It appears that losses are likely.", "appears|likely"),
])
def test_hedges_found(text: str, terms: str) -> None:
    row = one(text)
    assert row["hedge_terms"] == terms
    assert row["n_hedges"] == len(terms.split("|"))


@pytest.mark.parametrize("text", [
    "The treaty was signed in May 2024.",
    "Theresa May visited Kyiv.",
    "May brought new deployments to the front.",
    "The troops arrived in Kursk and fought.",
    "He was unlikeable and loud.",  # "likely" must match whole words only
])
def test_non_hedges_not_counted(text: str) -> None:
    assert one(text)["n_hedges"] == 0


def test_boosters_found_and_negated_boosters_not() -> None:
    assert one("Let’s be clear, North Korea is involved.")["booster_terms"] == "let's be clear"
    assert one("The stakes are undeniably and clearly high.")["booster_terms"] == "undeniably|clearly"
    negated = one("It is not clear how many troops were sent.")
    assert negated["n_boosters"] == 0 and negated["hedge_terms"] == "not clear"
    assert one("The sky was blue.")["n_boosters"] == 0


def test_first_person_found_but_not_the_country() -> None:
    assert one("From what I can gather, we should worry.")["n_first_person"] == 2
    assert one("Let’s look at the facts.")["n_first_person"] == 1
    assert one("US officials and U.S. diplomats met in Seoul.")["n_first_person"] == 0
    assert one("The deal leaves us exposed.")["n_first_person"] == 1


def test_evaluative_words_found() -> None:
    row = one("The implications are chilling and the deal is cynical.")
    assert row["evaluative_terms"] == "chilling|cynical" and row["n_evaluative"] == 2
    assert one("The troops moved to the border on Monday.")["n_evaluative"] == 0


def test_intensifiers_found() -> None:
    assert one("The losses were utterly and deeply shocking.")["n_intensifiers"] == 2
    assert one("The troops moved far to the east.")["n_intensifiers"] == 0


def test_numbers_and_names() -> None:
    row = one("Around 10,000 troops reached Kursk, Sabrina Singh said on 3 May.")
    assert row["n_numbers"] == 2  # 10,000 is one figure
    assert row["n_names"] == 4  # Kursk, Sabrina, Singh, and May (the first word is not counted)
    plain = one("Troops arrived there.")
    assert plain["n_numbers"] == 0 and plain["n_names"] == 0


def test_subjective_words_found() -> None:
    row = one("The plan is absurd and the result terrible, absurdly so.")
    assert row["n_subjective"] == 3  # absurd, terrible, and the adverb absurdly
    assert one("The troops arrived in Kursk on Monday.")["n_subjective"] == 0


def test_negations_found() -> None:
    assert one("It was not clear, and they never came; nobody can’t see it.")["n_negations"] == 4
    assert one("The troops arrived on Monday.")["n_negations"] == 0


@pytest.mark.parametrize("text, past, present", [
    ("The troops marched and fought.", 2, 0),  # -ed rule and an irregular past form
    ("It is what it does, and they have it.", 0, 3),
    ("The well-armed units were sent.", 3, 0),  # the last part of a hyphenated word counts
    ("They need seed, indeed, in the bed.", 0, 0),  # listed exceptions; "bed" is too short
    ("Troops arrive today.", 0, 0),
])
def test_tense_forms(text: str, past: int, present: int) -> None:
    row = one(text)
    assert (row["n_past_tense"], row["n_present_tense"]) == (past, present)


def test_new_features_counted_outside_direct_quotations() -> None:
    row = one("“We never lost, and it is absurd,” he said.")
    assert row["n_negations"] == 0 and row["n_subjective"] == 0 and row["n_present_tense"] == 0
    assert row["n_past_tense"] == 1  # the author's "said", not the speaker's "lost"
    authorial = one("We never lost, and it is absurd.")
    assert authorial["n_negations"] == 1 and authorial["n_subjective"] == 1 and authorial["n_past_tense"] == 1


def test_directives_found() -> None:
    assert one("The West must respond and should act now.")["n_directives"] == 2
    assert one("The West responded on Tuesday.")["n_directives"] == 0


@pytest.mark.parametrize("text, question, exclamation", [
    ("Will there be retaliation?", True, False),
    ("What would it look like?”", True, False),
    ("This is madness!", False, True),
    ("Is it over? No.", False, False),
    ("The troops arrived.", False, False),
])
def test_questions_and_exclamations(text: str, question: bool, exclamation: bool) -> None:
    row = one(text)
    assert bool(row["is_question"]) is question
    assert bool(row["is_exclamation"]) is exclamation


def test_frames_from_the_dictionary() -> None:
    row = one("Sanctions hit the economy while troops deployed to the front.")
    assert set(row["frames"].split("|")) == {"economic", "external regulation and reputation", "security and defense"}
    assert one("It rained.")["frames"] == ""


def test_lexicons_have_source_headers_and_entries() -> None:
    for name in ["hedges", "boosters", "first_person", "directives", "evaluative", "reporting_verbs",
                 "attribution_sources", "attribution_phrases", "mfc_frames", "subjective", "negations",
                 "past_tense", "present_tense", "suffix_exceptions"]:
        first = (LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#")
        assert load_lexicon(name)


def test_frame_dictionary_covers_the_codebook() -> None:
    frames = set(framing.frame_dictionary())
    assert len(frames) == 14  # the 15th, "other", is what touches none
    assert {"security and defense", "political", "economic", "morality"} <= frames


# --- modes ------------------------------------------------------------------------------------


def test_mode_rule_order() -> None:
    base = {
        "is_heading": False, "direct_quote_share": 0.0, "attribution": False, "n_evaluative": 0, "n_intensifiers": 0, "n_boosters": 0,
        "n_first_person": 0, "n_directives": 0, "is_question": False, "is_exclamation": False, "n_hedges": 0,
    }
    cases = [
        ({"is_heading": True, "direct_quote_share": 1.0, "attribution": True}, "heading"),
        ({"direct_quote_share": 0.5, "attribution": True, "n_hedges": 2, "n_evaluative": 1}, "direct quote"),
        ({"attribution": True, "n_hedges": 1, "n_evaluative": 1}, "attributed report"),
        ({"n_evaluative": 1, "n_hedges": 1}, "authorial evaluation"),
        ({"is_question": True}, "authorial evaluation"),
        ({"n_hedges": 1}, "speculation"),
        ({}, "authorial assertion"),
    ]
    table = pd.DataFrame([{**base, **change} for change, _ in cases])
    assert framing.assign_mode(table).tolist() == [mode for _, mode in cases]


def test_heading_mode_from_corpus_flag() -> None:
    sentences = make_sentences(["Troops still deployed", "Officials say troops remain."])
    sentences.loc[0, "is_heading"] = True
    assert framing.sentence_features(sentences)["mode"].tolist() == ["heading", "attributed report"]


# --- document profiles and bootstrap -----------------------------------------------------------


def corpus() -> tuple[pd.DataFrame, pd.DataFrame]:
    opinion = ["I think this is a cynical deal.", "Let’s be clear, it could get worse.", "We must act now!",
               "The deal is dangerous.", "Kim seems calculating."]
    reporting = ["Officials said troops arrived.", "“We are ready,” the commander said.", "According to NATO, 600 died.",
                 "Troops moved to Kursk.", "Analysts say the deal may grow."]
    wire = ["The deal grows, reports Fakt.", "Troops may be deployed, sources say.", "Losses were reported in Kursk."]
    sentences = pd.concat([make_sentences(opinion, "000"), make_sentences(reporting, "001"), make_sentences(wire, "002")])
    documents = pd.DataFrame({"doc_id": ["000", "001", "002"], "genre": ["opinion", "reporting", "wire"]})
    return sentences.reset_index(drop=True), documents


def test_document_rates_and_shares() -> None:
    sentences, documents = corpus()
    features = framing.sentence_features(sentences)
    profiles = framing.document_profiles(features, documents, n_bootstrap=200, seed=1)
    assert profiles["doc_id"].tolist() == ["000", "001", "002"]
    words = features.groupby("doc_id")["n_words"].sum()
    first_person = features.groupby("doc_id")["n_first_person"].sum()
    expected = round(1000 * first_person["000"] / words["000"], 4)
    assert profiles.loc[0, "first_person_per_1k_words"] == pytest.approx(expected)
    assert profiles.loc[1, "first_person_per_1k_words"] < profiles.loc[0, "first_person_per_1k_words"]
    assert profiles.loc[1, "attribution_per_1k_words"] > profiles.loc[0, "attribution_per_1k_words"]
    shares = profiles[framing.SHARE_COLUMNS].sum(axis=1)
    assert np.allclose(shares, 1.0, atol=1e-3)


def test_bootstrap_is_seeded_and_contains_the_estimate() -> None:
    rng = np.random.default_rng(0)
    counts = rng.poisson(0.5, size=(300, 3)).astype(float)
    words = rng.integers(10, 40, size=300).astype(float)
    point = 1000 * counts.sum(axis=0) / words.sum()
    low1, high1 = framing.bootstrap_rates(counts, words, n_bootstrap=500, rng=np.random.default_rng(7))
    low2, high2 = framing.bootstrap_rates(counts, words, n_bootstrap=500, rng=np.random.default_rng(7))
    low3, _ = framing.bootstrap_rates(counts, words, n_bootstrap=500, rng=np.random.default_rng(8))
    assert np.array_equal(low1, low2) and np.array_equal(high1, high2)
    assert not np.array_equal(low1, low3)
    assert np.all(low1 <= point) and np.all(point <= high1) and np.all(low1 < high1)


def test_bootstrap_blocks_match_one_big_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    counts = np.arange(40, dtype=float).reshape(20, 2) % 3
    words = np.full(20, 10.0)
    whole = framing.bootstrap_rates(counts, words, n_bootstrap=50, rng=np.random.default_rng(3))
    monkeypatch.setattr(framing.profiles, "_BOOTSTRAP_BLOCK", 20 * 7)  # blocks of 7 replicates
    blocked = framing.bootstrap_rates(counts, words, n_bootstrap=50, rng=np.random.default_rng(3))
    assert all(np.all(np.isfinite(x)) for x in whole + blocked)
    assert np.all(blocked[0] <= blocked[1])


def test_document_interval_does_not_depend_on_other_documents() -> None:
    sentences, documents = corpus()
    features = framing.sentence_features(sentences)
    full = framing.document_profiles(features, documents, n_bootstrap=300, seed=5)
    alone = framing.document_profiles(features[features["doc_id"] == "001"], documents.iloc[[1]], n_bootstrap=300, seed=5)
    assert full.iloc[1].equals(alone.iloc[0].rename(1))


def test_genre_profiles_combine_exactly_from_pieces_of_any_partition() -> None:
    sentences, documents = corpus()
    documents = documents.assign(genre=["opinion", "reporting", "opinion"])
    features = framing.sentence_features(sentences)
    whole = framing.genre_profiles(features, documents, n_bootstrap=300, seed=5)
    assert whole["n_documents"].tolist() == [2, 1] and whole[[c for c in whole if c.endswith("_ci_low")]].notna().all().all()
    for split in (["000"], ["001"], ["000", "002"]):  # a genre split across partitions, and kept whole
        inside = features["doc_id"].isin(split)
        pieces = [
            framing.profiles_and_genre_pieces(features[mask], documents[documents["doc_id"].isin(features.loc[mask, "doc_id"])],
                                              n_bootstrap=300, seed=5)[1]
            for mask in (inside, ~inside)
        ]
        assert framing.genre_profiles_from_pieces(pieces[::-1]).equals(whole), split


def test_a_genre_interval_adds_up_its_documents_replicates() -> None:
    rng = np.random.default_rng(0)
    counts = rng.poisson(0.5, size=(60, 3)).astype(float)
    words = rng.integers(10, 40, size=60).astype(float)
    first = framing.bootstrap_totals(counts[:25], words[:25], n_bootstrap=40, rng=np.random.default_rng(1))
    second = framing.bootstrap_totals(counts[25:], words[25:], n_bootstrap=40, rng=np.random.default_rng(2))
    assert first.shape == (40, 4) and first.dtype == np.int64
    assert abs(first[:, -1].mean() / words[:25].sum() - 1) < 0.15  # Poisson(1) weights: a replicate draws the group's words on average
    low, high = framing.interval_from_totals(first + second)
    point = 1000 * counts.sum(axis=0) / words.sum()
    assert np.all(low <= point) and np.all(point <= high) and np.all(low < high)


def test_poisson_one_weights_follow_the_distribution() -> None:
    import math

    weights = framing.profiles.poisson_one_weights(np.random.default_rng(0), (500, 2000))
    assert weights.dtype == np.uint8 and weights.min() == 0
    shares = np.bincount(weights.ravel(), minlength=5)[:5] / weights.size
    expected = np.array([math.exp(-1) / math.factorial(k) for k in range(5)])
    assert np.allclose(shares, expected, atol=0.002)  # 10^6 draws: a share's standard error is below 0.0005
    assert abs(weights.mean() - 1) < 0.005 and abs(weights.var() - 1) < 0.01


def test_an_interval_leaves_out_replicates_that_drew_no_words() -> None:
    totals = np.array([[0, 0], [2, 10], [4, 10]], dtype=np.int64)  # the first replicate drew nothing
    low, high = framing.interval_from_totals(totals)
    assert 200 <= low[0] <= high[0] <= 400
    assert np.isnan(framing.interval_from_totals(np.zeros((5, 2), dtype=np.int64))[0]).all()


# --- distinctive terms ------------------------------------------------------------------------


def test_log_odds_hand_checked() -> None:
    y_i, y_j, alpha = np.array([10.0, 1.0, 5.0]), np.array([2.0, 8.0, 5.0]), np.array([1.0, 1.0, 1.0])
    delta, z = framing.log_odds_dirichlet(y_i, y_j, alpha)
    n_i, n_j, a0 = 16, 15, 3
    expected = math.log(11 / (16 + 3 - 11)) - math.log(3 / (15 + 3 - 3))
    assert delta[0] == pytest.approx(expected)
    assert z[0] == pytest.approx(expected / math.sqrt(1 / 11 + 1 / 3))
    assert delta[0] > 0 > delta[1]  # word 0 favours group i, word 1 group j
    assert z[0] > z[2] > z[1]
    assert n_i == y_i.sum() and n_j == y_j.sum() and a0 == alpha.sum()


def test_distinctive_terms_rank_the_genre_words_first() -> None:
    sentences = pd.concat([
        make_sentences(["I think we must act, I say.", "I think it is cynical."], "000"),
        make_sentences(["Officials said troops arrived.", "Officials said the troops moved."], "001"),
    ]).reset_index(drop=True)
    documents = pd.DataFrame({"doc_id": ["000", "001"], "genre": ["opinion", "reporting"]})
    table = framing.distinctive_terms(sentences, documents, min_count=2, prior_scale=0.5, top_n=3)
    assert list(table.columns) == ["genre", "term", "count_in_genre", "count_elsewhere", "log_odds", "z", "rank"]
    opinion = table[table["genre"] == "opinion"]
    reporting = table[table["genre"] == "reporting"]
    assert opinion.iloc[0]["term"] == "think" and opinion.iloc[0]["rank"] == 1
    assert not set(table["term"]) & {"i", "we", "it", "is", "the", "must"}  # function words are not scored
    kept = framing.distinctive_terms(sentences, documents, min_count=2, prior_scale=0.5, top_n=3, drop_function_words=False)
    assert kept[kept["genre"] == "opinion"].iloc[0]["term"] == "i"
    assert set(reporting["term"]) >= {"officials", "said"}
    assert "officials" not in set(opinion["term"])
    assert (table["z"] > 0).all() and table.groupby("genre")["z"].is_monotonic_decreasing.all()


def test_distinctive_terms_need_two_labelled_genres() -> None:
    sentences = make_sentences(["Troops arrived.", "Troops left."])
    documents = pd.DataFrame({"doc_id": ["000"], "genre": ["opinion"]})
    assert framing.distinctive_terms(sentences, documents, min_count=1, prior_scale=0.5, top_n=5).empty


# --- the stage --------------------------------------------------------------------------------


def test_stage_tables_with_one_document_per_genre_and_an_unlabelled_one() -> None:
    sentences, documents = corpus()
    extra = make_sentences(["Nobody labelled this text about troops."], "003")
    sentences = pd.concat([sentences, extra], ignore_index=True)
    documents = pd.concat([documents, pd.DataFrame({"doc_id": ["003"], "genre": [""]})], ignore_index=True)
    tables = framing.build_framing_tables(sentences, documents, n_bootstrap=100, seed=3)
    assert set(tables) == {"framing_sentences", "framing_documents", "framing_genres", "distinctive_terms",
                           "frame_emphasis", "feature_map", "genre_separation"}
    assert len(tables["framing_sentences"]) == len(sentences)
    assert tables["framing_documents"]["doc_id"].tolist() == ["000", "001", "002", "003"]
    assert tables["framing_genres"]["genre"].tolist() == ["", "opinion", "reporting", "wire"]
    separation = tables["genre_separation"].set_index("doc_id")
    assert not separation.loc["000", "genre_in_training"]  # its genre has no other document
    assert separation.loc["000", "correct"] == False  # noqa: E712 - a miss, not an error
    assert pd.isna(separation.loc["003", "correct"])
    assert tables["feature_map"][["x", "y"]].notna().all().all()
    emphasis = tables["frame_emphasis"]
    assert set(emphasis["frame"]) == set(framing.frame_dictionary()) | {"other"}
    assert emphasis["share"].between(0, 1).all()
    again = framing.build_framing_tables(sentences, documents, n_bootstrap=100, seed=3)
    for name, table in tables.items():
        pd.testing.assert_frame_equal(table, again[name])


def test_stage_with_a_single_document() -> None:
    sentences = make_sentences(["Officials said troops arrived.", "It is a cynical deal."])
    documents = pd.DataFrame({"doc_id": ["000"], "genre": ["wire"]})
    tables = framing.build_framing_tables(sentences, documents, n_bootstrap=50, seed=1)
    assert tables["feature_map"][["x", "y"]].iloc[0].tolist() == [0.0, 0.0]
    assert tables["genre_separation"]["predicted_genre"].tolist() == [""]
    assert tables["distinctive_terms"].empty


def test_trie_alternation_prefers_longer_entries_and_reads_its_wildcards() -> None:
    import re

    from analysis.lexicons import trie_alternation

    pattern = re.compile(r"\b(?:" + trie_alternation(["let's", "let's be clear", "escalat*", "ten"], capital_first=True) + r")\b")
    assert pattern.search("Let’s be clear: no.").group() == "Let’s be clear"
    assert [m.group() for m in pattern.finditer("escalation escalated, Ten tents")] == ["escalation", "escalated", "Ten"]
    assert pattern.search("tenth") is None


@pytest.mark.parametrize("term, expected", [
    ("their", True), ("has", True), ("from", True), ("it's", True), ("don't", True), ("we're", True),
    ("sanctions", False), ("russia's", False), ("said", False), ("brutality", False),
])
def test_function_words_are_told_from_content_words(term: str, expected: bool) -> None:
    assert framing.is_function_word(term) is expected


def test_genre_term_counts_equal_count_vectorizer_over_whole_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    from sklearn.feature_extraction.text import CountVectorizer

    from analysis.framing import vocabulary

    monkeypatch.setattr(vocabulary, "COUNT_CHUNK_CHARS", 20)  # many chunks per document
    sentences = pd.DataFrame({
        "doc_id": ["a", "a", "b", "b", "c", "d"],
        "text": ["ΟΔΟΣ. Russia’s troops", "said it's U.S. aid", "Troops, troops.", "ΟΔΟΣ again", "I said", "unlabelled words"],
    })
    genre_of = pd.Series({"a": "x", "b": "y", "c": "x"})
    vocabulary_, total, inside = vocabulary.genre_term_counts(sentences, genre_of)
    joined = sentences.groupby("doc_id")["text"].agg(" ".join)
    vectorizer = CountVectorizer(preprocessor=vocabulary.fold_apostrophes, token_pattern=vocabulary.TOKEN_PATTERN)
    matrix = vectorizer.fit_transform(joined.to_numpy())
    labels = genre_of.reindex(joined.index).fillna("").to_numpy()
    assert vocabulary_.tolist() == vectorizer.get_feature_names_out().tolist()
    assert total.tolist() == np.asarray(matrix.sum(axis=0)).ravel().tolist()
    for genre in ("x", "y"):
        assert inside[genre].tolist() == np.asarray(matrix[labels == genre].sum(axis=0)).ravel().tolist()
    assert vocabulary.genre_term_counts(sentences[sentences["doc_id"] == "a"], genre_of) is None  # one genre only
