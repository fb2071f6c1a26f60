"""Checks on parsed tables and the narrative's figures. Every check reports a finding;
nothing is fixed or dropped (docs/findings.md: keep rows as printed, report them)."""

from __future__ import annotations

from collections import Counter
from operator import itemgetter

from govstats import labels
from govstats.findings import finding
from govstats.schema import COUNT_FIELDS
from govstats.tidy.byvalue import EXACT, ROWS, ByValue
from govstats.tidy.counts import parse_rate, rate_precision
from govstats.tidy.table import ParsedTable
from govstats.vocabulary import tables as vocab


def check_table(t: ParsedTable) -> list[dict]:
    """Findings records of the checks one table allows on its own: each row's arithmetic,
    printed rates, total rows, units listed twice. They need nothing from other files, so
    they run where the table is tidied (in a worker process when ``load`` has several)."""
    if t.kind != "handling":
        return []
    out: list[dict] = []
    for rec in t.records:
        out.extend(_row_arithmetic(t, rec))
        if t.rates:  # most tables print no rate
            out.extend(_printed_rates(t, rec))
    out.extend(_totals(t))
    out.extend(_duplicate_units(t))
    return out


def _src(t: ParsedTable, rec: dict, field: str | None = None):
    col = t.columns.get(field) if field else None
    return t.grid.source(rec["_r"], col)


_UNIT = itemgetter("unit")
_FIGURES = itemgetter("received", "on_time", "late_completed", "completed", "pending", "overdue_pending")


def _wrong_sum(received: int, done: int, pending: int | None) -> bool:
    """Whether done and pending fail to make what was received (more than it, or, with
    pending printed, other than it)."""
    parts = done + (pending or 0)
    return parts > received or (pending is not None and parts != received)


def _done(rec: dict) -> int | None:
    """What was done (:func:`_done_of` a row's figures)."""
    _, on_time, late, completed, pending, _ = _FIGURES(rec)
    return _done_of(on_time, late, completed, pending)


def _done_of(on_time: int | None, late: int | None, completed: int | None, pending: int | None) -> int | None:
    """What was done: on time + late, else completed, else on time when nothing is pending."""
    if on_time is not None and late is not None:
        return on_time + late
    if completed is not None:
        return completed
    if on_time is not None and pending is None:  # late is None here
        return on_time
    return None


def _done_text(rec: dict) -> str:
    """How a finding says what was done (as :func:`_done` reads it)."""
    if rec["on_time"] is not None and rec["late_completed"] is not None:
        return f"按时办结{rec['on_time']} + 超期办结{rec['late_completed']}"
    if rec["completed"] is not None:
        return f"办结{rec['completed']}"
    return f"按时办结{rec['on_time']}"


def _row_arithmetic(t: ParsedTable, rec: dict) -> list[dict]:
    """received = completed + pending; completed = on time + late; overdue ≤ pending."""
    received, on_time, late, completed, pending, overdue = _FIGURES(rec)
    done = _done_of(on_time, late, completed, pending)
    wrong_sum = received is not None and done is not None and _wrong_sum(received, done, pending)
    parts = (done or 0) + (pending or 0)
    both = on_time is not None and late is not None
    wrong_done = both and completed is not None and completed != on_time + late
    wrong_overdue = pending is not None and overdue is not None and overdue > pending
    if not (wrong_sum or wrong_done or wrong_overdue):  # most rows: nothing to say
        return []
    unit = rec["unit"] or "（未列单位名称）"
    out = []
    if wrong_sum:
        text = _done_text(rec) + (f" + 未办结{pending}" if pending is not None else "")
        reading = {"inside": "（超期未办结按含于未办结计）", "beside": "（超期未办结按与在办并列计）"}.get(
            t.overdue_reading or "", ""
        )
        out.append(
            finding(
                "row-arithmetic",
                _src(t, rec, "received"),
                unit=unit,
                arithmetic=f"{text} = {parts}，但受理{received}{reading}",
            )
        )
    if wrong_done:
        out.append(
            finding(
                "row-arithmetic",
                _src(t, rec, "completed"),
                unit=unit,
                arithmetic=f"办结{completed}，但按时办结{on_time} + 超期办结{late} = {on_time + late}",
            )
        )
    if wrong_overdue:
        out.append(
            finding(
                "row-arithmetic",
                _src(t, rec, "overdue_pending"),
                unit=unit,
                arithmetic=f"超期未办结{overdue}多于未办结{pending}",
            )
        )
    return out


def _expected_rate(rec: dict, kind: str) -> float | None:
    received = rec["received"]
    done = _done(rec)
    if kind == "on_time":
        num, den = rec["on_time"], received
    elif kind == "overdue":
        late, over = rec["late_completed"], rec["overdue_pending"]
        num = None if late is None and over is None else (late or 0) + (over or 0)
        den = received
    else:
        num, den = done, received
    if num is None or not den:
        return None
    return num / den


