"""Writing tidy tables to disk: CSV for Excel, Parquet for tools, always atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

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
    """Write each table as ``<name>.csv`` (UTF-8 with BOM) and/or ``<name>.parquet``."""
    writers = {
        "csv": lambda df, p: for_csv(df).to_csv(p, index=False, encoding="utf-8-sig"),
        "parquet": lambda df, p: for_parquet(df).to_parquet(p, index=False),
    }
    return [
        atomic_write(Path(outdir) / f"{name}.{fmt}", lambda p, d=df, w=writers[fmt]: w(d, p))
        for name, df in tables.items()
        for fmt in formats
    ]
