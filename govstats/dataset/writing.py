"""Writing tidy tables to disk: CSV for Excel, Parquet for tools, always atomically.

One call's tables replace the previous ones all together or not at all: the set is
written to a staging folder inside the output folder, committed by renaming that folder,
then moved into place; a run killed after the commit is completed by the next one, a run
killed before it leaves the old set whole (its staging folder is removed next time). Runs
writing to the same folder take turns (:func:`govstats.outputs.locked`, the folder's
``.govstats-output``, which also marks it as an output folder that loading never reads as
input)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from govstats.errors import OutputError
from govstats.outputs import locked, neutralise_formula, publish_mode, why

_STAGING, _COMMIT = ".govstats-staging-", ".govstats-commit-"


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
        with locked(outdir):
            _recover(outdir)
            stage = Path(tempfile.mkdtemp(prefix=_STAGING, dir=outdir))
            try:
                for name, df in tables.items():
                    for fmt in formats:
                        writers[fmt](df, stage / f"{name}.{fmt}")
                        publish_mode(stage / f"{name}.{fmt}")
                commit = stage.with_name(_COMMIT + stage.name.removeprefix(_STAGING))
                os.rename(stage, commit)  # the commit point: from here the new set is the output
            except BaseException:
                shutil.rmtree(stage, ignore_errors=True)
                raise
            _apply(commit, outdir, names)
    except OSError as exc:
        raise OutputError(f"无法写入输出文件夹 {outdir}：{why(exc)}；文件夹中原有的表格未改动") from None
    return [outdir / n for n in names]


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
