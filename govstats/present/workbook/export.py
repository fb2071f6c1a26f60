"""Export a :class:`~govstats.Dataset` for people and tools: an Excel workbook laid out
like the notice's annexes (plus the tidy tables), or every table as CSV / Parquet.

Text is neutralised against formula injection and every file is written atomically.
openpyxl is imported only inside the functions that build a workbook.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from govstats import labels
from govstats.analyse.channels import channel_names
from govstats.analyse.review import row_findings
from govstats.dataset.scoping import placed_findings, positions
from govstats.dataset.writing import write_tables
from govstats.errors import UsageError
from govstats.labels import period_text
from govstats.outputs import atomic_write
from govstats.periods import parse_period
from govstats.present.annex import ORDER, PROBLEM_TITLES, handling_annex, problem_annex
from govstats.present.workbook import layout as workbook
from govstats.present.workbook.overdue import overdue_sheet
from govstats.safe import xml_text
from govstats.schema import of_publisher
from govstats.source import cited, location
from govstats.vocabulary.tables import REMARK

if TYPE_CHECKING:
    from govstats.dataset import Dataset

PathLike = str | os.PathLike

FINDINGS_SHEET = "数据核查"


def to_csv(dataset: Dataset, folder: PathLike) -> list[Path]:
    """Write every table as ``<name>.csv`` (UTF-8 with BOM, text neutralised) in ``folder``."""
    return write_tables(dataset.tables(), Path(folder), formats=("csv",))


def to_parquet(dataset: Dataset, folder: PathLike) -> list[Path]:
    """Write every table as ``<name>.parquet`` in ``folder`` (periods as text)."""
    return write_tables(dataset.tables(), Path(folder), formats=("parquet",))


def to_excel(
    dataset: Dataset,
    path: PathLike,
    *,
    period: str | pd.Period | None = None,
    publisher: str | None = None,
) -> Path:
    """Write ``dataset`` as an .xlsx workbook at ``path`` and return the path.

    Sheets, all in Chinese and set up to print on A4 (one page wide, title and header on
    every page, page numbers): per publisher the notice's annexes (存在突出问题的政府网站 and
    政务新媒体名单 as 附件1/附件2 print them; each channel's handling table with its title,
    group rows, 合计 and 备注); for a message log, 超期明细 (its late and overdue messages per
    unit, with working days late and the rule); 数据核查 (the findings, with their places in Chinese); then each
    tidy table (办理情况明细, 正文数字 …: ``govstats.load`` reads them back). A sheet with
    nothing to show is left out. ``period`` defaults to each publisher's latest period
    (cities may publish on different calendars); with several publishers each gets its own
    annex sheets, named ``<publisher><annex>`` (an input file that names no city is a
    publisher of its own, ``未注明…``). ``publisher`` and ``period`` keep that publisher's
    and period's rows and findings in every sheet; without them the tidy sheets hold
    everything. Counts the source table lacks stay empty, never 0.
    """
    from openpyxl import Workbook

    dataset = dataset.for_xml("Excel工作簿")  # what an .xlsx cannot hold is dropped, and said
    publisher = xml_text(publisher) if publisher else publisher
    selection = _selection(dataset, period, publisher)
    wb = Workbook()
    wb.remove(wb.active)
    for pub, inp, per in selection:
        who = pub or f"未注明{_stem(inp)}"
        _annex_sheets(wb, dataset, pub, inp, per, lead=who if len(selection) > 1 or pub is None else "")
    chosen = publisher is not None or period is not None
    tables = _chosen_tables(dataset, selection) if chosen else dataset.tables()
    found = tables["findings"]
    if not found.empty:
        (pub, _, per), *more = selection or [(None, None, None)]
        one = chosen and per is not None and not more  # else the findings of every period loaded
        title = f"{pub or ''}{period_text(per)}数据核查结果" if one else "数据核查结果"
        workbook.list_sheet(wb.create_sheet(FINDINGS_SHEET), _findings_shown(found), title=title)
    for name, df in tables.items():
        if not df.empty:
            workbook.list_sheet(wb.create_sheet(labels.TIDY_SHEETS[name]), tidy_sheet(df))
    if not wb.sheetnames:  # nothing at all: one sheet that says so, never an empty workbook
        workbook.list_sheet(wb.create_sheet(FINDINGS_SHEET), pd.DataFrame({"说明": ["所选范围内没有数据"]}))
    return atomic_write(Path(path), wb.save)


def _annex_sheets(wb, dataset: Dataset, pub: str | None, inp: str | None, per, *, lead: str) -> None:
    """One publisher's annexes of ``per`` as it prints them: its problem lists, each
    channel's handling table, and a message log's late messages (sheet names led by
    ``lead`` when several publishers share the workbook)."""
    problems = dataset.problems[_match(dataset.problems, pub, inp, per)]
    for kind in labels.KINDS:
        if (problems["kind"] == kind).any():
            ws = wb.create_sheet(_sheet_name(wb, f"{lead}问题{labels.KINDS[kind]}"))
            title = f"{pub or ''}{period_text(per)}{PROBLEM_TITLES[kind]}"
            workbook.problem_sheet(
                ws, problem_annex(problems, kind), title, remark=_remark(dataset, pub, per, kind)
            )
    handling = dataset.handling[_match(dataset.handling, pub, inp, per)]
    names = channel_names(dataset, pub)
    present = set(handling["channel"].dropna())
    for channel in [*(c for c in ORDER if c in present), *sorted(present - set(ORDER))]:
        label = names.get(channel, str(channel))
        ws = wb.create_sheet(_sheet_name(wb, f"{lead}{label}"))
        rows = handling[handling["channel"] == channel]
        title = f"{pub or ''}{period_text(per)}{label}受理情况"
        unbalanced = row_findings(rows, placed_findings(dataset, pub, per, inp))
        workbook.handling_sheet(ws, handling_annex(rows, per, channel), title, unbalanced=unbalanced)
    records = dataset.records[_match(dataset.records, pub, inp, per)]
    if not records.empty:  # counted from a message log: the late messages behind the figures
        ws = wb.create_sheet(_sheet_name(wb, f"{lead}超期明细"))
        if not overdue_sheet(ws, records, dataset.findings, f"{pub or ''}{period_text(per)}超期明细"):
            wb.remove(ws)


def _chosen_tables(dataset: Dataset, selection: list) -> dict[str, pd.DataFrame]:
    """Every tidy table cut to the chosen publishers' periods, findings placed there."""
    tables = {
        name: pd.concat(
            [df[_match(df, pub, inp, per)] for pub, inp, per in selection] or [df.iloc[:0]],
            ignore_index=True,
        )
        for name, df in dataset.tables().items()
        if name != "findings"
    }
    tables["findings"] = pd.concat(
        [placed_findings(dataset, pub, per, inp) for pub, inp, per in selection]
        or [dataset.findings.iloc[:0]],
        ignore_index=True,
    )
    return tables


