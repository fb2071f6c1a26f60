"""Export a :class:`~govstats.Dataset` for people and tools: an Excel workbook laid out
like the notice's annexes (plus the tidy tables), or every table as CSV / Parquet.

Text is neutralised against formula injection and every file is written atomically.
openpyxl is imported only inside the functions that build a workbook.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from govstats import labels
from govstats.analyse.channels import channel_names
from govstats.dataset.scoping import findings_of, positions
from govstats.dataset.writing import atomic_write, neutralise_formula, write_tables
from govstats.errors import UsageError
from govstats.labels import period_text
from govstats.notice.periods import parse_period
from govstats.present.annex import HandlingAnnex, handling_annex
from govstats.schema import of_publisher

if TYPE_CHECKING:
    from govstats.dataset import Dataset

PathLike = str | os.PathLike

_PROBLEM_COLUMNS = (
    ("publisher", "发布单位"),
    ("period", "期间"),
    ("kind", "类别"),
    ("unit", "单位"),
    ("account_type", "账号类型"),
    ("name", "名称"),
    ("site_code", "网站标识码"),
    ("url", "首页网址"),
    ("problem", "主要存在问题"),
    ("source", "来源"),
)
_FINDING_COLUMNS = (
    ("severity", "级别"),
    ("code", "类型"),
    ("message", "说明"),
    ("file", "文件"),
    ("sheet", "工作表"),
    ("row", "行"),
    ("column", "列"),
    ("source", "来源"),
)
_SEVERITY_NAMES = {"error": "错误", "warning": "警告"}
PERCENT = "0.0%"
PROBLEMS_SHEET = "问题网站与新媒体"
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

    Sheets: per publisher and channel a summary laid out like the notice's annex (title,
    Chinese header, group rows, 合计, 备注 with the statistics window); 问题网站与新媒体
    (problems); 数据核查 (findings); then each tidy table as it is. ``period`` defaults to
    each publisher's latest period (cities may publish on different calendars); with
    several publishers each gets its own summary sheets, named ``<publisher><channel>``
    (an input file that names no city is a publisher of its own, ``未注明…``). ``publisher``
    and ``period`` keep that publisher's and period's rows and findings in every sheet;
    without them the tidy sheets hold everything (loading the workbook gives them back).
    Counts the source table lacks stay empty, never 0.
    """
    from openpyxl import Workbook

    selection = _selection(dataset, period, publisher)
    wb = Workbook()
    wb.remove(wb.active)
    several = len(selection) > 1
    for pub, inp, per in selection:
        handling = dataset.handling[_match(dataset.handling, pub, inp, per)]
        names = channel_names(dataset, pub)
        who = pub or f"未注明{_stem(inp)}"
        for channel in pd.unique(handling["channel"].dropna()):
            label = names.get(channel, str(channel))
            name = _sheet_name(wb, f"{who}{label}" if several or pub is None else label)
            rows = handling[handling["channel"] == channel]
            _summary_sheet(wb.create_sheet(name), rows, pub, per, channel, label)
    chosen = publisher is not None or period is not None
    if chosen:  # every sheet of this publisher's period only
        tables = {
            name: pd.concat(
                [df[_match(df, pub, inp, per)] for pub, inp, per in selection] or [df.iloc[:0]],
                ignore_index=True,
            )
            for name, df in dataset.tables().items()
            if name != "findings"
        }
        tables["findings"] = pd.concat(
            [findings_of(dataset, pub, per, inp) for pub, inp, per in selection]
            or [dataset.findings.iloc[:0]],
            ignore_index=True,
        )
    else:
        tables = dataset.tables()
        tables["problems"] = pd.concat(
            [tables["problems"][_match(tables["problems"], pub, inp, per)] for pub, inp, per in selection]
            or [tables["problems"].iloc[:0]]
        )
    _labelled_sheet(wb.create_sheet(PROBLEMS_SHEET), _problem_rows(tables["problems"]), _PROBLEM_COLUMNS)
    found = tables["findings"]
    findings = found.assign(
        severity=found["severity"].map(lambda s: _SEVERITY_NAMES.get(s, s)),
        code=found["code"].map(lambda c: labels.FINDINGS.get(c, c)),
    )
    _labelled_sheet(wb.create_sheet(FINDINGS_SHEET), findings, _FINDING_COLUMNS)
    if not chosen:
        tables = dataset.tables()
    for name, df in tables.items():
        _labelled_sheet(
            wb.create_sheet(_sheet_name(wb, name)), df, tuple((c, c) for c in df.columns), numbered=False
        )
    return atomic_write(Path(path), wb.save)


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


