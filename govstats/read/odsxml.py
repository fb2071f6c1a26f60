"""What an OpenDocument spreadsheet's ``content.xml`` says before calamine reads it, as
:mod:`.sheetxml` reads a worksheet's XML: how far its tables extend and the rows and columns
they hide."""

from __future__ import annotations

import re

from govstats.read.sheetxml import _P, _text

_ODS_TOKEN = re.compile(
    rb"<(/?)" + _P + rb"(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>",
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
                stack.append([_text(found.group(1)) if found else "", 0, 0, 0, 0, 0, 1])
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


_ODS_LINE = re.compile(rb"<(/?)" + _P + rb"(table-row|table-column|table)(?=[\s/>])([^>]*?)(/?)>")
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
                hidden[_text(name.group(1)) if name else ""] = lines
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
