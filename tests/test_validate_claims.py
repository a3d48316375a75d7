"""The MT-style pair signals and the grouped folds of validation/validate_claims.py's learned-decision
diagnostic (issue 15): the figures in docs/VALIDATION.md rest on them."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from analysis import PROJECT_ROOT


@pytest.fixture(scope="module")
def validate_claims():
    spec = importlib.util.spec_from_file_location("validate_claims", PROJECT_ROOT / "validation" / "validate_claims.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ngram_shares_clip_repeated_words_as_bleu_does(validate_claims) -> None:
    # "the" three times against once: shared once, so 3 of the first sentence's 5 words are found in
    # the other (a set intersection would say all of them)
    signals = validate_claims.pair_signals("The the the cat sat.", "The cat sat.")
    assert signals["min_1"] == pytest.approx(3 / 5) and signals["max_1"] == 1.0
    assert signals["f_1"] == pytest.approx(2 * 0.6 / 1.6)


def test_identical_sentences_share_every_ngram(validate_claims) -> None:
    text = "Officials said 5 soldiers were killed in the attack on the base."
    signals = validate_claims.pair_signals(text, text)
    assert all(signals[f"{kind}_{n}"] == 1.0 for kind in ("min", "max", "f") for n in (1, 2, 3, 4))
    assert signals["char_dice"] == 1.0 and signals["content_absent"] == 0.0
    assert signals["numbers_same"] == 1.0 and signals["negation_differs"] == 0.0


def test_different_numbers_and_negation_are_signalled(validate_claims) -> None:
    signals = validate_claims.pair_signals(
        "Officials said 5 soldiers were killed in the attack.", "Officials said 7 soldiers were not killed in the attack."
    )
    assert signals["numbers_both"] == 1.0 and signals["numbers_same"] == 0.0 and signals["numbers_subset"] == 0.0
    assert signals["numbers_absent"] == 1.0 and signals["negation_differs"] == 1.0
    assert signals["min_1"] < 1.0


def test_signals_do_not_depend_on_the_order_of_the_pair(validate_claims) -> None:
    first = "Vladimir Putin said Russia would respond in kind if Nato set up bases in Finland."
    second = "Russia will respond if Nato deploys troops in Finland and Sweden, Putin has said."
    assert validate_claims.pair_signals(first, second) == pytest.approx(validate_claims.pair_signals(second, first))


def test_pairs_sharing_a_sentence_fall_in_one_group(validate_claims) -> None:
    pairs = pd.DataFrame({"id_a": ["1", "2", "4", "6"], "id_b": ["2", "3", "5", "1"]})
    groups = validate_claims.sentence_groups(pairs)
    assert groups[0] == groups[1] == groups[3]  # 1-2, 2-3 and 6-1 are linked through sentences 1 and 2
    assert groups[2] != groups[0]
