"""Sentences of prose computed from the tables, one function per finding.

Every number a reader sees in a notebook's prose comes from here, never typed by hand. Each
function takes the tables as they are on disk and returns one plain sentence; notebooks show it
through :func:`analysis.reports.finding`, which escapes any article text inside it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.corpus import removed_by_rule
from analysis.estimates import group_sources
from analysis.estimates.sources import UNNAMED_SOURCES

HEDGED_QUALIFIERS = ("approx", "lower_bound", "upper_bound", "range", "vague")
MAX_NAMED = 5
"""Articles a sentence names before it says "and N more"."""


def describe_corpus(documents: pd.DataFrame, labels: Mapping[str, str] | None = None) -> str:
    """One sentence: how many articles and words, per genre, and the longest and shortest (named by ``labels``)."""
    if documents.empty:
        return "The corpus holds no articles."
    by_genre = documents.groupby(documents["genre"].fillna(""))["n_words"].agg(["size", "sum"]).sort_index()
    genres = ", ".join(f"{n:,} {_genre(g)} ({words:,} words)" for g, (n, words) in by_genre.iterrows())
    if len(documents) == 1:
        only = documents.iloc[0]
        return f"The corpus holds 1 article, {_name(only['doc_id'], labels)}, of {only['n_words']:,} words ({genres})."
    ordered = documents.sort_values(["n_words", "doc_id"])
    shortest, longest = ordered.iloc[0], ordered.iloc[-1]
    return (
        f"The corpus holds {len(documents):,} articles and {documents['n_words'].sum():,} words ({genres}); "
        f"the longest is {_name(longest['doc_id'], labels)} ({longest['n_words']:,} words), "
        f"the shortest {_name(shortest['doc_id'], labels)} ({shortest['n_words']:,})."
    )


def _name(doc_id: object, labels: Mapping[str, str] | None) -> str:
    """An article as prose names it: its label in quotes, or its doc_id when no labels are given."""
    key = str(doc_id)
    if labels is None or key not in labels:
        return key
    label = str(labels[key])
    return label if label.startswith("“") else f"“{label}”"


def _plural(n: int, singular: str, plural: str | None = None) -> str:
    """"1 span", "2 spans": a count with its noun in the right number."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def _quote(text: str) -> str:
    """Quoted text that ends the sentence: “…”, followed by a full stop only when the quote has none ("said.”" not "said.”.")."""
    text = " ".join(str(text).split())
    return f"“{text}”" + ("" if text[-1:] in ".!?…" else ".")


def describe_genres_present(documents: pd.DataFrame) -> str:
    """One sentence: which genres this run's articles belong to, and how many of each."""
    counts = documents["genre"].fillna("").value_counts().sort_index()
    if counts.empty:
        return "The run has no articles, so no genres to compare."
    parts = ", ".join(_plural(int(n), f"{_genre(g)} article") for g, n in counts.items())
    if len(counts) == 1:
        return f"All of this run's articles are of one genre ({parts}), so genres cannot be compared here; the rates below compare articles."
    return f"This run's articles: {parts}."


def describe_outlets(profiles: pd.DataFrame, n_named: int) -> str:
    """One sentence: attribution, hedging and evaluation per outlet, or why outlets cannot be compared."""
    if n_named < 2:
        which = "no outlet" if n_named == 0 else "one outlet"
        return f"The metadata names {which} for these articles, so outlets cannot be compared; genres are compared above."
    parts = []
    for column, noun in (("attribution_per_1k_words", "attributions"), ("hedges_per_1k_words", "hedges"),
                         ("evaluative_per_1k_words", "evaluative words")):
        ordered = profiles.sort_values([column, "outlet"], ascending=[False, True])
        top, bottom = ordered.iloc[0], ordered.iloc[-1]
        parts.append(f"{noun} run from {top[column]:.1f} ({top['outlet']}) down to {bottom[column]:.1f} ({bottom['outlet']})")
    return f"Across {len(profiles):,} outlets, per 1,000 words, " + "; ".join(parts) + "."


