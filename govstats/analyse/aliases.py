"""One canonical name per unit across notices that name it differently (市政府办 vs
鹰潭市人民政府办公室). The mapping is a shipped, editable CSV; a unit it does not cover
keeps its printed name, and units that appear in only some periods are reported with
likely matches for a person to confirm, never merged by guesswork."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd

from govstats.errors import UsageError
from govstats.read.document import read_user_csv
from govstats.source import file_name_text
from govstats.vocabulary.tables import name_key

ALIAS_COLUMNS = ("publisher", "alias", "canonical", "note")


def load_aliases(path: str | Path | None = None) -> pd.DataFrame:
    """The alias table: which printed names of a unit are one unit.

    An empty ``publisher`` applies to every publisher. Copy the shipped file, edit it, and
    pass its path to use your own.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A CSV with columns ``alias`` and ``canonical`` (``publisher`` and ``note``
        optional); the one shipped in ``govstats/resources/aliases.csv`` by default.

    Returns
    -------
    pandas.DataFrame
        Columns publisher, alias, canonical, note (text; empty where not given).
    """
    if path is None:
        source = resources.files("govstats.resources").joinpath("aliases.csv")
        with source.open("r", encoding="utf-8-sig") as fh:
            table = pd.read_csv(fh, dtype="string", keep_default_na=False)
    else:  # a user's file: opened with the guards an input gets (a regular file, its size)
        rows = read_user_csv(path, "单位别名表")
        head = [c.strip() for c in rows[0]] if rows else []
        body = [
            [*r, *[""] * (len(head) - len(r))][: len(head)] for r in rows[1:] if any(c.strip() for c in r)
        ]
        table = pd.DataFrame(body, columns=head, dtype="string")
    missing = [c for c in ("alias", "canonical") if c not in table.columns]
    if missing:
        raise UsageError(
            f"单位别名表缺少列：{'、'.join(missing)}", file_name_text(str(path or "aliases.csv"))
        )
    for col in ALIAS_COLUMNS:
        if col not in table.columns:
            table[col] = ""
    return table[list(ALIAS_COLUMNS)]


def apply_aliases(
    table: pd.DataFrame, aliases: pd.DataFrame | None = None, column: str = "unit"
) -> pd.DataFrame:
    """``table`` with one name per unit across periods.

    Matching ignores spaces and full-width forms; a publisher-specific row wins over a row
    for every publisher.

    Parameters
    ----------
    table : pandas.DataFrame
        A tidy table with ``column`` (and ``publisher``).
    aliases : pandas.DataFrame, optional
        :func:`load_aliases` output; the shipped table by default.
    column : str, default "unit"
        The column of names to map.

    Returns
    -------
    pandas.DataFrame
        A copy, ``column`` mapped to canonical names and the printed name kept in
        ``<column>_raw``.
    """
    aliases = load_aliases() if aliases is None else aliases
    specific = {
        (name_key(p), name_key(a)): c
        for p, a, c in aliases[["publisher", "alias", "canonical"]].itertuples(index=False)
        if p
    }
    general = {
        name_key(a): c
        for p, a, c in aliases[["publisher", "alias", "canonical"]].itertuples(index=False)
        if not p
    }
    out = table.copy()
    out[f"{column}_raw"] = out[column]
    publishers = out["publisher"] if "publisher" in out else pd.Series("", index=out.index)

    def canonical(publisher: object, name: object) -> object:
        if not isinstance(name, str):
            return name
        key = name_key(name)
        return specific.get((name_key(publisher), key)) or general.get(key) or name

    out[column] = pd.array(
        [canonical(p, n) for p, n in zip(publishers, out[column], strict=True)], dtype="string"
    )
    return out


def alias_report(table: pd.DataFrame, column: str = "unit") -> pd.DataFrame:
    """Units present in only some of their publisher's periods, each with the names of
    other periods that look like it (one contains the other once the city name is set
    aside): candidates for the alias table, to confirm by hand.

    Parameters
    ----------
    table : pandas.DataFrame
        A tidy table after :func:`apply_aliases`.
    column : str, default "unit"
        The column of names.

    Returns
    -------
    pandas.DataFrame
        Columns publisher, unit, periods (those it is present in), candidates.
    """
    rows = []
    data = table.dropna(subset=[column])
    for publisher, group in data.groupby("publisher", dropna=False, sort=False):
        periods = sorted(set(group["period"].dropna()))
        if len(periods) < 2:
            continue
        seen = group.groupby(column, sort=True)["period"].agg(lambda s: sorted(set(s)))
        city = str(publisher).removesuffix("市") if isinstance(publisher, str) else ""
        for unit, present in seen.items():
            if len(present) == len(periods):
                continue
            core = _core(unit, city)
            candidates = [
                other
                for other, when in seen.items()
                if other != unit and not set(when) & set(present) and _similar(core, _core(other, city))
            ]
            rows.append(
                {
                    "publisher": publisher,
                    column: unit,
                    "periods": ", ".join(map(str, present)),
                    "candidates": "、".join(candidates),
                }
            )
    return pd.DataFrame(rows, columns=["publisher", column, "periods", "candidates"])


def _core(name: str, city: str) -> str:
    core = name_key(name)
    for prefix in (city + "市", city, "市"):
        if prefix and core.startswith(prefix):
            return core[len(prefix) :]
    return core


def _similar(a: str, b: str) -> bool:
    return len(a) >= 2 and len(b) >= 2 and (a in b or b in a)
