"""How each source frames the event: sentence features, document and genre profiles, vocabulary.

A package, one file one role: ``quotes`` (quoted spans, direct against scare quotes); who is
credited, by which cue: ``attribution`` (the entry point, :func:`attribute`, and the order the
rules run in), ``cues`` (the cue rules: where a reporting cue stands and which source it credits),
``speakers`` (transcript and headline speaker labels), ``sources`` (the source's noun-phrase span
before a verb), ``source_words`` (the words that head, open or stand inside a source),
``subjects`` (the sentence subject a distant cue credits), ``learned_cues`` (the second pass of
cues learned on PolNeAR train), ``attribution_decision`` (the learned sentence-level decision,
``attribution_unnamed``), ``credit`` (the record a rule returns); ``stance`` (the stance lexicons and the one-pass scan), ``sentences``
(the sentence table and modes), ``profiles`` (document and genre rates, bootstrap intervals),
``vocabulary`` (distinctive terms), ``frames`` (Media Frames Corpus emphasis), ``separation`` (feature
map and genre test), ``schema`` (column lists), ``tables`` (:func:`build_framing_tables`).

Stage ``02-compare-framing``. :func:`build_framing_tables` is the one entry point; it reads the
``sentences`` and ``documents`` tables of the load stage and returns

- ``framing_sentences``: one row per sentence, the features below;
- ``framing_documents``: one row per document, rates per 1,000 words with seeded bootstrap 95%
  intervals over sentences, and the share of sentences in each mode;
- ``framing_genres``: the same rates and shares pooled by genre;
- ``distinctive_terms``: words that set each genre apart from the rest (Monroe, Colaresi & Quinn
  2008, log-odds ratio with an informative Dirichlet prior);
- ``frame_emphasis``: share of sentences touching each Media Frames Corpus dimension (Card et al.
  2015), long format;
- ``feature_map``: documents in standardised framing-feature space reduced to 2-D by PCA;
- ``genre_separation``: a leave-one-document-out nearest-centroid test of whether the features
  separate the genres.

Sentence features, and where their word lists come from (``analysis/lexicons/*.txt``, each file
names its source in its header):

- **quotations.** Curly (“ ” ‘ ’) and straight (" ') quote marks are paired within a sentence;
  an apostrophe inside or at the end of a word (Russia’s, they're, soldiers’) is never a quote
  mark, because a single closing mark must not be followed by a letter and a single opening mark
  must not follow one. A double quote left open at the end of a sentence carries into the
  following sentences of the same paragraph until it closes (multi-sentence quotations). Each
  quoted span is judged on its own. It is a **direct quotation** (words put in a speaker's mouth)
  when it has a speaker or is too long to be a phrase held at arm's length:

  1. it continues a quotation opened in an earlier sentence of the paragraph, or is left open at
     the end of its sentence (the quotation runs on);
  2. it is longer than ``SCARE_QUOTE_MAX_WORDS`` words (a scare quote is a short phrase; a long
     quoted clause without a speaker in its sentence is nearly always a quotation whose speaker
     is named in a neighbouring sentence);
  3. the sentence credits a source (``attribution_source`` non-empty; the attribution rules below,
     run with quoted words masked out). A short phrase in such a sentence is a **partial
     quotation** of the credited speaker ("Officials said the troops were “pulled” from the
     front"): in news prose, quote marks inside reported speech mark the source's own words. The
     cost of this rule: an author's own scare quote in a sentence that also credits someone is
     read as the source's words;
  4. a reporting cue stands beside it (:meth:`QuotesInSentence.cue_beside`): a reporting verb of
     any form or an attribution phrase at most ``SPEAKER_WINDOW_WORDS`` words before the opening
     mark, in the same clause ('He said: "…"', "described the attack as “barbaric”"), or a
     reporting verb just after a quotation that ends with a comma, question or exclamation mark
     (“…,” he said; “…?” asked Kim). A verb form after a determiner or preposition is a noun
     ("the report", "his comments on") and cues nothing, nor does a capitalised one.

  Otherwise it is a **scare quote** (a short phrase with no speaker: “pulled”, “meat soldiers”,
  'The word "Kursk" appeared in the report'). A reporting verb elsewhere in the sentence does not
  make a speaker.
- **attribution** (``reporting_verbs`` and ``reporting_verbs_learned``, ``attribution_sources``
  and ``attribution_sources_learned``, ``attribution_phrases``, ``attribution_cues_learned``; the
  three ``_learned`` lists are derived from PolNeAR's train annotations by
  ``validation/derive_attribution_lexicons.py``, the last by each cue's precision there): a
  source is credited, as PolNeAR (Newell et al. 2018) defines attribution (speech, writing,
  reports, polls and documents that show, beliefs and knowledge of a named source), when, in
  this order: (A) an attribution phrase is followed by its source ("according to NATO
  estimates"); (T) the sentence opens with a transcript's speaker label in capitals ("KIM: …")
  or a name and a colon before a quotation (a headline's "Zelensky: ‘…’"); (B) a reporting
  verb, in any tense, follows its source: a capitalised name, a source noun or pronoun, or a noun
  phrase no lexicon lists (a determiner's, a plural's or a possessive's: "the farmer said",
  "local residents said", "the mayor’s office said"; not for verb forms that are as often nouns,
  such as "report", "state", "claims"), with at most three adverbs, auxiliaries or negations
  between ("officials have previously said", "The Post has learned", "A poll shows", "X
  continued:", "charges that"), or a time phrase ("The council last week said"); a relative
  "who" ("voters who said"), a poll share or quantifier pronoun ("26 percent said", "most
  said") is a source too; and, after a comma, past one comma-set appositive, which is part
  of the source as PolNeAR marks it ("Anil, the vice-chairman, said"); first and second person
  are never a source (the author's own stance is first person); (B') a progressive form after
  be ("is demanding a contract"); (B'') a reporting participle after a comma credits the
  subject of the sentence's main clause ("Kovac hit back, saying …", "Speaking in Ames, the
  governor went after Lee, calling him …"), and a reporting verb after "and" the sentence's
  named subject ("Ms. Lund resigned and said …"); (B''') a reporting participle in an absolute
  construction credits the noun phrase before it ("…, with 30 percent of voters saying …"); (P)
  a passive with an agent ("was denied by the Kremlin"); (C) a reporting verb follows a comma,
  colon or closing quote and precedes its source, titles, a bracketed party and up to three
  comma-set asides included (“…,” said pollster Ann Lee (D-Ohio), a former mayor); (Q) after a
  quotation that ends with a comma, question or exclamation mark, the speaker clause that ends
  the sentence credits its source whatever its verb (“…,” Kim answers; “…!” the crowd screamed
  back). A source before an aside set off by dashes is read past it ("Democrats -- including
  Senator Lee -- accused"). The cues of ``attribution_cues_learned``
  ("think", "knows") go through rules B, P and C only when no other cue credits anyone. The source is the whole noun phrase: it runs left over names, titles, role nouns,
  "of" and a determiner, stops at a conjunction, relative word or preposition, and a name right
  after a preposition is its object, never a source ("a move against the Baltic"). The first
  rule that fires gives ``attribution_cue`` (the verb or phrase; ":" for a label),
  ``attribution_source`` (the credited span's text) and ``attribution_source_start`` /
  ``attribution_source_end``, the span's offsets in the cleaned document
  (``clean_text[start:end] == attribution_source``; empty when nothing is credited). Where no
  rule credits anyone, ``attribution_unnamed`` is the learned decision's reading
  (:mod:`analysis.framing.attribution_decision`, fitted on PolNeAR train): attributed, no cue or
  source named; it enters no rate or mode. ``attribution`` or ``attribution_unnamed`` is scored on
  PolNeAR in ``docs/validation/attribution.md``.
- **hedges**, **boosters** (Hyland 2005), **first person**, **directives** (Hyland's engagement
  markers: should, must, need to), **evaluative** words and **intensifiers** (Martin & White 2005
  appraisal: attitude and graduation; Quirk et al. 1985 amplifiers): counted
  outside direct quotations, because words in a speaker's mouth are not the author's stance
  (scare-quoted words are the author's and are counted). Capitalised "May" is the month or a
  name, never a hedge; "US" and "U.S." are never first person; a booster right after "not" or
  "never" ("not clear") is not a booster.
- **subjective** words (``subjective``: adjectives that Pattern's subjectivity lexicon, De Smedt &
  Daelemans 2012, rates mostly subjective, and their -ly adverbs), **negations** (Biber 1988,
  synthetic and analytic negation) and **tense**: ``n_past_tense`` counts irregular past forms
  (``past_tense``) and every word of four letters or more ending in -ed that
  ``suffix_exceptions`` does not list (participles included: a count of past forms, not of finite
  verbs), ``n_present_tense`` the present forms of be, have and do (``present_tense``). Biber's
  narrative (past) against involved, argumentative (present) registers: what happened against
  how things are. Like the stance words, all are counted outside direct quotations. None of them
  enters the mode rules.
- **frames** (``mfc_frames``): the Media Frames Corpus dimensions whose dictionary terms occur in
  the sentence, quotations included (frames are about topic, whoever speaks).
- ``is_question`` / ``is_exclamation``: the sentence ends with ? or ! (closing quotes allowed).
- ``n_numbers`` (figures such as 10,000 or 1.6) and ``n_names`` (capitalised words other than the
  first): the density of facts and named actors that marks reporting.

Every lexicon is compiled into one alternation regex (a character trie, so the longest entry
wins and each position costs one branch per letter) run over lower-cased text; no lexicon is
looped entry by entry. The -ed rule is one more pass: the ending is searched as a literal and
each hit's word read backwards from it.

scikit-learn is imported inside the functions that use it: the notebooks import this module for
its column lists, and each report's kernel would otherwise spend a second loading it.
"""

