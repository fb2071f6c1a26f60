"""Which government published a notice or a table: the place its title, its issuing office
(发文机关, 发布机构, 来源), a folder or a file name names.

A place is a chain of administrative names, largest first (江西省鹰潭市余江区), each a name
and its level's suffix (省, 自治区; 市, 自治州, 州, 地区, 盟; 区, 县, 旗, 自治县 …). A title
names its publisher at its start, after at most an annex label, a document number, 关于 or
the period (“鹰潭市人民政府办公室关于…”, “关于渭南市…”, “2022年第一季度铜川市…”), and the place is
followed by what the government does or publishes: an office, a period, the subject (its
websites, a mailbox, the hotline). Those kinds of words, not a list of cities, are the
vocabulary below; a place name alone (“渭南” without 市) is never taken for one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path, PurePath

from govstats.chinese import key
from govstats.errors import UsageError
from govstats.periods import PERIOD_LEAD
from govstats.terminal import terminal_text
from govstats.vocabulary import either
from govstats.vocabulary.notices import (
    ABOUT,
    DOCUMENT_NUMBER,
    ISSUER_FIELDS,
    PERIOD_NAMES,
    SOURCE_FIELDS,
    TITLE_LEADS,
)
from govstats.vocabulary.places import DETERMINERS, FOLLOWERS, LEVELS, MUNICIPALITIES, SCOPES
from govstats.vocabulary.tables import ANNEX, NUMERALS, REPORTED, TABLE

# Words a name may not contain: a period (一季度市长信箱 is no city called 一季度).
_NOT_IN_NAME = re.compile(either((*PERIOD_NAMES, ABOUT, *REPORTED, ANNEX)))
# What a title may print before its publisher: an annex label, a number, a document number,
# 《, 关于, and the period (2022年第一季度, 2022年8月份).
_LEAD = re.compile(
    rf"^(?:{ANNEX}\s*\d*\s*[::、.]?|{TABLE}\s*\d+\s*[::、.]?|\d{{1,2}}\s*[.、]|[{NUMERALS}]+、"
    rf"|\([{NUMERALS}\d]+\)|[\u4e00-\u9fff]{{1,6}}〔\d{{4}}〕\d+{DOCUMENT_NUMBER}|《|{either(TITLE_LEADS)})"
)
_CJK = r"\u4e00-\u9fff"


def _level(suffixes: tuple[str, ...]) -> str:
    # A name never ends with its own suffix's character: 鹰潭市|市政府网站, not 鹰潭市市; and
    # no name starts with a determiner (各县市区), or with one before a level (全市, 本县).
    start = rf"(?![{DETERMINERS}])(?![{SCOPES}{_ONE_CHARACTER_LEVELS}][{_LEVEL_CHARS}])"
    ends = "|".join(rf"(?<!{s[0]}){s}" for s in suffixes)
    return rf"({start}[{_CJK}]{{1,10}}?(?:{ends}))?"


_LEVEL_CHARS = "".join(sorted({s[0] for level in LEVELS for s in level}))
_ONE_CHARACTER_LEVELS = "".join(sorted({s for level in LEVELS for s in level if len(s) == 1}))
# One group per level: 江西省鹰潭市余江区 → (江西省, 鹰潭市, 余江区); a level not printed is None.
_CHAIN = re.compile("".join(map(_level, LEVELS)))
_AFTER = re.compile(
    rf"$|[^{_CJK}]|[{_LEVEL_CHARS}]?(?:{'|'.join(w for words in FOLLOWERS.values() for w in words)})"
)
_LONGEST = 32
_SUFFIX_END = re.compile(f"[{re.escape(''.join(sorted({s[-1] for level in LEVELS for s in level})))}]")


GIVEN_LONGEST = 50
"""At most this many characters in a publisher a user gives (the longest county's full
name has under 30): it names a dataset folder's partition and an output file."""


def given_publisher(text: str) -> str:
    """A publisher a user gives (``--publisher``, ``publisher=``) in the form publishers
    read from the data have (:func:`govstats.chinese.key`: ``鹰潭市 `` and ``鷹潭市`` are 鹰潭市), so that
    it never makes a second 鹰潭市. Raises :class:`~govstats.errors.UsageError` for a name
    that cannot be one: empty, holding control characters, too long, or Hive's word for a
    missing value (read back as no publisher)."""
    name = key(text)
    if not name:
        raise UsageError(f"发布单位“{terminal_text(text)}”为空")
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Cn") for ch in name):
        raise UsageError(f"发布单位“{terminal_text(text)}”含有控制字符")
    if len(name) > GIVEN_LONGEST:
        raise UsageError(
            f"发布单位“{terminal_text(name[:20])}…”有{len(name)}个字，超过{GIVEN_LONGEST}个字的上限"
        )
    if name.upper() == "__HIVE_DEFAULT_PARTITION__":
        raise UsageError(f"发布单位不能是“{name}”：数据集文件夹以它表示未注明发布单位")
    return name


