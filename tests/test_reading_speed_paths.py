"""The .xlsx reader inflates parts itself from the file's bytes (zlib), falling back on
zipfile for archives out of the ordinary: every path gives the same grids, and a damaged
or lying part is a CorruptFileError, never a library exception or an unbounded inflate."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path
from unittest import mock

import pytest

from fixtures import layouts
from govstats.errors import CorruptFileError, UnsafeInputError
from govstats.read.document import read_document
from govstats.read.grid import FormulaWithoutValue
from govstats.read.safety import check_zip


def _rezip(src: Path, dst: Path, compression: int, **kw) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compression) as zout:
        for item in zin.infolist():
            with zout.open(item.filename, "w", **kw) as fh:
                fh.write(zin.read(item))
    return dst


def _grids(path: Path) -> list:
    return [(g.sheet, g.cells, g.merged) for g in read_document(path, path.name).grids]


@pytest.fixture
def annexes(tmp_path) -> Path:
    return layouts.annex_workbook(tmp_path / "annexes.xlsx")


def test_stored_and_zip64_archives_read_like_the_deflated_one(annexes, tmp_path):
    want = _grids(annexes)
    # 附件4 of the fixture lists 市教育局 with 24 on time (tests/fixtures/layouts.py)
    assert any(row and "市教育局" in row for _, cells, _ in want for row in cells)
    assert _grids(_rezip(annexes, tmp_path / "stored.xlsx", zipfile.ZIP_STORED)) == want
    # zip64 extra fields in the local headers: each part's data starts after them
    zip64 = _rezip(annexes, tmp_path / "zip64.xlsx", zipfile.ZIP_DEFLATED, force_zip64=True)
    assert _grids(zip64) == want
    # a zip64 end of directory (written for more than 65,535 entries; here for more than 1)
    with mock.patch.object(zipfile, "ZIP_FILECOUNT_LIMIT", 1):
        zip64 = _rezip(annexes, tmp_path / "zip64-end.xlsx", zipfile.ZIP_DEFLATED)
    assert b"PK\x06\x06" in zip64.read_bytes()
    assert _grids(zip64) == want


def test_the_reader_gets_the_parts_already_inflated_stored_and_the_others_as_they_were(annexes):
    with check_zip(annexes.read_bytes(), annexes.name, whole=("xl/worksheets/",)) as zf:
        given = zf.for_reader()
        sheet = zf.read("xl/worksheets/sheet1.xml")
    with zipfile.ZipFile(io.BytesIO(given)) as out, zipfile.ZipFile(annexes) as src:
        # bytes, as zlib gives them, not the bytearray libdeflate does
        assert type(sheet) is bytes and sheet == src.read("xl/worksheets/sheet1.xml")
        assert out.testzip() is None  # every part's checksum holds
        assert out.namelist() == src.namelist()
        assert all(out.read(name) == src.read(name) for name in src.namelist())
        kinds = {i.filename: i.compress_type for i in out.infolist()}
    assert kinds["xl/worksheets/sheet1.xml"] == zipfile.ZIP_STORED  # inflated by the check, not again
    assert kinds["xl/theme/theme1.xml"] == zipfile.ZIP_DEFLATED  # only its head was inflated


def test_an_archive_after_other_bytes_is_read_through_zipfile_alike(annexes, tmp_path):
    from govstats.read import safety

    data = annexes.read_bytes()
    # the quick directory reader and zipfile's agree on an ordinary archive
    assert safety._entries(data) == safety._zipfile_entries(data)
    # bytes before the archive (a self-extractor's stub) are left to zipfile
    prefixed = tmp_path / "prefixed.xlsx"
    prefixed.write_bytes(b"PK\x03\x04" + b"\x00" * 100 + data)
    assert _grids(prefixed) == _grids(annexes)


def _central(data: bytes, part: str) -> int:
    """Offset of ``part``'s central directory record in ``data``."""
    pos = data.index(b"PK\x01\x02")
    while True:
        n, m, k = struct.unpack_from("<3H", data, pos + 28)
        if data[pos + 46 : pos + 46 + n] == part.encode():
            return pos
        pos += 46 + n + m + k


def _local_data(data: bytes, info: zipfile.ZipInfo) -> int:
    n, m = struct.unpack_from("<HH", data, info.header_offset + 26)
    return info.header_offset + 30 + n + m


