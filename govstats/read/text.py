"""Text inputs: bytes to text, and text to one CSV grid when it is a table.

Offices and mirrors produce text that is not quite clean: a byte damaged in transit, lines
of GBK pasted into a UTF-8 page, a quote never closed, a row wider than the rest, a line
longer than the csv module's field limit. Each is read as far as it can be and said as a
finding at its line, never the whole file refused for it."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from govstats.errors import EmptyInputError, UnsupportedFormatError
from govstats.findings import finding
from govstats.read.grid import Document, Grid
from govstats.read.safety import MAX_CELLS, check_extent
from govstats.source import Source

_BINARY = "二进制内容：既不是工作簿，也不是网页或文本"
_SENTENCE = re.compile(r"[。！？]")
_LISTED = 20  # lines named one by one in a finding; the rest are counted
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13, 27}


def _errors(exc: UnicodeDecodeError):
    """Decode error handler that counts: each run of undecodable bytes becomes one U+FFFD
    (a damaged character is one, however many of its bytes the decoder rejects)."""
    run = exc.start != _errors.end
    _errors.end = exc.end
    _errors.count += run
    return ("\ufffd" if run else ""), exc.end


_errors.count = _errors.end = 0
codecs.register_error("govstats-count", _errors)


def _decode(data: bytes, encoding: str) -> tuple[str, int]:
    """``data`` decoded with replacement, and how many runs were replaced."""
    _errors.count, _errors.end = 0, -1
    text = data.decode(encoding, "govstats-count")
    return text, _errors.count


def _multibyte(text: str) -> int:
    return sum(1 for ch in text if ch > "\x7f" and ch != "\ufffd")


def looks_binary(data: bytes) -> bool:
    """Content no office writes as text: control bytes (NUL and the like) or undecodable
    bytes in more than one byte in twenty of its first 64 KB. A text damaged in a few
    places is text."""
    head = data[:65536]
    controls = sum(head.count(bytes([b])) for b in _CONTROL)
    if controls * 20 > len(head) and controls > 8:
        return True
    _, bad = _decode(head, "utf-8")
    if bad * 20 > len(head) and bad > 8:
        _, gb_bad = _decode(head, "gb18030")
        return gb_bad * 20 > len(head) and gb_bad > 8
    return False


def decode_text(data: bytes, name: str) -> tuple[str, list[dict]]:
    """UTF-8 (with or without BOM), else GB18030 (what Excel on Chinese Windows writes),
    and what decoding had to do: bytes replaced, lines in the other encoding (findings).

    A file in one clean encoding decodes as before, whole. A damaged one is decoded line
    by line: each line in the file's main encoding, or in the other when only that one
    reads it; a byte neither reads becomes U+FFFD, said at its line.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, bad = _decode(data, "utf-16")
        notes = [] if not bad else [_bad_bytes(name, [(1, bad)], "UTF-16")]
        return _without_nul(text, name, notes)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if looks_binary(data):
        raise UnsupportedFormatError(_BINARY, Source(name))
    try:
        return _without_nul(data.decode("utf-8"), name, [])
    except UnicodeDecodeError:
        pass
    text, bad = _decode(data, "utf-8")
    lines = data.split(b"\n")
    if bad * 4 > _multibyte(text):  # not mainly UTF-8
        try:
            gb = data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            if not any(_strong_utf8(line) for line in lines):
                return _without_nul(gb, name, [])
    main = "utf-8" if bad * 4 <= _multibyte(text) else "gb18030"
    other = "gb18030" if main == "utf-8" else "utf-8"
    out, damaged, switched = _by_line(lines, main, other)
    notes = []
    if damaged:
        notes.append(_bad_bytes(name, damaged, main.upper()))
    if switched:
        listed = "、".join(map(str, switched[:_LISTED])) + ("等" if len(switched) > _LISTED else "")
        notes.append(
            finding(
                "mixed-encoding",
                Source(name, None, switched[0], None, True),
                lines=listed,
                count=len(switched),
                other=other.upper(),
                main=main.upper(),
            )
        )
    return _without_nul("\n".join(out), name, notes)


def _by_line(lines: list[bytes], main: str, other: str) -> tuple[list[str], list[tuple[int, int]], list[int]]:
    """Each line decoded in the file's ``main`` encoding, or in the ``other`` when only that
    one reads it: the lines, the damaged ones (line, runs replaced) and the switched ones."""
    out, damaged, switched = [], [], []
    for n, line in enumerate(lines, 1):
        got, bad = _decode(line, main)
        # a line of UTF-8 with a flaw still reads mostly as UTF-8; a GBK line hardly at all
        if bad and not (main == "utf-8" and bad < _multibyte(got)):
            alt, alt_bad = _decode(line, other)
            if not alt_bad and (other == "gb18030" or _strong_utf8(line)):
                got = alt
                switched.append(n)
            else:
                damaged.append((n, bad))
        elif bad:
            damaged.append((n, bad))
        elif main == "gb18030" and _strong_utf8(line):
            got = line.decode("utf-8")
            switched.append(n)
        out.append(got)
    return out, damaged, switched


def _strong_utf8(line: bytes) -> bool:
    """Valid UTF-8 with three or more multibyte characters: GBK text is almost never that
    by chance, while UTF-8 text often also reads as GB18030."""
    try:
        return _multibyte(line.decode("utf-8")) >= 3
    except UnicodeDecodeError:
        return False


