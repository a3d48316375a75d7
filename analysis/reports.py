"""Turn executed notebooks into reports: stable files for git and nbval, HTML for readers.

Papermill stamps each executed notebook with timings, paths and a random id for the cell it
injects; :func:`tidy_notebook` removes exactly those, so a re-run with nothing changed rewrites
the same bytes. Text computed from articles reaches readers through :func:`finding` (escaped) or
pandas tables (escaped by pandas), and the HTML export sanitises what is left.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import nbformat
import pandas as pd
from IPython.display import Markdown
from nbconvert import HTMLExporter

from analysis import plots
from analysis.params import Params

INJECTED_CELL_ID = "injected-parameters"


def setup_notebook() -> None:
    """Apply the figure style and table display settings every report shares."""
    plots.use_house_style()
    pd.set_option("display.max_rows", 40)
    pd.set_option("display.min_rows", 20)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.max_colwidth", 160)
    pd.set_option("display.width", 200)
    pd.set_option("display.precision", 3)


def finding(text: str) -> Markdown:
    """Show one sentence of computed prose; article text inside it cannot become live HTML."""
    return Markdown(html.escape(text, quote=False))


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


def export_html(notebook_path: str | Path, output_path: str | Path) -> None:
    """Render an executed notebook as standalone HTML, code hidden, figures embedded."""
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True, sanitize_html=True)
    notebook = nbformat.read(str(notebook_path), as_version=4)
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": notebook_title(notebook)}})
    _write_atomically(Path(output_path), body)


def notebook_title(notebook: nbformat.NotebookNode) -> str:
    """The first level-1 heading of a notebook."""
    return _title_and_question(notebook)[0]


def write_index(params: Params) -> Path:
    """Write ``reports/<run>/index.html``: each report's title, the question it answers, a link to it."""
    items = []
    for path in sorted(params.reports_dir.glob("*.ipynb")):
        title, question = _title_and_question(nbformat.read(str(path), as_version=4))
        items.append(
            f'<li><a href="{html.escape(path.stem)}.html">{html.escape(title)}</a>'
            f"<p>{html.escape(question)}</p></li>"
        )
    run = html.escape(params.run)
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>Reports: {run}</title>"
        "<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.5}"
        "li{margin-bottom:1em}p{margin:.2em 0;color:#444}</style></head><body>\n"
        f"<h1>Reports of run “{run}”</h1>\n<ol>\n" + "\n".join(items) + "\n</ol>\n</body></html>\n"
    )
    index = params.reports_dir / "index.html"
    _write_atomically(index, page)
    return index


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
    staging = path.with_name(f".{path.name}.partial")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, path)