def test_a_stored_part_changed_after_zipping_fails_its_checksum(annexes, tmp_path):
    stored = _rezip(annexes, tmp_path / "stored.xlsx", zipfile.ZIP_STORED)
    data = bytearray(stored.read_bytes())
    info = zipfile.ZipFile(stored).getinfo("xl/worksheets/sheet1.xml")
    start = _local_data(data, info)
    i = data.index(b"<sheetData", start)
    data[i + 1 : i + 2] = b"S"  # still XML calamine might parse, but not what was zipped
    stored.write_bytes(bytes(data))
    with pytest.raises(CorruptFileError, match=r"sheet1\.xml"):
        read_document(stored, stored.name)


def test_a_damaged_deflate_stream_is_a_corrupt_file(annexes):
    data = bytearray(annexes.read_bytes())
    info = zipfile.ZipFile(annexes).getinfo("xl/worksheets/sheet1.xml")
    start = _local_data(data, info)
    for k in range(start + 10, start + 40):
        data[k] ^= 0x55
    annexes.write_bytes(bytes(data))
    with pytest.raises(CorruptFileError, match=r"sheet1\.xml"):
        read_document(annexes, annexes.name)


def test_a_part_declaring_less_than_it_holds_is_a_corrupt_file(annexes):
    data = bytearray(annexes.read_bytes())
    cd = _central(data, "xl/worksheets/sheet1.xml")
    struct.pack_into("<L", data, cd + 24, 100)  # uncompressed size: 100 bytes
    annexes.write_bytes(bytes(data))
    with pytest.raises(CorruptFileError, match=r"sheet1\.xml"):
        check_zip(annexes, annexes.name, whole=("xl/worksheets/",))
    with pytest.raises(CorruptFileError, match=r"sheet1\.xml"):
        read_document(annexes, annexes.name)


def test_a_part_inflated_before_is_checked_again_where_its_directory_says_otherwise(annexes, tmp_path):
    # Parts alike byte for byte in several workbooks are inflated once per process; the same
    # compressed bytes under another checksum or size in the directory are still refused.
    assert _grids(annexes)  # its styles inflated and checked, the same bytes met again below
    good = annexes.read_bytes()
    cd = _central(good, "xl/styles.xml")
    crc, size = struct.unpack_from("<L4xL", good, cd + 16)
    for field, lie in ((16, crc ^ 1), (24, size - 1)):
        data = bytearray(good)
        struct.pack_into("<L", data, cd + field, lie)
        bad = tmp_path / f"styles-{field}.xlsx"
        bad.write_bytes(bytes(data))
        with pytest.raises(CorruptFileError, match=r"styles\.xml"):
            read_document(bad, bad.name)
    assert _grids(annexes) == _grids(annexes)  # and the good one still reads


def test_parts_kept_as_inflated_before_stay_small(annexes, tmp_path):
    import os

    from govstats.read.zipdir import known

    # a part the check inflates only the head of, 300 KB compressed (random text does not shrink)
    noise = os.urandom(150_000).hex().encode()
    big = tmp_path / "big-part.xlsx"
    with zipfile.ZipFile(annexes) as zin, zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item))
        zout.writestr("customXml/item1.xml", b"<?xml version='1.0'?><r>" + noise + b"</r>")
    assert zipfile.ZipFile(big).getinfo("customXml/item1.xml").compress_size > known.LARGEST
    assert _grids(big) == _grids(annexes)
    assert all(
        len(raw) <= known.LARGEST and len(part) <= known.LARGEST for (*_, raw), part in known.parts.items()
    )
    assert not any(b"<sheetData" in part for part in known.parts.values())  # nor the cells' parts


def test_local_header_naming_another_part_is_a_corrupt_file(annexes):
    data = annexes.read_bytes()
    info = zipfile.ZipFile(annexes).getinfo("xl/styles.xml")
    name_at = info.header_offset + 30
    assert data[name_at : name_at + 13] == b"xl/styles.xml"
    annexes.write_bytes(data[:name_at] + b"xl/styles.xmI" + data[name_at + 13 :])
    with pytest.raises(CorruptFileError, match=r"styles\.xml"):
        read_document(annexes, annexes.name)


