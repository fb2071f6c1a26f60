"""Writing tidy tables to disk: CSV for Excel, Parquet for tools, always atomically.

One call's tables replace the previous ones all together or not at all: the set is
written to a staging folder inside the output folder, committed by renaming that folder,
then moved into place; a run killed after the commit is completed by the next one, a run
killed before it leaves the old set whole (its staging folder is removed next time). Runs
writing to the same folder take turns (a lock on the folder's ``.govstats-output``, which
also marks it as an output folder that loading never reads as input)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from govstats.errors import OutputError

OUTPUT_MARKER = ".govstats-output"
_MARKER_TEXT = "本文件夹存放govstats写出的表格；govstats读取输入时跳过此文件夹。\n"
_STAGING, _COMMIT = ".govstats-staging-", ".govstats-commit-"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_formula(value: object) -> object:
    """Prefix ``'`` to text that a spreadsheet would run as a formula (``=…``, ``+…``)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def for_csv(df: pd.DataFrame) -> pd.DataFrame:
    """A copy fit for CSV: periods as text, text cells neutralised against formulas."""
    out = df.copy()
    for col in out.columns:
        if col == "period" or isinstance(out[col].dtype, pd.PeriodDtype):
            out[col] = out[col].map(lambda p: str(p) if isinstance(p, pd.Period) else p)
        elif out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise_formula)
    return out


def for_parquet(df: pd.DataFrame) -> pd.DataFrame:
    """A copy fit for Parquet: periods as text (``2022Q1``, ``2022-08``), portable to any reader."""
    out = df.copy()
    for col in out.columns:
        if col == "period" or isinstance(out[col].dtype, pd.PeriodDtype):
            out[col] = out[col].map(lambda p: str(p) if isinstance(p, pd.Period) else None).astype("string")
    return out


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it into place.

    A failed write leaves ``path`` as it was: never half-written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; an output is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_tables(
    tables: dict[str, pd.DataFrame], outdir: Path, formats: tuple[str, ...] = ("csv", "parquet")
) -> list[Path]:
    """Write each table as ``<name>.csv`` (UTF-8 with BOM) and/or ``<name>.parquet``, all
    of them replacing the previous ones together or not at all.

    Raises :class:`~govstats.errors.OutputError` when ``outdir`` cannot be written (a
    file, read-only, the disk full); the folder then holds what it held before.
    """
    writers = {
        "csv": lambda df, p: for_csv(df).to_csv(p, index=False, encoding="utf-8-sig"),
        "parquet": lambda df, p: for_parquet(df).to_parquet(p, index=False),
    }
    outdir = Path(outdir)
    names = [f"{name}.{fmt}" for name in tables for fmt in formats]
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        with _locked(outdir):
            _recover(outdir)
            stage = Path(tempfile.mkdtemp(prefix=_STAGING, dir=outdir))
            try:
                for name, df in tables.items():
                    for fmt in formats:
                        writers[fmt](df, stage / f"{name}.{fmt}")
                        _publish_mode(stage / f"{name}.{fmt}")
                commit = stage.with_name(_COMMIT + stage.name.removeprefix(_STAGING))
                os.rename(stage, commit)  # the commit point: from here the new set is the output
            except BaseException:
                shutil.rmtree(stage, ignore_errors=True)
                raise
            _apply(commit, outdir, names)
    except OSError as exc:
        raise OutputError(f"无法写入输出文件夹 {outdir}：{_why(exc)}；文件夹中原有的表格未改动") from None
    return [outdir / n for n in names]


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
    return OutputError(f"无法写入 {path}：{_why(exc)}")


def _why(exc: OSError) -> str:
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


def _publish_mode(path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)  # mkdtemp's folder is private; an output is an ordinary file


def _apply(commit: Path, outdir: Path, names: list[str]) -> None:
    """Move the committed set into place; the files it replaces wait in ``.old`` until all
    have moved, so a failure (a file held open on Windows) puts everything back."""
    old = commit / ".old"
    old.mkdir(exist_ok=True)
    done: list[str] = []
    try:
        for n in names:
            if (outdir / n).exists():
                os.replace(outdir / n, old / n)
            done.append(n)
            os.replace(commit / n, outdir / n)
    except OSError:
        for n in reversed(done):
            with contextlib.suppress(OSError):
                if (outdir / n).exists() and not (commit / n).exists():
                    os.replace(outdir / n, commit / n)
                if (old / n).exists():
                    os.replace(old / n, outdir / n)
        shutil.rmtree(commit, ignore_errors=True)
        raise
    shutil.rmtree(commit, ignore_errors=True)


def _recover(outdir: Path) -> None:
    """Finish what a killed run left: a committed set is moved into place, a staging folder
    (the run died before its commit) removed."""
    for entry in sorted(outdir.iterdir()):
        if entry.name.startswith(_STAGING) and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(_COMMIT) and entry.is_dir():
            for f in entry.iterdir():
                if f.is_file():
                    os.replace(f, outdir / f.name)
            shutil.rmtree(entry, ignore_errors=True)


@contextlib.contextmanager
def _locked(outdir: Path) -> Iterator[None]:
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
