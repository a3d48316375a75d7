"""The claims stage's same-statement decision (issue 15): its signals, its weights, and how the veto
rules hand pairs to it from its cosine on."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

import numpy as np
import pytest

from analysis.claims import make_vectorizer, vectorise
from analysis.claims.rules import FIGURE_TOLERANCE, PairRules
from analysis.claims.same_statement import (
    MIN_SIMILARITY,
    MODEL_PATH,
    SIGNALS,
    SameStatementModel,
    resolve_model,
    shipped_model,
    signals_of_texts,
)
from analysis.claims.tables import rules_word_term
from bench.corpora import CORPORA


def _signal(first: str, second: str, name: str, cosine: float = 0.5) -> float:
    return float(signals_of_texts([first], [second], np.array([cosine]))[0, SIGNALS.index(name)])


def test_signals_count_what_both_claims_hold() -> None:
    first, second = "Kim met Putin in Moscow on 5 May.", "Kim met Putin in Vladivostok on 5 May."
    # words: kim met putin in moscow on 5 may / ... vladivostok ...: 7 of 8 distinct words in both
    assert _signal(first, second, "words_min") == pytest.approx(7 / 8)
    assert _signal(first, second, "words_f") == pytest.approx(7 / 8)
    # runs of two words: 7 each, "in moscow" / "moscow on" against "in vladivostok" / "vladivostok on"
    assert _signal(first, second, "word_pairs_max") == pytest.approx(5 / 7)
    # names after the first word: putin, moscow, may / putin, vladivostok, may
    assert _signal(first, second, "names_jaccard") == pytest.approx(2 / 4)
    assert _signal(first, second, "numbers_same") == 1.0 and _signal(first, second, "numbers_absent") == 0.0
    assert _signal(first, second, "negation_differs") == 0.0
    assert _signal(first, second, "tfidf_cosine", cosine=0.42) == 0.42
    assert _signal(first, "Kim did not meet Putin in Moscow on 5 May.", "negation_differs") == 1.0
    other = "Kim met Putin in Moscow on 7 May."
    assert _signal(first, other, "numbers_both") == 1.0 and _signal(first, other, "numbers_subset") == 0.0
    assert _signal(first, other, "numbers_absent") == pytest.approx(1.0)


def test_identical_claims_share_every_item() -> None:
    text = "Officials said 5 soldiers were killed in the attack on the base."
    signals = dict(zip(SIGNALS, signals_of_texts([text], [text], np.array([1.0]))[0]))
    assert all(signals[name] == 1.0 for name in SIGNALS if name.endswith(("_min", "_max", "_f")))
    assert signals["char_dice"] == 1.0 and signals["length_difference"] == 0.0
    assert signals["numbers_same"] == 1.0 and signals["numbers_absent"] == 0.0 and signals["negation_differs"] == 0.0


def test_signals_are_symmetric() -> None:
    first, second = "The ministry said 300 troops crossed the border overnight.", "Some 300 troops crossed the border, the ministry said on Friday."
    assert np.allclose(signals_of_texts([first], [second], np.array([0.6])), signals_of_texts([second], [first], np.array([0.6])))


def test_the_shipped_weights_match_the_signals_this_version_computes() -> None:
    model = shipped_model()
    assert model.signals == SIGNALS and model.min_similarity == MIN_SIMILARITY
    assert len(model.coef) == len(model.mean) == len(model.scale) == len(SIGNALS) and (model.scale > 0).all()
    assert "msrp" in model.fitted_on


def test_weights_for_other_signals_are_refused_with_the_command_that_refits_them() -> None:
    document = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    document["signals"] = document["signals"][:-1]
    with pytest.raises(ValueError, match="fit_same_statement"):
        SameStatementModel.from_json(json.dumps(document))


def test_a_run_asks_for_the_shipped_weights_none_or_its_own() -> None:
    assert resolve_model(True) is shipped_model() and resolve_model(False) is None
    own = replace(shipped_model(), intercept=0.0)
    assert resolve_model(own) is own


@pytest.mark.parametrize(
    "first, second, same",
    [
        (
            "North Korea has sent about 10,000 soldiers to Russia's Kursk region, the Pentagon said.",
            "The Pentagon said North Korea had sent some 10,000 soldiers to the Kursk region of Russia.",
            True,
        ),
        (
            "The Pentagon said North Korea has sent troops to Russia's Kursk region.",
            "The Pentagon said it had no evidence that North Korea has sent troops to Russia.",
            False,
        ),
    ],
    ids=["reworded", "denied with more said"],
)
def test_the_shipped_weights_tell_a_rewording_from_another_statement(first: str, second: str, same: bool) -> None:
    matrix = vectorise([first, second], make_vectorizer())[0]
    cosine = float(matrix[0].multiply(matrix[1]).sum())
    assert cosine >= MIN_SIMILARITY
    assert bool(shipped_model().same(signals_of_texts([first], [second], np.array([cosine])))[0]) is same


def _rules(texts: list[str], model: SameStatementModel | None, **switches: object) -> tuple[PairRules, np.ndarray]:
    matrix, terms, term_words = vectorise(texts, make_vectorizer())
    rules = PairRules(texts, matrix, terms, term_words, word_term=rules_word_term(True), same_statement=model, **switches)
    pairs = np.array(list(itertools.combinations(range(len(texts)), 2)))
    cosine = np.asarray(matrix[pairs[:, 0]].multiply(matrix[pairs[:, 1]]).sum(axis=1)).ravel()
    return rules, np.column_stack([pairs, cosine])


def _always(same: bool) -> SameStatementModel:
    """Weights that ignore every signal: "same" (or "different") whatever the pair."""
    model = shipped_model()
    return replace(model, coef=np.zeros(len(SIGNALS)), intercept=1.0 if same else -1.0)


TEXTS = [
    "Officials said 5 soldiers were killed in the attack on the base near the border.",
    "Officials said 7 soldiers were killed in the attack on the base near the border.",
    "Officials said 6 soldiers were killed in the attack on the base near the border.",
    "Officials said soldiers were not killed in the attack on the base near the border.",
    "Officials said soldiers were killed in the attack on the base near the border.",
    "The central bank left its interest rate unchanged for a third month running.",
    "The central bank said its interest rate would stay unchanged, officials said.",
    "Zelenskiy spoke to reporters in the capital on Monday about the attack.",
]


def test_from_its_cosine_on_the_decision_takes_over_from_the_hand_rules() -> None:
    rules, pairs = _rules(TEXTS, _always(True))
    above = pairs[:, 2] >= MIN_SIMILARITY
    assert above.any() and (~above).any()
    veto = rules.veto_pairs(pairs[:, 0].astype(int), pairs[:, 1].astype(int))
    hand, _ = _rules(TEXTS, None)
    hand_veto = hand.veto_pairs(pairs[:, 0].astype(int), pairs[:, 1].astype(int))
    assert np.array_equal(veto[~above], hand_veto[~above])
    # 5 and 7 soldiers: further apart than the tolerance, so the numbers rule still vetoes them
    assert 2 / 7 > FIGURE_TOLERANCE
    five_seven = (pairs[:, 0] == 0) & (pairs[:, 1] == 1)
    assert above[five_seven].all() and veto[five_seven].all()
    # a claim and its denial in the same words stay apart, whatever the weights say
    denial = (pairs[:, 0] == 3) & (pairs[:, 1] == 4)
    assert above[denial].all() and veto[denial].all()
    # the rest the weights decide: "same" weights join every pair the hand rules vetoed for the
    # negation (0 and 3) or for stating a number the other does not hold ... and "different" weights veto them all
    assert (hand_veto[above] & ~veto[above]).any()
    different, _ = _rules(TEXTS, _always(False))
    assert different.veto_pairs(pairs[above, 0].astype(int), pairs[above, 1].astype(int)).all()


def test_figures_within_the_tolerance_are_one_figure() -> None:
    texts = ["Officials said 1,000 soldiers crossed the border into the region overnight.",
             "Officials said 1,100 soldiers crossed the border into the region overnight.",
             "Officials said 1,500 soldiers crossed the border into the region overnight."]  # fmt: skip
    rules, pairs = _rules(texts, _always(True))
    assert (pairs[:, 2] >= MIN_SIMILARITY).all()
    veto = dict(zip(map(tuple, pairs[:, :2].astype(int).tolist()), rules.veto_pairs(pairs[:, 0].astype(int), pairs[:, 1].astype(int))))
    assert not veto[(0, 1)] and veto[(0, 2)] and veto[(1, 2)]
    hand, _ = _rules(texts, None)
    assert hand.veto_pairs(np.array([0]), np.array([1]))[0]  # below the cosine, figures must match exactly
    strict, _ = _rules(texts, _always(True))
    strict.figure_tolerance = 0.05  # 1,000 and 1,100 lie a tenth apart
    assert strict.veto_pairs(np.array([0]), np.array([1]))[0]


@pytest.mark.parametrize("weights", ["shipped", "same", "different"])
def test_the_block_path_decides_every_pair_as_the_pair_path(weights: str) -> None:
    model = {"shipped": shipped_model(), "same": _always(True), "different": _always(False)}[weights]
    rules, pairs = _rules(TEXTS, model)
    block = rules.veto_block(np.arange(len(TEXTS)))
    fresh, _ = _rules(TEXTS, model)
    by_pair = fresh.veto_pairs(pairs[:, 0].astype(int), pairs[:, 1].astype(int))
    assert np.array_equal(block[pairs[:, 0].astype(int), pairs[:, 1].astype(int)] > 0, by_pair)
    assert np.array_equal(block, block.T)
    # asked again (the sweep does), the kept decisions give the same block
    assert np.array_equal(rules.veto_block(np.arange(len(TEXTS))), block)
    members = np.array([1, 4, 6])
    assert np.array_equal(rules.subset(members).veto_block(np.arange(3)), block[np.ix_(members, members)])


def test_a_judgement_of_two_statements_is_a_distance_a_rule_a_wall() -> None:
    """The decision's "two statements" puts a pair at distance 1, where a cluster can still hold both
    through claims close to each; a rule's veto at a distance no cluster can hold."""
    from analysis.claims.cluster import DIFFERENT_STATEMENTS, KEPT_APART, cannot_link_distance, cosine_distances_dense

    rules, pairs = _rules(TEXTS, _always(False))
    block = rules.veto_block(np.arange(len(TEXTS)))
    above = pairs[:, 2] >= MIN_SIMILARITY
    codes = block[pairs[:, 0].astype(int), pairs[:, 1].astype(int)]
    five_seven, denial = (pairs[:, 0] == 0) & (pairs[:, 1] == 1), (pairs[:, 0] == 3) & (pairs[:, 1] == 4)
    assert codes[five_seven][0] == KEPT_APART and codes[denial][0] == KEPT_APART
    assert (codes[above & ~five_seven & ~denial] == DIFFERENT_STATEMENTS).any()
    matrix = vectorise(TEXTS, make_vectorizer())[0]
    distance = cosine_distances_dense(matrix, block)
    assert (distance[block == DIFFERENT_STATEMENTS] == 1.0).all()
    assert (distance[block == KEPT_APART] == cannot_link_distance(len(TEXTS))).all()