def test_a_dtd_in_a_part_only_its_head_is_read_of_is_refused(annexes, tmp_path):
    with zipfile.ZipFile(annexes) as zf:
        theme = zf.read("xl/theme/theme1.xml")
    assert len(theme) > 4096  # the check inflates only this part's first 4 KB
    bad = theme.replace(b"?>", b'?><!DOCTYPE t [<!ENTITY e "x">]>', 1)
    dst = tmp_path / "theme-dtd.xlsx"
    with zipfile.ZipFile(annexes) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, bad if item.filename == "xl/theme/theme1.xml" else zin.read(item))
    with pytest.raises(UnsafeInputError, match=r"theme1\.xml"):
        read_document(dst, dst.name)


def test_a_formula_without_value_in_a_long_sheet_is_found(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r in range(1, 400):  # the sheet XML is far longer than the 4 KB head
        ws.append([f"单位{r}", r, r * 2])
    ws["D399"] = "=B399+C399"  # openpyxl saves formulas without a cached value
    path = tmp_path / "long.xlsx"
    wb.save(path)
    (grid,) = read_document(path, path.name).grids
    assert grid.cells[398][:3] == ["单位399", 399, 798]
    cell = grid.cells[398][3]
    assert isinstance(cell, FormulaWithoutValue) and cell.formula == "B399+C399"


def _with_shared_strings(src: Path, dst: Path, texts: list[str]) -> Path:
    """``src`` (openpyxl writes its strings inline) with column A of rows 2.. taken from a
    shared-strings part holding ``texts``, as Excel and WPS write them."""
    sst = "".join(f"<si><t>{t}</t></si>" for t in texts)
    index = {t.encode(): i for i, t in enumerate(texts)}

    def shared(m: re.Match) -> bytes:
        return m.group(1) + b' t="s"><v>%d</v>' % index[m.group(2)] if m.group(2) in index else m.group(0)

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'(<c r="A\d+"[^>]*?) t="inlineStr"><is><t>([^<]*)</t></is>', shared, data)
                assert n == len(texts) + 1  # every cell of column A seen (the header's kept inline)
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings"/></Relationships>',
                )
            zout.writestr(item, data)
        zout.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(texts)}" uniqueCount="{len(texts)}">{sst}</sst>',
        )
    return dst


def test_shared_strings_and_styles_past_a_head_are_inflated_once_and_given_stored(tmp_path):
    import openpyxl
    from openpyxl.styles import Font

    from govstats.read.safety import CheckedZip

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["受理单位", "受理诉求(条)"])
    texts = [f"第{i}号单位（市直）" for i in range(400)]
    for i, text in enumerate(texts):  # distinct texts and fonts: both parts well past the check's 4 KB head
        ws.append([text, i])
        ws.cell(i + 2, 1).font = Font(size=8 + i % 40, color=f"00{i:04X}", bold=i % 2 == 0)
    wb.save(tmp_path / "inline.xlsx")
    path = _with_shared_strings(tmp_path / "inline.xlsx", tmp_path / "large-parts.xlsx", texts)
    with zipfile.ZipFile(path) as z:
        sizes = {i.filename: i.file_size for i in z.infolist()}
    assert sizes["xl/sharedStrings.xml"] > 4096 and sizes["xl/styles.xml"] > 4096
    inflated: list[str] = []
    real = CheckedZip._inflate

    def spy(self, e, limit):
        inflated.append(e.name)
        return real(self, e, limit)

    given: list[bytes] = []
    real_for_reader = CheckedZip.for_reader
    with (
        mock.patch.object(CheckedZip, "_inflate", spy),
        mock.patch.object(
            CheckedZip, "for_reader", lambda self: given.append(real_for_reader(self)) or given[-1]
        ),
    ):
        cells = read_document(path, path.name).grids[0].cells
    assert cells[1] == ["第0号单位（市直）", 0] and cells[400] == ["第399号单位（市直）", 399]
    assert inflated.count("xl/sharedStrings.xml") == 1  # whole at the check, not its head first
    assert inflated.count("xl/styles.xml") == 1
    with zipfile.ZipFile(io.BytesIO(given[0])) as out:
        kinds = {i.filename: i.compress_type for i in out.infolist()}
    assert (
        kinds["xl/styles.xml"] == kinds["xl/sharedStrings.xml"] == zipfile.ZIP_STORED
    )  # calamine inflates neither
