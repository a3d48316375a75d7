"""Numeric estimates: every number in the text, its interval, how it is hedged, what it counts,
and who is cited for it.

A rule-based extractor built on one compiled master regular expression that scans a whole
text in a single pass (its matches are found with two equivalent patterns that the regex engine
skips through in C, see :func:`.numbers._matches`); Python only runs per candidate number (a few
per paragraph), never per token. For each candidate it reads a short window of the same sentence:

- **value**: digits with separators and decimals ("10,000", "12 000", "1.6 million", "$2bn",
  "30%", ".001 per cent"), scale letters glued after a currency or a decimal ("$13.6M",
  "$4.2b", "4.3M", "RM3.06mil"; "3M" stays a name), scientific notation ("2.998×10−8",
  "3x10^8", "1.5e6"), words ("ten thousand", "a dozen", "twenty-five"), ranges ("11,000-12,000",
  "between 10,000 and 12,000", "10,000 to 12,000", "10 to 12 million" shares the scale, "from
  208 pounds to 193" when the words between are the first figure's unit) and
  vague magnitudes mapped to intervals by ``lexicons/vague_magnitudes.txt``
  ("thousands" = [2,000, 9,999], "tens of thousands" = [20,000, 99,999], "a handful" = [2, 9]).
  Shares ("two-thirds", "one in five", "7 out of 10", "one fourth") are excluded as fractions
  with their value. "PS" before a figure is "£" folded to ASCII ("PS6m").
- **qualifier**: ``exact, approx, lower_bound, upper_bound, range, vague`` from the words just
  before or after the number (``lexicons/estimate_qualifiers.txt``). ``value_low`` and
  ``value_high`` carry the interval; the open side of a bound is ``None`` (NaN in tables).
  "nearly", "almost" and "close to" are approx (the writer gives the figure as the right size).
  "an estimated 10,000" (and a passive "was estimated at 2,000") is approx; but "estimated"
  after a subject is a reporting verb ("The Pentagon estimated 11,000 troops"): the subject is
  the cited source and the qualifier comes from the other words, so a bare number is ``exact``
  -- the hedge is carried by the attribution, as for "Some estimates put it at 12,000".
- **counted**: the head noun of the noun group after the number, across adjectives
  ("10,000 North Korean troops", "1.6 million artillery and missile shells") and "X of Y"
  ("thousands of troops"). It is always a noun: never a function word, a reporting verb or a
  participle ("100,000 according to ...", "3,000 said", "up to 3,000 killed or wounded",
  "3,000 more"). When no noun follows ("only a handful have been captured"), it is the last
  noun for people (soldiers, civilians ...) at most 15 words earlier in the same sentence,
  else empty. "a 10,000-strong force" counts the force's members (troops).
  **category** from ``lexicons/estimate_categories.txt``; a number of people with a cue such
  as "killed" or "captured" in its clause becomes casualties or prisoners
  (``lexicons/estimate_category_cues.txt``), so "up to 3,000 killed or wounded" is casualties
  with or without a counted noun. Currency symbols make money.
- **cited_source**: "according to X" nearest the number; else, in a sentence with a reporting
  verb (``lexicons/reporting_verbs.txt``), the source the framing stage's attribution credits
  in the number's clause, then in the sentence (the whole noun phrase, titles and appositives
  included; the speaker after a quotation), kept only when its cue is a reporting verb and the
  number is not part of the source; where framing credits no one, the subject of the reporting
  verb nearest before the number ("X estimates suggest", "Some estimates put"; "the agency,
  which estimated" -> "agency"); the owner of a cue noun after a possessive ("his earlier claim
  that" -> "he", "Kyiv's estimate" -> "Kyiv"); "reportedly" (-> "reports"). A passive ("the toll was estimated
  at") credits only a "by X" agent. Empty when the author states the number unattributed.
  ``estimates.csv`` keeps the article's words; summaries that group sources
  (:func:`who_says_what`, :func:`analysis.findings.describe_sources`) fold titles, spelling
  variants and a comma-set appositive to the person's name with :func:`group_sources`.
  Measured on PolNeAR by ``validation/validate_cited_sources.py``.

Numbers that are not estimates go to ``excluded_numbers`` with one of these reasons:

- ``url or handle``: digits inside a URL, a domain path, an @handle or #hashtag;
- ``time of day``: "10:30", "3pm";
- ``date``: "June 2024", "24 February", "the 1990s"; ``year``: a bare year 1800-2099
  ("late 2024") or a year range ("2004-05");
- ``ordinal``: "first", "3rd";
- ``label number``: a number after a label word such as "Article 4"
  (``lexicons/reference_labels.txt``);
- ``model name or code``: letters and digits glued together ("K2", "F-16", "Covid-19");
- ``calibre``: "155mm shells";
- ``score or ratio``: "2-1", a hyphenated pair whose second number is smaller;
- ``duration or age``: a number of time units ("two years", "a 25-year-old")
  (``lexicons/duration_nouns.txt``);
- ``small count``: the principled rule for counts that are not quantities in the story: an
  unhedged number below ten whose counted noun is in no category (troops, casualties,
  prisoners, munitions, money) and that is neither money nor a percentage ("two primary
  ways", "two isolated regimes", "a generation or two"). A lone "one" is not treated as a
  number at all (it is mostly a pronoun: "one of", "one thing").

The spread per category (:func:`estimate_spread`) compares the figures articles state: a point,
the ends of a range, the bound of a bound; vague magnitudes state no figure and are counted
apart, never taken as a lowest or highest.


The package, one file one role: :mod:`.numbers` (values, ranges, scales, units), :mod:`.qualifiers`,
:mod:`.counted` (counted noun, category, group), :mod:`.sources` (who is cited),
:mod:`.exclusions`, :mod:`.extract` (classifying each candidate), :mod:`.tables` (stage tables,
spreads, who says what) and :mod:`.gold` (scoring against a gold table); :mod:`.words` holds the
word sets they share.
"""

from __future__ import annotations

from analysis.estimates.counted import CATEGORIES, category_of_noun
from analysis.estimates.extract import Estimate, ExcludedNumber, extract, extract_all
from analysis.estimates.gold import gold_scores, locate_gold, match_gold, source_agrees
from analysis.estimates.numbers import vague_magnitudes
from analysis.estimates.qualifiers import QUALIFIERS
from analysis.estimates.sources import cited_source, group_sources, source_name
from analysis.estimates.tables import (
    ESTIMATE_COLUMNS,
    ESTIMATE_COLUMNS_WITHOUT_SENTENCE,
    ESTIMATE_LABEL_COLUMNS,
    EXCLUDED_COLUMNS,
    SPREAD_COLUMNS,
    UNATTRIBUTED,
    build_estimate_tables,
    comparable,
    estimate_spread,
    like_with_like_positions,
    stated_figures,
    who_says_what,
)

__all__ = [
    "CATEGORIES", "ESTIMATE_COLUMNS", "ESTIMATE_COLUMNS_WITHOUT_SENTENCE", "ESTIMATE_LABEL_COLUMNS", "EXCLUDED_COLUMNS", "QUALIFIERS", "SPREAD_COLUMNS", "UNATTRIBUTED",
    "Estimate", "ExcludedNumber", "build_estimate_tables", "category_of_noun", "comparable", "cited_source", "estimate_spread",
    "extract", "extract_all", "gold_scores", "like_with_like_positions", "group_sources", "locate_gold", "match_gold", "source_agrees",
    "source_name", "stated_figures", "vague_magnitudes", "who_says_what",
]