def describe_sentence_lengths(lengths: pd.DataFrame) -> str:
    """One sentence: the median sentence length per genre."""
    if lengths.empty:
        return "The articles hold no sentence outside headings, so there are no sentence lengths to compare."
    medians = lengths.groupby("genre")["n_words"].median().sort_values(ascending=False)
    parts = ", ".join(f"{median:g} words in {_genre(genre)}" for genre, median in medians.items())
    return f"The median sentence runs {parts}."


def describe_removed(removed_spans: pd.DataFrame, documents: pd.DataFrame) -> str:
    """One sentence: how much cleaning removed, from how many documents, and the commonest rule."""
    if removed_spans.empty:
        return f"Cleaning removed nothing from the {_plural(len(documents), 'article')}."
    top = removed_by_rule(removed_spans).iloc[0]
    n_rules = removed_spans["rule"].nunique()
    rule = f"the only rule that fired, {top['rule']}" if n_rules == 1 else f"the commonest rule, {top['rule']}, accounts for {top['n_spans']:,}"
    return (
        f"Cleaning removed {_plural(len(removed_spans), 'span')} ({_plural(int(removed_spans['text'].str.len().sum()), 'character')}) "
        f"from {removed_spans['doc_id'].nunique():,} of {_plural(len(documents), 'article')}; {rule}."
    )


def describe_estimates(estimates: pd.DataFrame, documents: pd.DataFrame) -> str:
    """One sentence: how many estimates, how many hedged, how many credited to a source."""
    if estimates.empty:
        return f"The {len(documents):,} articles give no numeric estimates."
    hedged = estimates["qualifier"].isin(HEDGED_QUALIFIERS).sum()
    credited = (estimates["cited_source"] != "").sum()
    return (
        f"The {len(documents):,} articles give {len(estimates):,} numeric estimates in "
        f"{estimates['category'].nunique():,} categories; {hedged:,} are hedged (approximate, bounded, a range or vague) "
        f"and {credited:,} credit a source."
    )


_HEDGE_WORDS = {"exact": "", "approx": "approximate", "lower_bound": "a lower bound",
                "upper_bound": "an upper bound", "range": "{side} end of a range"}


SPREAD_SENTENCE_KINDS = 8
"""Kinds of estimate the spread's sentence names, those compared across most articles first; the
rest are counted and left to the table above it (a corpus of a hundred articles has dozens)."""


def describe_spread(spread: pd.DataFrame, labels: pd.Series | None = None, *, max_kinds: int = SPREAD_SENTENCE_KINDS) -> str:
    """How far apart the figures of each kind lie: the lowest and highest stated figure, who gives
    them and how each is hedged, for the ``max_kinds`` kinds compared across most articles.

    Reads the table of :func:`analysis.estimates.estimate_spread`: vague magnitudes ("tens of
    thousands") state no figure and are left out of the lowest and highest; how many were left
    out is said per kind. A kind given by two or more documents but with a figure stated in fewer
    than two is named as not compared. ``labels`` (doc_id -> article label) names the articles
    giving the lowest and highest figure by title instead of by doc id.
    """
    shared = spread[spread["n_docs_compared"] >= 2]
    shared = shared.iloc[np.argsort(-shared["n_docs_compared"].to_numpy(), kind="stable")]  # most widely compared first
    uncompared = spread[(spread["n_docs"] >= 2) & (spread["n_docs_compared"] < 2)]
    if shared.empty and uncompared.empty:
        return "No category of estimate is given by more than one article, so none can be compared."

    def article(doc_id: str) -> str:
        return f"“{labels.get(doc_id, doc_id)}”" if labels is not None else str(doc_id)

    parts = [
        f"{_kind(row)}: from {_number(row.min_value)} "
        f"({_where(article(row.doc_lowest), row.surface_lowest, row.qualifier_lowest, 'low')}) "
        f"to {_number(row.max_value)} ({_where(article(row.doc_highest), row.surface_highest, row.qualifier_highest, 'high')}), "
        f"{_times(row.ratio_max_min)}, across {row.n_docs_compared} articles"
        + (f" ({row.n_vague:,} vague {'magnitude' if row.n_vague == 1 else 'magnitudes'} left out)" if row.n_vague else "")
        for row in shared.itertuples()
    ]
    parts += [
        f"{_kind(row)}: given by {row.n_docs} articles but stated as a figure by "
        f"{'none' if row.n_docs_compared == 0 else 'only one'}, so not compared"
        for row in uncompared.itertuples()
    ]
    rest = len(parts) - max_kinds
    named = "; ".join(parts[:max_kinds]) + (f"; and {rest:,} more {'kind' if rest == 1 else 'kinds'} in the table above" if rest > 0 else "")
    return (
        "Where two or more articles state figures of the same kind (the same category, unit and group counted; "
        "figures of different kinds are never compared), they range as follows "
        "(vague magnitudes such as “thousands” state no figure and are left out). " + named + "."
    )