def _bad_bytes(name: str, damaged: list[tuple[int, int]], encoding: str) -> dict:
    listed = "、".join(str(n) for n, _ in damaged[:_LISTED]) + ("等" if len(damaged) > _LISTED else "")
    total = sum(bad for _, bad in damaged)
    return finding(
        "bad-bytes",
        Source(name, None, damaged[0][0], None, True),
        lines=listed,
        count=total,
        encoding=encoding,
    )


def _without_nul(text: str, name: str, notes: list[dict]) -> tuple[str, list[dict]]:
    """NUL characters (a damaged byte, never text) replaced by U+FFFD and said."""
    if "\x00" not in text:
        return text, notes
    lines = text.split("\n")
    hits = [(n, line.count("\x00")) for n, line in enumerate(lines, 1) if "\x00" in line]
    notes.append(_bad_bytes(name, hits, "文本（NUL字符）"))
    return text.replace("\x00", "\ufffd"), notes


def csv_grid(text: str, lines: list[str], name: str) -> tuple[Grid | None, list[dict]]:
    """The text as one CSV grid when a delimiter splits most lines alike, else None; and
    what reading it had to say (an unclosed quote)."""
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a long line is a long cell, not an error
    try:
        delim, width = _sniff(lines)
        if delim is None:
            return None, []
        return _read(text, delim, width, name)
    finally:
        csv.field_size_limit(limit)


def _sniff(lines: list[str]) -> tuple[str | None, int]:
    sample = "\n".join(line for line in lines[:200] if line.strip())
    for delim in (",", "\t", ";", "|"):
        rows = [r for r in csv.reader(io.StringIO(sample), delimiter=delim) if any(v.strip() for v in r)]
        widths = [len(r) for r in rows]
        wide = [w for w in widths if w > 1]
        if len(wide) < 2:
            continue
        most = max(set(wide), key=wide.count)
        # Rows may be ragged: titles and group rows written short, and a few written wider
        # (trailing empty cells; a remark running on, past a table of three columns or more).
        over = [r for r in rows if len(r) > most and any(v.strip() for v in r[most:])]
        allowed = max(1, len(rows) // 20) if most >= 3 else 0
        if wide.count(most) >= 2 and wide.count(most) >= 0.4 * len(widths) and len(over) <= allowed:
            return delim, most
    return None, 0


class _Lines:
    """The physical lines of a text, handed out one at a time; ``i`` is how many were."""

    def __init__(self, lines: list[str]) -> None:
        self.lines, self.i = lines, 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.i >= len(self.lines):
            raise StopIteration
        self.i += 1
        return self.lines[self.i - 1]


def _read(text: str, delim: str, width: int, name: str) -> tuple[Grid, list[dict]]:
    physical = _Lines(list(io.StringIO(text, newline="")))
    reader = csv.reader(physical, delimiter=delim)
    cells, row_numbers, notes = [], [], []
    size = 0
    while True:
        start = physical.i
        try:
            record = next(reader)
        except StopIteration:
            break
        if physical.i - start > 1 and _swallowed(record, delim, width):
            # An opening quote never closed takes the next rows into one cell: the line is
            # read as printed instead, and the reading goes on with the line after it.
            line = physical.lines[start]
            record = next(csv.reader([line], delimiter=delim, quoting=csv.QUOTE_NONE))
            column = next((k for k, v in enumerate(record) if '"' in v), 0) + 1
            notes.append(finding("unclosed-quote", Source(name, None, start + 1, column)))
            physical.i = start + 1
            reader = csv.reader(physical, delimiter=delim)
        if len(record) > width:  # trailing empty cells past the table's width hold nothing
            while len(record) > width and not record[-1].strip():
                record.pop()
        size += len(record)
        if size > MAX_CELLS:
            check_extent(size, name, "CSV表格")
        row_numbers.append(start + 1)
        cells.append([v if v.strip() else None for v in record])
    widest = max((len(r) for r in cells), default=0)
    check_extent(widest * len(cells), name, f"CSV表格共{len(cells)}行、最宽{widest}列")
    return Grid(name, None, cells, row_numbers=row_numbers), notes


def _swallowed(record: list[str], delim: str, width: int) -> bool:
    """Whether a record spanning lines holds, after its first line break, lines that are
    rows of the table themselves: a quote left open, not a cell with line breaks in it."""
    for value in record:
        parts = value.splitlines()
        if len(parts) > 1 and any(part.count(delim) + 1 >= max(2, width // 2) for part in parts[1:]):
            return True
    return False


def read(data: bytes, name: str, path: Path | None = None) -> Document:
    """A CSV table or a plain-text notice, told apart by structure (:func:`is_notice`)."""
    text, notes = decode_text(data, name)
    if not text.strip():
        raise EmptyInputError("文件只有空白字符", Source(name))
    lines = text.splitlines()
    if not is_notice(lines):
        grid, more = csv_grid(text, lines, name)
        if grid is not None:
            return Document(name, "csv", grids=[grid], findings=notes + more, sheets=True)
    return Document(name, "text", text_lines=lines, findings=notes, file_lines=True)


def is_notice(lines: list[str]) -> bool:
    """Prose, not a table: a quarter or more of the lines are sentences (。！？) and no
    delimiter splits four lines in five to one steady field count. A table's rows keep
    their field count whatever punctuation a cell holds; a notice's ``,`` and ``;`` fall
    where its sentences put them."""
    rows = [line for line in lines[:200] if line.strip()]
    if not rows or sum(1 for r in rows if _SENTENCE.search(r)) * 4 < len(rows):
        return False
    delim, width = _sniff(rows)
    if delim is None:
        return True
    steady = sum(1 for r in csv.reader(io.StringIO("\n".join(rows)), delimiter=delim) if len(r) == width)
    return steady * 5 < len(rows) * 4
