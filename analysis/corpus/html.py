"""Saved web pages: main text and metadata with trafilatura.

trafilatura (the best-measured open main-text extractor in the comparisons of its authors and of
ScrapingHub's article-extraction benchmark) finds the article body and drops navigation, comments
and page furniture; it also reads the title, author, date, URL and site name from the page's
metadata. The extracted text (one paragraph per line) is the article's raw text: removed spans'
offsets point into it, not into the HTML file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analysis.corpus.encoding import bom_encoding, decode_bytes
from analysis.corpus.model import WORD
from analysis.params import InputError
from analysis.paths import shown

HTML_SUFFIXES = (".html", ".htm")
LOOKS_LIKE_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|article|main|p|div)\b", re.IGNORECASE)
MIN_ARTICLE_WORDS = 10
"""A page whose extracted text is shorter holds no article (trafilatura returns a menu's "Home" from a page without one)."""
META_CHARSET = re.compile(rb"<meta[^>]{0,200}charset\s*=\s*[\"']?([A-Za-z0-9_-]{2,40})", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    """What trafilatura found in one page: its main text and metadata (empty where not found)."""

    text: str
    metadata: dict[str, str]


@cache
def _config():  # type: ignore[no-untyped-def]
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # no SIGALRM: pages are read in worker processes too
    return config


def read_page(path: Path, encoding: str, params_file: str = "the params file") -> Page:
    """Extract one saved page; a file that is not HTML, or holds no article text, is a one-line error."""
    import trafilatura

    data = path.read_bytes()
    where = shown(path)
    if not data.strip():
        raise InputError(f"{where}: file is empty; remove it (and its metadata row), or save the page again")
    if not LOOKS_LIKE_HTML.search(data[:65536]):
        raise InputError(f"{where}: not an HTML page (no <html>, <body> or <p> tag); save the page as HTML, or as plain text with a .txt name")
    declared = META_CHARSET.search(data[:4096])
    if bom_encoding(data) is None and declared and encoding.lower().replace("_", "-") in {"utf-8", "utf8"}:
        encoding = _known(declared.group(1).decode("ascii"), encoding)
    html = decode_bytes(data, encoding, where, params_file)
    found = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
        config=_config(),
    )
    text = (getattr(found, "text", None) or "").strip() if found is not None else ""
    if len(WORD.findall(text)) < MIN_ARTICLE_WORDS:
        raise InputError(
            f"{where}: no article text found in the page (under {MIN_ARTICLE_WORDS} words outside menus and footers); "
            "save the full article page, or remove the file"
        )
    fields = {"title": "title", "author": "author", "published": "date", "url": "url", "outlet": "sitename"}
    metadata = {column: str(getattr(found, name, None) or "").strip() for column, name in fields.items()}
    return Page(text, metadata)


def _known(name: str, fallback: str) -> str:
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        return fallback


def is_html(path: Path) -> bool:
    """Whether a corpus file is read as a saved web page (by its name)."""
    return path.suffix.lower() in HTML_SUFFIXES
