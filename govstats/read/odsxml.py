"""What an OpenDocument spreadsheet's ``content.xml`` says before calamine reads it, as
:mod:`.sheetxml` reads a worksheet's XML: how far its tables extend (and that the last one
ends), the rows and columns they hide, and the cells whose rich text raises or lowers digits."""

from __future__ import annotations

import re

from govstats.chinese import LOWERED, RAISED
from govstats.read.sheetxml import PREFIX, text_of

_ODS_TOKEN = re.compile(
    rb"<(/?)" + PREFIX + rb"(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>",
)
_REPEAT = re.compile(rb'number-(?:rows|columns)-repeated="(\d{1,9})"')
# A table's or a style's own name, never another attribute ending in it (table:style-name,
# style:parent-style-name), which a generator may write first.
_ODS_NAME = re.compile(rb'(?<![\w.-])name="([^"]*)"')


def ods_extent(content: bytes) -> tuple[int, str]:
    """Cells an OpenDocument spreadsheet's ``content.xml`` spans once repeats are expanded
    (rows × columns of each table, to its farthest cell with a value), and the largest
    table's name; repeated empty rows and cells, which every LibreOffice file ends with,
    count nothing."""
    total, largest, largest_name = 0, 0, ""
    stack: list[list] = []  # per open table: [name, row, max rows, max cols, col, row end, repeat]
    for m in _ODS_TOKEN.finditer(content):
        closing, tag, attrs, empty = m.groups()
        if tag == b"table":
            if closing:
                if stack:
                    name, _, rows, cols, *_ = stack.pop()
                    total += rows * cols
                    if rows * cols > largest:
                        largest, largest_name = rows * cols, name
            elif not empty:
                found = _ODS_NAME.search(attrs)
                stack.append([text_of(found.group(1)) if found else "", 0, 0, 0, 0, 0, 1])
            continue
        if not stack:
            continue
        t = stack[-1]
        repeat = _REPEAT.search(attrs)
        n = int(repeat.group(1)) if repeat else 1
        if tag == b"table-row":
            if closing:
                if t[5]:  # the row holds a value: its repeats are real rows
                    t[2], t[3] = t[1] + t[6], max(t[3], t[5])
                t[1] += t[6]
            elif empty:
                t[1] += n
            else:
                t[4], t[5], t[6] = 0, 0, n
        elif not closing:
            t[4] += n
            if not empty or b"value-type" in attrs:
                t[5] = t[4]
    return total, largest_name


_ODS_LINE = re.compile(rb"<(/?)" + PREFIX + rb"(table-row|table-column|table)(?=[\s/>])([^>]*?)(/?)>")
_ODS_HIDDEN = re.compile(rb'visibility="(?:collapse|filter)"')
_ODS_LIMIT = 1 << 20  # Excel's rows; a repeat past them is the empty tail every file ends with


def ods_hidden_lines(content: bytes) -> dict[str, tuple[set[int], set[int]]]:
    """The rows and columns (0-based) each table of an OpenDocument ``content.xml`` hides
    (``table:visibility`` collapse or filter), by the table's name as calamine names it."""
    hidden: dict[str, tuple[set[int], set[int]]] = {}
    if b'visibility="' not in content:
        return hidden
    lines, at = (set(), set()), [0, 0]  # the current table's hidden rows and columns, next of each
    for m in _ODS_LINE.finditer(content):
        closing, tag, attrs, _ = m.groups()
        if tag == b"table":
            if not closing:
                name = _ODS_NAME.search(attrs)
                lines, at = (set(), set()), [0, 0]
                hidden[text_of(name.group(1)) if name else ""] = lines
            continue
        if closing:
            continue
        kind = tag == b"table-column"
        repeat = _REPEAT.search(attrs)
        n = int(repeat.group(1)) if repeat else 1
        if _ODS_HIDDEN.search(attrs):
            lines[kind].update(range(at[kind], min(at[kind] + n, _ODS_LIMIT)))
        at[kind] += n
    return {name: found for name, found in hidden.items() if found[0] or found[1]}


_TABLE_TAG = re.compile(rb"<(/?)table:table(?=[\s>/])([^>]*)>")  # as calamine names it, prefix and all


def unended_table(content: bytes) -> bool:
    """Whether the last table of ``content`` never ends (no ``</table:table>`` after its
    start): calamine, which knows elements by their literal names, reads on for ever past
    the end of such a file (a damaged or cut ``content.xml``)."""
    tags = _TABLE_TAG.findall(content)  # (closing, attributes) of each table's tags: a few
    return bool(tags) and not tags[-1][0] and not tags[-1][1].endswith(b"/")