def _kind(row: object) -> str:
    """"Casualties (people, North Korean)": the category, unit and group of a spread row."""
    group = getattr(row, "group", "")
    group = group if isinstance(group, str) and group else "no group stated"
    unit = getattr(row, "unit", "")
    unit = unit if isinstance(unit, str) and unit else "no unit"
    return f"{row.category.capitalize()} ({unit}, {group})"


def _times(ratio: float) -> str:
    """"3.5 times as many", "1,750,000 times as many": a tenth says nothing once the ratio is large."""
    if pd.isna(ratio):
        return "no ratio (the lowest is 0)"
    return f"{ratio:,.0f} times as many" if ratio >= 100 else f"{ratio:,.1f} times as many"


def _where(article: str, surface: str, qualifier: str, side: str) -> str:
    hedge = _HEDGE_WORDS.get(qualifier, "").format(side=side)
    return f"{article}, “{surface}”" + (f", {hedge}" if hedge else "")


def describe_sources(estimates: pd.DataFrame) -> str:
    """One sentence: the most cited source of numbers and how many numbers stand unattributed.

    Sources are counted after :func:`analysis.estimates.group_sources`, so one person cited with
    and without a title or in two spellings counts once. A pronoun ("he", "we") or unnamed
    "reports" names no one (:data:`analysis.estimates.sources.UNNAMED_SOURCES`), so the most cited
    is taken among the sources that name someone, and the others are counted apart."""
    if estimates.empty:
        return "There are no estimates, so no sources of estimates."
    grouped = group_sources(estimates["cited_source"])
    credited = grouped[grouped != ""]
    unattributed = len(estimates) - len(credited)
    if credited.empty:
        return f"None of the {len(estimates):,} estimates credits a source."
    unnamed = credited.str.lower().isin(UNNAMED_SOURCES)
    named = credited[~unnamed]
    by_pronoun = f" (pronouns and unnamed reports credit {int(unnamed.sum()):,} more)" if unnamed.any() else ""
    if named.empty:
        most = "each a pronoun or unnamed reports, which name no one"
    else:
        counts = named.value_counts()
        top = counts[counts == counts.max()].sort_index()
        quoted = [f"“{name}”" for name in top.index]
        names = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
        each = "stands behind" if len(top) == 1 else "stand behind"
        most = (f"the most cited named {'source' if len(top) == 1 else 'sources'}, {names}, {each} "
                f"{_plural(int(counts.max()), 'estimate')}{'' if len(top) == 1 else ' each'}{by_pronoun}")
    n_sources = credited.nunique()
    return (
        f"{_plural(n_sources, 'different source')} {'is' if n_sources == 1 else 'are'} credited; {most}, "
        f"and {unattributed:,} of {len(estimates):,} estimates credit no one."
    )


def describe_excluded(excluded: pd.DataFrame) -> str:
    """One sentence: how many numbers were set aside as not estimates, and the commonest reason."""
    if excluded.empty:
        return "No number was set aside."
    reasons = excluded.groupby("reason").size().sort_index().sort_values(ascending=False, kind="stable")
    return f"{len(excluded):,} numbers were set aside as not estimates, most often as {reasons.index[0]} ({reasons.iloc[0]:,})."


def _number(value: float) -> str:
    """A stated figure as written in prose: "4,500", "0.4", "6.1" (a fraction kept: "0.4%" is not 0)."""
    if pd.isna(value):
        return "?"
    if float(value).is_integer() or abs(value) >= 1e6:  # past a million a fraction is noise of a scale word
        return f"{value:,.0f}"
    return f"{value:,.10g}"


