"""What the XML of a worksheet says before calamine reads it: how far it really extends (cells that hold something, never the ``<dimension>`` a
file declares), and the cells whose value calamine cannot give (a formula saved without
its result, a cached error value), the rows and columns it hides, its rich text (the same of
an OpenDocument spreadsheet's ``content.xml``: :mod:`.odsxml`). Element names may carry any
namespace prefix (``<x:c>``), as some generators write them."""

from __future__ import annotations

import html
import re

from govstats.chinese import LOWERED, RAISED
from govstats.read.grid import ErrorValue, FormulaWithoutValue

PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"  # an optional namespace prefix (odsxml too)
# A formula's text is escaped XML (no "<"): matching it as [^<]* keeps every attempt inside its
# own cell, where a lazy .*? ran on to the sheet's end for each formula saved with its value.
# A cell tag with its reference; group 3 is "/" when the tag closes itself (no value).
_CELL_REF = re.compile(rb"<" + PREFIX + rb'c\s[^>]*?\br="([A-Z]{1,3})(\d{1,7})"[^>]*?(/?)>')
_CELL_TAG = re.compile(rb"<" + PREFIX + rb"c[\s>/]")
_ANY_REF = re.compile(rb' r="([A-Z]{0,3})(\d{1,7})"')  # cells' and rows' references alike
_ROW_REF = re.compile(rb"<" + PREFIX + rb'row\s[^>]*?\br="(\d{1,7})"')
_FORMULA = re.compile(
    rb"<(" + PREFIX + rb')c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?>\s*<\1f\b[^>]*?(?:/>|>([^<]*)</\1f>)\s*'
    rb"(?:<\1v\s*/>|<\1v>\s*</\1v>)?\s*</\1c>",
)
_ERROR = re.compile(rb"<(" + PREFIX + rb')c\b([^>]*?\bt="e"[^>]*)>(.*?)</\1c>', re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_V = re.compile(rb"<" + PREFIX + rb"v>([^<]*)<")
# A formula's element, with or without a prefix, and an error cell's type: the searches for
# them run only past these. Regexes: sre finds these literals faster than bytes' ``in``. The
# formula's by its letter, then looked behind: "<" starts every tag, "f" is rare in a sheet.
_FORMULA_TAG = re.compile(rb"f(?<=[<:]f)\b")
_ERROR_TYPE = re.compile(rb't="e"')
_HIDDEN_ATTR = re.compile(rb'hidden="')
# Cells and rows that do not start by referencing A1:Z999, and prefixed cells and rows: the
# sheets without any (nearly all) are bounded without reading every reference.
# Two searches, one per tag: a two-letter literal start is looked for far faster than "<" alone,
# a row's by its rare last letter, then looked behind.
_BEYOND_SMALL = (
    re.compile(rb'<c(?! r="[A-Z]\d{1,3}")[\s>/]'),
    re.compile(rb'w(?<=<row)(?! r="\d{1,3}")[\s>/]'),
)
_PREFIXED = re.compile(rb":(?:c|row)[\s>/]")
SMALL = (999, 26)
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(worksheet|chartsheet|dialogsheet|macrosheet)\b")


def col_index(letters: bytes) -> int:
    """0-based column of Excel letters (``b"A"`` → 0, ``b"AA"`` → 26)."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _unescape(s: str) -> str:
    """XML text as the characters it stands for (``&amp;``, ``&#21333;``)."""
    return html.unescape(s)


def sheet_kind(xml: bytes) -> str | None:
    """``worksheet``, ``chartsheet``, ``dialogsheet`` or ``macrosheet`` by the part's root
    element; None when the part is no sheet at all (a damaged relationship points at the
    styles or the shared strings)."""
    m = _ROOT.search(xml, 0, 4096)
    return m.group(1).decode() if m else None


def small_extent(xml: bytes) -> tuple[int, int] | None:
    """:data:`SMALL`, a bound on :func:`extent`, when every cell and row of the sheet starts
    by referencing A1:Z999 (nearly every annex); ``None`` otherwise. Three searches without a
    match, where :func:`extent` reads every reference."""
    cells, rows = _BEYOND_SMALL
    return None if cells.search(xml) or rows.search(xml) or _PREFIXED.search(xml) else SMALL


def extent(xml: bytes, cap: int) -> tuple[int, int]:
    """``(rows, columns)`` of the dense grid calamine lays a worksheet's cells out on, from
    A1 to the farthest cell that holds something (a cell tag that closes itself holds
    nothing). Cells and rows without a reference each count one further, as calamine
    places them after the one before.

    Every reference is counted first, empty styled cells included: nearly always that is
    within ``cap`` cells and an upper bound is all the check needs; only past it are the
    cells that hold something told from the others."""
    refs = _ANY_REF.findall(xml)
    tags = xml.count(b"<c ") + xml.count(b"<c>")
    if b":c" in xml:  # a prefix on the element names (x:c), or an attribute: counted too
        tags += xml.count(b":c ") + xml.count(b":c>")
    letters, digits = zip(*refs, strict=True) if refs else ((), ())
    if tags <= len(letters) - letters.count(b""):
        rows = max(map(int, set(digits)), default=0)
        cols = max(map(col_index, set(letters) - {b""}), default=-1) + 1
        if rows * cols <= cap:
            return rows, cols
    refs = _CELL_REF.findall(xml)
    valued = [(letters, digits) for letters, digits, empty in refs if not empty]
    rows = max((int(d) for _, d in valued), default=0)
    cols = max((col_index(c) + 1 for c in {letters for letters, _ in valued}), default=0)
    unreferenced = len(_CELL_TAG.findall(xml)) - len(refs)
    if unreferenced > 0:
        rows = max(rows, max(map(int, _ROW_REF.findall(xml)), default=0)) + unreferenced
        cols += unreferenced
    return rows, cols


_MERGE = re.compile(rb"mergeCell[ >]")  # a range's tag, not <mergeCells> around them


def merge_count(xml: bytes) -> int:
    return len(_MERGE.findall(xml))


_HIDDEN_ROW = re.compile(rb"<" + PREFIX + rb"row\b[^>]*>")
_HIDDEN_COL = re.compile(rb"<" + PREFIX + rb"col\b[^>]*>")
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_NUMBER = {k: re.compile(rb"\b" + k + rb'="(\d{1,7})"') for k in (b"r", b"min", b"max")}


def hidden_lines(xml: bytes) -> tuple[set[int], set[int]]:
    """The rows and columns (0-based) a worksheet hides (``hidden="1"``: not shown, not printed)."""
    if _HIDDEN_ATTR.search(xml) is None:
        return set(), set()
    rows = {
        int(r.group(1)) - 1
        for m in _HIDDEN_ROW.finditer(xml)
        if _HIDDEN.search(m.group(0)) and (r := _NUMBER[b"r"].search(m.group(0)))
    }
    cols: set[int] = set()
    for m in _HIDDEN_COL.finditer(xml, 0, xml.find(b"sheetData")):  # <cols> come before the cells
        lo, hi = _NUMBER[b"min"].search(m.group(0)), _NUMBER[b"max"].search(m.group(0))
        if _HIDDEN.search(m.group(0)) and lo and hi:
            cols.update(range(int(lo.group(1)) - 1, min(int(hi.group(1)), 16384)))
    return rows, cols


_RICH = re.compile(rb"<(/?)" + PREFIX + rb"(si|is|c|r|t|rPh|vertAlign)(?=[\s/>])([^>]*?)(/?)>")
_ALIGN = re.compile(rb'\bval="(superscript|subscript)"')
_SCRIPTS = {b"superscript": RAISED, b"subscript": LOWERED}


def scripted_text(xml: bytes) -> tuple[dict[int, str], dict[tuple[int, int], str]]:
    """Rich text whose runs raise or lower digits (26 and a superscript 1: a footnote mark),
    as the text with those digits in superscript or subscript forms (26¹), which calamine
    runs into the figure (261): ``(shared strings by index, inline strings by 0-based (row,
    column))``. One pass over the part's tags, and none unless it holds a vertAlign."""
    shared: dict[int, str] = {}
    inline: dict[tuple[int, int], str] = {}
    if b"vertAlign" not in xml:
        return shared, inline
    index, ref, pieces, scripted, phonetic, script, start = -1, None, [], False, 0, None, 0
    for m in _RICH.finditer(xml):
        closing, tag, attrs, empty = m.groups()
        if tag == b"c" and not closing:
            found = _REF.search(attrs)
            ref = None if empty or not found else (int(found.group(2)) - 1, col_index(found.group(1)))
        elif tag in (b"si", b"is"):
            if not closing:
                index += tag == b"si"
                pieces, scripted, script = [], False, None
            elif scripted:
                text = "".join(pieces)
                if tag == b"si":
                    shared[index] = text
                elif ref is not None:
                    inline[ref] = text
        elif tag == b"rPh":
            phonetic += -1 if closing else 0 if empty else 1
        elif tag == b"r":
            script = None
        elif tag == b"vertAlign" and (align := _ALIGN.search(attrs)):
            script = align.group(1)
        elif tag == b"t" and not empty:
            if not closing:
                start = m.end()
            elif not phonetic:
                text = text_of(xml[start : m.start()])
                pieces.append(text.translate(_SCRIPTS[script]) if script else text)
                scripted = scripted or script is not None
    return shared, inline


_SHARED_CELL = re.compile(rb"<" + PREFIX + rb'c\b([^>]*?\bt="s"[^>]*)>\s*<' + PREFIX + rb"v>(\d{1,9})<")


def shared_cells(xml: bytes, indexes: set[int] | dict) -> list[tuple[int, int, int]]:
    """(row, column, index) of the cells holding one of the shared strings ``indexes``."""
    out = []
    for m in _SHARED_CELL.finditer(xml):
        i, ref = int(m.group(2)), _REF.search(m.group(1))
        if i in indexes and ref:
            out.append((int(ref.group(2)) - 1, col_index(ref.group(1)), i))
    return out


def unknown_values(xml: bytes) -> list[tuple[int, int, object]]:
    """(row, col, marker) of the cells calamine reads as empty although they are not: a
    formula saved without its result, a cached error value (0-based positions)."""
    hits: list[tuple[int, int, object]] = []
    if _FORMULA_TAG.search(xml):
        hits.extend(
            (int(m.group(3)) - 1, col_index(m.group(2)), FormulaWithoutValue(text_of(m.group(4))))
            for m in _FORMULA.finditer(xml)
        )
    if _ERROR_TYPE.search(xml):
        for m in _ERROR.finditer(xml):
            ref, value = _REF.search(m.group(2)), _V.search(m.group(3))
            if ref and value:
                code = text_of(value.group(1)).strip() or "#VALUE!"
                hits.append((int(ref.group(2)) - 1, col_index(ref.group(1)), ErrorValue(code)))
    return hits


def text_of(raw: bytes | None) -> str:
    """The text an XML attribute or element holds, its entities and references unescaped."""
    return _unescape((raw or b"").decode("utf-8", "replace"))
