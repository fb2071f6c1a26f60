"""Annex tables flattened one cell per line in the text of a notice → Grids.

Web pages copied as text print each table cell on its own line::

    附件4:
    市政府网站“部门信箱”受理情况
    序号 / 受理单位 / 受理诉求(条) / …          (header cells)
    一、市直单位                               (group row: one line)
    1 / 市教育局 / 26 / 24 / 2 / 0 / 0          (data rows: one line per cell)
    备注 / 序号以收件数据大小排列,统计时间…      (remark)

The header gives the column count; rows are rebuilt from it and checked against the
序号 sequence, so a row that does not fit stays a row of its own for tidying to report
instead of shifting every later cell.
"""

from __future__ import annotations

import re
import unicodedata

from govstats.read.grid import Grid

_ANNEX = re.compile(r"^\s*附\s*件\s*(\d+)\s*[::]?\s*(.*)$")
_GROUP = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*\S")
_UNIT_ONLY = re.compile(r"^\s*[((][^()()]{1,6}[))]\s*$")
_INT = re.compile(r"^\s*\d{1,4}\s*$")
_REMARK = re.compile(r"^\s*备\s*注\s*[::]?\s*(.*)$")
_MAX_HEADER = 20


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).strip()


def annex_grids(lines: list[str], file: str) -> list[Grid]:
    """Every annex table printed in ``lines`` (a notice's text, line 1 first)."""
    items = [(i + 1, line.strip()) for i, line in enumerate(lines) if line.strip()]
    starts = [k for k, (_, text) in enumerate(items) if _is_annex_start(text)]
    grids = []
    for n, k in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(items)
        grid = _block_grid(items[k:end], file)
        if grid is not None:
            grids.append(grid)
    return grids


def _is_annex_start(text: str) -> bool:
    m = _ANNEX.match(_norm(text))
    # "附件:1.…名单" (the list of attachments) has no number right after 附件
    return m is not None and len(m.group(2)) <= 40


def _block_grid(block: list[tuple[int, str]], file: str) -> Grid | None:
    m = _ANNEX.match(_norm(block[0][1]))
    label = f"附件{m.group(1)}"
    rest = block[1:]
    title = m.group(2).strip()
    if not title and rest and not _INT.match(rest[0][1]):
        title, rest = rest[0][1], rest[1:]
    header, k = _header(rest)
    if len(header) < 2:
        return None
    ncols = len(header)
    cells = [[text for _, text in header]]
    cell_lines = [[line for line, _ in header]]
    numbered = "序号" in _norm(header[0][1]).replace(" ", "")
    while k < len(rest):
        line, text = rest[k]
        remark = _REMARK.match(_norm(text))
        if remark:
            body = remark.group(1)
            row = [(line, "备注")]
            if body:
                row.append((line, body))
            elif k + 1 < len(rest):
                k += 1
                row.append(rest[k])
            cells.append([t for _, t in row])
            cell_lines.append([ln for ln, _ in row])
            break  # the remark closes the table; what follows is page furniture
        if _GROUP.match(text) and not _INT.match(text):
            cells.append([text])
            cell_lines.append([line])
            k += 1
            continue
        if numbered and not _INT.match(text):
            break  # not a row start: the table has ended
        row = rest[k : k + ncols]
        cut = _misfit(row, numbered)
        row = row[:cut]
        cells.append([t for _, t in row])
        cell_lines.append([ln for ln, _ in row])
        k += len(row)
    if len(cells) < 2:
        return None
    return Grid(
        file,
        None,
        cells,
        cell_lines=cell_lines,
        context=f"{label}: {title}".strip(),
        line_based=True,
        row_numbers=[lines[0] for lines in cell_lines],
    )


def _misfit(row: list[tuple[int, str]], numbered: bool) -> int:
    """How many of ``row``'s lines belong to it: it stops early at a group, remark or next 序号."""
    for i, (_, text) in enumerate(row[1:], 1):
        t = _norm(text)
        if _REMARK.match(t) or (_GROUP.match(t) and not _INT.match(t)):
            return i
    return len(row)


def _header(rest: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], int]:
    """The header cells (a unit like "(条)" on its own line joins the cell before)."""
    header: list[tuple[int, str]] = []
    k = 0
    while k < len(rest) and len(header) <= _MAX_HEADER:
        line, text = rest[k]
        if _INT.match(text) or _GROUP.match(text) or _REMARK.match(_norm(text)):
            break
        if header and _UNIT_ONLY.match(text):
            header[-1] = (header[-1][0], header[-1][1] + text.strip())
        else:
            header.append((line, text))
        k += 1
    return header, k
