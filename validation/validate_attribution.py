"""Score the framing stage's attribution on PolNeAR (political news attribution relations), text nobody here wrote.

Each PolNeAR article is treated as a user's corpus: its text is split into paragraphs at line
breaks and into sentences by the corpus stage's segmenter (``analysis.corpus.segment``'s
sentence splitter, run on each line so that offsets stay those of the PolNeAR text), and
``analysis.framing.sentence_features`` runs on the sentences. Sentence level:

- a sentence is **gold-attributed** when the cue of a counted PolNeAR attribution starts inside
  it. Counted: every attribution whose source is annotated (BRAT type ``Attribution``: speech,
  writing, reports, polls and documents, beliefs and knowledge of a named source). Attributions
  without a source (``Attribution-no-source``: "reportedly", "is expected to") credit no one, so
  the tool, whose ``attribution`` column means "a source is credited", is not asked to find
  them: a sentence whose only cues are of that type is left out of the scores (its count is
  reported). The figures with every cue counted are reported beside them;
- precision, recall and F1 of ``attribution`` against that;
- where both the tool and PolNeAR credit a source in a sentence: **exact match** when the tool's
  source equals one of the sentence's gold sources with leading determiners and possessives
  ("the", "a", "his" ...) and edge punctuation set aside, case kept; **overlap** when the
  tool's source offsets overlap one gold source span.

Scored on ``dev`` (84 articles); ``--splits dev,train`` scores ``train`` too, the split the
rules were developed on and the learned word lists derived from (no rule was written by reading
a dev text). Run from the project root::

    python validation/validate_attribution.py --out docs/validation/attribution.md

The corpus is read by path from ``../shared/corpora/polnear`` (or ``$NEWSFRAMES_CORPORA``); when
it is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from analysis import framing  # noqa: E402
from analysis.corpus.segment import sentence_spans  # noqa: E402
from analysis.framing.attribution_decision import DECISION_FILE  # noqa: E402
from analysis.lexicons import LEXICON_DIR  # noqa: E402
from bench.corpora import CORPORA  # noqa: E402

COMMAND = "python validation/validate_attribution.py --out docs/validation/attribution.md"
POLNEAR = "polnear"
COUNTED_TYPES = {"Attribution"}
"""PolNeAR types whose cue makes a sentence gold-attributed (see the module docstring)."""
AIMS = {"precision": 0.90, "f1": 0.85, "exact": 0.85}
BEFORE = ("03e30d7", {"precision": 0.970, "recall": 0.500, "f1": 0.660, "exact": 0.769, "overlap": 0.931})
"""The same command's dev figures (named sources counted) on the code before issue 12, at that commit."""
ROUND_THREE = ("891b8b7", {"precision": 0.949, "recall": 0.692, "f1": 0.800, "exact": 0.834, "overlap": 0.928})
"""The same command's dev figures at the end of issue 12's third round (main at that commit)."""
ROUND_FOUR = ("3f8e71c", {"precision": 0.949, "recall": 0.706, "f1": 0.809, "exact": 0.853, "overlap": 0.933})
"""The same command's dev figures at the end of issue 12's fourth round (main at that commit)."""
ROUND_FIVE = ("8da7300", {"precision": 0.947, "recall": 0.715, "f1": 0.815, "exact": 0.855, "overlap": 0.934})
"""The same command's dev figures at the end of issue 12's fifth round (main at that commit)."""
ROUND_SIX = ("c41cb18", {"precision": 0.947, "recall": 0.715, "f1": 0.815, "exact": 0.855, "overlap": 0.934})
"""The same command's dev figures at the start of issue 12's seventh round (main at that commit)."""
TRAIN_ROUND_SEVEN = (
    ("c41cb18", {"precision": 0.940, "recall": 0.713, "f1": 0.811, "exact": 0.829}),
    ("4318576", {"precision": 0.940, "recall": 0.724, "f1": 0.818, "exact": 0.831}),
)
"""Train's figures (``--splits dev,train``, named sources counted) before issue 12's seventh round and
after its last rule (branch attr12 at that commit): the split its rules were chosen on."""
MODEL_PASS = ("5cb2ed1", {"precision": 0.940, "recall": 0.725, "f1": 0.819, "exact": 0.853, "guardian_before": 0.852, "guardian": 0.845})
"""Issue 12's sixth round, tried and dropped: the same command's dev figures with the model pass (branch attr12 at that
commit), and the Guardian framing-features figure of ``python validation/validate_framing.py`` before and at that commit."""
ROUND_SEVEN = ("57c250c", {"precision": 0.947, "recall": 0.724, "f1": 0.821, "exact": 0.860, "overlap": 0.934})
"""The same command's dev figures at the end of issue 12's seventh round (main at that commit): the rules alone."""
RULES_ALONE = "named source, rules alone"
"""The row that scores ``attribution`` alone, without the learned decision's ``attribution_unnamed``."""
_DETERMINERS = re.compile(
    r"^(?:(?:the|a|an|this|that|these|those|his|her|its|their|our|my|your)\s+)+", re.I
)
_EDGES = " \t\n,;:.\"'“”‘’()[]—-"


