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
- :mod:`~analysis.corpus.build` (:func:`load_corpus`, :func:`build_corpus`: the stage's tables);
- :mod:`~analysis.corpus.summary` (what notebook 01 shows).
"""

from analysis.corpus.build import PARALLEL_MIN_ARTICLES, build_corpus, load_corpus
from analysis.corpus.clean import clean_article, clean_lines
from analysis.corpus.encoding import decode_bytes, decode_text, likely_encoding
from analysis.corpus.furniture import FurnitureSettings
from analysis.corpus.model import METADATA_COLUMNS, REMOVED_COLUMNS, SENTENCE_COLUMNS, Article, Corpus
from analysis.corpus.readers import corpus_files, read_articles
from analysis.corpus.rules import BoilerplateRule, read_boilerplate_rules
from analysis.corpus.segment import segment
from analysis.corpus.summary import OVERVIEW_COLUMNS, removed_by_rule, sentence_lengths
from analysis.corpus.validate import normalise_date, read_metadata

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
    "segment",
    "sentence_lengths",
]
