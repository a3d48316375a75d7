"""Small generated corpora at the edges of what a user may bring, for the notebooks to run through.

Each builder writes a folder of articles, its metadata CSV and a params file into ``folder`` and
returns the params file. The texts are generated here (nothing is copied from any corpus).
"""

from __future__ import annotations

import csv
from pathlib import Path

HEADER = ["doc_id", "file", "title", "outlet", "author", "url", "published", "genre", "genre_rationale"]


def _write(folder: Path, name: str, articles: list[dict], extra_params: str = "") -> Path:
    source = folder / name
    source.mkdir(parents=True, exist_ok=True)
    rows = []
    for article in articles:
        file = f"{article['doc_id']}.txt"
        (source / file).write_text(article.pop("text"), encoding="utf-8")
        rows.append({**{k: "" for k in HEADER}, **article, "file": file})
    metadata = folder / f"{name}.csv"
    with metadata.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    params = folder / f"{name}.yaml"
    params.write_text(
        f"corpus:\n  source: {source}\n  metadata: {metadata}\n  genres: [opinion, reporting, wire]\n"
        f"framing:\n  n_bootstrap: 100\n{extra_params}",
        encoding="utf-8",
    )
    return params


def one_article_of_headings(folder: Path, name: str) -> Path:
    """One article, one genre, nothing but headings: no sentence, claim or number to work with."""
    text = "\n\n".join(["Troops on the move", "What the ministry says", "The view from the border", "Where this leaves talks"])
    return _write(folder, name, [{"doc_id": "a1", "title": "Headings only", "outlet": "Test Wire", "genre": "wire", "text": text}])


def no_shared_claims(folder: Path, name: str) -> Path:
    """Three reporting articles on unrelated subjects, no numbers: one genre, no claim in two articles."""
    topics = [
        ("Harbour", "The harbour authority opened a new ferry terminal beside the old fish market. "
                    "Residents said the building looked like a glass whale. Boats will dock there from spring onwards."),
        ("Orchard", "An orchard in the valley lost most of its pears to a late frost. "
                    "The grower blamed the weather and said insurance would not cover the loss. Neighbours offered help with pruning."),
        ("Library", "The city library extended its evening hours for students preparing examinations. "
                    "Librarians reported that the reading rooms were full every night. A café will open on the ground floor."),
    ]
    articles = [{"doc_id": f"n{i}", "title": title, "outlet": outlet, "genre": "reporting", "text": text}
                for i, ((title, text), outlet) in enumerate(zip(topics, ["Daily A", "Daily B", "Daily B"]))]
    return _write(folder, name, articles)


def many_estimates(folder: Path, name: str, n_estimates: int = 37_946) -> Path:
    """Two articles giving ``n_estimates`` numeric estimates between them, four a sentence."""
    categories = ["troops", "soldiers", "shells", "dollars"]
    sentences = []
    for i in range(-(-n_estimates // 4)):
        base = 1000 + 37 * i
        sentences.append(
            f"Officials said about {base:,} {categories[i % 4]} were counted, up to {base + 500:,} more were reported, "
            f"at least {base + 900:,} arrived later and nearly {base + 1300:,} left."
        )
    half = len(sentences) // 2
    paragraphs = [" ".join(sentences[j:j + 5]) for j in range(0, len(sentences), 5)]
    cut = half // 5
    articles = [
        {"doc_id": "e1", "title": "Counts, first part", "outlet": "Numbers Daily", "genre": "reporting", "text": "\n\n".join(paragraphs[:cut])},
        {"doc_id": "e2", "title": "Counts, second part", "outlet": "Figures Weekly", "genre": "wire", "text": "\n\n".join(paragraphs[cut:])},
    ]
    # Claims of fewer than 60 words are set aside: every generated sentence is one, so the claims stage stays small.
    return _write(folder, name, articles, extra_params="claims:\n  min_words: 60\n")