def read_split(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def sentences_of(record: dict) -> pd.DataFrame:
    """The record's sentences: one paragraph per non-empty line, the project's segmenter inside
    each, offsets into the PolNeAR text."""
    text, rows, offset = record["text"], [], 0
    for paragraph_id, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if stripped:
            lead = offset + len(line) - len(line.lstrip())
            for start, end in sentence_spans(stripped):
                rows.append((record["id"], paragraph_id, lead + start, lead + end, stripped[start:end]))
        offset += len(line) + 1
    frame = pd.DataFrame(rows, columns=["doc_id", "paragraph_id", "char_start", "char_end", "text"])
    frame["sentence_id"] = range(len(frame))
    frame["is_heading"] = False
    return frame


def _pieces(role: str, attribution: dict) -> list[tuple[int, int]]:
    fragments = attribution.get("fragments", {}).get(role)
    if fragments:
        return [(start, end) for start, end, _ in fragments]
    span = attribution.get(role)
    return [(span[0], span[1])] if span else []


def normalise_source(text: str) -> str:
    """A source's words with leading determiners and possessives and edge punctuation set aside."""
    text = " ".join(text.split()).strip(_EDGES)
    return _DETERMINERS.sub("", text).strip(_EDGES)


@dataclass
class Counts:
    """Sentence-level tallies for one split and one choice of counted types."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    left_out: int = 0
    both_source: int = 0
    exact: int = 0
    overlap: int = 0
    misses: dict[str, int] = field(default_factory=dict)

    def scores(self) -> dict[str, float]:
        precision = self.tp / max(self.tp + self.fp, 1)
        recall = self.tp / max(self.tp + self.fn, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-12)
        return {
            "precision": precision, "recall": recall, "f1": f1,
            "exact": self.exact / max(self.both_source, 1), "overlap": self.overlap / max(self.both_source, 1),
        }


def score(records: list[dict], counted: set[str] | None, *, learned: bool = True) -> Counts:
    """Tally the tool against PolNeAR; ``counted`` the types that make a sentence gold (None: all).
    With ``learned`` a sentence is attributed when the rules credit a source (``attribution``) or the
    learned decision reads it as attributed with no source named (``attribution_unnamed``); without it,
    by the rules alone."""
    counts = Counts()
    for record in records:
        sentences = sentences_of(record)
        if sentences.empty:
            continue
        features = framing.sentence_features(sentences)
        cues = []
        for attribution in record["attributions"]:
            pieces = _pieces("cue", attribution)
            if pieces:
                cues.append((min(s for s, _ in pieces), attribution))
        for row in features.itertuples(index=False):
            inside = [a for start, a in cues if row.char_start <= start < row.char_end]
            gold = [a for a in inside if counted is None or a["type"] in counted]
            predicted = bool(row.attribution) or (learned and bool(row.attribution_unnamed))
            if not gold and inside:
                counts.left_out += 1
                continue
            if gold and predicted:
                counts.tp += 1
            elif predicted:
                counts.fp += 1
            elif gold:
                counts.fn += 1
            else:
                counts.tn += 1
            sources = [a["source"] for a in gold if a.get("source")]
            if predicted and row.attribution_source and sources:
                counts.both_source += 1
                mine = normalise_source(row.attribution_source)
                golds = [p for a in gold for p in _pieces("source", a)]
                text = record["text"]
                if any(mine == normalise_source(text[s:e]) for s, e in golds) or mine == normalise_source(
                    " ".join(text[s:e] for s, e in _pieces("source", gold[0]))
                ):
                    counts.exact += 1
                start, end = int(row.attribution_source_start), int(row.attribution_source_end)
                if any(s < end and start < e for s, e in golds):
                    counts.overlap += 1
    return counts


def markdown(results: dict[str, dict[str, Counts]], n_articles: dict[str, int]) -> str:
    lines = [
        "# Validation of attribution: PolNeAR", "",
        "Generated by the command below; every figure is computed by it (deterministic).", "",
        "```", COMMAND, "```", "",
        "PolNeAR (Newell, Margolin & Ruths, LREC 2018): US political news, 2016 election, with every attribution "
        "relation annotated (source, cue, content). Each article is read as a user's corpus: one paragraph per "
        "line, sentences by the corpus stage's segmenter, then `analysis.framing.sentence_features`. A sentence "
        "is gold-attributed when the cue of a counted attribution starts inside it. **Counted**: attributions "
        "with an annotated source (type `Attribution`: speech, writing, reports, polls and documents, beliefs "
        "and knowledge of a named source); the tool's `attribution` column means that a source is credited, so "
        "`Attribution-no-source` cues (\"reportedly\", \"is expected to\") are not asked of it and a sentence "
        "whose only cues are of that type is left out. The row \"every cue\" counts them as gold too. Source "
        "exact match: the tool's source equals a gold source of the sentence, leading determiners and "
        "possessives and edge punctuation set aside; overlap: their offsets overlap. Both are shares of the "
        "sentences where the tool and PolNeAR each see a source. The tool's reading of a sentence: `attribution` (the "
        "rules, each naming its source) or `attribution_unnamed` (the learned decision of the eighth round, below: "
        "attributed, no source named); the row \"named source, rules alone\" scores `attribution` alone.", "",
        "| split | counted | articles | sentences scored | left out | precision | recall | F1 | source exact | source overlap | sentences with both sources |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for split, by_choice in results.items():
        for choice, counts in by_choice.items():
            s = counts.scores()
            scored = counts.tp + counts.fp + counts.fn + counts.tn
            lines.append(
                f"| {split} | {choice} | {n_articles[split]} | {scored} | {counts.left_out} | {s['precision']:.3f} | "
                f"{s['recall']:.3f} | {s['f1']:.3f} | {s['exact']:.3f} | {s['overlap']:.3f} | {counts.both_source} |"
            )
    dev = results["dev"]["named source"].scores()
    verdict = ", ".join(
        f"{name} {dev[key]:.3f} {'meets' if dev[key] >= aim else 'falls short of'} the aim {aim:.2f}"
        for name, key, aim in (("precision", "precision", AIMS["precision"]), ("F1", "f1", AIMS["f1"]),
                               ("source exact match", "exact", AIMS["exact"]))
    )
    commit, before = BEFORE
    lines += [
        "", f"On dev, counted as above: {verdict}.", "",
        f"Before issue 12 (commit {commit}, same command, same counting) dev scored precision {before['precision']:.3f}, "
        f"recall {before['recall']:.3f}, F1 {before['f1']:.3f}, source exact match {before['exact']:.3f}, overlap "
        f"{before['overlap']:.3f}. What changed, all of it general rules or word lists derived from train in code "
        "(`validation/derive_attribution_lexicons.py`): reporting verbs and source head nouns learned from train's "
        "cue and source spans by frequency; transcript speaker labels; cues in any tense and position (progressive "
        "forms after be, a reporting participle after a comma, passives with an agent); any noun phrase right before "
        "a reporting verb as its source (a determiner's, a plural's, a possessive's), except for verb forms that are "
        "as often nouns; and the source span as PolNeAR marks it, titles and comma-set appositives included, never a "
        "name after a preposition. Since then (issue 12, third round): a second pass of cues kept by their precision on train "
        "(`attribution_cues_learned`: words of train's cue spans in no reporting-verb list that, tried only where no other cue "
        "credits anyone, fire in at least 8 train sentences at least 90% gold-attributed; few pass, since stance words such as "
        "\"wants\" or \"supports\" are gold in only about half to three quarters of the train sentences where the rules would "
        "credit them); relative \"who\" as a source; time phrases (\"last week\", \"on Tuesday\", \"since\") between a source "
        "and its verb; poll shares and quantifier pronouns (\"26 percent\", \"most\") as sources; a reporting verb coordinated "
        "with the sentence's first verb crediting its subject; abbreviations inside a source after \"according to\"; a bracketed "
        "party and state and up to three comma-set asides after a source that follows its verb. What remains missed is mostly PolNeAR's wide notion of attribution: stances and "
        "actions of political actors (\"supports\", \"is looking to\", \"has come up with\") that no reporting-verb "
        "list covers without also crediting ordinary actions.", "",
        f"Fourth round (after commit {ROUND_THREE[0]}, where dev scored precision {ROUND_THREE[1]['precision']:.3f}, recall "
        f"{ROUND_THREE[1]['recall']:.3f}, F1 {ROUND_THREE[1]['f1']:.3f}, source exact match {ROUND_THREE[1]['exact']:.3f}, overlap "
        f"{ROUND_THREE[1]['overlap']:.3f}): train's misses and source disagreements were grouped by cue and construction, and "
        "each rule below was kept only when it raised train's figures without lowering its precision below the aim (dev "
        "only measured). Cues: a poll named, singled out or described after \"in\" (\"in a new Fox News poll released "
        "Thursday\"; not \"in the polls\"), and a named poll as the source of its respondents' answers; title-case "
        "headlines (\"Obama Claims …\"); contracted and negated auxiliaries (\"He's predicting\", \"isn't saying\", "
        "\"hasn't expressed\"); \"continues to insist\", \"went on to say\"; a participle after \"by\", \"while\" or "
        "\"after\", and a subject after an opening adverbial (\"In a speech on Tuesday, Mr. Lee …, saying\"); he, she, "
        "they as the subject a later participle credits; plurals of source nouns (\"polls show\"), hyphenated nouns "
        "(\"front-runner\"), quantifier pronouns (\"Several said\"), emphatic reflexives (\"Cruz himself\"), shares "
        "(\"Two in three\", \"47%\", \"31% of Republicans\"); forms more often nouns or another sense (\"states\", \"note\", "
        "\"maintained\", \"follows\") only with what is reported after them. Source spans: several comma-set asides "
        "before the verb (\"Ann Lee, 34, a nurse from Dayton, said\"), the subject before appositives that open with a "
        "determiner or a role, but not an adverbial aside (\"Ms. Khan, in an article …, rebuked\"); prepositions after a "
        "role noun (\"a spokeswoman for YouTube\"); coordinated sources (\"Dunn and John\", \"teachers and union "
        "officials\"); partitives and leading qualifiers (\"None of the three\", \"Many in the crowd\", \"More than "
        "six in 10\", \"Even Democrats\", \"Other former officers\"); the head before \"of the …\" and a people word before "
        "\"in the …\" (\"Leaders of the Senate\", \"someone in the audience\"); the speaker, not the one spoken to, after \"in an interview with\" and "
        "\"speaking to\"; and the corpus stage's segmenter no longer ends a sentence after \"Ms.\", which cut "
        "\"Ms. Lee\" to \"Lee\". Tried and dropped because train's figures fell: a name and a colon opening any "
        "sentence as a speaker label (headline labels \"Iowa:\", \"The Latest:\", \"Contributing:\" are as frequent), "
        "any poll after \"in\", second-pass cues kept at 80% precision on train instead of 90% (\"see\", \"call\": "
        "\"They call it …\" credits a source in ordinary prose), and dropping relative clauses and ages set off by commas after a subject (PolNeAR "
        "marks them inside the source about as often as outside).", "",
        f"Fifth round (after commit {ROUND_FOUR[0]}, where dev scored precision {ROUND_FOUR[1]['precision']:.3f}, recall "
        f"{ROUND_FOUR[1]['recall']:.3f}, F1 {ROUND_FOUR[1]['f1']:.3f}, source exact match {ROUND_FOUR[1]['exact']:.3f}, overlap "
        f"{ROUND_FOUR[1]['overlap']:.3f}): train's missed sentences whose cue the tool knows were grouped by the words before the "
        "cue, and each rule below kept only when it raised train's recall, kept train's precision at or above 0.93 and left "
        "train's source exact match about where it was (dev only measured). A prepositional phrase after a people word, role noun or plural stays inside "
        "the source (\"Aides to Clinton say\", \"People in Fort Pierce said\", \"critics like Huffman say\"), and a role noun's "
        "preposition before a determiner too (\"A spokesman for the campaign\", \"A survey by the organization\"); a reduced "
        "relative clause between the source and its verb (\"A poll conducted last week found\", \"a memo seen by Reuters said\", "
        "\"records compiled by the Center for Responsive Politics show\"); \"It\" opening a sentence before a reporting verb "
        "(\"It said\", \"It added\"; not before forms as often nouns: \"It shows\"); \"but\" as well as \"and\" before a verb "
        "coordinated with the sentence's first (\"Clinton has disputed both critiques, but says\"), and a role-noun subject for "
        "these and for later participles (\"The senator paused and recalled\"); before adjective cues only, forms of be (\"The government is worried\", \"have been reluctant\"; "
        "never before a passive's \"by\"); relative \"which\" like \"who\"; the name or relative before an adverbial aside that "
        "opens with a determiner (\"Trump in his announcement speech called\", \"who in the past has voiced\"); a name after "
        "\"after\", \"before\", \"since\" or \"until\" as the subject of the clause they open (\"three days after Trump told\"); "
        "\"notes\" and the like as a parenthetical or after a quotation (\"Democrats, Frank notes, applaud\"). Tried and dropped: "
        "modal auxiliaries between a source and its verb (\"neither side can fully predict\" is speculation more often than a "
        "credited view), relative \"that\" as a source (recall rose, but PolNeAR marks the antecedent as often, and train's source exact match "
        "fell), the interview labels \"Q:\" and \"A:\" (many of train's sentences under them credit no one). Most of what "
        "remains missed has a cue no reporting-verb list holds (stances and actions, see above) or first-person sources "
        "(\"I think\", \"I said\"), which the tool leaves uncredited so that opinion writing's first person is not read as "
        "attribution.", "",
        f"Sixth round (after commit {ROUND_FIVE[0]}, where dev scored precision {ROUND_FIVE[1]['precision']:.3f}, recall "
        f"{ROUND_FIVE[1]['recall']:.3f}, F1 {ROUND_FIVE[1]['f1']:.3f}, source exact match {ROUND_FIVE[1]['exact']:.3f}, overlap "
        f"{ROUND_FIVE[1]['overlap']:.3f}): a learned model instead of more rules was tried and dropped (commit "
        f"{MODEL_PASS[0]} of branch attr12, reverted after it). In a sentence where the rules saw no cue and which holds no "
        "quotation, each word after a source found by the rules' strict source finder (a name, pronoun or source noun; never "
        "first person, never a possessive, no modal between) was a candidate; a logistic regression scored the candidates on "
        "general features (the verb and the word after it, what stands between it and its source, the source's kind and "
        "length, the word before the source, first person, a question, the sentence's length), and the best one credited its "
        "source above a threshold. Its weights were derived from train (a candidate positive when a PolNeAR cue with a named "
        "source starts at it and its source matches exactly; C and the threshold by 5-fold cross-validation on train grouped by "
        "article: the best train F1 with train precision at least 0.91 and no loss of train's source exact match). On dev "
        f"(this command at that commit) it scored precision {MODEL_PASS[1]['precision']:.3f}, recall {MODEL_PASS[1]['recall']:.3f}, "
        f"F1 {MODEL_PASS[1]['f1']:.3f}, source exact match {MODEL_PASS[1]['exact']:.3f}: a gain of the size of a rule round. It was "
        "dropped because the Guardian opinion-vs-reporting figure of `validation/validate_framing.py` fell from "
        f"{MODEL_PASS[1]['guardian_before']:.3f} to {MODEL_PASS[1]['guardian']:.3f}, below its aim of 0.85 (the pass credits "
        "stances of named actors in opinion writing too, so attribution sets the genres apart less; one article changes a fold), "
        "and raising the threshold (0.4 to 0.7, scored with the validation's Guardian code in a script not kept) did not bring the figure back. Also tried on train and dropped before that: labelling "
        "candidates by the sentence alone (gold or not), with or without the sentence's words as features: it came near the "
        "F1 aim on train, but most of the sources it credited were not PolNeAR's, which would have taken source exact match "
        "far below its aim; the pass in sentences with a quotation (a credited source makes the author's scare quotes a "
        "speaker's words: \"They call it 'liberation'\"), with a modal between source and verb (\"The report will come out "
        "soon\") and where the rules saw a cue and declined it (\"Lee released a video that said he had won\"). What limits "
        "any such pass is the source: under the precision aim the rules' source exact match leaves little room, and many of "
        "train's missed sentences have their gold source where no strict finder reaches (a long noun phrase, a clause away, "
        "first person).", "",
        f"Seventh round (after commit {ROUND_SIX[0]}, where dev scored precision {ROUND_SIX[1]['precision']:.3f}, recall "
        f"{ROUND_SIX[1]['recall']:.3f}, F1 {ROUND_SIX[1]['f1']:.3f}, source exact match {ROUND_SIX[1]['exact']:.3f}, overlap "
        f"{ROUND_SIX[1]['overlap']:.3f}): train's missed sentences were grouped by construction (where the gold source stands "
        "against the cue, what stands between them, the cue's words), and each rule below was kept only when it raised train's "
        "recall, kept train's precision at or above 0.93 and did not lower train's source exact match (dev only measured). On "
        f"train (`--splits dev,train`) precision went from {TRAIN_ROUND_SEVEN[0][1]['precision']:.3f} to "
        f"{TRAIN_ROUND_SEVEN[1][1]['precision']:.3f}, recall from {TRAIN_ROUND_SEVEN[0][1]['recall']:.3f} to "
        f"{TRAIN_ROUND_SEVEN[1][1]['recall']:.3f}, source exact match from {TRAIN_ROUND_SEVEN[0][1]['exact']:.3f} to "
        f"{TRAIN_ROUND_SEVEN[1][1]['exact']:.3f} (commit {TRAIN_ROUND_SEVEN[0][0]} against {TRAIN_ROUND_SEVEN[1][0]}). Kept: a reporting "
        "participle after a comma credits the subject of the sentence's main clause, the source right before its first finite "
        "verb when that source opens the sentence or follows an opening adverbial, a conjunction or a news agency's dateline, "
        "whatever word follows the participle (\"Republican presidential candidate Ann Lee quickly took to the radio, writing: "
        "…\", \"Speaking in Ames, the governor went after Lee, calling him …\"; not after \"considering\", \"including\" and "
        "the like, \"adding to\", or \"saying nothing\"); a reporting participle in an absolute construction after \"with\" or a "
        "dash credits the noun phrase before it (\"with 30 percent of voters saying\"); a source before an aside set off by "
        "dashes is read past it, the aside kept when it lists and left out when it is adverbial or relative (\"Democrats -- "
        "including Clinton -- accused\", \"Murphy — after a pause — told\"); a name and a colon before a title-case headline "
        "that quotes or speaks in the first person (\"Graham: Trump's ‘Hateful Rhetoric’ …\", \"Rubio: I Still Believe …\"); "
        "the speaker clause that ends a sentence after a quotation ending with a comma, question or exclamation mark, whatever "
        "its verb (\"“…,” Bozell answers\", \"“…?” reacted Trump\"); a possessive two or three words before a source's noun "
        "(\"the paper's editorial board wrote\"); quantifiers opening a source after its verb (\"said several observers\"); "
        "adjective postmodifiers of news writing's unnamed sources (\"A person familiar with the planning says\", \"a source "
        "close to him said\"). Tried on train and dropped: a reporting participle right after any noun phrase as a reduced "
        "relative (\"a group backing Bush\", \"voters saying they …\": recall rose, but train's source exact match fell, the "
        "head read with or without its \"of\" phrase); nominal cues before \"from\" (\"criticism from fellow Republicans\", "
        "\"support from six in 10 Democrats\": train's precision and source exact match both fell); the main clause's subject for a reporting verb after \"and\" (the verbs coordinated are as "
        "often actions: \"lived in Brooklyn and wrote his dissertation\"); \"show\" as a verb after any noun phrase (\"news "
        "shows\", \"a talk show host\"); \"here\" and \"there\" between a source and its verb (PolNeAR keeps them inside the "
        "source: \"executives there\"); an -ly adverb between a passive and its agent; any noun phrase before the opening dash of "
        "an aside (listed asides after a plain noun are as often no source: \"Four casinos — … — reported declines\"); the "
        "main clause's subject restricted to names and role nouns (train's gains were mostly people and bodies named by common "
        "nouns: \"The conservative publication\", \"Both parents\"). Two ideas of the round's brief were measured first and "
        "left: first-person sources inside credited quotations and sentences that continue a credited quotation (train's missed "
        "sentences have few cues inside quotation marks, since the stage reads the author's words with quotations masked, and "
        "few sentences a quotation runs through), and transcript turns (the Q&A articles' first-person answers run over "
        "paragraphs the stage reads sentence by sentence, and first person is otherwise the author's). The aim is not met: what "
        "remains missed is, as before, mostly PolNeAR's wide notion of attribution, stances and actions of political actors "
        "(\"has cemented himself as\", \"wants\", \"supports\") and first-person sources.", "",
        eighth_round(results),
    ]
    return "\n".join(lines)


def decision_header() -> dict[str, float]:
    """The train figures the fitting script wrote into the decision file's header (out of fold, rules or decision)."""
    header = (LEXICON_DIR / f"{DECISION_FILE}.txt").read_text(encoding="utf-8")
    found = re.search(r"C (\S+) and threshold (\S+) chosen.*?rules alone precision (\S+),\s*#\s*recall (\S+), F1 (\S+); "
                      r"rules or decision, out of fold: precision (\S+), recall (\S+), F1 ([0-9.]+)", header, re.S)
    if not found:
        raise ValueError(f"no train figures in the header of {DECISION_FILE}.txt: rerun validation/fit_attribution_decision.py")
    names = ["C", "threshold", "rules_precision", "rules_recall", "rules_f1", "precision", "recall", "f1"]
    return dict(zip(names, (float(v.rstrip(",.")) for v in found.groups())))


def eighth_round(results: dict[str, dict[str, Counts]]) -> str:
    """The eighth round's paragraph: the learned decision, with its train figures (from the decision file) and dev's."""
    train, dev, rules = decision_header(), results["dev"]["named source"].scores(), results["dev"][RULES_ALONE].scores()
    before = ROUND_SEVEN[1]
    return (
        f"Eighth round (after commit {ROUND_SEVEN[0]}, where dev scored precision {before['precision']:.3f}, recall "
        f"{before['recall']:.3f}, F1 {before['f1']:.3f}, source exact match {before['exact']:.3f}, overlap {before['overlap']:.3f}): "
        "a learned sentence-level decision instead of more rules. Where the rules credit no one, a logistic regression "
        "(`analysis/framing/attribution_decision.py`) weighs general signals of the sentence: cue words (words inside train's "
        "cue spans of attributions with a named source at least 5 times and in at least a fifth of their occurrences in train: "
        "\"endorsement\", \"criticism\", \"hoping\", not \"the\") and whether one stands right after a name or a "
        "third-person pronoun, the reporting verbs the rules declined and where the first stands, direct quotations and "
        "scare quotes as the stage tells them apart, first person inside quotations, a speaker label's colon, a question, the "
        "sentence's length and share of names. As for the rules, it is never asked about a sentence wholly inside a "
        "quotation or with first person outside quotations (the author's own stance). The fitting script "
        "(`python validation/fit_attribution_decision.py`) reads train only: the cue words, then C and the probability "
        "threshold by 5-fold out-of-fold scores grouped by article (the best F1 of rules or decision with precision at least "
        "0.92), then the weights refitted on all of train, written with the cue words into "
        "`analysis/lexicons/attribution_decision.txt` (names and numbers, no corpus text; the stage reads no corpus). On train, "
        f"out of fold (C {train['C']:g}, threshold {train['threshold']:.2f}): precision {train['rules_precision']:.3f} to "
        f"{train['precision']:.3f}, recall {train['rules_recall']:.3f} to {train['recall']:.3f}, F1 {train['rules_f1']:.3f} to "
        f"{train['f1']:.3f}. On dev, read once the choices were made: precision {rules['precision']:.3f} to {dev['precision']:.3f}, "
        f"recall {rules['recall']:.3f} to {dev['recall']:.3f}, F1 {rules['f1']:.3f} to {dev['f1']:.3f}; source exact match "
        f"{dev['exact']:.3f}, unchanged, since the source still comes from the rules. What the tool reports: a sentence the "
        "decision credits has `attribution_unnamed` true and no cue or source; `attribution` stays the rules' (a named "
        "source), and the framing rates, modes and genre comparison count `attribution` alone, so every attribution they "
        "count names who is credited and by which cue, and an author's stance the decision misreads (nouns of stance "
        "with no one named, \"The worry is that …\") does not enter the opinion-vs-reporting contrast. What counting it "
        "there would do is measured by `python validation/validate_framing.py --quick --count-unnamed`. PolNeAR types "
        "counted: as before, `Attribution` (a named source), since the decision is fitted to find sentences where PolNeAR "
        "names a source the rules do not find. The share of a fifth was chosen among 5%, 10% and 20% by train's "
        "out-of-fold F1 (the three within 0.001), the smallest word list, since the cue words join the stage's lexicon "
        "scan. Tried on train and dropped: every word of train's cue spans seen 5 times (878 words, function words "
        "included) read by a pass of the decision's own over each sentence's tokens (about the same train F1, at a cost "
        "the stage's time bound does not allow); first person outside quotations as a signal instead of a gate (the same "
        "train F1, and it credited an author's \"I am confident that …\"); a precision floor of 0.93 on an earlier "
        "version (lower train F1); the stance lexicons' presence as signals (hedges, boosters, evaluative words: no train "
        "gain); any quotation mark as a signal instead of the stage's direct and scare quotes (train F1 higher by 0.001, "
        "but a scare quote is the author's). Dev meets the aims for the first time (the verdict above); the precision "
        "given up buys recall that seven rounds of rules did not reach."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "validation" / "attribution.md")
    parser.add_argument("--splits", default="dev", help="comma-separated PolNeAR splits to score, dev first (train: ten times longer)")
    args = parser.parse_args(argv)
    folder = CORPORA / POLNEAR
    if not folder.is_dir():
        print(f"validate_attribution: skipped, no PolNeAR corpus at {folder} (set NEWSFRAMES_CORPORA to point elsewhere)")
        return 0
    results, n_articles = {}, {}
    for split in args.splits.split(","):
        records = read_split(folder / f"{split}.jsonl")
        n_articles[split] = len(records)
        results[split] = {
            "named source": score(records, COUNTED_TYPES), "every cue": score(records, None),
            RULES_ALONE: score(records, COUNTED_TYPES, learned=False),
        }
    text = markdown(results, n_articles)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
