"""One publisher's data: which publishers and periods a dataset holds, the period and the
publisher a report is on (:func:`settle`), and the dataset cut down to them (:func:`scope`),
findings included. A file that names no publisher is a publisher of its own: its rows are
never taken for another file's."""

from __future__ import annotations

import dataclasses

import pandas as pd

from govstats import schema
from govstats.labels import period_text
from govstats.schema import input_files
from govstats.source import SOURCE_PARTS

_ROW_TABLES = tuple(t for t in schema.TABLES if t != "findings")  # each row a publisher's and a period's


def positions(dataset, tables: tuple[str, ...] = _ROW_TABLES) -> pd.DataFrame:
    """Every row of the row ``tables`` as (publisher, input, period, file, sheet): who and
    when, and where it was printed."""
    frames = []
    for name in tables:
        t = getattr(dataset, name)
        if t.empty:
            continue
        where = t["source"].astype("string").str.extract(SOURCE_PARTS)
        frames.append(
            pd.DataFrame(
                {
                    "publisher": t["publisher"].astype("string"),
                    "input": input_files(t),
                    "period": t["period"].astype(object),
                    "file": where["file"],
                    "sheet": where["sheet"],
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["publisher", "input", "period", "file", "sheet"])
    out = pd.concat(frames, ignore_index=True)
    out["period"] = [p if isinstance(p, pd.Period) else None for p in out["period"]]
    return out


def _who(publisher: str | None, input: str | None) -> str:
    return publisher if publisher else f"未注明发布单位的文件{input}"


def _sorted(periods) -> list[pd.Period]:
    return sorted(set(periods), key=lambda p: (p.end_time, p.start_time))


def settle(dataset, period=None, previous=None, publisher: str | None = None):
    """``(period, previous, publisher)`` for a report: the publisher asked for (default the
    only one of the period), its period (default its latest) and the one before it in its
    own data (same frequency). Raises ``ValueError`` (in Chinese, for the reader) when the
    publisher or the period has no data, or several publishers share the period and none
    was chosen."""
    from govstats.notice.publishers import given_publisher
    from govstats.periods import parse_period

    if publisher is not None:  # as load took it: 鹰潭市 and "鹰潭市 " are one
        publisher = given_publisher(publisher)
    rows = positions(dataset)
    rows = rows[rows["period"].notna()]
    if publisher is not None:
        mine = rows[rows["publisher"].fillna("") == publisher]
        if mine.empty:
            named = sorted(rows["publisher"].dropna().unique())
            held = f"输入中的发布单位有：{'、'.join(named)}" if named else "输入均未注明发布单位"
            raise ValueError(f"输入中没有“{publisher}”的数据（{held}）")
    else:
        mine = rows
    periods = _sorted(mine["period"])
    if not periods:
        raise ValueError("输入均未注明统计期：请用 --period 指定，如 2023Q4、2023-11")
    current = parse_period(period) if period is not None else periods[-1]
    if current not in periods:
        held = "、".join(map(str, periods))
        who = f"“{publisher}”" if publisher else "输入"
        raise ValueError(f"{who}没有{period_text(current)}（{current}）的数据，有数据的统计期：{held}")
    at = mine[mine["period"] == current]
    scopes = sorted({(p, i) for p, i in zip(at["publisher"], at["input"], strict=True)}, key=str)
    if publisher is None and len(scopes) > 1:
        names = "、".join(
            _who(p if isinstance(p, str) else None, i if isinstance(i, str) else None) for p, i in scopes
        )
        raise ValueError(f"{period_text(current)}有多个发布单位的数据（{names}）：请用 --publisher 选择一个")
    pub, inp = scopes[0]
    pub = pub if isinstance(pub, str) else None
    if previous is not None:
        prev = parse_period(previous)
    else:
        own = mine[
            (mine["publisher"].fillna("") == (pub or ""))
            & (mine["input"].fillna("") == (inp if isinstance(inp, str) else ""))
        ]
        earlier = [p for p in _sorted(own["period"]) if p.freqstr == current.freqstr and p < current]
        prev = earlier[-1] if earlier else None
    return current, prev, pub


def unnamed_input(dataset, period: pd.Period) -> str | None:
    """The input file whose rows of ``period`` name no publisher (``None`` when none does);
    ``ValueError`` when several do."""
    rows = positions(dataset)
    files = sorted(rows.loc[rows["publisher"].isna() & (rows["period"] == period), "input"].dropna().unique())
    if len(files) > 1:
        raise ValueError(
            f"{period_text(period)}有{len(files)}个未注明发布单位的文件（{'、'.join(files)}）：请用 --publisher 指定"
        )
    return files[0] if files else None


def scope(dataset, publisher: str | None, period: pd.Period | None = None, *, until: bool = True):
    """``dataset`` cut down to one publisher: its rows (of periods up to ``period`` when
    ``until``), the findings printed where its rows of ``period`` were (:func:`placed_findings`)
    and the inputs they came from. ``period=None``: every period of the publisher, with the
    findings of each. ``publisher=None`` is the one input file whose rows of ``period`` name
    none."""
    done = getattr(dataset, "_scope", None)
    if done is not None and done == (publisher, period, until):
        return dataset  # cut down to this already
    if period is None:
        if publisher is None:
            raise ValueError("scope：未给出发布单位时须给出统计期（该期唯一一个未注明发布单位的输入文件）")
        rows = positions(dataset)
        periods = _sorted(rows.loc[rows["publisher"] == publisher, "period"].dropna())
        if not periods:
            raise ValueError(f"输入中没有“{publisher}”的数据")
        out = scope(dataset, publisher, periods[-1], until=False)
        out.findings = pd.concat(
            [placed_findings(dataset, publisher, p, rows=rows) for p in periods], ignore_index=True
        ).drop_duplicates(ignore_index=True)
        out._scope = (publisher, None, until)
        return out
    input = unnamed_input(dataset, period) if publisher is None else None
    tables = {}
    for name in _ROW_TABLES:
        t = getattr(dataset, name)
        if t.empty:
            tables[name] = t
            continue
        t = t[schema.of_publisher(t, publisher, input)]
        if until:
            t = t[t["period"].map(_until(t["period"], period)).fillna(False).astype(bool)]
        tables[name] = t.reset_index(drop=True)
    out = dataclasses.replace(dataset, **tables, findings=placed_findings(dataset, publisher, period, input))
    files = set(positions(out)["file"].dropna())
    out.inputs = [s for s in dataset.inputs if s.file in files]
    out._scope = (publisher, period, until)
    return out


def _until(periods: pd.Series, period: pd.Period) -> dict:
    """Which of the ``periods`` end by the end of ``period`` (each asked once: a Period's
    end time is slow to make)."""
    end = period.end_time
    return {p: isinstance(p, pd.Period) and p.end_time <= end for p in pd.unique(periods)}


def placed_findings(
    dataset, publisher: str | None, period: pd.Period, input: str | None = None, *, rows=None
) -> pd.DataFrame:
    """The findings of one publisher's one period: those printed on a sheet (or, for a
    file without sheets, in a file) whose rows are all of that publisher and period.

    A finding of a sheet or file that holds rows of several publishers or periods, or no
    rows at all (a file that could not be read), belongs to none of them.
    """
    f = dataset.findings
    if f.empty:
        return f
    rows = positions(dataset) if rows is None else rows
    rows = rows.assign(
        scope=list(zip(rows["publisher"].fillna(""), rows["input"].fillna(""), rows["period"], strict=True))
    )
    wanted = (publisher or "", "" if publisher else (input or ""), period)
    by_sheet = rows.dropna(subset=["sheet"]).groupby(["file", "sheet"])["scope"].agg(set).to_dict()
    by_file = rows.groupby("file")["scope"].agg(set).to_dict()
    keep = []
    for file, sheet in zip(f["file"], f["sheet"], strict=True):
        scopes = by_sheet.get((file, sheet)) if isinstance(sheet, str) else None
        scopes = scopes or by_file.get(file, set())
        keep.append(scopes == {wanted})
    return f[pd.Series(keep, index=f.index, dtype=bool)].reset_index(drop=True)
