"""The draft's annexes as the publisher printed them (``dataset.annexes``): its title, its
columns in its order under its headers, its 合计 row only when it printed one, its 备注;
the values from the tidy tables (a column without a contract field from ``extras``).
Data without a printed layout (a reloaded older dataset) is printed as
:mod:`govstats.present.annex` lays it out. Column widths keep short cells (微信订阅号,
标识码, 未提供有效互动渠道) on one line; long names share what is left."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from govstats.analyse.metrics import rates
from govstats.labels import RATES, percent
from govstats.present.annex import handling_annex, problem_annex
from govstats.present.word.layout import TEXT_MM
from govstats.schema import of_publisher
from govstats.vocabulary.tables import REMARK

_CJK_MM, _ASCII_MM, _PAD_MM = 3.75, 2.0, 2.6  # 五号 (10.5 pt): a hanzi, a Latin letter or digit; cell margins
_UNBROKEN_MM = 42.0  # a cell this narrow never wraps; wider names may


@dataclass
class Table:
    """An annex table: ``rows`` of text, each row's ``kinds`` (head, group, unit, total,
    remark) and the columns' ``widths`` in mm."""

    rows: list[list[str]]
    kinds: list[str]
    widths: list[float]


def layout_of(dataset, f, channel: str) -> pd.DataFrame:
    """The printed columns of the publisher's table of ``channel`` (a handling channel or a
    problem list's kind) for the period, in order; empty when none was read."""
    a = getattr(dataset, "annexes", None)
    if a is None or a.empty:
        return pd.DataFrame(columns=["position", "field", "header", "title", "total", "remark"])
    a = a[(a["period"] == f.period) & of_publisher(a, f.publisher) & (a["channel"] == channel)]
    if a.empty:
        return a
    return a[a["source"] == a["source"].iloc[0]].sort_values("position")


def title_of(layout: pd.DataFrame) -> str | None:
    """The printed title without a list number of its own (1.2021年第4季度… → 2021年第4季度…):
    the draft numbers its annexes."""
    if layout.empty or pd.isna(layout["title"].iloc[0]):
        return None
    return re.sub(r"^\d{1,2}\s*[.、．]\s*(?=\D|\d{4}年)", "", str(layout["title"].iloc[0])) or None


def label_number(layout: pd.DataFrame) -> int | None:
    """4 of a table printed as 附件4."""
    if layout.empty or pd.isna(layout["annex_label"].iloc[0]):
        return None
    m = re.search(r"\d+", str(layout["annex_label"].iloc[0]))
    return int(m.group()) if m else None


def _text(value: object) -> str:
    if value is None or pd.isna(value):
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _remark(layout: pd.DataFrame) -> list[str] | None:
    """``备注 检查时间3月31日`` → [备注, 检查时间3月31日]."""
    said = layout["remark"].iloc[0]
    if pd.isna(said):
        return None
    m = re.match(r"^\s*(" + r"\s*".join(REMARK) + r")\s*[:：]?\s*(.*)$", str(said), re.S)
    return [m.group(1), m.group(2)] if m else ["", str(said)]


def _extra(dataset, rows: pd.DataFrame, key: str) -> dict[tuple[str, str], str]:
    e = dataset.extras
    e = e[e["source"].str.rsplit(",", n=1).str[0].isin(set(rows["source"].str.rsplit(",", n=1).str[0]))]
    return {(str(r[key]), str(r["header"])): str(r["value"]) for r in e.to_dict("records")}


def _cells(layout, rec: dict, seq: int, extra: dict, key: str) -> list[str]:
    out = []
    for field, header in zip(layout["field"], layout["header"], strict=True):
        if field == "seq":
            out.append(str(seq))
        elif field in RATES:
            out.append(percent(rec.get(field)) if pd.notna(rec.get(field)) else "")
        elif field == "pending_beside":  # printed beside 超期未办结, read as their sum
            both = [rec.get("pending"), rec.get("overdue_pending")]
            out.append("" if any(pd.isna(v) for v in both) else _text(both[0] - both[1]))
        elif field in ("extra", "unknown"):
            out.append(extra.get((str(rec.get(key)), str(header)), ""))
        else:
            out.append(_text(rec.get(field)))
    return out


