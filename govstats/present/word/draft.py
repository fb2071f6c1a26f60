"""The quarter's notice (通报) drafted as a Word document from the
validated data: title, addressees, 一、总体情况, 二、主要问题, 下一步工作要求 for the author
to write, the annexes as Word tables, and a reviewer's note listing the data's own errors
(also as Word comments where they sit). One publisher and one period, never mixed.

python-docx writes the document (imported inside the functions)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from govstats import labels
from govstats.analyse.drafting import Facts, facts
from govstats.analyse.review import findings_of, row_findings
from govstats.errors import UnreadableInputError, UsageError
from govstats.labels import RATES, percent, period_text
from govstats.outputs import atomic_write
from govstats.present.annex import handling_annex, problem_annex
from govstats.present.word import layout, text
from govstats.read.document import read_input
from govstats.read.safety import check_zip
from govstats.safe import xml_text
from govstats.schema import of_publisher
from govstats.source import Source, file_name_text
from govstats.terminal import width

AUTHOR = "govstats"


@dataclass(frozen=True)
class Draft:
    """A written draft: where, of whom and when, its title, the faces used per role, and
    the reviewer's note as (heading, lines)."""

    path: Path
    publisher: str | None
    period: pd.Period
    title: str
    fonts: list[str]
    review: list[tuple[str, list[str]]]


def draft(
    dataset,
    period: str | pd.Period | None = None,
    publisher: str | None = None,
    path: str | Path = "通报.docx",
    *,
    template: str | Path | None = None,
) -> Draft:
    """Write the notice of ``publisher`` for ``period`` drafted from ``dataset`` as a Word
    document at ``path``. ``period`` defaults to the latest, ``publisher`` to the only one
    of that period (``ValueError`` when several, or no data). ``template`` is an office's
    own .docx/.dotx: its letterhead, page and styles are kept."""
    dataset = dataset.for_xml("Word文档")  # what a .docx cannot hold is dropped, and said
    publisher = xml_text(publisher) if publisher else publisher
    f = facts(dataset, period, publisher)
    if f.empty:
        who = f"（{f.publisher}）" if f.publisher else ""
        raise ValueError(f"{period_text(f.period)}{who}没有可写入通报的数字或名单")
    faces = layout.choose_faces()
    doc = _template(Path(template), faces) if template else layout.new_document(None, faces)
    who, who_note = text.issuer(dataset, f)
    to, to_note = text.addressees(dataset, f)
    annexes = text.annexes(f)
    title = f"{who or ''}关于{period_text(f.period)}{text.subject(f)}的通报"
    mine, unplaced = findings_of(dataset, f.publisher, f.period)

    doc.add_paragraph(title, style="Title")
    doc.add_paragraph("", style="Normal")
    doc.add_paragraph(f"{to}：", style="GS 主送")
    doc.add_paragraph(f"现将{period_text(f.period)}{text.subject(f)}通报如下：", style="Normal")
    for n, section in enumerate(text.sections(f, annexes)):
        doc.add_paragraph(f"{_CN[n]}、{section.heading}", style="Heading 1")
        sub = 0
        for kind, body in section.parts:
            if kind == "h2":
                doc.add_paragraph(f"（{_CN[sub]}）{body}", style="Heading 2")
                sub += 1
            elif kind == "todo":
                layout.highlight(doc.add_paragraph(style="Normal").add_run(body))
            else:
                _paragraph(doc, f, body)
    _annex_list(doc, annexes)
    if who:
        doc.add_paragraph("", style="Normal")
        doc.add_paragraph(who, style="GS 署名")
    layout.highlight(doc.add_paragraph(style="GS 署名").add_run(text.DATE_TO_WRITE))
    for i, annex in enumerate(annexes):
        layout.page_break(doc)
        doc.add_paragraph(text.annex_label(annexes, i), style="GS 附件标识")
        doc.add_paragraph(annex.title, style="GS 附件标题")
        doc.add_paragraph("", style="GS 表格")
        if annex.kind:
            _problem_table(doc, f.problems, annex.kind)
        else:
            _handling_table(doc, dataset, f, annex.channel, mine)
    fonts = [face.describe() for face in faces.values()]
    note = text.review(f, mine, unplaced, [*_scoped_by(dataset, f), who_note, to_note], fonts)
    _review(doc, note)
    out = atomic_write(Path(path), lambda tmp: doc.save(str(tmp)))
    return Draft(out, f.publisher, f.period, title, fonts, note)


