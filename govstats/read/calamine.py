"""calamine, a native library, kept from harming the run: what it writes to the process's
stderr (a Rust panic's report) kept out, and its failures, its own error types or a panic,
raised as typed errors naming the file (and sheet)."""

from __future__ import annotations

import atexit
import os
import sys
import tempfile
import threading

from govstats.errors import CorruptFileError, GovstatsError, PasswordProtectedError
from govstats.source import Source

_quiet = threading.RLock()
_sink: dict = {}  # one temporary file per process, reused: stderr of native code lands there


class native_stderr_kept_out:  # a class, not @contextmanager: entered per file, it costs less
    """Rust's panic report (with a backtrace under RUST_BACKTRACE) goes to file descriptor 2,
    past Python: it is caught here, as the panic itself becomes an error naming the file.
    Anything else native code writes there is passed on."""

    __slots__ = ("_saved",)

    def __enter__(self) -> None:
        _quiet.acquire()
        try:
            self._saved = os.dup(2)
        except OSError:  # no stderr at all (a service on Windows)
            self._saved = None
            return
        try:
            if os.getpid() not in _sink:  # a forked worker has its own, not its parent's
                for inherited in _sink.values():  # the worker's copy of its parent's descriptor
                    inherited.close()
                _sink.clear()
                _sink[os.getpid()] = sink_file = tempfile.TemporaryFile()  # kept for the process's life
                atexit.register(sink_file.close)  # closed, not left to the finaliser's ResourceWarning
            sink = _sink[os.getpid()].fileno()  # empty: emptied after each use that wrote to it
            sys.stderr.flush()
            os.dup2(sink, 2)
        except BaseException:
            os.close(self._saved)
            _quiet.release()
            raise

    def __exit__(self, *exc: object) -> None:
        try:
            saved = self._saved
            if saved is None:
                return
            sink = _sink[os.getpid()].fileno()
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
        finally:
            _quiet.release()


class contained:  # a class, not @contextmanager: entered per file and per sheet
    """calamine's failures, its own error types or a Rust panic (which Python sees as a
    BaseException), as a typed error naming the file (and sheet)."""

    __slots__ = ("name", "sheet")

    def __init__(self, name: str, sheet: str | None = None) -> None:
        self.name, self.sheet = name, sheet

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, exc: BaseException | None, tb: object) -> bool:
        if exc is None or isinstance(exc, (KeyboardInterrupt, SystemExit, GovstatsError)):
            return False
        name, sheet = self.name, self.sheet
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise PasswordProtectedError(source=Source(name)) from None
        what = "工作表无法读取" if sheet is not None else "不是可读取的工作簿"
        detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
        raise CorruptFileError(f"{what}（{type(exc).__name__}: {detail}）", Source(name, sheet)) from None
