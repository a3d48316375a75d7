"""Word lists kept as data files; each file's ``#`` header names where its categories come from."""

import importlib
import pkgutil
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent


@cache
def load_lexicon(name: str) -> list[str]:
    """Return the sorted, unique, lower-cased entries of ``lexicons/<name>.txt``.

    Lines starting with ``#`` and blank lines are skipped; multi-word entries are kept whole.
    """
    path = LEXICON_DIR / f"{name}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    entries = {line.strip().lower() for line in lines if line.strip() and not line.lstrip().startswith("#")}
    return sorted(entries)


def clear_lexicon_caches(package: str) -> None:
    """Forget what :func:`load_lexicon` and every cached function of ``package``'s modules have read
    or built from the lexicon files, so that files rewritten in this process are read again
    (``validation/derive_attribution_lexicons.py`` tries word lists in rounds).

    The cached functions are found in the modules, not listed, so a cache added later is cleared
    too; a hand-kept list had missed one (``framing.subjects.noun_subject``).
    """
    load_lexicon.cache_clear()
    root = importlib.import_module(package)
    names = [package] + [f"{package}.{info.name}" for info in pkgutil.iter_modules(root.__path__)]
    for name in names:
        for value in vars(importlib.import_module(name)).values():
            if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", None) == name:
                value.cache_clear()


def trie_alternation(entries: Iterable[str], *, capital_first: bool = False) -> str:
    """A regex (no capturing groups) that matches any of ``entries``, built as a character trie.

    Python's regex engine tries a flat alternation entry by entry at every position; a trie costs
    one branch per letter, and tries longer entries before their prefixes ("let's be clear"
    before "let's"). A space matches any run of whitespace, an apostrophe either ' or ’, and ``*``
    any word ending; with ``capital_first`` an entry's first letter may also be a capital
    ("Thousands"). Word boundaries are the caller's: the body is usually wrapped in them.
    """
    trie: dict = {}
    for entry in entries:
        node = trie
        for char in entry:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie, capital_first)


def _trie_pattern(node: dict, capital_first: bool) -> str:
    branches = []
    for char in sorted(key for key in node if key):
        head = {"*": r"[\w'’\-]*", " ": r"\s+", "'": "['’]"}.get(char, re.escape(char))
        if capital_first and char.isalpha():
            head = f"[{char}{char.upper()}]"
        branches.append(head + _trie_pattern(node[char], False))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