_CN = [*"一二三四五六七八九十", *(f"十{d}" for d in "一二三四五六七八九")]


def _scoped_by(dataset, f: Facts) -> list[str]:
    """Where the rows' publisher and period were read (the loader's publisher_source and
    period_source), so that the choice of city and quarter is never silent."""
    rows = [
        t[(t["period"] == f.period) & of_publisher(t, f.publisher)]
        for t in (dataset.handling, dataset.problems, dataset.headline)
    ]
    out = []
    for column, what, value in (
        ("publisher_source", "发布单位", f.publisher),
        ("period_source", "统计期", f.period),
    ):
        seen = sorted({labels.SOURCES.get(str(v), str(v)) for t in rows for v in t[column].dropna()})
        if seen and value is not None:
            out.append(f"{what}“{period_text(value) if what == '统计期' else value}”取自：{'；'.join(seen)}")
    return out


def _template(path: Path, faces: dict):
    """The document made from the office's template: opened with the guards an input gets
    (a regular file of bounded size, a zip whose parts are no bomb and declare no XML
    entities); a .dotx is a .docx with another content type. Anything python-docx cannot
    use is a template that is no .docx (:class:`UsageError`, naming the file)."""
    shown = file_name_text(str(path))

    def refused(why: str) -> UsageError:
        return UsageError(f"模板不可用：{why}", Source(shown))

    try:
        data = read_input(path, shown)
        if not data.startswith(b"PK\x03\x04"):
            raise refused("不是Word .docx/.dotx文件（.doc、.wps须先在Word或WPS中另存为.docx）")
        with check_zip(data, shown) as z:
            items = {name: z.read(name) for name in z.namelist()}
    except UnreadableInputError as exc:
        raise refused(exc.reason) from None
    types = items.get("[Content_Types].xml", b"")
    if b"wordprocessingml.document.main" not in types and b"wordprocessingml.template.main" not in types:
        raise refused("不是Word文档（没有Word正文部件）")
    items["[Content_Types].xml"] = types.replace(b"template.main+xml", b"document.main+xml")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, part in items.items():
            z.writestr(name, part)
    out.seek(0)
    try:
        return layout.new_document(out, faces)
    except (KeyboardInterrupt, MemoryError):
        raise
    except Exception as exc:  # a part python-docx needs is missing or damaged
        raise refused(f"Word无法按此模板排版（{type(exc).__name__}: {str(exc)[:120]}）") from None


def _paragraph(doc, f: Facts, body: str) -> None:
    """A body paragraph; a channel's sentence whose narrative stated another total gets a
    Word comment saying so."""
    p = doc.add_paragraph(style="Normal")
    run = p.add_run(body)
    for c in f.channels:
        if c.stated is not None and body.startswith(c.sentence()):
            doc.add_comment(
                run,
                f"原通报正文为{c.stated:g}{c.unit}，附件明细合计为{c.counts['received']:g}{c.unit}：本稿按附件合计，请核实。",
                author=AUTHOR,
                initials="GS",
            )


