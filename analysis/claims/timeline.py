"""When each claim appeared: per cross-source cluster, which source carried it first, who followed, and after how long."""

from __future__ import annotations

import numpy as np
import pandas as pd

TIMELINE_COLUMNS = [
    "cluster_id", "short_label", "order", "source", "doc_id", "published", "lag_days", "is_first",
    "first_source", "first_published", "n_sources_dated",
]  # fmt: skip


def claim_timeline(claims: pd.DataFrame, clusters: pd.DataFrame, documents: pd.DataFrame, *, date_column: str = "published") -> pd.DataFrame:
    """One row per (cross-source cluster, source) with a publication date, earliest first.

    ``source`` is the article's source as the clusters table counts them (its outlet, or the
    article where the corpus names fewer than two outlets: :func:`document_sources`); a source
    carrying the claim in several articles appears once, at its earliest. ``order`` 1 is the
    first source (ties on the date share the first place's order by source name), ``lag_days``
    the days after the first date (fractions where the dates carry times), ``n_sources_dated``
    the cluster's dated sources. Clusters with fewer than two dated sources, and documents
    whose ``date_column`` is empty or not a date, are left out; without the column the table is
    empty. Sorted by cluster_id, order, source.
    """
    if date_column not in documents or claims.empty or "cross_source" not in clusters:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    dates = documents.assign(doc_id=documents["doc_id"].astype(str))
    raw = dates[date_column].astype(str).where(dates[date_column].notna(), "")
    parsed = pd.to_datetime(raw.where(raw.str.strip() != ""), errors="coerce", utc=True, format="mixed")
    dated = pd.DataFrame({"doc_id": dates["doc_id"], "published": raw, "when": parsed}).dropna(subset=["when"])
    sources = document_sources(documents)
    cross = clusters.loc[clusters["cross_source"].astype(bool), ["cluster_id", "short_label"]]
    rows = claims[["cluster_id", "doc_id"]].drop_duplicates().merge(cross, on="cluster_id").merge(dated, on="doc_id")
    if rows.empty:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    rows["source"] = rows["doc_id"].map(sources)
    rows = rows.sort_values(["cluster_id", "when", "source", "doc_id"], kind="stable").drop_duplicates(["cluster_id", "source"])
    counts = rows.groupby("cluster_id")["source"].transform("size")
    rows = rows[counts >= 2].copy()
    rows["n_sources_dated"] = counts[counts >= 2]
    first = rows.groupby("cluster_id")["when"].transform("min")
    rows["lag_days"] = np.round((rows["when"] - first).dt.total_seconds() / 86400, 2)
    rows["order"] = rows.groupby("cluster_id").cumcount() + 1
    rows["is_first"] = rows["lag_days"] == 0
    leader = rows.drop_duplicates("cluster_id").set_index("cluster_id")
    rows["first_source"] = rows["cluster_id"].map(leader["source"])
    rows["first_published"] = rows["cluster_id"].map(leader["published"])
    return rows[TIMELINE_COLUMNS].reset_index(drop=True)


def document_sources(documents: pd.DataFrame) -> dict[str, str]:
    """Each document's source: its ``outlet`` where the corpus names two or more outlets, else the
    document itself (a one-outlet corpus compares its articles; an article without an outlet is a
    source of its own)."""
    doc_ids = documents["doc_id"].astype(str)
    outlets = documents["outlet"].fillna("").astype(str).str.strip() if "outlet" in documents else pd.Series("", index=documents.index)
    if outlets[outlets != ""].nunique() < 2:
        return dict(zip(doc_ids, doc_ids))
    return dict(zip(doc_ids, outlets.where(outlets != "", doc_ids)))