LEADER_VERBS = {
    "attribution_per_1k_words": "credits sources most",
    "hedges_per_1k_words": "hedges most",
    "evaluative_per_1k_words": "evaluates most",
    "first_person_per_1k_words": "speaks in the first person most",
}
LEADER_NONE = {
    "attribution_per_1k_words": "credits a source",
    "hedges_per_1k_words": "hedges",
    "evaluative_per_1k_words": "evaluates",
    "first_person_per_1k_words": "speaks in the first person",
}


def describe_framing_leaders(profiles: pd.DataFrame, labels: Mapping[str, str] | None = None) -> str:
    """One sentence: which document leads on attribution, hedging, evaluation and first person (rates per 1,000 words)."""
    if profiles.empty or profiles["n_words"].sum() == 0:
        return "The articles hold no words outside headings, so no framing rate can be computed."
    if len(profiles) == 1:
        return "With one article there is no other to compare its rates with; they are in the table below."
    parts = []
    for column, verb in LEADER_VERBS.items():
        top = profiles.sort_values([column, "doc_id"], ascending=[False, True]).iloc[0]
        if top[column] == 0:
            parts.append(f"no article {LEADER_NONE[column]}")
            continue
        parts.append(f"{_name(top['doc_id'], labels)} ({_genre(top['genre'])}) {verb}, {top[column]:.1f}")
    return "Per 1,000 words, " + "; ".join(parts) + "."


def describe_genre_contrast(genres: pd.DataFrame) -> str:
    """One sentence: attribution, hedging and evaluation per 1,000 words in each genre, highest first."""
    if len(genres) < 2:
        which = f"one genre ({_genre(genres['genre'].iloc[0])})" if len(genres) else "no genre"
        return f"The articles are of {which}, so genres cannot be compared; the articles are compared in notebook 02."
    parts = []
    for column, noun in (
        ("attribution_per_1k_words", "attributions"),
        ("hedges_per_1k_words", "hedges"),
        ("evaluative_per_1k_words", "evaluative words"),
    ):
        ordered = genres.sort_values([column, "genre"], ascending=[False, True])
        values = ", ".join(f"{row[column]:.1f} in {_genre(row['genre'])}" for _, row in ordered.iterrows())
        parts.append(f"{noun} run {values}")
    return "Per 1,000 words, " + "; ".join(parts) + "."


def describe_modes(profiles: pd.DataFrame, share_columns: list[str]) -> str:
    """One sentence: in how many documents each sentence mode is the commonest."""
    shares = profiles.set_index("doc_id")[share_columns]
    shares = shares[shares.sum(axis=1) > 0]
    if shares.empty:
        return "No article has a sentence outside headings, so no sentence has a mode."
    commonest = shares.idxmax(axis=1).str.removeprefix("share_").str.replace("_", " ")
    counts = commonest.groupby(commonest).size().sort_index().sort_values(ascending=False, kind="stable")
    parts = "; ".join(
        f"{mode} in {n:,} {'article' if n == 1 else 'articles'} ({', '.join(sorted(commonest.index[commonest == mode]))})"
        for mode, n in counts.items()
    )
    return f"The commonest sentence mode is {parts}."


def describe_distinctive(terms: pd.DataFrame, n_terms: int = 5) -> str:
    """One sentence: the most distinctive words of each genre by log-odds z-score."""
    if terms.empty:
        return "Distinctive vocabulary needs at least two labelled genres; this corpus has fewer."
    parts = []
    for genre, rows in terms.sort_values(["genre", "rank"]).groupby("genre", sort=True):
        words = ", ".join(f"“{t}”" for t in rows["term"].head(n_terms))
        parts.append(f"{_genre(genre)}: {words}")
    return "Most distinctive words, by log-odds z-score against the other genres — " + "; ".join(parts) + "."


def describe_frames(emphasis: pd.DataFrame, other_frame: str = "other") -> str:
    """One sentence: the frames that touch the largest share of sentences, averaged over documents."""
    framed = emphasis[emphasis["frame"] != other_frame]
    if framed.empty or framed["share"].sum() == 0:
        return "No sentence touches any news frame of the dictionary."
    means = framed.groupby("frame")["share"].mean().sort_index().sort_values(ascending=False, kind="stable")
    leaders = [f"{frame} ({share:.0%} of sentences)" for frame, share in means.head(3).items()]
    leading = framed.loc[framed.groupby("doc_id")["share"].idxmax()]
    top_frame = means.index[0]
    n_led = int((leading["frame"] == top_frame).sum())
    return (
        f"Averaged over articles, the most present frames are {', '.join(leaders)}; "
        f"{top_frame} leads in {n_led:,} of {leading['doc_id'].nunique():,} articles."
    )


