"""The briefing charts' look: colours, Chinese labels, the style context and the small
helpers every chart in :mod:`govstats.present.charts.plot` shares (row selection, titles, rate axes)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pandas as pd

from govstats import labels
from govstats.present.fonts import font_families

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

CHANNEL_LABELS = {
    **labels.CHANNELS,
    "hotline": "热线",
    **labels.KINDS,
}

INK, MUTED, ACCENT, WARN = "#1f3a5f", "#9aa5b1", "#2f6690", "#b03a2e"
"""Navy text, grey for context, blue for values, and red for one meaning only: the units
with the lowest rate (``ranking.lowest``) and a change for the worse, in every chart, the
briefing's tables and the notebooks alike."""
PALETTE = ("#2f6690", "#7f9c4f", "#d9a441", "#6d597a", "#3a7d7c", "#8c6d46")
"""Series colours (rates side by side, kinds of problem): never red, which means "lowest"."""


def _rc() -> dict:
    return {
        # Named families, not "sans-serif": a text keeps them, so it draws Chinese even when
        # the figure is saved outside this style (a generic name is resolved at draw time).
        "font.family": font_families(),
        "font.sans-serif": font_families(),
        "axes.unicode_minus": False,  # the ASCII hyphen is in every CJK face
        "font.size": 10,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.edgecolor": MUTED,
        "axes.labelcolor": INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,
        "xtick.color": INK,
        "ytick.color": INK,
        "text.color": INK,
        "legend.frameon": False,
        "figure.dpi": 100,
        "savefig.dpi": 200,
        "svg.fonttype": "path",  # glyphs as outlines: the SVG shows Chinese without the font
        # Text from the data is drawn as printed: a unit named 收费$5$元窗口 is no formula,
        # and 市$$统计局 no mathtext error that stops the briefing.
        "text.parse_math": False,
    }


@contextmanager
def style() -> Iterator[None]:
    """The briefing style and the CJK font, for the duration of the ``with`` block only."""
    import matplotlib

    with matplotlib.rc_context(_rc()):
        yield


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _fix_fonts(fig: Figure) -> Figure:
    """Tick labels are made at draw time: give them the CJK font now, so a later
    ``fig.savefig`` outside :func:`style` still draws Chinese; and every text of the
    figure is drawn literally, never as mathtext, wherever it is drawn (the one place
    chart text is made safe; :func:`style` does it for the texts made inside it)."""
    from matplotlib.text import Text

    families = font_families()
    for ax in fig.axes:
        ax.tick_params(labelfontfamily=families)
    for text in fig.findobj(Text):
        text.set_parse_math(False)
    return fig


def _pick(
    df: pd.DataFrame, channel: str | None, period: object, publisher: str | None, what: str
) -> pd.DataFrame:
    """One publisher's one period of one channel, as one chart shows."""
    from govstats.periods import parse_period

    if channel is not None and "channel" in df:
        df = df[df["channel"] == channel]
    if publisher is not None and "publisher" in df:
        df = df[df["publisher"] == publisher]
    # Before the period: cities' periods may not even compare (2022Q1 against 2022-08).
    if "publisher" in df and df["publisher"].nunique() > 1:
        raise ValueError(f"{what}: several publishers {sorted(df['publisher'].unique())}; pass publisher=")
    if "period" in df and df["period"].notna().any():
        wanted = parse_period(period) if period is not None else max(df["period"].dropna())
        df = df[df["period"] == wanted]
    if df.empty:
        raise ValueError(f"{what}: no rows for channel={channel!r} period={period!r} publisher={publisher!r}")
    return df


def _title_prefix(
    df: pd.DataFrame, channel: str | None = None, names: Mapping[str, str] | None = None
) -> str:
    parts = []
    if "publisher" in df and df["publisher"].notna().any():
        parts.append(str(df["publisher"].dropna().iloc[0]))
    if "period" in df and df["period"].notna().any():
        parts.append(labels.period_text(df["period"].dropna().iloc[0]))
    if channel:
        parts.append(channel_label(channel, names))
    return " ".join(parts)


def channel_label(channel: str, names: Mapping[str, str] | None = None) -> str:
    """What a chart calls ``channel``: the publisher's own name for it when given
    (``names``, as :func:`govstats.analyse.channels.channel_names` reads it: 部门信箱),
    else the generic label (信箱)."""
    return (names or {}).get(channel) or CHANNEL_LABELS.get(channel, channel)


def _no_rate_text(received: object) -> str:
    """Why a rate is missing: nothing received, or a count the table does not give."""
    return "无收件" if pd.notna(received) and int(received) == 0 else "无数据"


def _drawn(positions: Sequence, values: pd.Series) -> tuple[list, list[float]]:
    """Positions and values of the bars to draw: a missing rate gets no bar (not a 0% one)."""
    kept = [(p, float(v)) for p, v in zip(positions, values, strict=True) if pd.notna(v)]
    return [p for p, _ in kept], [v for _, v in kept]


def _rate_axis(ax: Axes, axis: str = "x", top: float = 1.0) -> None:
    from matplotlib.ticker import PercentFormatter

    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(PercentFormatter(1.0, decimals=0))
    (ax.set_xlim if axis == "x" else ax.set_ylim)(0, top)
