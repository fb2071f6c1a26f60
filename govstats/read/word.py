"""Word documents (.docx, and .docm read without running its macros): the body walked in
order from ``word/document.xml``, after the archive passed :func:`~govstats.read.safety.check_zip`.

Paragraphs are the notice's text lines (text boxes included, each box's paragraphs after
the paragraph anchoring it); each table is a :class:`Grid` with its merges (``gridSpan``
across, ``vMerge`` down) and the paragraph above it as its title. A table nested in a cell
is a grid of its own; a one-column table (a layout frame round the page) is read as the
text and tables it holds. Annexes printed one cell per paragraph are found in the text as a
plain-text notice's are (:mod:`.text_annex`)."""

from __future__ import annotations

from pathlib import Path

from govstats.chinese import LOWERED, RAISED
from govstats.errors import CorruptFileError
from govstats.findings import finding
from govstats.read.grid import Document, Grid
from govstats.read.safety import check_extent, check_zip
from govstats.source import Source

_BODY = "word/document.xml"


def read(data: bytes, name: str, path: Path | None = None) -> Document:
    """The text lines and tables of the Word document ``data``."""
    with check_zip(data, name, whole=(_BODY,)) as zf:
        xml = zf.read(_BODY)
        macros = any(n.lower().endswith("vbaproject.bin") for n in zf.namelist())
    root = _parse(xml, name)
    walk = _Walk(root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else "")
    body = root.find(walk.w + "body")
    if body is not None:
        walk.block(body)
    check_extent(walk.cells, name, f"Word文档的{len(walk.tables)}个表格", merges=walk.merges)
    grids = [
        Grid(name, f"table {i}", cells, merged, context=context)
        for i, (cells, merged, context) in enumerate(walk.tables, 1)
        if any(v is not None for row in cells for v in row)
    ]
    notes = [finding("macros-not-run", Source(name))] if macros else []
    return Document(name, "docx", text_lines=walk.lines, grids=grids, findings=notes)


def _parse(xml: bytes, name: str):
    from lxml import etree

    # check_zip refused any DTD already; the parser is told to fetch and expand nothing too
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise CorruptFileError(f"{_BODY}无法解析（{exc}）", Source(name)) from None


class _Walk:
    """The body's paragraphs as lines and its tables as ``(cells, merged, title)``, in order."""

    def __init__(self, w: str) -> None:
        self.w = w
        self.lines: list[str] = []
        self.tables: list[tuple[list[list[str | None]], list[tuple[int, int, int, int]], str]] = []
        self.cells = self.merges = 0

    def tag(self, el) -> str:
        tag = el.tag if isinstance(el.tag, str) else ""
        return tag[len(self.w) :] if tag.startswith(self.w) else tag.rsplit("}", 1)[-1]

    def block(self, el) -> None:
        """Paragraphs and tables of a body, a cell, a text box or a content control."""
        for child in el:
            tag = self.tag(child)
            if tag == "p":
                self.paragraph(child)
            elif tag == "tbl":
                self.table(child)
            elif tag in ("sdt", "sdtContent", "customXml", "ins", "smartTag"):
                self.block(child)
            elif tag == "AlternateContent":
                self.block(_choice(child))

    def paragraph(self, p) -> None:
        parts: list[str] = []
        boxes: list = []
        self.runs(p, parts, boxes)
        for line in "".join(parts).split("\n"):
            line = " ".join(line.split())
            if line:
                self.lines.append(line)
        for box in boxes:
            self.block(box)

    def runs(self, el, parts: list[str], boxes: list) -> None:
        """The text of ``el`` in order; text boxes are kept aside, deleted text left out."""
        for child in el:
            tag = self.tag(child)
            if tag == "t":
                parts.append(child.text or "")
            elif tag in ("tab", "ptab"):
                parts.append(" ")
            elif tag in ("br", "cr"):
                parts.append("\n")
            elif tag == "txbxContent":
                boxes.append(child)
            elif tag == "AlternateContent":  # the same drawing twice: the new form, or the old
                self.runs(_choice(child), parts, boxes)
            elif tag == "r" and (script := _script(child, self.w)) is not None:
                raised: list[str] = []
                self.runs(child, raised, boxes)
                parts.append("".join(raised).translate(script))
            elif tag not in ("del", "rPr", "pPr", "moveFrom", "instrText", "delText"):
                self.runs(child, parts, boxes)

    def cell_text(self, tc, nested: list) -> str | None:
        """A cell's paragraphs, one line each; its nested tables are kept aside."""
        lines: list[str] = []
        for child in tc:
            tag = self.tag(child)
            if tag == "p":
                parts: list[str] = []
                boxes: list = []
                self.runs(child, parts, boxes)
                lines.extend(" ".join(s.split()) for s in "".join(parts).split("\n"))
            elif tag == "tbl":
                nested.append(child)
            elif tag in ("sdt", "sdtContent", "customXml"):
                text = self.cell_text(child, nested)
                lines.extend(text.split("\n") if text else [])
        text = "\n".join(line for line in lines if line)
        return text or None

    def within(self, el, tag: str) -> list:
        """``el``'s children named ``tag``, also those a content control wraps."""
        out = []
        for child in el:
            name = self.tag(child)
            if name == tag:
                out.append(child)
            elif name in ("sdt", "sdtContent", "customXml"):
                out.extend(self.within(child, tag))
        return out

    def table(self, tbl) -> None:
        rows = self.within(tbl, "tr")
        cells_of = [self.within(r, "tc") for r in rows]
        if all(len(cs) <= 1 for cs in cells_of):  # a frame round text, not a table of figures
            for cs in cells_of:
                for tc in cs:
                    self.block(tc)
            return
        title = self.lines[-1] if self.lines else ""
        nested: list = []
        grid, merged = _layout(self, rows, cells_of, nested)
        self.cells += sum(len(r) for r in grid)
        self.merges += len(merged)
        self.tables.append((grid, merged, title))
        for inner in nested:
            self.table(inner)