def describe_separation(separation: pd.DataFrame) -> str:
    """One sentence: how many held-out documents land nearest their own genre, and how many could not."""
    if len(separation) < 2 or ("genre" in separation and separation["genre"].nunique() < 2):
        return "The test needs at least two genres with articles in them; this run has fewer, so it cannot say whether the features separate genres."
    could_not = int((~separation["genre_in_training"]).sum())
    right = int(separation["correct"].sum())
    return (
        f"Held out one at a time, {right:,} of {len(separation):,} articles {'lands' if right == 1 else 'land'} nearest the "
        f"centre of their own genre; {could_not:,} had no other article of their genre to learn from, so could not."
    )


def _genre(genre: str) -> str:
    return genre or "unlabelled"


def describe_claims(
    clusters: pd.DataFrame, claims: pd.DataFrame, set_aside: pd.DataFrame, threshold: float, labels: Mapping[str, str] | None = None
) -> str:
    """One sentence: claims kept and set aside, clusters formed, how many cross sources, and the most widely carried."""
    reasons = ", ".join(f"{n:,} {reason.replace('_', ' ')}" for reason, n in set_aside.groupby("reason").size().sort_index().items())
    if claims.empty:
        return f"Of {_plural(len(set_aside), 'sentence')}, none is a claim ({len(set_aside):,} set aside: {reasons or 'none'}), so there is nothing to cluster."
    shared = clusters[clusters["cross_source"].astype(bool)] if "cross_source" in clusters else clusters[clusters["n_docs"] >= 2]
    sentence = (
        f"Of {len(claims) + len(set_aside):,} sentences, {len(claims):,} are claims ({len(set_aside):,} set aside: {reasons or 'none'}); "
        f"at cosine distance {threshold:g} they form {len(clusters):,} clusters, {len(shared):,} of them carried by two or more sources"
    )
    if shared.empty:
        return sentence + "."
    top = shared.sort_values(["n_docs", "n_claims", "cluster_id"], ascending=[False, False, True]).iloc[0]
    carried_by = str(top["doc_ids"]).split("|")
    carriers = ", ".join(_name(d, labels) for d in carried_by[:MAX_NAMED])
    if len(carried_by) > MAX_NAMED:
        carriers += f" and {len(carried_by) - MAX_NAMED:,} more"
    named = f"“{top['short_label']}”" if "short_label" in top else f"cluster {top['cluster_id']}"
    return sentence + f"; the most widely carried ({named}, in {top['n_docs']} articles: {carriers}) reads {_quote(top['representative'])}"


def describe_solo(claims: pd.DataFrame, clusters: pd.DataFrame, labels: Mapping[str, str] | None = None) -> str:
    """One sentence: which article carries the largest and smallest share of claims no other article carries."""
    if claims.empty:
        return "There are no claims, so none stands alone."
    if claims["doc_id"].nunique() == 1:
        return "Only one article has claims, so every claim stands alone and none can be shared."
    single = set(clusters.loc[clusters["n_docs"] == 1, "cluster_id"])
    share = claims.assign(alone=claims["cluster_id"].isin(single)).groupby("doc_id")["alone"].agg(["sum", "size"])
    share["share"] = share["sum"] / share["size"]
    ordered = share.sort_values(["share"], ascending=False, kind="stable")
    most, least = ordered.index[0], ordered.index[-1]
    if ordered.loc[most, "share"] == ordered.loc[least, "share"]:
        return f"Every article carries the same share of claims no other article carries: {ordered.loc[most, 'share']:.0%}."
    return (
        f"The article {_name(most, labels)} stands most alone: {ordered.loc[most, 'sum']:,} of its {ordered.loc[most, 'size']:,} claims "
        f"({ordered.loc[most, 'share']:.0%}) appear in no other article; {_name(least, labels)} shares the most "
        f"({ordered.loc[least, 'sum']:,} of {ordered.loc[least, 'size']:,} alone, {ordered.loc[least, 'share']:.0%})."
    )


