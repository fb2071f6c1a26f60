"""Workbooks: .xlsx/.xlsm, OpenDocument .ods and legacy .xls, told apart by content and
read through :mod:`.excel` after their parts are checked (:mod:`.safety`, :mod:`.ole`)."""

from __future__ import annotations

from pathlib import Path

from govstats.errors import PasswordProtectedError, UnsupportedFormatError
from govstats.read import excel
from govstats.read.grid import Document
from govstats.read.magic import ZIP
from govstats.read.safety import check_zip
from govstats.source import Source

_ODS = b"application/vnd.oasis.opendocument.spreadsheet"
_WHOLE = ("xl/worksheets/", "xl/sharedStrings.xml", "xl/styles.xml")


def read(data: bytes, name: str, path: Path | None = None) -> Document:
    """The sheets of the workbook ``data`` as grids (a zip or an Office compound file)."""
    return _read_zip(data, name, path) if data.startswith(ZIP) else _read_ole(data, name)


def _read_zip(data: bytes, name: str, path: Path | None) -> Document:
    notes: list[dict] = []
    # Parts read whole anyway, inflated whole by the check, once: the worksheets (formulas saved
    # without a value), the shared strings (rich text) and the styles (calamine's number formats).
    with check_zip(data, name, whole=_WHOLE) as zf:
        if "xl/workbook.xml" in zf:
            grids = excel.read_workbook(path, name, zf, notes=notes)
            return Document(name, "xlsx", grids=grids, findings=notes, sheets=True)
        if "xl/workbook.bin" in zf:
            raise UnsupportedFormatError(
                "这是Excel二进制工作簿（.xlsb），govstats不读取此格式：请在Excel中另存为.xlsx后再导入",
                Source(name),
            )
        if _is_ods(zf):
            return Document(name, "ods", grids=excel.read_ods(zf, name, notes), findings=notes, sheets=True)
        kind = "OpenDocument文档（不是电子表格）" if "content.xml" in zf else "zip压缩包"
        raise UnsupportedFormatError(f"这是{kind}，govstats不读取此格式", Source(name))


def _is_ods(zf) -> bool:
    if "mimetype" in zf:
        return zf.read("mimetype").strip() == _ODS
    return "content.xml" in zf and b"office:spreadsheet" in zf.read("content.xml")[:65536]


def _read_ole(data: bytes, name: str) -> Document:
    blob = data[: 2**20]
    # An encrypted .xlsx or .docx is an OLE container holding EncryptionInfo/EncryptedPackage.
    if "EncryptionInfo".encode("utf-16-le") in blob or "EncryptedPackage".encode("utf-16-le") in blob:
        raise PasswordProtectedError(source=Source(name))
    from govstats.read.ole import workbook_stream

    stream, _ = workbook_stream(data, name)  # a container cut short is a damaged file, whatever it held
    if not stream:
        raise UnsupportedFormatError("这是Office文件，但不是Excel工作簿", Source(name))
    notes: list[dict] = []
    grids = excel.read_workbook(None, name, data=data, stream=stream, notes=notes)
    return Document(name, "xls", grids=grids, findings=notes, sheets=True)