@pytest.mark.skipif(not (CORPORA / "msrp" / "train.jsonl").is_file(), reason="MSRP not under ../shared/corpora")
def test_the_shipped_weights_are_what_the_fitting_command_writes() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "validation"))
    from fit_same_statement import MSRP, fit_msrp, read_msrp

    from analysis.claims import stage_settings
    from analysis.params import load_params

    settings = stage_settings(load_params("params/default.yaml").claims)
    fitted, shipped = fit_msrp(read_msrp(CORPORA / MSRP), settings), shipped_model()
    assert fitted.signals == shipped.signals and fitted.fitted_on == shipped.fitted_on
    assert np.allclose(fitted.coef, shipped.coef, atol=1e-6) and fitted.intercept == pytest.approx(shipped.intercept, abs=1e-6)
    assert np.allclose(fitted.mean, shipped.mean) and np.allclose(fitted.scale, shipped.scale)


def test_a_claims_items_are_what_scikit_learns_analysers_give() -> None:
    """claim_items folds and splits a text once; each family must hold what the analyser made for it gives."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    from analysis.claims.same_statement import claim_items
    from analysis.claims.vectorise import fold_text

    words = {"token_pattern": r"\w+", "lowercase": False, "preprocessor": fold_text}
    content = {"token_pattern": r"\w\w+", "lowercase": False, "preprocessor": fold_text, "stop_words": sorted(ENGLISH_STOP_WORDS)}
    analysers = {
        "words": CountVectorizer(**words).build_analyzer(),
        "word_pairs": CountVectorizer(**words, ngram_range=(2, 2)).build_analyzer(),
        "word_triples": CountVectorizer(**words, ngram_range=(3, 3)).build_analyzer(),
        "word_quads": CountVectorizer(**words, ngram_range=(4, 4)).build_analyzer(),
        "content": CountVectorizer(**content).build_analyzer(),
        "content_pairs": CountVectorizer(**content, ngram_range=(2, 2)).build_analyzer(),
        "chars": CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=False, preprocessor=fold_text).build_analyzer(),
    }
    texts = [*TEXTS, "The U.S. said “10,000” troops—not 9,000—were in the region, a 30% rise on the year's 7,700.", "A b c."]
    for text in texts:
        found = claim_items(text)
        for family, analyse in analysers.items():
            assert found[family] == frozenset(analyse(text)), (family, text)
