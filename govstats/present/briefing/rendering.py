"""HTML pieces for the briefing: escaped text, tables and embedded charts, each a
:class:`Html` that Jupyter displays as HTML. Nothing here reads the data's meaning."""

from __future__ import annotations

import base64
import html
import io
import re

import pandas as pd

from govstats.chinese import plain


class Html(str):
    """A piece of HTML that Jupyter displays as HTML."""

    def _repr_html_(self) -> str:
        return str(self)


def esc(value: object) -> str:
    """Input text made safe for HTML (a unit named ``<script>`` shows as text)."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else html.escape(str(value))


# a figure as govstats.zh shows it: 191, +43, -37.8%, 84.3%, +4.3个百分点, 192条
_FIGURE = re.compile(r"^[+\-]?\d[\d,.]*(?:%|个百分点|[个条件])?$")


def table(frame: pd.DataFrame, caption: str = "", marked: pd.Series | None = None) -> Html:
    """``frame`` (values as shown: :func:`govstats.zh`) as an escaped HTML table with its
    caption kept on its page: figures right-aligned, missing values as —, rows where
    ``marked`` is true in the colour of the lowest units."""
    head = "".join(f"<th>{esc(c)}</th>" for c in frame.columns)
    rows = []
    flags = list(marked) if marked is not None else [False] * len(frame)
    for flag, values in zip(flags, frame.itertuples(index=False), strict=True):
        cells = []
        for v in values:
            shown = _cell(v)
            numeric = shown != "—" and (not isinstance(shown, str) or bool(_FIGURE.match(shown)))
            kind = "num" if numeric else "text" if isinstance(shown, str) and len(shown) > 16 else ""
            cells.append(f"<td class='{kind}'>{esc(shown)}</td>" if kind else f"<td>{esc(shown)}</td>")
        rows.append(f"<tr class='gs-worst'>{''.join(cells)}</tr>" if flag else f"<tr>{''.join(cells)}</tr>")
    cap = f"<p class='gs-caption'>{esc(caption)}</p>" if caption else ""
    return Html(
        f"<div class='gs-keep'>{cap}<table class='gs-table'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
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
    # shown at the size it was drawn for, so its type prints at the size it was set in
    width = f"{fig.get_figwidth():.2f}in"
    return Html(
        f"<img class='gs-chart' style='width: {width}' alt='{esc(alt)}' src='data:image/png;base64,{data}'/>"
    )


def plain_names(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Names as leaders read them: Simplified, without the glosses mirrors insert (臨渭區(qū) →
    临渭区); the tidy tables keep them as printed."""
    return table.assign(**{c: table[c].map(lambda s: plain(s) if isinstance(s, str) else s) for c in columns})
