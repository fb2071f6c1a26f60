"""The quarter's notice (通报) drafted as a Word document from the
validated data: title, addressees, 一、总体情况, 二、主要问题, 下一步工作要求 for the author
to write, the annexes as Word tables, and a reviewer's note listing the data's own errors
(also as Word comments where they sit). One publisher and one period, never mixed.

python-docx writes the document (imported inside the functions)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from govstats import labels
from govstats.analyse import wording
from govstats.analyse.drafting import Facts, facts
from govstats.analyse.review import review_findings
from govstats.errors import UnreadableInputError, UsageError
from govstats.labels import period_text
from govstats.outputs import atomic_write
from govstats.present.word import annexes, layout, sections, text
from govstats.present.word.faces import choose_faces
from govstats.read.document import read_input
from govstats.read.safety import check_zip
from govstats.safe import xml_text
from govstats.schema import of_publisher
from govstats.source import Source, file_name_text


@dataclass(frozen=True)
class Draft:
    """A written draft: where, of whom and when, its title, the faces per role, the
    reviewer's note as (heading, lines) and where that note was written (a document of
    its own beside the draft, so that the draft is the notice as sent)."""

    path: Path
    publisher: str | None
    period: pd.Period
    title: str
    fonts: list[str]
    review: list[tuple[str, list[str]]]
    review_path: Path


def review_path(path: Path) -> Path:
    """``通报.docx`` → ``通报-审核提示.docx``."""
    return path.with_name(f"{path.stem}-审核提示{path.suffix or '.docx'}")


def draft(
    dataset,
    period: str | pd.Period | None = None,
    publisher: str | None = None,
    path: str | Path = "通报.docx",
    *,
    template: str | Path | None = None,
) -> Draft:
    """Write the notice of ``publisher`` for ``period``, drafted from ``dataset``, as a Word
    document, and its reviewer's note beside it (:func:`review_path`).

    Parameters
    ----------
    dataset : Dataset
        What was loaded.
    period : str or pandas.Period, optional
        The period; the latest by default.
    publisher : str, optional
        The city; the only one of that period by default.
    path : str or pathlib.Path, default "通报.docx"
        Where to write it.
    template : str or pathlib.Path, optional
        An office's own .docx/.dotx: its letterhead, page and styles are kept.

    Returns
    -------
    Draft
        The path written, the publisher and period, the title, the fonts chosen and
        ``review`` (what a reviewer must check).

    Raises
    ------
    ValueError
        When several publishers share the period and none is given, or there is no data.
    """
    dataset = dataset.for_xml("Word文档")  # what a .docx cannot hold is dropped, and said
    publisher = xml_text(publisher) if publisher else publisher
    f = facts(dataset, period, publisher)
    if f.empty:
        who = f"（{f.publisher}）" if f.publisher else ""
        raise ValueError(f"{period_text(f.period)}{who}没有可写入通报的数字或名单")
    faces = choose_faces()
    doc = _template(Path(template), faces) if template else layout.new_document(None, faces)
    who, who_note = text.issuer(dataset, f)
    to, to_note = text.addressees(dataset, f)
    listed = text.annexes(dataset, f)
    before = wording.previous(dataset, f.publisher, f.period)
    own = wording.own(dataset, f.publisher, f.period)
    m = dataset.mentions
    mentions = m[(m["period"] == f.period) & of_publisher(m, f.publisher)]
    refs = [text.annex_label(listed, i) for i, a in enumerate(listed) if a.kind]

    title = _title(doc, who, f)
    doc.add_paragraph("", style="Normal")
    doc.add_paragraph(f"{to}：", style="GS 主送")
    _opening(doc, f, before)
    found = sections.sections(f, text.scope(f), refs, own, before, mentions)
    for n, section in enumerate(found):
        doc.add_paragraph(f"{_CN[n]}、{section.heading}", style="Heading 1")
        sub = 0
        for part in section.parts:
            sub += _part(doc, part, sub, faces["heading2"].name)
    _annex_list(doc, listed)
    if who:
        doc.add_paragraph("", style="Normal")
        doc.add_paragraph(who, style="GS 署名")
    layout.highlight(doc.add_paragraph(style="GS 署名").add_run(text.DATE_TO_WRITE))
    _annex_pages(doc, dataset, f, listed)
    fonts = [face.describe() for face in faces.values()]
    mine, unplaced = review_findings(dataset, f.publisher, f.period)
    said = [*_scoped_by(dataset, f), who_note, to_note, *_proposals(before, own, found)]
    note = text.review(f, mine, unplaced, said, fonts)
    out = atomic_write(Path(path), lambda tmp: doc.save(str(tmp)))
    aside = _review(layout.new_document(None, faces), title, note, review_path(out))
    return Draft(out, f.publisher, f.period, title, fonts, note, aside)


def _title(doc, who: str | None, f: Facts) -> str:
    """The title in as few lines as hold it, broken only between words (GB/T 9704 §7.3.1:
    回行时词意完整): 及 begins a line, 、 ends one; the longest line as short as can be.
    Returns the title as one line."""
    subject = re.split(r"(?<=、)|(?=[及和与])", text.subject(f))
    words = [*([who] if who else []), f"关于{period_text(f.period)}", *subject[:-1], subject[-1] + "的通报"]
    p = doc.add_paragraph(style="Title")
    for n, line in enumerate(layout.title_lines(words)):
        if n:
            p.runs[-1].add_break()
        p.add_run(line)
    return "".join(words)


def _opening(doc, f: Facts, before) -> None:
    """The previous notice's opening, its period moved on and highlighted; else 现将…通报如下."""
    if before is None or not before.opening:
        doc.add_paragraph(f"现将{period_text(f.period)}{text.subject(f)}通报如下：", style="Normal")
        return
    for line in before.opening:
        said = wording.carried(line, before.period, f.period)
        layout.highlight(doc.add_paragraph(style="Normal").add_run(said))


