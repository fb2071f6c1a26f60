"""The page and type of a party-and-government document (GB/T 9704-2012) in python-docx:
A4 with the standard's margins, title in a 小标宋-style face, body 仿宋 三号, first-level
headings 黑体, second-level 楷体, page numbers “— 1 —” outside on odd and even pages,
annex tables with a header row repeated on every page. Each face falls back to one the
machine has (:mod:`.faces`); an office's template keeps its own styles and page.

python-docx is imported inside the functions: ``import govstats`` stays light."""

from __future__ import annotations

from pathlib import Path

from govstats.present.word.faces import Face, stand_ins

# GB/T 9704-2012 §5.2: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, 22 lines of 28 characters.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINE_PT = 28.95  # 225 mm / 22 lines
TEXT_MM = 156.0
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
    stand_ins(doc, faces)
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
    font.size, font.italic = Pt(size), False
    font.bold = name == "GS 表头"
    font.color.rgb = RGBColor(0, 0, 0)
    r_pr = style.element.get_or_add_rPr()
    set_face(r_pr, face.name)
    for loose in ("w:spacing", "w:kern", "w:szCs"):  # python-docx's Title: spaced, kerned, 26 pt
        for el in r_pr.findall(qn(loose)):
            r_pr.remove(el)
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


def text_mm(text: str, size_pt: float) -> float:
    """How wide ``text`` sets at ``size_pt``: a hanzi a full em, Latin letters and digits half."""
    em = size_pt * 25.4 / 72
    return sum(em / 2 if ord(ch) < 0x2E80 else em for ch in text)


def title_lines(words: list[str], size_pt: float = SIZES_PT["title"]) -> list[str]:
    """``words`` joined into the fewest lines a 90% text block holds (room for a face wider
    than the estimate), of these the one whose longest line is shortest."""
    from itertools import combinations, pairwise

    room = 0.9 * TEXT_MM
    for n in range(1, len(words) + 1):
        best = None
        for cuts in combinations(range(1, len(words)), n - 1):
            bounds = (0, *cuts, len(words))
            lines = ["".join(words[a:b]) for a, b in pairwise(bounds)]
            widest = max(text_mm(line, size_pt) for line in lines)
            if widest <= room and (best is None or widest < best[0]):
                best = (widest, lines)
        if best:
            return best[1]
    return ["".join(words)]


def page_break(doc) -> None:
    from docx.enum.text import WD_BREAK

    doc.add_paragraph(style="Normal").add_run().add_break(WD_BREAK.PAGE)


def highlight(run) -> None:
    """Mark a run for the author's attention (yellow, as Word's highlighter)."""
    from docx.enum.text import WD_COLOR_INDEX

    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