def _remark(dataset: Dataset, publisher: str | None, period: pd.Period, channel: str) -> str | None:
    """The 备注 the publisher printed under its list of ``channel`` (检查时间3月31日), as
    ``备注：…``; None when it printed none."""
    a = dataset.annexes
    if a.empty:
        return None
    a = a[(a["channel"] == channel) & of_publisher(a, publisher) & a["period"].map(lambda p: p == period)]
    said = next((r for r in a["remark"] if isinstance(r, str) and r.strip()), None)
    if said is None:
        return None
    m = re.match(r"^\s*" + r"\s*".join(REMARK) + r"\s*[:：]?\s*", said)
    return f"{REMARK}：" + (said[m.end() :] if m else said).strip()


def _findings_shown(found: pd.DataFrame) -> pd.DataFrame:
    """The findings as a reader takes them in: 级别, 类别, 说明 and the place in Chinese."""
    return pd.DataFrame(
        {
            "序号": range(1, len(found) + 1),
            "级别": found["severity"].map(lambda s: labels.SEVERITIES.get(s, s)),
            "类别": found["code"].map(lambda c: labels.FINDINGS.get(c, c)),
            "说明": found["message"],
            "位置": found["source"].map(location),
        }
    )


def tidy_sheet(df: pd.DataFrame) -> pd.DataFrame:
    """A tidy table as its workbook sheet: Chinese column names, codes as their Chinese words
    (依申请公开, 政务新媒体, 错误), periods written out (2022年第一季度); counts stay numbers
    and ``source`` in Chinese (:func:`~govstats.source.cited`), which :func:`govstats.load`
    reads back as the exact reference."""
    out = {}
    for column in df.columns:
        words = labels.CODES.get(column)
        values = df[column]
        if words is not None:
            values = values.map(lambda v, w=words: w.get(v, v) if isinstance(v, str) else v)
        elif column == "period":
            values = values.map(lambda v: period_text(v) if isinstance(v, pd.Period) else v)
        elif column == "source":  # 工作表“附件4”第5行, exact enough to read back
            values = values.map(cited)
        out[labels.column(column)] = values.astype(object)
    return pd.DataFrame(out)


def _stem(file: str | None) -> str:
    return Path(file).stem if file else ""


def _selection(
    dataset: Dataset, period: str | pd.Period | None, publisher: str | None
) -> list[tuple[str | None, str | None, pd.Period]]:
    """(publisher, input file when it names none, period) to summarise: the given period or
    each publisher's latest with annex rows (a notice known only by its narrative counts
    when nothing else does)."""
    wanted = parse_period(period) if period is not None else None
    for names in (("handling", "problems"), ("headline", "notices")):
        rows = positions(dataset, names)
        rows = rows[rows["period"].notna()]
        if publisher is not None:
            rows = rows[rows["publisher"] == publisher]
        if wanted is not None:
            rows = rows[rows["period"] == wanted]
        if not rows.empty:
            break
    if rows.empty and (publisher is not None or wanted is not None):
        asked = " ".join(str(x) for x in (publisher, wanted) if x is not None)
        raise UsageError(f"to_excel: nothing in the data for {asked}")
    selection = []
    for (pub, inp), mine in rows.groupby(["publisher", "input"], dropna=False, sort=False)["period"]:
        latest = max(mine, key=lambda p: (p.end_time, p.start_time))
        selection.append((None if pd.isna(pub) else pub, None if pd.isna(inp) else inp, latest))
    return selection


def _match(df: pd.DataFrame, publisher: str | None, input: str | None, period: pd.Period) -> pd.Series:
    if df.empty:
        return pd.Series(False, index=df.index)
    return of_publisher(df, publisher, input) & df["period"].map(lambda p: p == period).astype(bool)


def _sheet_name(wb, wanted: str) -> str:
    """A valid, unused sheet name (Excel allows 31 characters and no ``[]:*?/\\``)."""
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in wanted)[:31] or "sheet"
    name, n = base, 2
    while name in wb.sheetnames:
        name = f"{base[: 31 - len(str(n)) - 1]}_{n}"
        n += 1
    return name
