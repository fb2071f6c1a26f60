"""Where a table's or notice's period and publisher came from, checked once every file of a
load has settled them (``dataset/assembling``): rows that state neither are kept, alone,
and said (``no-period``, ``no-publisher``)."""

from __future__ import annotations

from govstats.findings import finding
from govstats.notice.parse import Notice
from govstats.notice.periods import why_no_period
from govstats.source import Source
from govstats.tidy.table import ParsedTable

_WHERE = "表题、通报、文件名和文件夹均未写明"
_ALONE = "单独计算，不与其他文件的数据合并；可用 --publisher 指定"


def no_period(tables: list[ParsedTable], notices: list[Notice]) -> list[dict]:
    """A warning for each table with rows and no period, saying what it states instead, and
    for each notice that states something other than a quarter or month."""
    out = []
    for t in tables:
        if t.period is None and t.records:
            note = why_no_period(" ".join([t.title, *t.remarks]))
            out.append(
                finding(
                    "no-period",
                    t.grid.source(),
                    what=f"本表{len(t.records)}行",
                    detail="（标题、备注、文件名和通报均无"
                    + (f"；{note}" if note else "")
                    + "），已导入但不归入任何一期",
                )
            )
    out.extend(
        finding("no-period", n.source, what="通报", detail=f"：{n.period_note}")
        for n in notices
        if n.period is None and n.period_note
    )
    return out


def no_publisher(tables: list[ParsedTable], notices: list[Notice]) -> list[dict]:
    """A warning for each table with rows and each notice that names no publisher anywhere."""
    return [
        *(
            finding(
                "no-publisher", t.grid.source(), what=f"本表{len(t.records)}行", where=_WHERE, alone=_ALONE
            )
            for t in tables
            if t.publisher is None and t.records
        ),
        *(
            finding(
                "no-publisher", n.source or Source(n.file), what="通报", where=_WHERE, alone=f"其数字{_ALONE}"
            )
            for n in notices
            if n.publisher is None
        ),
    ]
