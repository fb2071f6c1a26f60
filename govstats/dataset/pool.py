"""Worker processes for :func:`~govstats.dataset.load`: a file whose reading kills its
worker (a native crash, memory exhausted) is reported as that file's error and the other
files are read on; nothing depends on the caller's ``if __name__ == "__main__":``.

Where fork is the start method the workers are forked (they start with govstats imported);
elsewhere (spawn on Windows and macOS, forkserver) they are fresh interpreters running
:mod:`.worker`, which never import the caller's main module, so a script without a main
guard does not run again in each worker.
"""

from __future__ import annotations

import contextlib
import gc
import pickle
import signal
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from govstats.dataset.worker import FRAME, Lost, read_frame, serve_pipe

_FORKING = threading.Lock()
_AHEAD = 2
"""Batches sent to a worker before its oldest is answered: it begins the next while the
last one's results travel back and are unpickled, instead of waiting for them (a tenth of
a 2-process load went in those waits)."""


def run(
    func: Callable[[Any], Any],
    items: list,
    workers: int,
    crashed: Callable[[Any, str], Any],
    done: Callable[[int], Any] | None = None,
) -> list:
    """``func`` over ``workers`` processes, of batches of ``items`` (``func`` gives a list of
    the results of a list of items), the results in order. A batch whose worker dies is
    retried one item at a time, each sent alone; an item that kills its worker so gets
    ``crashed(item, why)`` as its result. ``done(n)`` is told of each ``n`` results come in
    (a progress bar)."""
    import multiprocessing as mp

    fork = (mp.get_start_method(allow_none=True) or mp.get_context().get_start_method()) == "fork"
    todo = deque(_batches(len(items), workers))
    results: list = [None] * len(items)
    lock = threading.Lock()
    started: list[_Worker] = []

    def serve() -> None:
        worker, sent = None, deque()
        while True:
            with lock:
                more = _ahead(todo, sent)
            if more and worker is None:
                worker = _Worker(func, fork)
                with lock:
                    started.append(worker)
            for batch in more:
                worker.send([items[i] for i in batch])
                sent.append(batch)
            if not sent:
                break
            batch = sent.popleft()
            try:
                out = worker.recv()
            except _Died as died:
                worker = None
                with lock:
                    todo.extendleft(reversed(sent))  # sent behind it: again, as they were
                    sent.clear()
                    if not isinstance(batch, tuple):  # which of them did it: each again, alone
                        todo.extendleft((i,) for i in reversed(batch))
                        continue
                results[batch[0]] = crashed(items[batch[0]], died.why)
                if done is not None:
                    done(1)
                continue
            for i, result in zip(batch, out, strict=True):
                results[i] = crashed(items[i], result.why) if isinstance(result, Lost) else result
            if done is not None:
                with lock:
                    done(len(batch))
        if worker is not None:
            worker.close()

    _in_threads(serve, workers, fork, started)
    return results


def _ahead(todo: deque, sent: deque) -> list:
    """The batches of ``todo`` to send a worker with ``sent`` unanswered: up to
    :data:`_AHEAD` in all, but an item suspected of killing a worker (a tuple) goes alone.
    Its worker has then nothing to die of but that item: the answer to a batch before may
    still be on its way out when the next one kills it."""
    more: list = []
    while todo and len(sent) + len(more) < _AHEAD:
        if any(isinstance(b, tuple) for b in (*sent, *more, todo[0])) and (sent or more):
            break
        more.append(todo.popleft())
    return more