def _summary_sheet(
    ws, handling: pd.DataFrame, publisher: str | None, period: pd.Period, channel: str, label: str
) -> None:
    """One annex-style table: title, header, group rows, units in print order, 合计, 备注."""
    annex = handling_annex(handling, period, channel)
    width = len(annex.headers)
    title = f"{publisher or ''}{period_text(period)}{label}受理情况"
    _merged_row(ws, 1, title, width, bold=True, size=14)
    ws.row_dimensions[1].height = 30
    _header_row(ws, 2, annex.headers)
    row, skip = 3, {1}
    for kind, value in annex.rows:
        if kind == "group":
            _merged_row(ws, row, value, width, bold=True, align="left")
            skip.add(row)
        elif kind == "unit":
            _data_row(ws, row, [value["seq"], value["unit"]], value, annex)
        else:
            _data_row(ws, row, ["合计", None], value, annex, bold=True)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        row += 1
    _merged_row(ws, row, f"备注:统计时间:{annex.window}", width, align="left")
    ws.freeze_panes = "A3"
    _widths(ws, width, skip_rows={*skip, row})


def _data_row(ws, row: int, lead: list, rec: dict, annex: HandlingAnnex, bold: bool = False) -> None:
    from openpyxl.styles import Font

    values = [*lead, *(rec.get(f) for f in annex.fields)]
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=_cell(value))
        _border(cell)
        if col > len(lead) + len(annex.fields) - len(annex.rates):
            cell.number_format = PERCENT
        if bold:
            cell.font = Font(bold=True)


def _merged_row(
    ws,
    row: int,
    text: str,
    width: int,
    *,
    bold: bool = False,
    size: float | None = None,
    align: str = "center",
) -> None:
    from openpyxl.styles import Alignment, Font

    cell = ws.cell(row=row, column=1, value=_cell(text))
    cell.font = Font(bold=bold, size=size)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _header_row(ws, row: int, headers: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        _border(cell)


def _border(cell) -> None:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="999999")
    cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)


def _problem_rows(problems: pd.DataFrame) -> pd.DataFrame:
    return problems.assign(kind=problems["kind"].map(lambda k: labels.KINDS.get(k, k)))


def _labelled_sheet(
    ws, df: pd.DataFrame, columns: tuple[tuple[str, str], ...], *, numbered: bool = True
) -> None:
    """``df``'s ``columns`` under their labels, a 序号 first when ``numbered``; header frozen."""
    headers = (["序号"] if numbered else []) + [label for _, label in columns]
    _header_row(ws, 1, headers)
    fields = [f for f, _ in columns]
    for i, rec in enumerate(df[fields].itertuples(index=False), start=1):
        values = ([i] if numbered else []) + list(rec)
        for col, value in enumerate(values, start=1):
            ws.cell(row=i + 1, column=col, value=_cell(value))
    ws.freeze_panes = "A2"
    _widths(ws, len(headers))


def _cell(value: object) -> object:
    """A value openpyxl stores as data: NA → empty, periods as text, text neutralised."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Period):
        return str(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, str):
        # control characters go first: "\x01=…" must not become a formula once stripped
        return neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, float) and value != value:  # NaN
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _cell(value.item())
    return value


def _text_width(value: object) -> int:
    if value is None:
        return 0
    text = f"{value:.1%}" if isinstance(value, float) else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)  # CJK takes two columns


def _widths(ws, ncols: int, skip_rows: set[int] = frozenset()) -> None:
    """Columns as wide as their longest cell (titles and remarks span merged cells)."""
    from openpyxl.utils import get_column_letter

    widest = [4] * ncols
    for row in ws.iter_rows(min_row=1, max_col=ncols):
        for cell in row:
            if cell.row not in skip_rows:
                widest[cell.column - 1] = max(widest[cell.column - 1], _text_width(cell.value))
    for i, w in enumerate(widest, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(w + 2, 60)