def _annex_list(doc, annexes: list[text.Annex]) -> None:
    """附件：1.… under the body, later items aligned with the first (GB/T 9704 §7.3.4)."""
    from docx.shared import Pt

    if not annexes:
        return
    doc.add_paragraph("", style="Normal")
    for i, annex in enumerate(annexes):
        number = "" if len(annexes) == 1 else f"{i + 1}."
        p = doc.add_paragraph(("附件：" if i == 0 else "") + number + annex.title, style="Normal")
        if i:
            p.paragraph_format.first_line_indent = None
            p.paragraph_format.left_indent = Pt(5 * 16)


def _widths(columns: list[list[str]], total: float = 156.0, first: float = 12.0) -> list[float]:
    """Column widths in mm: 序号 narrow, the others by their longest cell (CJK counts twice)."""
    weights = [max(4, min(30, max(width(v) for v in col))) for col in columns]
    rest = total - first
    return [first, *(rest * w / sum(weights) for w in weights)]


def _problem_table(doc, problems: pd.DataFrame, kind: str) -> None:
    annex = problem_annex(problems, kind)
    rows = [annex.headers, *annex.rows]
    layout.table(doc, rows, _widths([list(col) for col in zip(*rows, strict=True)][1:]))


def _cell(value: object, rate: bool) -> str:
    if value is None or pd.isna(value):
        return ""
    return percent(value) if rate else f"{value:g}" if isinstance(value, float) else str(value)


def _handling_table(doc, dataset, f: Facts, channel: str, mine: pd.DataFrame) -> None:
    """A channel's annex as offices print it, with the 备注 row; a row the data's checks
    found wrong is kept as printed and carries a Word comment naming the finding."""
    h = dataset.handling
    h = h[(h["period"] == f.period) & of_publisher(h, f.publisher) & (h["channel"] == channel)]
    annex = handling_annex(h, f.period, channel)
    # one rate column, the one the prose goes by (the workbook shows both)
    rate = next(c.rate for c in f.channels if c.channel == channel)
    counts = [c for c in annex.fields if c not in annex.rates]
    fields = counts + ([rate] if rate else [])
    headers = [*annex.headers[: 2 + len(counts)], *([RATES[rate]] if rate else [])]
    width = len(headers)
    rows: list[list[str]] = [headers]
    kinds: list[tuple[str, object]] = [("head", None)]
    for kind, value in annex.rows:
        if kind == "group":
            rows.append([value] + [""] * (width - 1))
        else:
            lead = ["合计", ""] if kind == "total" else [str(value["seq"]), str(value["unit"])]
            rows.append(lead + [_cell(value.get(c), c in annex.rates) for c in fields])
        kinds.append((kind, value))
    remark = f"备注：序号按受理数由多到少排列；统计时间：{annex.window}"
    rows.append([remark] + [""] * (width - 1))
    kinds.append(("remark", None))
    numbers = (156.0 - 12 - 40) / (width - 2)
    t = layout.table(doc, rows, [12.0, 40.0, *[numbers] * (width - 2)])
    flagged = row_findings(h, mine)
    for r, (kind, value) in enumerate(kinds):
        if kind in ("group", "remark"):
            layout.merge_row(t, r, 0, width - 1, rows[r][0], align_left=True)
        elif kind == "total":
            layout.merge_row(t, r, 0, 1, "合计")
            layout.bold_row(t, r)
        if kind == "unit" and (notes := flagged.get(value["unit"])):
            run = t.cell(r, 1).paragraphs[0].runs[0]
            doc.add_comment(run, "；".join(notes) + "（按原表照录）", author=AUTHOR, initials="GS")


def _review(doc, note: list[tuple[str, list[str]]]) -> None:
    layout.page_break(doc)
    layout.highlight(doc.add_paragraph(style="GS 附件标题").add_run("审核提示（供起草人核对，印发前删除）"))
    doc.add_paragraph("", style="GS 表格")
    for n, (heading, lines) in enumerate(note):
        doc.add_paragraph(f"{_CN[n]}、{heading}", style="Heading 1")
        for line in lines:
            doc.add_paragraph(line, style="GS 提示")


__all__ = ["Draft", "draft"]
