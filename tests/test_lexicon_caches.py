"""Lexicon files rewritten in a running process are read again once the caches are cleared
(``validation/derive_attribution_lexicons.py`` rewrites the learned cues in rounds)."""

import importlib
import pkgutil

import analysis.framing as framing
from analysis.framing import subjects
from analysis.lexicons import clear_lexicon_caches, load_lexicon


def _cached_functions(package) -> list:
    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found += [value for value in vars(module).values() if hasattr(value, "cache_info")]
    return found


def test_clearing_empties_every_cache_the_framing_stage_filled():
    framing.attribute("The senator paused and recalled that the bridge had fallen, officials said.")
    subjects.noun_subject()
    filled = [function for function in _cached_functions(framing) if function.cache_info().currsize]
    assert subjects.noun_subject in filled and load_lexicon.cache_info().currsize
    clear_lexicon_caches("analysis.framing")
    assert [function for function in filled if function.cache_info().currsize] == []
    assert load_lexicon.cache_info().currsize == 0


def test_a_rewritten_lexicon_is_read_again(tmp_path, monkeypatch):
    import analysis.lexicons as lexicons

    monkeypatch.setattr(lexicons, "LEXICON_DIR", tmp_path)
    (tmp_path / "probe_words.txt").write_text("# probe\nalpha\n", encoding="utf-8")
    clear_lexicon_caches("analysis.framing")
    assert load_lexicon("probe_words") == ["alpha"]
    (tmp_path / "probe_words.txt").write_text("# probe\nbeta\n", encoding="utf-8")
    assert load_lexicon("probe_words") == ["alpha"]
    clear_lexicon_caches("analysis.framing")
    assert load_lexicon("probe_words") == ["beta"]
    clear_lexicon_caches("analysis.framing")