def handling_table(dataset, f, channel: str) -> Table:
    """A channel's annex: units in the printed order under their printed group rows, 序号
    per group."""
    h = dataset.handling
    h = h[(h["period"] == f.period) & of_publisher(h, f.publisher) & (h["channel"] == channel)]
    layout = layout_of(dataset, f, channel)
    if layout.empty:
        return _default_handling(h, f, channel)
    width = len(layout)
    rows, kinds = [list(layout["header"])], ["head"]
    extra, seq, tier = _extra(dataset, h, "unit"), 0, object()
    r = rates(h)  # row for row, in the printed order
    for rec in (r.assign(tier_raw=h["tier_raw"].to_numpy()) if len(r) == len(h) else h).to_dict("records"):
        if rec["tier_raw"] != tier and pd.notna(rec["tier_raw"]):
            rows.append([str(rec["tier_raw"])] * width)
            kinds.append("group")
            seq = 0
        tier, seq = rec["tier_raw"], seq + 1
        rows.append(_cells(layout, rec, seq, extra, "unit"))
        kinds.append("unit")
    if pd.notna(layout["total"].iloc[0]):
        total = rates(h, by=["channel"]).iloc[0].to_dict() | {"unit": layout["total"].iloc[0]}
        cells = _cells(layout, total, 0, {}, "unit")
        rows.append(
            [
                layout["total"].iloc[0] if fl in ("seq", "unit") else c
                for fl, c in zip(layout["field"], cells, strict=True)
            ]
        )
        kinds.append("total")
    if remark := _remark(layout):
        rows.append([remark[0]] + [remark[1]] * (width - 1))
        kinds.append("remark")
    return Table(rows, kinds, widths(rows, kinds))


def problem_table(dataset, f, kind: str) -> Table:
    """A problem list under its printed columns, rows in the printed order."""
    layout = layout_of(dataset, f, kind)
    p = f.problems[f.problems["kind"] == kind]
    if layout.empty:
        annex = problem_annex(f.problems, kind)
        rows = [annex.headers, *annex.rows]
        kinds = ["head"] + ["unit"] * len(annex.rows)
        return Table(rows, kinds, widths(rows, kinds))
    extra = _extra(dataset, p, "name")
    rows = [list(layout["header"])]
    rows += [_cells(layout, rec, i, extra, "name") for i, rec in enumerate(p.to_dict("records"), start=1)]
    kinds = ["head"] + ["unit"] * len(p)
    if remark := _remark(layout):
        rows.append([remark[0]] + [remark[1]] * (len(layout) - 1))
        kinds.append("remark")
    return Table(rows, kinds, widths(rows, kinds))


def _default_handling(h: pd.DataFrame, f, channel: str) -> Table:
    """No printed layout: 序号, 受理单位, the counts the data has, 合计, 统计时间."""
    annex = handling_annex(h, f.period, channel)
    counts = [c for c in annex.fields if c not in annex.rates]
    headers = annex.headers[: 2 + len(counts)]
    rows, kinds = [headers], ["head"]
    for kind, value in annex.rows:
        if kind == "group":
            rows.append([value] * len(headers))
        else:
            lead = ["合计", "合计"] if kind == "total" else [str(value["seq"]), str(value["unit"])]
            rows.append(lead + [_text(value.get(c)) for c in counts])
        kinds.append(kind)
    rows.append(["备注", f"统计时间：{annex.window}"] + [f"统计时间：{annex.window}"] * (len(headers) - 2))
    kinds.append("remark")
    return Table(rows, kinds, widths(rows, kinds))


def _mm(text: str) -> float:
    longest = max((line for line in text.split("\n")), key=len, default="")
    return sum(_ASCII_MM if ord(ch) < 0x2E80 else _CJK_MM for ch in longest) + _PAD_MM


