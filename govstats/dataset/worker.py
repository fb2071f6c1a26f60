"""A worker process of :mod:`.pool`: batches of items read from the parent, each answered
with the list of their results, pickled back in frames. Forked workers run
:func:`serve_pipe`; elsewhere (spawn on Windows and macOS, forkserver) the worker is a
fresh interpreter running this module (``python -m govstats.dataset.worker MODULE
FUNCTION``), which never imports the caller's main module."""

from __future__ import annotations

import os
import pickle
import queue
import signal
import struct
import sys
import threading
from collections.abc import Callable
from typing import Any

FRAME = struct.Struct("<Q")
"""A message's length before it, over a worker's standard input and output."""


def read_frame(fh) -> bytes:
    """One message of a stream of frames (:data:`FRAME`); EOFError where the stream ends."""
    head = fh.read(FRAME.size)
    if len(head) < FRAME.size:
        raise EOFError
    (n,) = FRAME.unpack(head)
    data = fh.read(n)
    if len(data) < n:
        raise EOFError
    return data


def _answer(func: Callable, data: bytes) -> bytes:
    out = func(pickle.loads(data))
    try:
        return pickle.dumps(out, pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # a result that cannot travel back says so, instead of the worker dying
        return pickle.dumps([_unpicklable(r, exc) for r in out], pickle.HIGHEST_PROTOCOL)


class Lost:
    """A result that could not travel back from the worker, and why."""

    def __init__(self, why: str) -> None:
        self.why = why


def _unpicklable(result: Any, exc: Exception) -> Any:
    try:
        pickle.dumps(result)
    except Exception:
        return Lost(f"结果无法传回主进程（{type(exc).__name__}: {exc}）")
    return result


def _serve(func: Callable, read: Callable[[], bytes], write: Callable[[bytes], Any]) -> None:
    """Each request read answered, until the end of them. Reading and writing have a thread
    each, so the worker works while its pipes move: the pipe in is always drained (the
    parent's send of a batch ahead never waits on a worker waiting for the parent to take its
    answer), and an answer travels while the next batch is worked (a worker waited a tenth of
    its time on the parent to take each answer)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    came: queue.SimpleQueue[bytes] = queue.SimpleQueue()
    going: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()

    def pump() -> None:
        data = b"-"
        while data:
            try:
                data = read()
            except (EOFError, OSError):
                data = b""
            came.put(data)

    def drain() -> None:
        while (answer := going.get()) is not None:
            try:
                write(answer)
            except OSError:  # the parent is gone
                return

    threading.Thread(target=pump, daemon=True).start()
    writer = threading.Thread(target=drain)
    writer.start()
    try:
        while data := came.get():
            going.put(_answer(func, data))
    finally:  # whatever ended the work, the answers given go out and the worker ends
        going.put(None)
        writer.join()


def serve_pipe(conn, func: Callable) -> None:
    _serve(func, conn.recv_bytes, conn.send_bytes)


def _serve_stdio(module: str, qualname: str) -> None:
    import importlib

    func = importlib.import_module(module)
    for part in qualname.split("."):
        func = getattr(func, part)
    pin = sys.stdin.buffer
    pout = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not break the frames
    _serve(
        func, lambda: read_frame(pin), lambda data: (pout.write(FRAME.pack(len(data)) + data), pout.flush())
    )


if __name__ == "__main__":
    _serve_stdio(sys.argv[1], sys.argv[2])
