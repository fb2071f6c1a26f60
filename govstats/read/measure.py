"""A workbook measured before calamine builds it: each worksheet part's extent (bounded
when small, :func:`~.sheetxml.small_extent`), merges and kind, the rich-text shared strings,
and the whole file refused past :data:`~govstats.read.safety.MAX_CELLS` or the merges'
limit, naming the largest sheet. calamine lays every sheet out as a dense grid: one value
in XFD1048576 asks it for 512 GB."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from govstats.errors import CorruptFileError
from govstats.read import sheetxml, workbookxml
from govstats.read.safety import MAX_CELLS, MAX_MERGES, check_extent
from govstats.source import Source, column_letter

if TYPE_CHECKING:
    from govstats.read.safety import CheckedZip


def _range(rows: int, cols: int) -> str:
    return f"A1:{column_letter(max(cols, 1))}{max(rows, 1)}"


class Scan(NamedTuple):
    """A worksheet part as measured before calamine reads it."""

    rows: int
    cols: int
    merges: int
    """-1: not counted (:func:`_merges` counts them where their bound would refuse the file)."""
    kind: str | None
    xml: bytes
    bounded: bool = False
    """``rows`` and ``cols`` are a bound (:func:`~.sheetxml.small_extent`), not the extent."""

    def exact(self) -> Scan:
        """The scan with the sheet's extent measured where it was only bounded."""
        if not self.bounded:
            return self
        rows, cols = _extent(self.xml)
        return self._replace(rows=rows, cols=cols, bounded=False)


def _extent(xml: bytes) -> tuple[int, int]:
    return sheetxml.extent(xml, MAX_CELLS)


def sheets(zf: CheckedZip, parts: dict[str, str]) -> dict[str, Scan]:
    """Each worksheet part's scan, measured before calamine reads it: a sheet within
    A1:Z999 is bounded, only a larger one measured."""
    scans = {}
    for part in set(parts.values()):
        if part in zf:
            xml = zf.read(part)
            small = sheetxml.small_extent(xml)
            rows, cols = small or _extent(xml)
            scans[part] = Scan(rows, cols, -1, sheetxml.sheet_kind(xml), xml, small is not None)
    return scans


def scripted_strings(zf: CheckedZip, name: str, rels: workbookxml.Relationships) -> dict[int, str]:
    """The shared strings written with rich-text runs, by index; a strings part claiming more
    strings than it holds is refused."""
    scripted: dict[int, str] = {}
    for part in workbookxml.shared_strings_parts(zf, rels):
        strings = zf.read(part)
        scripted.update(sheetxml.scripted_text(strings)[0])
        over = workbookxml.strings_overclaimed(strings)
        if over:
            raise CorruptFileError(
                f"共享字符串部件{part}声明{over[0]:,}个字符串，实际只有{over[1]:,}个", Source(name)
            )
    return scripted


def check_unresolved(zf: CheckedZip, name: str, names: list[str], parts: dict, scans: dict) -> None:
    """A sheet calamine lists but the relationships do not resolve: counted as the largest
    worksheet in the archive, named or not, as calamine may find one."""
    scans = {p: s.exact() for p, s in scans.items()}
    others = [
        Scan(*_extent(zf.read(p)), 0, "worksheet", b"")
        for p in zf.namelist()
        if p.endswith(".xml")
        and p not in scans
        and (p.startswith("xl/worksheets/") or b"sheetData" in zf.head(p))
    ]
    none = Scan(0, 0, 0, "worksheet", b"")
    largest = max([*scans.values(), *others], key=lambda s: s[0] * s[1], default=none)
    check(name, {s: scans[parts[s]] if parts.get(s) in scans else largest for s in names})


def check(name: str, scans: dict) -> None:
    """Refuse the workbook past :data:`MAX_CELLS` or the merges' limit; sheets only bounded
    are measured when their bounds would refuse it."""
    if not scans:
        return
    cells = sum(s[0] * s[1] for s in scans.values())
    if cells > MAX_CELLS and any(isinstance(s, Scan) and s.bounded for s in scans.values()):
        scans = {k: s.exact() for k, s in scans.items()}
        cells = sum(s[0] * s[1] for s in scans.values())
    merges = _merges(scans.values())
    if cells <= MAX_CELLS and merges <= MAX_MERGES:
        return
    sheet, big = max(scans.items(), key=lambda kv: kv[1][0] * kv[1][1])
    where = f"工作表“{sheet}”实际用到{_range(big[0], big[1])}"
    check_extent(cells, name, where, merges=merges)


_MERGE_BYTES = 10  # "mergeCell" and the byte after it: what each range sheetxml.merge_count counts takes


def _merges(scans) -> int:
    """The sheets' merged ranges, or a bound on them within :data:`MAX_MERGES`: a part not counted
    holds at most one range per :data:`_MERGE_BYTES` bytes, and is counted only when the bounds
    together would pass the limit (nearly every workbook is far from it)."""
    bound = sum(s[2] if s[2] >= 0 else len(s[4]) // _MERGE_BYTES for s in scans)
    if bound <= MAX_MERGES:
        return bound
    return sum(s[2] if s[2] >= 0 else sheetxml.merge_count(s[4]) for s in scans)