_ODS_BODY = re.compile(rb"<" + PREFIX + rb"body[\s>]")
# A style with its properties (one that closes itself has none: never run on into the next).
_ODS_STYLE = re.compile(rb"<(" + PREFIX + rb")style\s([^>]*?)(?<!/)>(.*?)</\1style>", re.S)
_ODS_POSITION = re.compile(rb'text-position="(super|sub|-?\d{1,9}(?:\.\d{1,9})?%)')
_ODS_STYLE_NAME = re.compile(rb'style-name="([^"]*)"')
_ODS_TAG = re.compile(rb"<(/?)" + PREFIX + rb"([\w.-]+)([^>]*?)(/?)>")
_ODS_SPACES = re.compile(rb'\bc="(\d{1,5})"')


def scripted_cells(content: bytes) -> dict[str, dict[tuple[int, int], tuple[str, str]]]:
    """The cells of each table (by name) whose text has digits in a span that raises or
    lowers them (26 and a superscript 1: a footnote mark), by 0-based (row, column): the text
    as calamine reads it (261) and with those digits as marks (26¹). None unless an automatic
    style raises or lowers text."""
    styles = _raising_styles(content)
    found: dict[str, dict[tuple[int, int], tuple[str, str]]] = {}
    if not styles:
        return found
    cells, row, rows, col, cols, start = None, 0, 1, 0, 1, 0
    for m in _ODS_TOKEN.finditer(content):
        closing, tag, attrs, empty = m.groups()
        repeat = _REPEAT.search(attrs)
        n = int(repeat.group(1)) if repeat else 1
        if tag == b"table":
            if not closing:
                name = _ODS_NAME.search(attrs)
                cells, row = found.setdefault(text_of(name.group(1)) if name else "", {}), 0
        elif cells is None:
            continue
        elif tag == b"table-row":
            if not closing and not empty:
                col, rows = 0, n
            else:
                row += rows if closing else n
        elif closing:
            if content.find(b"span", start, m.start()) >= 0:
                plain, marked = _cell_text(content[start : m.start()], styles)
                if marked != plain:  # the cells a repeat stands for, as far as calamine lays them out
                    for r in range(row, min(row + rows, _ODS_LIMIT)):
                        cells.update(((r, c), (plain, marked)) for c in range(col, min(col + cols, 1 << 14)))
            col += cols
        elif empty:
            col += n
        else:
            start, cols = m.end(), n
    return {name: marks for name, marks in found.items() if marks}


def _cell_text(raw: bytes, styles: dict[bytes, dict[int, int]]) -> tuple[str, str]:
    """A cell's content as calamine reads it (all its text, a line break before each paragraph
    but the first, ``text:s`` as its spaces), and so with the digits of raising or lowering
    spans as marks (a span inside one keeps its script unless it sets its own)."""
    plain: list[str] = []
    marked: list[str] = []
    spans: list[dict[int, int] | None] = []
    paragraphs, at = 0, 0
    for m in _ODS_TAG.finditer(raw):
        closing, tag, attrs, empty = m.groups()
        added = text_of(raw[at : m.start()]) if m.start() > at else ""
        at = m.end()
        if not closing and tag == b"p":
            added += "\n" if paragraphs else ""
            paragraphs += 1
        elif not closing and tag == b"s":
            spaces = _ODS_SPACES.search(attrs)
            added += " " * (int(spaces.group(1)) if spaces else 1)
        plain.append(added)
        marked.append(added.translate(spans[-1]) if spans and spans[-1] else added)
        if tag == b"span" and closing and spans:
            spans.pop()
        elif tag == b"span" and not empty:
            style = _ODS_STYLE_NAME.search(attrs)
            spans.append(styles.get(style.group(1) if style else b"", spans[-1] if spans else None))
    tail = text_of(raw[at:])  # calamine keeps every text of the cell, the whitespace after its paragraphs too
    return "".join(plain) + tail, "".join(marked) + tail


def _raising_styles(content: bytes) -> dict[bytes, dict[int, int]]:
    """The automatic text styles that raise or lower their text (``style:text-position``
    ``super``, ``sub``, or a percentage above or below the line: LibreOffice writes a
    superscript as ``33% 58%``), by name, each as the table its digits are marks by."""
    styles: dict[bytes, dict[int, int]] = {}
    if b"text-position" not in content:
        return styles
    body = _ODS_BODY.search(content)
    for m in _ODS_STYLE.finditer(content, 0, body.start() if body else len(content)):
        position, name = _ODS_POSITION.search(m.group(3)), _ODS_NAME.search(m.group(2))
        if position and name:
            how = position.group(1)
            up = how == b"super" or (how != b"sub" and float(how[:-1]) > 0)
            down = how == b"sub" or (how != b"super" and float(how[:-1]) < 0)
            if up or down:
                styles[name.group(1)] = RAISED if up else LOWERED
    return styles