def _script(run, w: str) -> dict | None:
    """How a run raised or lowered its digits (a footnote mark: 26 and a raised 1), if it did."""
    align = run.find(f"{w}rPr/{w}vertAlign")
    how = None if align is None else align.get(f"{w}val")
    return RAISED if how == "superscript" else LOWERED if how == "subscript" else None


def _choice(alternate):
    """The first ``mc:Choice`` of an ``mc:AlternateContent``, else its ``mc:Fallback``."""
    for child in alternate:
        if isinstance(child.tag, str) and child.tag.endswith("}Choice"):
            return child
    return alternate[-1] if len(alternate) else alternate


def _val(el, w: str, name: str) -> str | None:
    found = el.find(f"{w}{name}") if el is not None else None
    if found is None:
        return None
    return found.get(f"{w}val", "")


def _layout(walk: _Walk, rows: list, cells_of: list[list], nested: list):
    """The table's cells laid out on its grid and its merged ranges, 0-based inclusive."""
    w = walk.w
    grid: list[list[str | None]] = []
    spans: list[list[int]] = []  # [r0, c0, r1, c1] of each merged range
    down: dict[int, list[int]] = {}  # column -> the range a vMerge continues
    for r, (tr, tcs) in enumerate(zip(rows, cells_of, strict=True)):
        before = _int(_val(tr.find(f"{w}trPr"), w, "gridBefore"), 0)
        row: list[str | None] = [None] * before
        for tc in tcs:
            pr = tc.find(f"{w}tcPr")
            span = min(max(_int(_val(pr, w, "gridSpan"), 1), 1), 1000)
            merge = _val(pr, w, "vMerge")
            c = len(row)
            row.extend([None] * span)
            if merge is not None and merge != "restart" and c in down:
                down[c][2] = r  # continues the cell above: its value is the top cell's
                continue
            row[c] = walk.cell_text(tc, nested)
            if span > 1 or merge == "restart":
                spans.append([r, c, r, c + span - 1])
                if merge == "restart":
                    down[c] = spans[-1]
            for k in range(c, c + span):
                if merge != "restart":
                    down.pop(k, None)
        grid.append(row)
    merged = [(a, b, c, d) for a, b, c, d in spans if c > a or d > b]
    return grid, merged


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default
