"""A dataset folder changes all at once or not at all.

A run writes its files and its manifest into a staging folder beside the tables (named so
that no reader's glob reaches it; the files are ordinary ones, readable as any output), then commits by renaming that folder: before the rename
the folder is as it was (the staging folder is removed by the next run); after it, the run
is applied, each period file replacing the one of the same name in one rename and the
manifest last, and the next run or reader completes a commit that a kill cut short. A file
is replaced, never added beside the one it replaces, so no reader ever counts rows twice.
Ctrl-C while the commit is applied is held until it is done."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from govstats.dataset.layout import MANIFEST
from govstats.errors import UsageError
from govstats.outputs import lock

LOCK = ".govstats-lock"
_STAGING, _COMMIT = ".govstats-staging-", ".govstats-commit-"
_PLAN = "remove.json"


class Locked:
    """One writer at a time: an exclusive lock on the lock file beside the manifest, which
    goes with the process however it ends (a killed ingest leaves no lock behind). With
    ``wait`` a reader waits for a writer to finish instead of refusing."""

    def __init__(self, root: Path, *, wait: bool = False) -> None:
        self.path = root / LOCK
        self.wait = wait
        self.fd: int | None = None

    def __enter__(self) -> Locked:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        if not lock(self.fd, wait=self.wait):
            os.close(self.fd)
            raise UsageError(f"数据集正由另一次导入写入（锁文件 {self.path}）：请等它结束后重试")
        return self

    def __exit__(self, *exc) -> None:
        os.close(self.fd)  # closing releases the lock


class Staging:
    """The files of one run, written aside until :meth:`commit`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = Path(tempfile.mkdtemp(prefix=_STAGING, dir=root))
        self.moves: list[tuple[str, str]] = []
        self.remove: list[str] = []

    def path(self, rel: str) -> Path:
        """Where to write the file that becomes ``root/rel``."""
        self.moves.append((f"{len(self.moves):06d}.part", rel))
        return self.folder / self.moves[-1][0]

    def commit(self, manifest: dict[str, str | None]) -> None:
        """Make the run the folder's: the rename is the commit point; then apply it.
        ``manifest``: the manifest's files (:meth:`.manifest.Book.texts`; None: removed),
        ``manifest.json`` among them, which is put in place last."""
        for rel, text in manifest.items():
            if rel == MANIFEST:
                (self.folder / MANIFEST).write_text(text, encoding="utf-8")
            elif text is None:
                self.remove.append(rel)
            else:
                self.path(rel).write_text(text, encoding="utf-8")
        plan = {"moves": self.moves, "remove": self.remove}
        (self.folder / _PLAN).write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        commit = self.folder.with_name(_COMMIT + self.folder.name.removeprefix(_STAGING))
        os.rename(self.folder, commit)
        with _holding_ctrl_c():
            _apply(self.root, commit)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def recover(root: Path) -> None:
    """Under the lock: complete a run that committed but was cut short, and remove what a
    run that never committed left."""
    if not root.is_dir():
        return
    for leftover in sorted(root.iterdir()):
        if leftover.name.startswith(_COMMIT):
            with _holding_ctrl_c():
                _apply(root, leftover)
        elif leftover.name.startswith(_STAGING):
            shutil.rmtree(leftover, ignore_errors=True)


def settled(root: Path) -> None:
    """For a reader: the folder as its last committed run left it (a commit cut short is
    completed first, waiting for a writer that is applying one)."""
    if root.is_dir() and any(p.name.startswith(_COMMIT) for p in root.iterdir()):
        with Locked(root, wait=True):
            recover(root)


def _apply(root: Path, commit: Path) -> None:
    """Move a committed run's files into place, remove the files it emptied, then the
    manifest; every step may be repeated after a kill."""
    plan = commit / _PLAN
    if plan.exists():
        steps = json.loads(plan.read_text(encoding="utf-8"))
        for name, rel in steps["moves"]:
            if (commit / name).exists():  # not moved before a kill
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(commit / name, root / rel)
        for rel in steps["remove"]:
            (root / rel).unlink(missing_ok=True)
            prune(root, (root / rel).parent)
    if (commit / MANIFEST).exists():
        os.replace(commit / MANIFEST, root / MANIFEST)
    shutil.rmtree(commit, ignore_errors=True)


def prune(root: Path, folder: Path) -> None:
    """Remove partition folders left empty, up to the table's folder."""
    while folder != root and folder.parent != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


@contextlib.contextmanager
def _holding_ctrl_c() -> Iterator[None]:
    """Ctrl-C is delivered once the block is done (in the main thread; elsewhere it cannot
    arrive)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list = []
    previous = signal.signal(signal.SIGINT, lambda *a: caught.append(a))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught and callable(previous):
            previous(*caught[0])
        elif caught and previous == signal.SIG_DFL:
            raise KeyboardInterrupt
