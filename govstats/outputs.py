"""Writing files safely, for every stage that writes and for the command line: a file
replaced whole or not at all (:func:`atomic_write`), an output folder one run writes into at
a time (:func:`locked`, on its ``.govstats-output`` marker, which also tells loading never to
read the folder as input), a private temporary folder (:func:`private_folder`), text a
spreadsheet would run as a formula neutralised (:func:`neutralise_formula`), and the
:class:`~govstats.errors.OutputError` saying in Chinese why a path cannot be written."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from govstats.errors import OutputError

OUTPUT_MARKER = ".govstats-output"
_MARKER_TEXT = "本文件夹存放govstats写出的表格；govstats读取输入时跳过此文件夹。\n"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_formula(value: object) -> object:
    """Prefix ``'`` to text that a spreadsheet would run as a formula (``=…``, ``+…``)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it into place.

    A failed write leaves ``path`` as it was: never half-written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        publish_mode(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def check_target(path: Path, shown: str) -> None:
    """Refuse, before any work, an output ``path`` that cannot be made: one of the folders
    it would be in is a file (``shown`` is how the user wrote it)."""
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"-o {shown}：其上级 {parent} 是文件，不是文件夹")
            return


def unwritable(path: Path | str, exc: OSError) -> OutputError:
    """The :class:`~govstats.errors.OutputError` (exit 2) for a file that could not be written."""
    return OutputError(f"无法写入 {path}：{why(exc)}")


def why(exc: OSError) -> str:
    import errno

    words = {
        errno.ENOSPC: "磁盘空间已满",
        errno.EDQUOT: "磁盘配额已满",
        errno.EFBIG: "文件超过允许的大小",
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有写入权限",
        errno.EROFS: "文件系统只读",
        errno.ENOTDIR: "路径中有一部分是文件而不是文件夹",
        errno.EEXIST: "已存在同名文件",
    }
    said = words.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    return f"{said}({exc.strerror or exc})" if exc.strerror and said != exc.strerror else said


def publish_mode(path: Path) -> None:
    """Give ``path`` an ordinary file's mode under the umask: mkstemp and mkdtemp make
    their files private, and an output is an ordinary file."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


@contextlib.contextmanager
def locked(outdir: Path) -> Iterator[None]:
    """Hold the output folder's lock (its marker file): one run writes into it at a time,
    and the lock goes with the process, however it ends."""
    fd = os.open(outdir / OUTPUT_MARKER, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        lock(fd, wait=True)
        if os.fstat(fd).st_size == 0:
            os.write(fd, _MARKER_TEXT.encode("utf-8"))
        yield
    finally:
        os.close(fd)  # closing releases the lock


def lock(fd: int, *, wait: bool) -> bool:
    """An exclusive lock on the open file ``fd``; without ``wait``, False when it is held."""
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return True
            except OSError:
                if not wait:
                    return False
                import time

                time.sleep(0.1)
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def private_folder(prefix: str) -> Iterator[Path]:
    """A new folder only this user can enter, under the system's temporary folder, locked
    for as long as it is used and removed afterwards. Folders of earlier runs that were
    killed outright (their lock went with their process) are removed first."""
    for old in Path(tempfile.gettempdir()).glob(prefix + "*"):
        with contextlib.suppress(OSError):
            fd = os.open(old / ".lock", os.O_RDWR)
            try:
                if lock(fd, wait=False):
                    shutil.rmtree(old, ignore_errors=True)
            finally:
                os.close(fd)
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    fd = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        lock(fd, wait=True)
        yield folder
    finally:
        os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)
