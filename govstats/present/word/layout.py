"""The page and type of a party-and-government document (GB/T 9704-2012) in python-docx:
A4 with the standard's margins, title in a 小标宋-style face, body 仿宋 三号, first-level
headings 黑体, second-level 楷体, page numbers “— 1 —” outside on odd and even pages,
annex tables with a header row repeated on every page. Each face falls back to one the
machine has (:data:`FACES`); an office's template keeps its own styles and page.

python-docx is imported inside the functions: ``import govstats`` stays light."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govstats.present.fonts import find_family

FACES: dict[str, tuple[tuple[str, ...], ...]] = {
    # role: faces in order of preference, each (name written in the document, names its
    # font file may report); the GB/T 9704 faces first, then what Windows, macOS and Linux
    # machines commonly have.
    "title": (
        ("方正小标宋简体", "FZXiaoBiaoSong-B05S"),
        ("方正小标宋_GBK", "FZXiaoBiaoSong-B05"),
        ("华文中宋", "STZhongsong"),
        ("宋体", "SimSun"),
        ("Noto Serif CJK SC",),
        ("Source Han Serif SC",),
        ("AR PL UMing CN",),
    ),
    "body": (
        ("仿宋_GB2312", "FangSong_GB2312"),
        ("仿宋", "FangSong"),
        ("华文仿宋", "STFangsong"),
        ("Noto Serif CJK SC",),
        ("Source Han Serif SC",),
        ("宋体", "SimSun"),
        ("AR PL UMing CN",),
    ),
    "heading1": (
        ("黑体", "SimHei"),
        ("华文黑体", "STHeiti"),
        ("Noto Sans CJK SC",),
        ("Source Han Sans SC",),
        ("WenQuanYi Zen Hei",),
        ("微软雅黑", "Microsoft YaHei"),
    ),
    "heading2": (
        ("楷体_GB2312", "KaiTi_GB2312"),
        ("楷体", "KaiTi"),
        ("华文楷体", "STKaiti"),
        ("AR PL UKai CN",),
        ("Noto Serif CJK SC",),
        ("Source Han Serif SC",),
    ),
    "number": (("宋体", "SimSun"), ("Noto Serif CJK SC",), ("Source Han Serif SC",), ("AR PL UMing CN",)),
}
"""The face of each role; a name holding the role's word of :data:`STANDARD` is the face
GB/T 9704 asks for (仿宋_GB2312 and 仿宋 alike), the others stand in for it."""
STANDARD = {"title": "小标宋", "body": "仿宋", "heading1": "黑体", "heading2": "楷体", "number": "宋体"}
ROLE_NAMES = {
    "title": "标题",
    "body": "正文",
    "heading1": "一级标题",
    "heading2": "二级标题",
    "number": "页码",
}

# GB/T 9704-2012 §5.2: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, 22 lines of 28 characters.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINE_PT = 28.95  # 225 mm / 22 lines
SIZES_PT = {
    "title": 22,
    "body": 16,
    "heading1": 16,
    "heading2": 16,
    "number": 14,
    "table": 10.5,
    "annex_title": 18,
}
STYLES = {  # our paragraph styles: the role of their face, and whether the template may own them
    "Normal": "body",
    "Title": "title",
    "Heading 1": "heading1",
    "Heading 2": "heading2",
    "GS 主送": "body",
    "GS 署名": "body",
    "GS 附件标识": "heading1",
    "GS 附件标题": "title",
    "GS 表格": "body",
    "GS 表头": "heading1",
    "GS 提示": "body",
}


@dataclass(frozen=True)
class Face:
    """The face a role is set in: ``name`` as written in the document; ``standard`` when it
    is the face GB/T 9704 asks for; ``found`` when this machine has it."""

    role: str
    name: str
    standard: bool
    found: bool

    def describe(self) -> str:
        """``正文：Noto Serif CJK SC（代替仿宋）``."""
        text = f"{ROLE_NAMES[self.role]}：{self.name}"
        if not self.found:
            return text + "（本机无中文字体，按标准字体名写入）"
        return text + ("" if self.standard else f"（代替{STANDARD[self.role]}）")


def choose_faces() -> dict[str, Face]:
    """For each role the first face of :data:`FACES` this machine has (checked for glyphs);
    with none at all, the standard's own name (Word on the reader's machine finds it)."""
    out = {}
    for role, faces in FACES.items():
        probe = "鹰潭市人民政府办公室关于第一季度通报附件合计按时办结率"
        hit = find_family(tuple(n for face in faces for n in face), probe)
        if hit is None:
            out[role] = Face(role, faces[0][0], True, False)
            continue
        name = next(face[0] for face in faces if hit.family in face)
        out[role] = Face(role, name, STANDARD[role] in name, True)
    return out


def new_document(template: Path | None, faces: dict[str, Face]):
    """A python-docx Document: the ``template`` (letterhead, page and styles kept: only the
    styles it lacks are added), or a blank one set up as GB/T 9704 asks."""
    import docx

    doc = docx.Document(template) if template else docx.Document()
    own = {s.name for s in doc.styles} if template else set()
    for name, role in STYLES.items():
        if name in own:
            continue
        _style(doc, name, faces[role], role)
    if not template:
        _page(doc.sections[0])
        _page_numbers(doc, faces["number"].name)
    return doc


def _style(doc, name: str, face: Face, role: str) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
    size = SIZES_PT.get(role, 16)
    if name in ("GS 表格", "GS 表头"):
        size = SIZES_PT["table"]
    elif name == "GS 附件标题":
        size = SIZES_PT["annex_title"]
    font = style.font
    # a plain song face stands in for 小标宋 only when heavy
    font.size, font.italic = Pt(size), False
    font.bold = name == "GS 表头" or (role == "title" and not face.standard)
    font.color.rgb = RGBColor(0, 0, 0)
    set_face(style.element.get_or_add_rPr(), face.name)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = fmt.left_indent = fmt.right_indent = Pt(0)  # not Normal's two characters
    p_pr = style.element.get_or_add_pPr()
    for border in p_pr.findall(qn("w:pBdr")):  # python-docx's Title is underlined in blue
        p_pr.remove(border)
    fmt.keep_with_next = name in ("Heading 1", "Heading 2", "GS 附件标识", "GS 附件标题")
    fmt.widow_control = True
    if name in ("GS 表格", "GS 表头"):
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif role == "title":
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(size * 1.6)
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(LINE_PT)
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if name in ("Normal", "Heading 1", "Heading 2", "GS 提示"):
            fmt.first_line_indent = Pt(2 * size)  # two characters
    if name == "GS 署名":
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = Pt(4 * size)
    if name in ("GS 附件标识", "GS 主送"):
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if name in ("Heading 1", "Heading 2"):
        # outline levels for Word's navigation pane, without the built-in numbering look
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT


def set_face(rpr, face: str) -> None:
    """Every script of a run or style in ``face`` (East Asian text, Latin and digits alike)."""
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), face)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _page(section) -> None:
    from docx.shared import Mm

    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    # the page number's line starts 7 mm under the text block
    section.footer_distance = Mm(MARGINS_MM["bottom"] - 7 - 6)
    section.header_distance = Mm(15)


def _page_numbers(doc, face: str) -> None:
    """“— 1 —” in 四号宋体: odd pages right and even pages left, one character in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = footer.paragraphs[0]
        p.alignment = align
        size = SIZES_PT["number"]
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(size)
        else:
            p.paragraph_format.left_indent = Pt(size)
        for part in ("— ", None, " —"):
            run = p.add_run() if part is None else p.add_run(part)
            if part is None:
                _field(run, "PAGE")
            run.font.size = Pt(size)
            set_face(run._r.get_or_add_rPr(), face)


def _field(run, code: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def page_break(doc) -> None:
    from docx.enum.text import WD_BREAK

    doc.add_paragraph(style="Normal").add_run().add_break(WD_BREAK.PAGE)


def highlight(run) -> None:
    """Mark a run for the author's attention (yellow, as Word's highlighter)."""
    from docx.enum.text import WD_COLOR_INDEX

    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def table(doc, rows: list[list[str]], widths_mm: list[float], *, header_rows: int = 1):
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
            if r < header_rows and value.endswith(")") and "(" in value:  # 受理诉求 / (条)
                stem, _, unit = value.rpartition("(")
                p.add_run(stem).add_break()
                p.add_run("(" + unit)
            else:
                p.add_run(value)
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


def merge_row(t, r: int, first: int, last: int, text: str, *, align_left: bool = False):
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


def bold_row(t, r: int) -> None:
    for cell in t.rows[r].cells:
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
