"""Read one input file into a :class:`~govstats.read.grid.Document`: its bytes read once,
its format recognised by content, never by its name, and read by that format's reader
(:mod:`.registry`).

Only regular files are opened (a FIFO would block, a device never end), and never read
past the size the format allows, whatever size the file system claims."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from govstats.errors import (
    EmptyInputError,
    GovstatsError,
    InputTooLargeError,
    UnreadableInputError,
    UnsupportedFormatError,
    UsageError,
)
from govstats.read import registry
from govstats.read.grid import Document
from govstats.read.magic import OLE, PARQUET, ZIP
from govstats.read.safety import MAX_TOTAL_BYTES
from govstats.source import Source, file_name_text

_MAX_TEXT_BYTES = 50 * 2**20
_BINARY_STARTS = (ZIP, OLE, PARQUET)  # archives and tables: the larger limit
_NOT_FILES = {
    stat.S_IFIFO: "命名管道（FIFO）",
    stat.S_IFCHR: "字符设备",
    stat.S_IFBLK: "块设备",
    stat.S_IFSOCK: "套接字",
    stat.S_IFDIR: "文件夹",
}


_OPEN_ERRORS = {
    errno.ENOENT: "没有这个文件",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.ENOTDIR: "路径中有一部分是文件而不是文件夹",
    errno.ELOOP: "符号链接循环",
    errno.ENAMETOOLONG: "路径过长",
}


def read_user_text(path: str | os.PathLike, what: str) -> str:
    """The text of a file a user gives beside the inputs (a header map, an alias table, a
    deadline rules file), opened as an input is (a regular file only: never a FIFO or a
    device; at most the size an input may be) and decoded as an input is (UTF-8 or
    GB18030). Raises :class:`~govstats.errors.UsageError` naming the file (``what`` says
    which file it is) when it cannot be read."""
    from govstats.read.text import decode_text

    shown = file_name_text(os.fspath(path))
    try:
        text, _ = decode_text(read_input(Path(path), shown), shown)
    except UnreadableInputError as exc:
        raise UsageError(f"{what}无法读取：{exc.reason}", Source(shown)) from None
    return text


def read_user_csv(path: str | os.PathLike, what: str) -> list[list[str]]:
    """The rows of a CSV a user gives beside the inputs (``--headers``, an alias table),
    opened as an input is (a regular file only: never a FIFO or a device; at most the
    size an input may be), decoded as an input is (UTF-8 or GB18030), a field as long as
    the file. Raises :class:`~govstats.errors.UsageError` naming the file (``what`` says
    which file it is) when it cannot be read (:func:`read_user_text`)."""
    import csv
    import io

    shown = file_name_text(os.fspath(path))
    text = read_user_text(path, what)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a long note is a long cell, not an error
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise UsageError(f"{what}不是可读取的CSV（{exc}）", Source(shown)) from None
    finally:
        csv.field_size_limit(limit)


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
        return registry.read(data, name, path)
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


def read_input(path: Path, name: str) -> bytes:
    """The bytes of the regular file at ``path``, at most as many as any format allows.

    The file is opened without blocking and checked to be a regular file before a byte
    is read; a file whose size the file system does not tell (``/proc``, a device) is
    read only up to the limit.
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        said = _OPEN_ERRORS.get(exc.errno or 0)
        raise UnreadableInputError(
            f"无法打开（{said + '，' if said else ''}{type(exc).__name__}: {exc.strerror or exc}）",
            Source(name),
        ) from None
    st = os.fstat(fd)
    kind = _NOT_FILES.get(stat.S_IFMT(st.st_mode))
    if kind is not None or not stat.S_ISREG(st.st_mode):
        os.close(fd)  # a folder's too: open() of it raises before the check could say so
        raise UnsupportedFormatError(f"这是{kind or '特殊文件'}，不是普通文件，未读取", Source(name))
    try:  # os.read on the descriptor: a file object around it would stat the file again
        # A file within the smaller limit whole in the first read (its start tells the limit).
        head = os.read(fd, st.st_size + 1 if 0 < st.st_size < _MAX_TEXT_BYTES else 8)
        limit = MAX_TOTAL_BYTES if head.startswith(_BINARY_STARTS) else _MAX_TEXT_BYTES
        if st.st_size > limit:
            raise InputTooLargeError(
                f"文件大小为{st.st_size / 2**20:.0f} MB，超过此类文件{limit // 2**20} MB的上限", Source(name)
            )
        chunks, total = [head], len(head)
        want = st.st_size - total + 1  # what the file system says, in one read; more, a MB at a time
        while total <= limit:
            chunk = os.read(fd, min(want if want > 0 else 1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = 0
    finally:
        os.close(fd)
    if total > limit:  # the file system said less than there is
        raise InputTooLargeError(f"文件超过此类文件{limit // 2**20} MB的上限", Source(name))
    return b"".join(chunks)
