"""HTML pieces for the briefing: escaped text, tables and embedded charts, each a
:class:`Html` that Jupyter displays as HTML. Nothing here reads the data's meaning."""

from __future__ import annotations

import base64
import html
import io

import pandas as pd


class Html(str):
    """A piece of HTML that Jupyter displays as HTML."""

    def _repr_html_(self) -> str:
        return str(self)


def esc(value: object) -> str:
    """Input text made safe for HTML (a unit named ``<script>`` shows as text)."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else html.escape(str(value))


def table(
    frame: pd.DataFrame, percent: tuple[str, ...] = (), caption: str = "", marked: pd.Series | None = None
) -> Html:
    """``frame`` as an escaped HTML table: numbers right-aligned, rates as percentages,
    missing values as —, rows where ``marked`` is true highlighted."""
    head = "".join(f"<th>{esc(c)}</th>" for c in frame.columns)
    rows = []
    flags = list(marked) if marked is not None else [False] * len(frame)
    for flag, values in zip(flags, frame.itertuples(index=False), strict=True):
        cells = []
        for col, v in zip(frame.columns, values, strict=True):
            shown = _cell(v) if col not in percent or _cell(v) == "—" else f"{v:.1%}"
            numeric = not isinstance(v, str) and shown != "—"
            cells.append(f"<td class='num'>{esc(shown)}</td>" if numeric else f"<td>{esc(shown)}</td>")
        rows.append(f"<tr class='gs-worst'>{''.join(cells)}</tr>" if flag else f"<tr>{''.join(cells)}</tr>")
    cap = f"<p class='gs-caption'>{esc(caption)}</p>" if caption else ""
    return Html(
        f"{cap}<table class='gs-table'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _cell(value: object) -> object:
    if isinstance(value, str):
        return value
    if pd.isna(value):
        return "—"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def figure_html(fig, alt: str) -> Html:
    """A matplotlib figure as an embedded PNG: no file, no request."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight")  # govstats figures never join pyplot
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return Html(f"<img class='gs-chart' alt='{esc(alt)}' src='data:image/png;base64,{data}'/>")