@lru_cache(maxsize=2**12)
def find_publisher(text: str, *, office: bool = False) -> str | None:
    """The government a title or a name names, or ``None``: ``鹰潭市人民政府办公室关于…`` →
    ``鹰潭市``, ``关于渭南市2022年…`` → ``渭南市``, ``衡东县12345政务服务便民热线…`` →
    ``衡东县``, ``江西省鹰潭市余江区人民政府`` → ``鹰潭市余江区`` (a province before a city
    is dropped). ``office=True`` reads ``text`` as an office's name (发文机关: 泰安市教育局),
    where any word may follow the place."""
    rest = key(text)
    for _ in range(4):  # 附件1:关于2022年第一季度鹰潭市…: peel what may stand before the name
        m = _LEAD.match(rest) or PERIOD_LEAD.match(rest)
        if not m or not m.group(0):
            break
        rest = rest[m.end() :]
    # The longest chain the words after it end (广州市人民政府: 广州市, not 广州); a chain
    # ends with a level's suffix, so only the ends after a suffix's last character are tried,
    # the longest first.
    ends = [e.end() for e in _SUFFIX_END.finditer(rest, 1, _LONGEST)]
    m = next(
        (
            m
            for end in reversed(ends)
            if (m := _CHAIN.fullmatch(rest, 0, end)) and (office or _AFTER.match(rest, end))
        ),
        None,
    )
    levels = [g for g in m.groups() if g] if m else []
    if not levels or _NOT_IN_NAME.search("".join(levels)):
        return None
    if len(levels) > 1 and m.group(1):  # 江西省鹰潭市: the city is the publisher
        levels = levels[1:]
    return "".join(levels)


_ISSUER_FIELD = re.compile(rf"(?:{either((*ISSUER_FIELDS, *SOURCE_FIELDS))})\s*[::]\s*(\S+)")


def find_issuer_publisher(lines: list[str]) -> str | None:
    """The government the page's metadata names as issuer or source (发文机关, 发布机构,
    来源: 江西省人民政府网站), or ``None``."""
    for line in lines:
        for m in _ISSUER_FIELD.finditer(unicodedata.normalize("NFKC", line)):
            found = find_publisher(m.group(1), office=True)
            if found:
                return found
    return None


_CJK_RUN = re.compile(rf"[{_CJK}]+")


@lru_cache(maxsize=2**12)
def publisher_of_name(name: str) -> str | None:
    """The government a file or folder name names (``渭南市``, ``2022Q1-鹰潭市-部门信箱.xlsx``):
    each run of Chinese in it is read as the start of a title."""
    stem = PurePath(name).stem if "." in name else name
    for run in _CJK_RUN.findall(unicodedata.normalize("NFKC", stem)):
        found = find_publisher(run)
        if found:
            return found
    return None


def publisher_of_folder(path: Path) -> str | None:
    """The government the nearest folder above ``path`` is named for, or ``None`` (the way
    Power Query's From Folder makes the folder a column: 数据/鹰潭市/2022Q1/附件.xlsx → 鹰潭市)."""
    for folder in path.resolve().parents:
        found = publisher_of_name(folder.name) if folder.name else None
        if found:
            return found
    return None


LEVEL_NAMES = ("province", "city", "county")
"""The levels of :data:`_LEVELS`, largest first."""


def level_of(name: object) -> str | None:
    """A government's level by its name's last suffix (:data:`_LEVELS`, the longest suffix
    first, the larger level first): 江西省 ``province``, 鹰潭市 and 恩施…自治州 ``city``,
    余江区, 县 and 旗 ``county``; ``None`` for a name without one. A county-level city (瑞金市)
    reads as a city: its name does not say otherwise."""
    if not isinstance(name, str):
        return None
    if name in MUNICIPALITIES:
        return "province"
    return next((LEVEL_NAMES[i] for suffix, i in _BY_SUFFIX if name.endswith(suffix)), None)


_BY_SUFFIX = sorted(
    ((s, i) for i, level in enumerate(LEVELS) for s in dict.fromkeys(level)),
    key=lambda x: (-len(x[0]), x[1]),
)
