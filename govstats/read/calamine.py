"""calamine, a native library, kept from harming the run: what it writes to the process's
stderr (a Rust panic's report) kept out, and its failures, its own error types or a panic,
raised as typed errors naming the file (and sheet)."""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from govstats.errors import CorruptFileError, GovstatsError, PasswordProtectedError
from govstats.source import Source

_quiet = threading.RLock()
_sink: dict = {}  # one temporary file per process, reused: stderr of native code lands there


@contextmanager
def native_stderr_kept_out() -> Iterator[None]:
    """Rust's panic report (with a backtrace under RUST_BACKTRACE) goes to file descriptor 2,
    past Python: it is caught here, as the panic itself becomes an error naming the file.
    Anything else native code writes there is passed on."""
    with _quiet:
        try:
            saved = os.dup(2)
        except OSError:  # no stderr at all (a service on Windows)
            yield
            return
        if os.getpid() not in _sink:  # a forked worker has its own, not its parent's
            _sink.clear()
            _sink[os.getpid()] = tempfile.TemporaryFile()  # noqa: SIM115 - kept for the process's life
        sink = _sink[os.getpid()].fileno()  # empty: emptied after each use that wrote to it
        sys.stderr.flush()
        os.dup2(sink, 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            size = os.lseek(sink, 0, os.SEEK_CUR)
            if size:
                os.lseek(sink, 0, os.SEEK_SET)
                said = os.read(sink, min(size, 1 << 16))
                os.ftruncate(sink, 0)
                os.lseek(sink, 0, os.SEEK_SET)
                if b"panicked at" not in said:
                    os.write(2, said)


@contextmanager
def contained(name: str, sheet: str | None = None) -> Iterator[None]:
    """calamine's failures, its own error types or a Rust panic (which Python sees as a
    BaseException), as a typed error naming the file (and sheet)."""
    try:
        yield
    except (KeyboardInterrupt, SystemExit, GovstatsError):
        raise
    except BaseException as exc:
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise PasswordProtectedError(source=Source(name)) from None
        what = "工作表无法读取" if sheet is not None else "不是可读取的工作簿"
        detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
        raise CorruptFileError(f"{what}（{type(exc).__name__}: {detail}）", Source(name, sheet)) from None