def _batches(n: int, workers: int) -> list[list[int]]:
    """Indexes 0..n-1 in batches of at most 16, smaller as fewer remain (a quarter of each
    worker's share of what remains), so the workers finish close together."""
    out, i = [], 0
    while i < n:
        size = max(1, min(16, (n - i) // (workers * 4)))
        out.append(list(range(i, min(i + size, n))))
        i += size
    return out


def _in_threads(serve: Callable[[], None], workers: int, fork: bool, started: list[_Worker]) -> None:
    """``serve`` in ``workers`` threads, each feeding its own process, until all are done;
    every process started is ended, whatever happened."""
    # Frozen, the parent's objects are skipped by the workers' collections and their pages
    # stay shared (gc.freeze's documented use before fork); someone else's freeze is left.
    freeze = fork and gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    threads = [threading.Thread(target=serve, daemon=True) for _ in range(workers)]
    served = False
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        served = True
    finally:
        if freeze:
            gc.unfreeze()
        if served:  # each told to stop: waiting for it to exit (5 ms a load) is left to a thread
            threading.Thread(target=_end, args=(started,), daemon=True).start()
        else:
            for w in started:
                w.kill()


def _end(started: list[_Worker]) -> None:
    """Each worker's exit waited for; one that does not exit when told is killed."""
    for w in started:
        if _wait(w.proc) is None:
            w.kill()


class _Died(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


class _Worker:
    """One worker process and the pipe to it: a batch of items out, their results back."""

    def __init__(self, func: Callable, fork: bool) -> None:
        if fork:
            import multiprocessing as mp

            ctx = mp.get_context("fork")
            # One fork at a time: a worker forked while another's pipe ends are open in the
            # parent keeps copies of them, and that one's death is then never seen (no end of
            # file, no exit code: "不再响应" after 5 s, or a wait without end).
            with _FORKING:
                parent, child = ctx.Pipe()
                self.proc = ctx.Process(target=serve_pipe, args=(child, func), daemon=True)
                self.proc.start()
                child.close()
            self._send, self._recv = parent.send_bytes, parent.recv_bytes
            # Forked workers share copies of each other's pipe ends, so no end-of-file ever
            # reaches one: an empty message tells it to stop.
            self._close = lambda: (parent.send_bytes(b""), parent.close())
        else:
            # -P: the working folder is not put first on the path, where another checkout of
            # govstats would be imported in the caller's stead
            cmd = [sys.executable, "-P", "-m", "govstats.dataset.worker", func.__module__, func.__qualname__]
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            pin, pout = self.proc.stdin, self.proc.stdout
            self._send = lambda data: (pin.write(FRAME.pack(len(data)) + data), pin.flush())
            self._recv = lambda: read_frame(pout)
            self._close = lambda: (pin.close(), pout.close())

    def send(self, batch: list) -> None:
        """A batch sent; one that cannot reach a worker that died is found out by :meth:`recv`."""
        with contextlib.suppress(OSError, ValueError):
            self._send(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))

    def recv(self) -> list:
        """The results of the oldest batch sent and not yet answered."""
        try:
            return pickle.loads(self._recv())
        except (EOFError, OSError, ValueError, pickle.UnpicklingError):
            raise _Died(self._exit_reason()) from None

    def _exit_reason(self) -> str:
        code = _wait(self.proc)
        if code is None:
            self.kill()
            return "工作进程不再响应"
        if code < 0:
            try:
                return f"工作进程被信号{signal.Signals(-code).name}终止"
            except ValueError:
                return f"工作进程被信号{-code}终止"
        return f"工作进程以退出码{code}终止"

    def close(self) -> None:
        """The worker told to stop, once all its batches are answered."""
        with contextlib.suppress(OSError):
            self._close()

    def kill(self) -> None:
        if _wait(self.proc, 0) is None:
            self.proc.kill()
            _wait(self.proc)


def _wait(proc, timeout: float = 5) -> int | None:
    """The process's exit code once it has ended (None while it runs on)."""
    if isinstance(proc, subprocess.Popen):
        try:
            return proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
    from multiprocessing.connection import wait

    if not wait([proc.sentinel], timeout):
        return None
    # Starting a worker reaps the ended ones (multiprocessing's _cleanup): reaped at once
    # here too, one of the two found none and its exit code was lost ("不再响应").
    with _FORKING:
        proc.join()
    return proc.exitcode