from __future__ import annotations

from analysis.framing.schema import MODES, HEADING_MODE, COUNT_FEATURES, RATE_COLUMNS, SHARE_COLUMNS, HEADLINE_RATES, MAP_FEATURES, OTHER_FRAME, DECIMALS, WORD, SENTENCE_COLUMNS
from analysis.framing.stance import STANCE_LEXICONS, SUFFIX_FEATURES, lexicon_regex, lower_text
from analysis.framing.quotes import SCARE_QUOTE_MAX_WORDS, quote_spans, SPEAKER_WINDOW_WORDS
from analysis.framing.attribution import Attribution, NO_ATTRIBUTION, attribute, attribute_scanned
from analysis.framing.sentences import sentence_features, assign_mode
from analysis.framing.profiles import (
    bootstrap_rates,
    bootstrap_totals,
    document_profiles,
    genre_profiles,
    genre_profiles_from_pieces,
    interval_from_totals,
    profiles_and_genre_pieces,
)
from analysis.framing.frames import frame_dictionary, frame_emphasis
from analysis.framing.vocabulary import (
    PRIOR_SCALE,
    TOKEN_PATTERN,
    distinctive_terms,
    fold_apostrophes,
    is_function_word,
    log_odds_dirichlet,
    score_distinctive,
)
from analysis.framing.separation import feature_map, genre_separation
from analysis.framing.tables import build_framing_tables

