"""What the notebooks call to show results: one house style for tables and figures, safe prose.

Kept free of notebook-tooling imports (nbformat, nbconvert): every report's kernel imports this
module. Turning executed notebooks into files is :mod:`analysis.publish`.
"""

from __future__ import annotations

import html

import pandas as pd

from analysis import display, plots


def setup_notebook() -> None:
    """Apply the figure style and table display settings every report shares, and keep no output history."""
    plots.use_house_style()
    forget_outputs()
    pd.set_option("display.max_rows", 40)
    pd.set_option("display.min_rows", 20)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.max_colwidth", 160)
    pd.set_option("display.width", 200)
    pd.set_option("display.precision", 3)
    pd.set_option("display.float_format", readable_number)


def forget_outputs() -> None:
    """Keep no history of a kernel's results: neither ``Out``, ``_``, ``_5`` … (the display hook's
    cache) nor the history manager's record of each result's text and rich bundle, which IPython
    keeps even with the cache off. Each table a report shows would otherwise stay in memory (its
    frame, or its HTML) until the kernel ends. In JupyterLab this means ``_`` and ``Out`` stay
    empty after a report's setup cell. Outside IPython (a plain Python process) there is no
    history and nothing to do."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    shell.displayhook.cache_size = 0
    if _clear_output_history not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", _clear_output_history)


def _clear_output_history(result: object = None) -> None:
    """After each cell: drop what the history manager recorded of the cell's results."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.history_manager.outputs.clear()
        shell.history_manager.output_hist_reprs.clear()


def readable_number(value: float) -> str:
    """A float as a reader expects it in a table: 600,000 and 1,500 (not 6.000e+05), 0.125, 2.5."""
    return "NaN" if value != value else display.readable_number(value)


class Finding:
    """One sentence of computed prose: plain text for nbval and text viewers, escaped HTML for readers.

    HTML rather than Markdown, so that article text inside it ("<script>", "[link](...)", "*")
    is shown exactly as written and never becomes markup.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(self.text)  # type: ignore[attr-defined]

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.text)}</p>"


def finding(text: str) -> Finding:
    """Show one sentence of computed prose; article text inside it cannot become live HTML."""
    return Finding(text)