def _annex_pages(doc, dataset, f: Facts, listed: list[text.Annex]) -> None:
    """Each annex on a page of its own: 附件N, its title, its table."""
    for i, annex in enumerate(listed):
        layout.page_break(doc)
        doc.add_paragraph(text.annex_label(listed, i), style="GS 附件标识")
        doc.add_paragraph(annex.title, style="GS 附件标题")
        doc.add_paragraph("", style="GS 表格")
        if annex.kind:
            annexes.write(doc, annexes.problem_table(dataset, f, annex.kind))
        else:
            annexes.write(doc, annexes.handling_table(dataset, f, annex.channel))


def _part(doc, part: sections.Part, sub: int, lead_face: str) -> int:
    """A paragraph of a section: its lead numbered (（一）…。) in the second-level face;
    proposals and blanks highlighted for the author. Returns 1 when it had a lead."""
    p = doc.add_paragraph(style="Normal")
    if part.lead:
        run = p.add_run(f"（{_CN[sub]}）{part.lead}。")
        layout.set_face(run._r.get_or_add_rPr(), lead_face)
    run = p.add_run(part.text)
    if part.kind != "p":
        layout.highlight(run)
    return 1 if part.lead else 0


def _proposals(before, own, found: list[sections.Section]) -> list[str]:
    """Where the highlighted paragraphs came from, and the problem paragraphs."""
    out = []
    if own is not None and own.role("problems") and own.role("problems").paragraphs:
        out.append(f"主要问题中按原文分组的段落取自{own.where}，附件名单和办结率偏低的单位取自本期数据")
    if before is None:
        return [*out, "无上期通报可参照：开头、总体评价、主要成效和下一步工作要求为待起草的空白（已标黄）"]
    proposed = [s.heading for s in found if any(p.kind == "proposed" for p in s.parts)]
    return [
        *out,
        f"开头语、{'、'.join(proposed) or '（无）'}中标黄的段落取自{before.where}原文"
        "（统计期已改为本期），请按本期情况修改；未标黄的数字和名单取自本期数据",
    ]


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


def _annex_list(doc, annexes: list[text.Annex]) -> None:
    """附件：1.… under the body, later items aligned with the first (GB/T 9704 §7.3.4)."""
    from docx.shared import Pt

    if not annexes:
        return
    doc.add_paragraph("", style="Normal")
    for i, annex in enumerate(annexes):
        number = "" if len(annexes) == 1 else f"{i + 1}."
        p = doc.add_paragraph(("附件：" if i == 0 else "") + number + annex.title, style="Normal")
        p.paragraph_format.keep_with_next = i < len(annexes) - 1  # the list on one page
        if i:
            p.paragraph_format.first_line_indent = None
            p.paragraph_format.left_indent = Pt(5 * 16)


def _review(doc, title: str, note: list[tuple[str, list[str]]], path: Path) -> Path:
    """The reviewer's note as a document of its own: what to check before sending."""
    doc.add_paragraph("审核提示", style="Title")
    doc.add_paragraph(f"（{title}，供起草人核对，不随文印发）", style="GS 附件标题")
    doc.add_paragraph("", style="GS 表格")
    for n, (heading, lines) in enumerate(note):
        doc.add_paragraph(f"{_CN[n]}、{heading}", style="Heading 1")
        for line in lines:
            doc.add_paragraph(line, style="GS 提示")
    return atomic_write(path, lambda tmp: doc.save(str(tmp)))


__all__ = ["Draft", "draft", "review_path"]