__all__ = [
    "MODES",
    "HEADING_MODE",
    "COUNT_FEATURES",
    "RATE_COLUMNS",
    "SHARE_COLUMNS",
    "HEADLINE_RATES",
    "MAP_FEATURES",
    "OTHER_FRAME",
    "DECIMALS",
    "WORD",
    "SENTENCE_COLUMNS",
    "STANCE_LEXICONS",
    "SUFFIX_FEATURES",
    "lexicon_regex",
    "lower_text",
    "SCARE_QUOTE_MAX_WORDS",
    "quote_spans",
    "SPEAKER_WINDOW_WORDS",
    "Attribution",
    "NO_ATTRIBUTION",
    "attribute",
    "attribute_scanned",
    "sentence_features",
    "assign_mode",
    "bootstrap_rates",
    "bootstrap_totals",
    "interval_from_totals",
    "document_profiles",
    "genre_profiles",
    "profiles_and_genre_pieces",
    "genre_profiles_from_pieces",
    "frame_dictionary",
    "frame_emphasis",
    "distinctive_terms",
    "log_odds_dirichlet",
    "score_distinctive",
    "fold_apostrophes",
    "PRIOR_SCALE",
    "TOKEN_PATTERN",
    "is_function_word",
    "feature_map",
    "genre_separation",
    "build_framing_tables",
]