def describe_sweep(sweep: pd.DataFrame, threshold: float, suggestion: tuple[float, str] | None) -> str:
    """One sentence: what the chosen threshold gives and what the sweep suggests, and why."""
    if sweep.empty or suggestion is None:
        return "There are no claims to sweep the threshold over, so the run's threshold stands untested."
    row = sweep.loc[(sweep["distance_threshold"] - threshold).abs().idxmin()]
    suggested, reason = suggestion
    verdict = "the same value" if abs(suggested - threshold) < 1e-9 else f"{suggested:g} instead"
    spanning = int(row["n_multi_doc_clusters"])
    sentence = (
        f"At the run's threshold, {threshold:g}, {spanning:,} of {row['n_clusters']:,} clusters {'spans' if spanning == 1 else 'span'} two or more "
        f"sources and the largest holds {row['largest_cluster']:,} claim{'s' if row['largest_cluster'] != 1 else ''}; the sweep suggests {verdict}: {reason}."
    )
    agreement = pd.to_numeric(sweep.get("graph_path_agreement", pd.Series(dtype=float)), errors="coerce").dropna()
    if agreement.empty:
        return sentence + " These claims are too many for the exact path, so the sparse-graph path clustered them."
    if (agreement == 1.0).all():
        return sentence + (
            " The sparse-graph path that large corpora take gives exactly the same clusters as the exact path "
            "at every threshold of the sweep (adjusted Rand index 1.0)."
        )
    worst = sweep.loc[agreement.idxmin()]
    return sentence + (
        f" The sparse-graph path that large corpora take agrees with the exact path down to an adjusted Rand index of "
        f"{worst['graph_path_agreement']:.3f} (at {worst['distance_threshold']:g})."
    )


def describe_universal_claims(clusters: pd.DataFrame, documents: pd.DataFrame) -> str:
    """One sentence: the claims every article carries, or how far the most widely carried reaches."""
    n_documents = len(documents)
    everywhere = clusters[clusters["n_docs"] == n_documents]
    if len(everywhere):
        quoted = "; ".join(f"“{' '.join(str(text).split())}”" for text in everywhere["representative"])
        verb = "claim appears" if len(everywhere) == 1 else "claims appear"
        if n_documents == 1:
            return "With one article, every claim is in all of them; nothing can be compared."
        return f"{len(everywhere):,} {verb} in all {n_documents:,} articles: {quoted}" + ("" if quoted[-2:-1] in ".!?…" else ".")
    widest = int(clusters["n_docs"].max()) if len(clusters) else 0
    n_widest = int((clusters["n_docs"] == widest).sum())
    return (
        f"No claim appears in all {n_documents:,} articles; the most widely carried reach {widest:,} of them "
        f"({n_widest:,} cluster{'s' if n_widest != 1 else ''})."
    )


def describe_timeline(timeline: pd.DataFrame) -> str:
    """One sentence: how many shared claims carry dates, which source was first most often, and the longest lag.

    Sources named by :func:`analysis.display.name_article_sources` (articles, the timeline without
    ``doc_id``) are quoted as the titles they are; outlets are named as they stand.
    """
    if timeline.empty:
        return "No cross-source claim has two or more dated sources, so there is no timeline (the documents carry no usable publication dates)."

    def name(source: object) -> str:
        return f"“{source}”" if "doc_id" not in timeline else str(source)

    n_claims = timeline["cluster_id"].nunique()
    firsts = timeline[timeline["is_first"].astype(bool)].groupby("source")["cluster_id"].nunique().sort_index()
    leader = firsts.sort_values(ascending=False, kind="stable").index[0]
    slowest = timeline.sort_values(["lag_days", "cluster_id"], ascending=[False, True], kind="stable").iloc[0]
    lag = (
        f"the longest lag is {slowest['lag_days']:g} days, {name(slowest['source'])} after {name(slowest['first_source'])} on “{slowest['short_label']}”"
        if slowest["lag_days"] > 0
        else "every source carried its claims on the same date as the first"
    )
    return (
        f"{n_claims:,} cross-source claim{'s' if n_claims != 1 else ''} can be dated; {name(leader)} carried "
        f"{firsts[leader]:,} of them first (or on the first date); {lag}."
    )
