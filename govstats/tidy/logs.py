"""A platform's message log (one row per message: 信件编号, 来信时间, 办理单位, 答复时间,
状态) recognised by its content: a header row whose words compose a unit column and a
received date-time column, with dates under it. Columns are read by their parts
(:mod:`govstats.vocabulary.logs`' LOG_* words with INTAKE, HANDLE and ENTITY_HEADS), never whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import countOf

import pandas as pd

from govstats.findings import finding
from govstats.read.grid import Grid
from govstats.tidy import headers as hd
from govstats.vocabulary import channels, either
from govstats.vocabulary import logs as log_words
from govstats.vocabulary import tables as v

_HEADER_ROWS = 15  # a log's header is near its top: titles above it are a line or two
_CN_DATE = re.compile(r"[年月/.](?=\d)")  # 2023年4月3日, 2023/4/3, 2023.4.3
_CN_TIME = re.compile(r"(\d{1,2})[时点](?:(\d{1,2})分?)?(?:(\d{1,2})秒)?")  # 12时04分, 9时
_ROLES = ("id", "unit", "received", "answered", "deadline", "status", "extension")


@dataclass(slots=True)
class RecordLog:
    """A message log found in a grid: ``messages`` has one row per data row with its Excel
    ``row``, ``unit``, ``received`` and ``answered`` (datetimes; answered ``NaT`` when
    none), ``deadline_raw``, ``status``, ``extension`` and ``id`` as printed (text or empty).
    ``columns`` maps each role to its 0-based column, ``headers`` to the header printed."""

    grid: Grid
    title: str
    header_row: int
    columns: dict[str, int]
    headers: dict[str, str]
    messages: pd.DataFrame
    channel: str | None = None
    channel_raw: str | None = None
    channel_source: str | None = None  # title, sheet, file, column
    findings: list[dict] = field(default_factory=list)


_ROLE_WORD = re.compile(
    either((*log_words.LOG_DEADLINE, *log_words.LOG_EXTENSION, *log_words.LOG_STATUS, *log_words.LOG_TIMES))
)


# Every grid's top rows are asked whether they head a log, and offices print the same
# headers on every sheet: a header's role is worked out once.
@lru_cache(maxsize=2**14)
def _role(header: str) -> str | None:
    if not header:
        return None
    if _ROLE_WORD.search(header):  # most cells asked (names, figures, problems) hold none
        if any(w in header for w in log_words.LOG_DEADLINE):
            return "deadline"
        if any(w in header for w in log_words.LOG_EXTENSION):
            return "extension"
        if any(w in header for w in log_words.LOG_STATUS):
            return "status"
        if any(w in header for w in log_words.LOG_TIMES):
            return _event(header)
    if hd.is_unit_header(header):
        return "unit"
    if header.endswith(log_words.LOG_ID):
        return "id"
    return None


def _event(header: str) -> str | None:
    """received or answered: the event word nearest before the time word (受理回复时间 is
    an answer's time)."""
    found = [(header.rfind(w), len(w), "received") for w in v.INTAKE if w in header]
    found += [(header.rfind(w), len(w), "answered") for w in v.HANDLE if len(w) > 1 and w in header]
    return max(found)[2] if found else None


@lru_cache(maxsize=2**14)
def _cell_role(cell: str) -> str | None:
    return _role(v.normalise(cell))


def _roles(row: list[object] | tuple) -> tuple[dict[str, int], dict[str, str]]:
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    for c, cell in enumerate(row):
        if not isinstance(cell, str):
            continue
        role = _cell_role(cell)
        # the first column of a role wins, but a unit column naming who handles (承办单位)
        # wins over one that does not (所属部门)
        if role and (
            role not in columns or (role == "unit" and _handles(cell) and not _handles(headers[role]))
        ):
            columns[role], headers[role] = c, cell.strip()
    return columns, headers


@lru_cache(maxsize=2**12)
def _heading(row: tuple) -> tuple[dict[str, int], dict[str, str]] | None:
    """:func:`_roles` of a row whose words head a log (a unit and a received column), else
    ``None``: series print the same header rows sheet after sheet, so a row is asked once."""
    columns, headers = _roles(row)
    return (columns, headers) if "unit" in columns and "received" in columns else None


def _handles(header: str) -> bool:
    n = v.normalise(header)
    return any(w in n for w in (*v.INTAKE, *v.HANDLE))


def read_log(grid: Grid) -> RecordLog | None:
    """The message log in ``grid``, or ``None`` when the grid holds none."""
    for r in range(min(_HEADER_ROWS, grid.n_rows)):
        # a unit column and a received column are two texts: a title line or a unit's
        # row of figures (one text) heads no log, and most rows asked are those
        if countOf(map(type, grid.cells[r]), str) < 2:
            continue
        heading = _heading(tuple(grid.cells[r]))
        if heading is None:
            continue
        columns, headers = dict(heading[0]), dict(heading[1])
        rows = [row for row in grid.cells[r + 1 :] if any(_present(x) for x in row)]
        received = parse_datetimes(pd.Series([_at(row, columns["received"]) for row in rows], dtype=object))
        if received.notna().sum() * 2 < max(len(rows), 1):  # dates under it, not a count table
            continue
        title = " ".join(str(x).strip() for row in grid.cells[:r] for x in row if _present(x))
        log = RecordLog(grid, title, r, columns, headers, pd.DataFrame())
        _fill(log, r)
        _settle_channel(log)
        return log
    return None


def _present(x: object) -> bool:
    return x is not None and str(x).strip() != ""


def _at(row: list[object], c: int | None) -> object:
    return row[c] if c is not None and c < len(row) else None


def _fill(log: RecordLog, header: int) -> None:
    """The messages below the header; a row without a unit or a readable received date is
    not counted, and a finding names it."""
    grid, cols = log.grid, log.columns
    rows = [r for r in range(header + 1, grid.n_rows) if any(_present(x) for x in grid.cells[r])]
    raw = {role: [_at(grid.cells[r], cols.get(role)) for r in rows] for role in _ROLES}
    numbers = grid.row_numbers
    frame = pd.DataFrame(
        {
            "row": pd.array([numbers[r] if numbers else r + 1 for r in rows], dtype="Int64"),
            **{k: _texts(raw[k]) for k in ("id", "unit", "status", "extension")},
            "received": parse_datetimes(pd.Series(raw["received"], dtype=object)),
            "answered": parse_datetimes(pd.Series(raw["answered"], dtype=object)),
            "deadline_raw": pd.Series(raw["deadline"], dtype=object),
        }
    )
    frame["unit"] = frame["unit"].map(v.clean_name, na_action="ignore").astype("string")
    bad = frame["unit"].isna() | frame["received"].isna()
    for i in frame.index[bad]:
        log.findings.append(_unread(log, rows[i], frame.at[i, "unit"], raw["received"][i]))
    unread_answer = frame["answered"].isna() & pd.Series([_present(x) for x in raw["answered"]])
    for i in frame.index[unread_answer & ~bad]:
        log.findings.append(
            finding(
                "log-row-unread",
                grid.source(rows[i], cols["answered"]),
                reason=f"{log.headers['answered']}“{raw['answered'][i]}”无法识别为日期，按未答复计",
            )
        )
    log.messages = frame[~bad].reset_index(drop=True)


def _unread(log: RecordLog, r: int, unit: object, received: object) -> dict:
    """Why row ``r`` is not counted: no unit, a received date that is no date, or neither
    (a line under the log: 共计160条, 制表人), each named at its cell."""
    grid, cols = log.grid, log.columns
    if pd.isna(unit) and not _present(received):
        line = " ".join(str(x).strip() for x in grid.cells[r] if _present(x))
        return finding(
            "log-row-unread",
            grid.source(r),
            severity="warning",  # no message: nothing of the handling is lost
            reason=f"本行没有办理单位和收到时间，不是留言，未计入：“{line}”",
        )
    if pd.isna(unit):
        return finding(
            "log-row-unread", grid.source(r, cols["unit"]), reason="本条留言没有办理单位，未计入办理情况"
        )
    return finding(
        "log-row-unread",
        grid.source(r, cols["received"]),
        reason=f"{log.headers['received']}“{received}”无法识别为日期，本条留言未计入办理情况",
    )


def _texts(values: list[object]) -> pd.Series:
    return pd.Series([str(x).strip() if _present(x) else None for x in values], dtype="string")


def parse_datetimes(values: pd.Series) -> pd.Series:
    """Date-times as platforms export them: ISO text, ``2023/4/3 12:04``, ``2023年4月3日``,
    Python datetimes or Excel serial numbers; ``NaT`` for anything else."""
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    numbers = values.map(lambda x: type(x) in (int, float))
    if numbers.any():  # an Excel serial day number (1900 date system)
        serial = pd.to_numeric(values[numbers], errors="coerce")
        ok = serial.between(20000, 80000)
        out[numbers] = (pd.Timestamp("1899-12-30") + pd.to_timedelta(serial.where(ok), unit="D")).astype(
            "datetime64[s]"
        )
    rest = values[~numbers & values.notna()].astype(str).str.strip()
    rest = rest.str.replace(_CN_DATE, "-", regex=True).str.replace(_CN_TIME, _clock, regex=True)
    rest = rest.str.replace("日", " ", regex=False).str.strip()
    parsed = pd.to_datetime(rest, errors="coerce", format="mixed")
    out[rest.index] = parsed.astype("datetime64[s]")
    return out


def _clock(m: re.Match) -> str:
    return f"{m[1]}:{m[2] or '00'}:{m[3] or '00'}"


def _settle_channel(log: RecordLog) -> None:
    """The channel from the log's title, its sheet, its file name, else its columns' words."""
    columns = " ".join(log.headers.values())
    for where, text in (("title", log.title), ("sheet", log.grid.sheet or ""), ("file", log.grid.file)):
        if channel := channels.channel_of(text):
            log.channel, log.channel_source = channel, where
            log.channel_raw = channels.mailbox_name(text) if channel == "mailbox" else None
            return
    received = v.normalise(log.headers["received"])
    channel = channels.channel_of(columns) or next(
        (c for w, c in log_words.LOG_CHANNEL_INTAKE.items() if w in received), None
    )
    if channel:
        log.channel, log.channel_source = channel, "column"