def widths(rows: list[list[str]], kinds: list[str], total: float = TEXT_MM) -> list[float]:
    """Each column as wide as its longest cell (header and rows; group and remark rows span
    the table), short columns never narrower than that; what is left shared by the long
    ones in proportion."""
    cells = [r for r, k in zip(rows, kinds, strict=True) if k in ("head", "unit", "total")]
    need = [max(_mm(r[c]) for r in cells) for c in range(len(rows[0]))]
    head = [_mm(rows[0][c]) for c in range(len(rows[0]))]
    need = [max(n, min(h, _UNBROKEN_MM)) for n, h in zip(need, head, strict=True)]
    if sum(need) <= total:
        return [n * total / sum(need) for n in need]
    short = [n <= _UNBROKEN_MM for n in need]
    fixed = sum(n for n, s in zip(need, short, strict=True) if s)
    long = sum(n for n, s in zip(need, short, strict=True) if not s)
    if fixed >= total or not long:
        return [n * total / sum(need) for n in need]
    return [n if s else n * (total - fixed) / long for n, s in zip(need, short, strict=True)]


def write(doc, table: Table) -> None:
    """An annex table in Word: group rows across the table, 备注 beside its text, 合计 bold."""
    t = _word_table(doc, table.rows, table.widths)
    last = len(table.widths) - 1
    for r, kind in enumerate(table.kinds):
        if kind == "group":
            _merge_row(t, r, 0, last, table.rows[r][0], align_left=True)
        elif kind == "remark" and last >= 1:
            _merge_row(t, r, 1, last, table.rows[r][1], align_left=True)
        elif kind == "total":
            if table.rows[r][0] == table.rows[r][1]:
                _merge_row(t, r, 0, 1, table.rows[r][0])
            _bold_row(t, r)


def _word_table(doc, rows: list[list[str]], widths_mm: list[float], *, header_rows: int = 1):
    """A bordered table of ``rows`` (strings) in the annex style: header rows in 黑体,
    repeated at the top of every page; rows never split across pages."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    t = doc.add_table(rows=len(rows), cols=len(widths_mm))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _borders(t, sum(widths_mm))
    for r, values in enumerate(rows):
        row = t.rows[r]
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r < header_rows:
            head = OxmlElement("w:tblHeader")
            head.set(qn("w:val"), "true")
            tr_pr.append(head)
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = Mm(widths_mm[c])
            p = cell.paragraphs[0]
            p.style = doc.styles["GS 表头" if r < header_rows else "GS 表格"]
            for n, line in enumerate(value.split("\n")):  # a header printed on two lines
                if n:
                    p.runs[-1].add_break()
                p.add_run(line)
    for c, w in enumerate(widths_mm):
        t.columns[c].width = Mm(w)
    return t


def _borders(t, width_mm: float) -> None:
    """Single black borders all round and inside, the table as wide as its columns (the
    elements in the order the schema wants, after python-docx's own fixed layout)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    tbl_pr = t._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            el.set(qn(k), v)
        borders.append(el)
    tbl_pr.find(qn("w:tblLayout")).addprevious(borders)
    margins = OxmlElement("w:tblCellMar")  # 1 mm each side: numbers fit narrow columns
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(int(Mm(1).twips)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.find(qn("w:tblLayout")).addnext(margins)
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(int(Mm(width_mm).twips)))


def _merge_row(t, r: int, first: int, last: int, text: str, *, align_left: bool = False):
    """Cells ``first``..``last`` of row ``r`` merged, holding ``text``; returns the cell."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell = t.cell(r, first).merge(t.cell(r, last))
    for p in cell.paragraphs[1:]:
        p._p.getparent().remove(p._p)
    p = cell.paragraphs[0]
    for run in p.runs[1:]:
        run._r.getparent().remove(run._r)
    if p.runs:
        p.runs[0].text = text
    else:
        p.add_run(text)
    if align_left:
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return cell


def _bold_row(t, r: int) -> None:
    for cell in t.rows[r].cells:
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
