"""Read one input file into a :class:`~govstats.read.grid.Document`, recognising its format
by content (magic bytes), never by its name: .xlsx/.xlsm, legacy .xls, OpenDocument .ods,
HTML pages, CSV (UTF-8, UTF-8 with BOM, GB18030/GBK) and plain-text notices.

Only regular files are opened (a FIFO would block, a device never end), and never read
past the size the format allows, whatever size the file system claims."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from govstats.errors import (
    EmptyInputError,
    GovstatsError,
    InputTooLargeError,
    PasswordProtectedError,
    UnreadableInputError,
    UnsupportedFormatError,
)
from govstats.read.grid import Document
from govstats.source import Source

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF = b"%PDF-"
_MAX_TEXT_BYTES = 50 * 2**20
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"
_NOT_FILES = {
    stat.S_IFIFO: "命名管道（FIFO）",
    stat.S_IFCHR: "字符设备",
    stat.S_IFBLK: "块设备",
    stat.S_IFSOCK: "套接字",
    stat.S_IFDIR: "文件夹",
}


def read_document(path: Path, name: str, data: bytes | None = None) -> Document:
    """Recognise ``path``'s format by content and read its text and table grids (from
    ``data`` when the file has already been read with :func:`read_input`).

    Raises a subclass of :class:`~govstats.errors.UnreadableInputError` naming the file
    when it cannot be read; no library exception escapes.
    """
    try:
        if data is None:
            data = read_input(path, name)
        if not data:
            raise EmptyInputError("文件为空（0字节）", Source(name))
        if data.startswith(_ZIP):
            return _read_zip(data, name, path)
        if data.startswith(_OLE):
            return _read_ole(data, name, path)
        if data[:1024].lstrip().startswith(_PDF):
            from govstats.read import pdf

            return pdf.read(data, name, path)
        return _read_text_file(data, name)
    except GovstatsError:
        raise
    except (OSError, ValueError, UnicodeError, MemoryError) as exc:
        raise UnreadableInputError(
            f"读取时出错（{type(exc).__name__}: {str(exc)[:160]}）", Source(name)
        ) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a reader's failure on odd input: this file only
        raise UnreadableInputError(
            f"读取时出错（{type(exc).__name__}: {str(exc)[:160]}）", Source(name)
        ) from None


def read_input(path: Path, name: str, *, head_only: bool = False) -> bytes:
    """The bytes of the regular file at ``path``, at most as many as any format allows
    (with ``head_only``, its first 4 KB: whether it is a regular file is all that is asked).

    The file is opened without blocking and checked to be a regular file before a byte
    is read; a file whose size the file system does not tell (``/proc``, a device) is
    read only up to the limit.
    """
    from govstats.read.safety import MAX_TOTAL_BYTES

    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UnreadableInputError(
            f"无法打开（{type(exc).__name__}: {exc.strerror or exc}）", Source(name)
        ) from None
    with open(fd, "rb", buffering=0) as fh:
        st = os.fstat(fd)
        kind = _NOT_FILES.get(stat.S_IFMT(st.st_mode))
        if kind is not None or not stat.S_ISREG(st.st_mode):
            raise UnsupportedFormatError(f"这是{kind or '特殊文件'}，不是普通文件，未读取", Source(name))
        if head_only:
            return fh.read(4096)
        head = fh.read(8)
        limit = MAX_TOTAL_BYTES if head.startswith((_ZIP, _OLE)) else _MAX_TEXT_BYTES
        if st.st_size > limit:
            raise InputTooLargeError(
                f"文件大小为{st.st_size / 2**20:.0f} MB，超过此类文件{limit // 2**20} MB的上限", Source(name)
            )
        chunks, total = [head], len(head)
        want = st.st_size - total + 1  # what the file system says, in one read; more, a MB at a time
        while total <= limit:
            chunk = fh.read(min(want if want > 0 else 1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = 0
        if total > limit:  # the file system said less than there is
            raise InputTooLargeError(f"文件超过此类文件{limit // 2**20} MB的上限", Source(name))
    return b"".join(chunks)


def _read_zip(data: bytes, name: str, path: Path) -> Document:
    from govstats.read.excel import read_ods, read_workbook
    from govstats.read.safety import check_zip

    notes: list[dict] = []
    # The worksheets are read whole anyway (formulas saved without a value): inflate them once.
    with check_zip(data, name, whole=("xl/worksheets/",)) as zf:
        if "xl/workbook.xml" in zf:
            grids = read_workbook(path, name, zf, notes=notes)
            return Document(name, "xlsx", grids=grids, findings=notes)
        if "xl/workbook.bin" in zf:
            raise UnsupportedFormatError(
                "这是Excel二进制工作簿（.xlsb），govstats不读取此格式：请在Excel中另存为.xlsx后再导入",
                Source(name),
            )
        if _is_ods(zf):
            return Document(name, "ods", grids=read_ods(zf, name, notes), findings=notes)
        if "word/document.xml" in zf:
            kind = "Word文档"
        elif "content.xml" in zf:
            kind = "OpenDocument文档（不是电子表格）"
        else:
            kind = "zip压缩包"
        raise UnsupportedFormatError(f"这是{kind}，不是Excel工作簿", Source(name))


def _is_ods(zf) -> bool:
    if "mimetype" in zf:
        return zf.read("mimetype").strip() == _ODS
    return "content.xml" in zf and b"office:spreadsheet" in zf.read("content.xml")[:65536]


def _read_ole(data: bytes, name: str, path: Path) -> Document:
    blob = data[: 2**20]
    # An encrypted .xlsx is an OLE container holding EncryptionInfo/EncryptedPackage streams.
    if "EncryptionInfo".encode("utf-16-le") in blob or "EncryptedPackage".encode("utf-16-le") in blob:
        raise PasswordProtectedError(source=Source(name))
    from govstats.read.excel import read_workbook
    from govstats.read.ole import workbook_stream

    stream, names = workbook_stream(data, name)  # a container cut short is a damaged file, whatever it held
    if not stream and "WordDocument" in names:  # Word 97-2003, and WPS Writer's .wps
        from govstats.read import legacy

        doc = _read_zip(legacy.convert(data, name), name, path)
        doc.format = "doc"
        return doc
    if not stream:
        raise UnsupportedFormatError("这是Office文件，但不是Excel工作簿", Source(name))
    notes: list[dict] = []
    grids = read_workbook(None, name, data=data, notes=notes)
    return Document(name, "xls", grids=grids, findings=notes)


def _read_text_file(data: bytes, name: str) -> Document:
    from govstats.read.html import looks_like_html, read_html
    from govstats.read.text import csv_grid, decode_text

    text, notes = decode_text(data, name)
    if not text.strip():
        raise EmptyInputError("文件只有空白字符", Source(name))
    if looks_like_html(text[:2048]):
        lines, grids = read_html(text, name)
        return Document(name, "html", text_lines=lines, grids=grids, findings=notes)
    lines = text.splitlines()
    grid, more = csv_grid(text, lines, name)
    if grid is not None:
        return Document(name, "csv", grids=[grid], findings=notes + more)
    return Document(name, "text", text_lines=lines, findings=notes)
