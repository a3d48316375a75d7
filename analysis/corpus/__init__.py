"""Load, validate, clean and segment a corpus of news articles (the corpus stage).

One file per role:

- :mod:`~analysis.corpus.readers`: a folder of ``.txt`` or ``.html`` files with a metadata CSV,
  JSON Lines, CSV (:func:`read_articles`); :mod:`~analysis.corpus.html` (trafilatura),
  :mod:`~analysis.corpus.encoding` (:func:`decode_text`: BOM first, then advice that names an
  encoding only when it reads the whole file), :mod:`~analysis.corpus.validate` (metadata, ids,
  dates);
- :mod:`~analysis.corpus.rules`, :mod:`~analysis.corpus.markdown`, :mod:`~analysis.corpus.clean`
  (:func:`clean_lines`: markdown to plain text, line, span and end rules, repeats within an article),
  :mod:`~analysis.corpus.furniture` (repeats across articles, two passes);
- :mod:`~analysis.corpus.segment` (:func:`segment`);
- :mod:`~analysis.corpus.firstpass` (pass 1 per article, what the worker processes run);
- :mod:`~analysis.corpus.build` (:func:`load_corpus`, :func:`build_corpus`: the stage's tables);
- :mod:`~analysis.corpus.summary` (what notebook 01 shows).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from analysis.corpus.build import PARALLEL_MIN_ARTICLES, build_corpus, load_corpus
    from analysis.corpus.clean import clean_article, clean_lines
    from analysis.corpus.encoding import decode_bytes, decode_text, likely_encoding
    from analysis.corpus.furniture import FurnitureSettings
    from analysis.corpus.model import METADATA_COLUMNS, REMOVED_COLUMNS, SENTENCE_COLUMNS, Article, Corpus
    from analysis.corpus.readers import corpus_files, read_articles
    from analysis.corpus.rules import BoilerplateRule, read_boilerplate_rules
    from analysis.corpus.summary import OVERVIEW_COLUMNS, removed_by_rule, removed_spans_view, rule_words, sentence_lengths
    from analysis.corpus.validate import normalise_date, read_metadata

# "segment" names a submodule too: importing the submodule would rebind the package's attribute to it,
# so the function is bound here, at once (segment.py needs only sentencex)
from analysis.corpus.segment import segment  # noqa: E402

_HOME = {
    "PARALLEL_MIN_ARTICLES": "build",
    "build_corpus": "build",
    "load_corpus": "build",
    "clean_article": "clean",
    "clean_lines": "clean",
    "decode_bytes": "encoding",
    "decode_text": "encoding",
    "likely_encoding": "encoding",
    "FurnitureSettings": "furniture",
    "METADATA_COLUMNS": "model",
    "REMOVED_COLUMNS": "model",
    "SENTENCE_COLUMNS": "model",
    "Article": "model",
    "Corpus": "model",
    "corpus_files": "readers",
    "read_articles": "readers",
    "BoilerplateRule": "rules",
    "read_boilerplate_rules": "rules",
    "OVERVIEW_COLUMNS": "summary",
    "removed_by_rule": "summary",
    "removed_spans_view": "summary",
    "rule_words": "summary",
    "sentence_lengths": "summary",
    "normalise_date": "validate",
    "read_metadata": "validate",
}
"""Where each name below lives. The names are imported when first used (PEP 562), not with the package:
the worker processes of the corpus stage import :mod:`~analysis.corpus.firstpass` and should not pay for
pandas, pyarrow and trafilatura, which only the readers and the tables need."""


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"analysis.corpus.{_HOME[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "PARALLEL_MIN_ARTICLES",
    "METADATA_COLUMNS",
    "OVERVIEW_COLUMNS",
    "REMOVED_COLUMNS",
    "SENTENCE_COLUMNS",
    "Article",
    "BoilerplateRule",
    "Corpus",
    "FurnitureSettings",
    "build_corpus",
    "clean_article",
    "clean_lines",
    "corpus_files",
    "decode_bytes",
    "decode_text",
    "likely_encoding",
    "load_corpus",
    "normalise_date",
    "read_articles",
    "read_boilerplate_rules",
    "read_metadata",
    "removed_by_rule",
    "removed_spans_view",
    "rule_words",
    "segment",
    "sentence_lengths",
]