def _printed_rates(t: ParsedTable, rec: dict) -> list[dict]:
    out = []
    for c, header, kind in t.rates:
        printed = rec["_rates"].get(c)
        if printed is None:
            continue
        value = parse_rate(printed)
        expected = _expected_rate(rec, kind)
        if value is None or expected is None:
            continue
        if abs(value - expected) > rate_precision(printed):
            out.append(
                finding(
                    "rate-mismatch",
                    t.grid.source(rec["_r"], c),
                    unit=rec["unit"],
                    header=header,
                    printed=printed,
                    expected=expected,
                )
            )
    return out


def _totals(t: ParsedTable) -> list[dict]:
    """A 合计 row against all unit rows; a subtotal against the rows of its group (tidying
    says which: ``_covers``)."""
    out = []
    for total in t.totals:
        covers = total.get("_covers")
        covered = None if covers is None else set(covers)
        rows = t.records if covered is None else [r for r in t.records if r["_r"] in covered]
        for field in COUNT_FIELDS:
            printed = total[field]
            values = [r[field] for r in rows]
            if printed is None or not values or any(v is None for v in values):
                continue
            if sum(values) != printed:
                out.append(
                    finding(
                        "total-mismatch",
                        _src(t, total, field),
                        total=total["unit"],
                        field=labels.COUNTS[field],
                        printed=printed,
                        count=len(values),
                        summed=sum(values),
                    )
                )
    return out


def _duplicate_units(t: ParsedTable) -> list[dict]:
    keys = _unit_keys(t)  # each name's key made once
    named = [key for key, r in zip(keys, t.records, strict=True) if r["unit"]]
    if len(set(named)) == len(named):  # no name twice: most tables, told without counting
        return []
    names = Counter(named)
    out = []
    seen: set[str] = set()
    for key, rec in zip(keys, t.records, strict=True):
        if names.get(key, 0) > 1 and key not in seen:
            seen.add(key)
            out.append(
                finding(
                    "duplicate-unit",
                    _src(t, rec, "unit"),
                    unit=rec["unit"],
                    detail=f"在本表出现{names[key]}次，各行均已保留",
                )
            )
    return out


def check_across(tables: list[ParsedTable]) -> list[dict]:
    """A unit listed in two handling tables of one city's period and channel (a draft sheet
    beside the annex, a corrected copy): both rows are kept and would be summed, so it is
    said at each later row. Tables naming no city are compared within their file only."""
    # a key's first table: its units are read only once another table shares its key (most never)
    seen: dict[tuple, ParsedTable | dict[str, tuple[ParsedTable, dict]]] = {}
    out = []
    for t in tables:
        if t.kind != "handling" or t.messages is not None:  # a counted log is compared, not summed
            continue
        key = (t.publisher or ("file", t.grid.file), str(t.period), t.channel, t.channel_raw)
        units = seen.get(key)
        if units is None:
            seen[key] = t
            continue
        if isinstance(units, ParsedTable):
            units = seen[key] = _listed({}, units, _unit_keys(units))
        names = _unit_keys(t)
        out.extend(_listed_before(t, names, units))
        _listed(units, t, names)
    return out


def _unit_keys(t: ParsedTable) -> list[str]:
    """Each record's unit as a key for matching (:func:`~govstats.vocabulary.tables.name_key`)."""
    units = list(map(_UNIT, t.records))
    return list(
        map(_KEY if len(units) <= ROWS and EXACT.issuperset(map(type, units)) else vocab.name_key, units)
    )


_KEY = ByValue(vocab.name_key).__getitem__


def _listed(units: dict[str, tuple], t: ParsedTable, names: list[str]) -> dict[str, tuple]:
    """``units`` with each unit of ``t`` it does not hold yet (the first table listing a unit is
    the one later tables are said against)."""
    for name, rec in zip(names, t.records, strict=True):
        if name:
            units.setdefault(name, (t, rec))
    return units


def _listed_before(t: ParsedTable, names: list[str], units: dict[str, tuple]) -> list[dict]:
    """A ``duplicate-unit`` warning at each row of ``t`` whose unit an earlier table lists."""
    out = []
    for name, rec in zip(names, t.records, strict=True):
        first = units.get(name)
        if first is not None and first[0] is not t:
            out.append(
                finding(
                    "duplicate-unit",
                    _src(t, rec, "unit"),
                    unit=rec["unit"],
                    detail=f"也列在同期同渠道的另一个表格中（{first[1]['source']}），两行均已保留，合计时会重复计算",
                )
            )
    return out
