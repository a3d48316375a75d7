"""Execute notebook templates into reports: papermill, stable files for git and nbval, HTML for readers.

:func:`execute_report` runs one template with papermill, removes what differs between runs and
renders the HTML, in one process (the Makefile runs one per notebook, two at a time). Papermill
stamps each executed notebook with timings, paths and a random id for the cell it injects;
:func:`tidy_notebook` removes exactly those, so a re-run with nothing changed rewrites the same
bytes. Text computed from articles reaches readers through :func:`analysis.reports.finding`
(escaped) or pandas tables (escaped by pandas); the HTML pages load no script.
"""

from __future__ import annotations

import html
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from analysis.params import InputError, Params
from analysis.paths import shown

INJECTED_CELL_ID = "injected-parameters"
KERNEL = "python3"


def execute_report(template: str | Path, params: Params, *, progress_bar: bool | None = None) -> Path:
    """Run ``template`` with ``params_file`` set to the run's params; write ``reports/<run>/<name>.ipynb`` and ``.html``.

    Both files replace earlier ones only once the notebook ran through. When a cell fails, the
    executed copy with the traceback is kept as ``reports/<run>/.<name>.failed.ipynb`` and an
    :class:`InputError` names it. ``progress_bar`` defaults to on when stderr is a terminal.
    """
    import papermill
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    template = Path(template)
    target = params.reports_dir / template.name
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{template.stem}.{_unique()}.partial.ipynb")  # unique: two runs at once never share it
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        # Local sockets rather than TCP on localhost: nothing to eavesdrop on, and no warning saying so.
        kernel = AsyncKernelManager(kernel_name=KERNEL, transport="ipc", ip=os.path.join(sockets, "ipc"))
        try:
            papermill.execute_notebook(
                str(template),
                str(partial),
                parameters={"params_file": shown(params.path)},
                kernel_name=KERNEL,
                km=kernel,
                progress_bar=sys.stderr.isatty() if progress_bar is None else progress_bar,
                log_level="WARNING",
            )
        except papermill.PapermillExecutionError as error:
            failed = target.with_name(f".{template.stem}.failed.ipynb")
            os.replace(partial, failed)
            raise InputError(
                f"{shown(template)}: cell {error.exec_count} failed with {error.ename}: {' '.join(error.evalue.split())} "
                f"(the executed copy with the traceback: {shown(failed)})"
            ) from None
        finally:
            # papermill leaves a kernel manager it was given running: stopped here, the kernel's
            # memory (every table the notebook read) is freed before the HTML export builds its own.
            if kernel.has_kernel:
                run_sync(kernel.shutdown_kernel)()
    tidy_notebook(partial)
    export_html(partial, target.with_suffix(".html"))
    os.replace(partial, target)
    target.with_name(f".{template.stem}.failed.ipynb").unlink(missing_ok=True)
    cells = sum(cell["cell_type"] == "code" for cell in nbformat.read(str(target), as_version=4).cells)
    print(f"[notebook] {shown(target)} and .html ({cells} code cells, {time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return target


def tidy_notebook(path: str | Path) -> None:
    """Remove papermill's timings and paths, and pin the id of the cell it injects, in place."""
    path = Path(path)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    papermill = notebook.get("metadata", {}).pop("papermill", {})
    if "parameters" in papermill:
        notebook["metadata"]["papermill"] = {"parameters": papermill["parameters"]}
    notebook.get("metadata", {}).get("language_info", {}).pop("version", None)
    for cell in notebook.get("cells", []):
        metadata = cell.get("metadata", {})
        metadata.pop("papermill", None)
        metadata.pop("execution", None)
        if "injected-parameters" in metadata.get("tags", []):
            cell["id"] = INJECTED_CELL_ID
    _write_atomically(path, json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n")


TEMPLATES = Path(__file__).parent / "templates"


def export_html(notebook_path: str | Path, output_path: str | Path) -> None:
    """Render an executed notebook as standalone HTML: code hidden, figures embedded, no script.

    Not nbconvert's ``sanitize_html``: it escapes the headings and paragraphs of the notebook's own
    markdown. Article text is escaped where it enters an output (:func:`analysis.reports.finding`,
    pandas tables), and the template loads no script at all.
    """
    exporter = HTMLExporter(
        template_name="report",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    notebook = nbformat.read(str(notebook_path), as_version=4)
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": notebook_title(notebook)}})
    _write_atomically(Path(output_path), body)


def notebook_title(notebook: nbformat.NotebookNode) -> str:
    """The first level-1 heading of a notebook."""
    return _title_and_question(notebook)[0]


def write_index(params: Params) -> Path:
    """Write ``reports/<run>/index.html``: the corpus, each report with its question and a link, and the run's params."""
    items = []
    for path in sorted(params.reports_dir.glob("*.ipynb")):
        if path.name.startswith("."):  # a failed notebook's copy, or one being written (pathlib's glob matches hidden names)
            continue
        title, question = _title_and_question(nbformat.read(str(path), as_version=4))
        items.append(
            f'<li><a href="{html.escape(path.stem)}.html">{html.escape(title)}</a>'
            f"<p>{html.escape(question)}</p></li>"
        )
    run = html.escape(params.run)
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>Reports: {run}</title>"
        "<style>body{font-family:sans-serif;max-width:52em;margin:2em auto;padding:0 1em;line-height:1.5}"
        "li{margin-bottom:1em}p{margin:.2em 0;color:#444}table{border-collapse:collapse;font-size:.9em}"
        "th,td{text-align:left;vertical-align:top;padding:.15em .8em .15em 0;border-bottom:1px solid #eee}"
        "td.num{text-align:right}code{font-size:.95em}</style></head><body>\n"
        f"<h1>Reports of run “{run}”</h1>\n"
        + corpus_section(params)
        + "<h2>The reports</h2>\n<ol>\n" + "\n".join(items) + "\n</ol>\n"
        + params_section(params)
        + "</body></html>\n"
    )
    index = params.reports_dir / "index.html"
    _write_atomically(index, page)
    return index


DATE_COLUMNS = ("published", "date")
"""Metadata columns read as the articles' dates, the first one present with a parseable value."""


def corpus_section(params: Params) -> str:
    """HTML: how many articles and words, per genre and per outlet, and the dates they span."""
    from analysis.outlets import outlets_of
    from analysis.pipeline import read_table

    try:
        documents = read_table(params, "documents")
    except (InputError, OSError):
        return "<h2>The corpus</h2>\n<p>The corpus table is missing: run the corpus stage first.</p>\n"
    source = html.escape(params.corpus.source)
    words = int(documents["n_words"].sum()) if "n_words" in documents else 0
    lines = [
        "<h2>The corpus</h2>",
        f"<p>{len(documents):,} {'article' if len(documents) == 1 else 'articles'}, {words:,} words, read from <code>{source}</code>"
        f"{_dates(documents)}.</p>",
    ]
    for heading, column in (("genre", documents["genre"].fillna("").replace("", "(unlabelled)")), ("outlet", outlets_of(documents))):
        counts = column.value_counts().sort_index().sort_values(ascending=False, kind="stable")
        rows = "".join(f"<tr><td>{html.escape(str(k))}</td><td class=num>{v:,}</td></tr>" for k, v in counts.head(30).items())
        more = f"<p>… and {len(counts) - 30:,} more {heading}s (documents.csv).</p>" if len(counts) > 30 else ""
        lines.append(f"<table><thead><tr><th>{heading}</th><th>articles</th></tr></thead><tbody>{rows}</tbody></table>{more}")
    return "\n".join(lines) + "\n"


def _dates(documents: "pd.DataFrame") -> str:
    import pandas as pd

    for column in DATE_COLUMNS:
        if column in documents:
            dates = pd.to_datetime(documents[column], errors="coerce", utc=True).dropna()
            if len(dates):
                first, last = dates.min().date().isoformat(), dates.max().date().isoformat()
                span = first if first == last else f"{first} to {last}"
                return f", dated {span} ({len(dates):,} with a date in <code>{column}</code>)"
    return ", without dates in the metadata"


def params_section(params: Params) -> str:
    """HTML: every setting of the run, section by section, with the default beside any value the params file changes."""
    import dataclasses

    rows = []
    for section in ("corpus", "framing", "claims"):
        values = getattr(params, section)
        defaults = type(values)()
        for item in dataclasses.fields(values):
            value, default = getattr(values, item.name), getattr(defaults, item.name)
            changed = "" if value == default else f" (default {html.escape(_setting(default))})"
            rows.append(f"<tr><td><code>{section}.{item.name}</code></td><td><code>{html.escape(_setting(value))}</code>{changed}</td></tr>")
    return (
        "<h2>The run's settings</h2>\n"
        f"<p>From <code>{html.escape(shown(params.path))}</code>; keys it leaves out take their defaults "
        "(every key is explained in <code>analysis/params.py</code>).</p>\n"
        "<table><thead><tr><th>key</th><th>value</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>\n"
    )


def _setting(value: object) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value or "(empty)"


def _title_and_question(notebook: nbformat.NotebookNode) -> tuple[str, str]:
    """The first markdown cell's ``# title`` and the paragraph that follows it."""
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.strip().splitlines()
        if lines and lines[0].startswith("# "):
            rest = "\n".join(lines[1:]).strip().split("\n\n")[0]
            return lines[0][2:].strip(), " ".join(rest.split())
    return "Untitled", ""


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{_unique()}.partial")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, path)


def _unique() -> str:
    """A part of temporary file names no other process uses at the same time."""
    return f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
