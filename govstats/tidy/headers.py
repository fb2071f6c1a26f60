"""Headers read by composition: a count header is a qualifier + an action or state + a
quantity (+ a unit), a rate a stem + 率, a problem-list header names its field by the
noun it ends in. The parts are the data of :mod:`govstats.vocabulary.tables`; nothing here lists a
whole header, so 留言量, 总工单数, 交办总量 and 受理案件数 are read without being listed.

A user's own mapping (``headers.csv``: ``header,field``) is asked first.
"""

from __future__ import annotations

import os
from functools import lru_cache

from govstats.errors import UsageError
from govstats.read.document import read_user_csv
from govstats.schema import COUNT_FIELDS
from govstats.source import Source, file_name_text
from govstats.vocabulary import tables as v

PROBLEM_FIELDS = ("unit", "account_type", "name", "site_code", "url", "problem")
MAPPABLE = (*COUNT_FIELDS, *PROBLEM_FIELDS, "extra")
"""Fields a header can be mapped to; ``extra`` keeps the column in ``extras`` without a warning."""


def _lexicon() -> dict[str, str]:
    words = {w: kind for kind, ws in v.QUALIFIERS.items() for w in ws}
    words.update({w: "quantity" for w in (*v.QUANTITY, *v.TOTAL_PREFIX)})
    words.update({w: "handle" for w in v.HANDLE})
    words.update({w: "intake" for w in v.INTAKE})
    words.update({w: "neutral" for w in v.NEUTRAL})
    return words


_LEXICON = _lexicon()
_LONGEST = max(map(len, _LEXICON))


def _tokens(header: str) -> list[tuple[str, str]]:
    """``header`` as (kind, word) from the left, the longest known word first at each
    place (结案件数 is 结案 + 件数, not 结 + 案件 + 数); a character no part knows is
    ``("other", c)``."""
    out, i = [], 0
    while i < len(header):
        for n in range(min(_LONGEST, len(header) - i), 0, -1):
            kind = _LEXICON.get(header[i : i + n])
            if kind:
                out.append((kind, header[i : i + n]))
                i += n
                break
        else:
            out.append(("other", header[i]))
            i += 1
    return out


@lru_cache(maxsize=2**12)
def count_field(header: str) -> str | None:
    """The canonical count field a normalised header names, or ``None``.

    超期未办结 is late + not + handle: ``overdue_pending``; 受理案件数 is intake +
    quantity: ``received``; 处理中 is handle + 中: ``pending``.
    """
    if not header or is_rate(header) or header.endswith(v.TITLE_HEADS) or _names_who(header):
        return None
    if any(w in header for w in v.OTHER_MEASURES):
        return None
    tokens = _tokens(header)
    kinds = {kind for kind, _ in tokens}
    handle = next((i for i, (kind, _) in enumerate(tokens) if kind == "handle"), None)
    if handle is None:
        if kinds & {"late", "on_time", "not", "ongoing"}:
            return None  # 超期工单: overdue, but done or not is not said
        if "intake" in kinds or kinds <= {"quantity", "neutral", "done", "due"}:
            return "received"  # 受理案件数, 留言量; 总件数, 件数, 合计
        return None
    late, not_ = "late" in kinds, "not" in kinds
    ongoing = "ongoing" in kinds or tokens[handle + 1 : handle + 2] == [("other", "中")]
    if "due" in kinds and not (late or not_ or ongoing):
        return "received"  # 应办理: due to be handled
    if late:
        return "overdue_pending" if not_ or ongoing else "late_completed"
    if "on_time" in kinds:
        return "on_time"
    return "pending" if not_ or ongoing else "completed"


def is_rate(header: str) -> bool:
    return bool(header) and (header.endswith(v.RATE_ENDS) or "率(" in header or "占比" in header)


def rate_kind(header: str) -> str:
    """Which rate a printed rate column states: ``on_time``, ``overdue``, ``completion``
    (checked against the counts), or ``other`` (满意率, 发回重办率: no count gives it)."""
    if any(w in header for w in v.OTHER_MEASURES):
        return "other"
    for kind, words in v.RATE_KINDS.items():
        if any(w in header for w in words):
            return kind
    return "other"


def is_seq(header: str) -> bool:
    return header in v.SEQ or header.startswith("序号")


_PUNCT = str.maketrans("", "", "()、,/|")


def _names_who(header: str) -> bool:
    """A header that ends in an entity noun (承办单位, 单位名称) or in place levels (市州,
    旗区, 承办县区, 县(市、区)) names who, not how many."""
    if header.endswith(v.ENTITY_HEADS):
        return True
    bare = header.translate(_PUNCT)
    tail = len(bare) - len(bare.rstrip(v.PLACE_LEVELS))
    return bool(bare) and (tail == len(bare) or tail >= 2)


@lru_cache(maxsize=2**12)
def is_unit_header(header: str) -> bool:
    """Whether a normalised header heads the column of unit names."""
    return bool(header) and not is_rate(header) and _names_who(header)


@lru_cache(maxsize=2**12)
def problem_field(header: str) -> str | None:
    """The problem-list field a normalised header names, by the noun it ends in, or ``None``.

    Fields are those of ``problems`` plus ``region`` (地区: kept in ``extras``).
    """
    if not header:
        return None
    base = header
    for w in v.NAMED:
        if base == w:
            return "name"
        if base.endswith(w):
            base = base[: -len(w)]
            break
    for field, heads in v.PROBLEM_HEADS:
        if base.endswith(heads):
            return "problem" if field == "account_type" and "问题" in base else field
    return None


def read_header_map(path: str | os.PathLike) -> dict[str, str]:
    """A user's header mapping: a CSV with columns ``header,field`` (and any notes), one
    header as printed per row, ``field`` one of :data:`MAPPABLE`. Keys are normalised
    (Traditional, glosses, units and spaces do not matter).

    Raises :class:`~govstats.errors.UsageError` naming the file and row of a bad entry.
    """
    shown = file_name_text(os.fspath(path))
    rows = read_user_csv(path, "表头对应表")
    if not rows or [c.strip().lower() for c in rows[0][:2]] != ["header", "field"]:
        raise UsageError("表头对应表的第一行须为列名 header,field", shown)
    out: dict[str, str] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        header, field = [*row, "", ""][:2]
        field = field.strip()
        if field not in MAPPABLE:
            raise UsageError(
                f"表头“{header.strip()}”的字段“{field}”不是以下之一：{', '.join(MAPPABLE)}",
                Source(shown, row=n),
            )
        key = v.normalise(header)
        if not key:
            raise UsageError("没有表头", Source(shown, row=n))
        out[key] = field
    return out
