"""A synthetic corpus of annex workbooks in the layouts offices produce, with its known truth.

Every publisher is clearly synthetic (测试甲子市, 测试乙丑市 …), and so is every unit
(测试市教育局, 测试东区 …). The layouts follow tests/fixtures/layouts.py: the four annexes
on four sheets with a merged title and line-broken headers; the mailbox annex the hard
way (blank rows and column first, a two-row header band, numbers as text and full-width,
stray spaces, a 合计 row, a note sheet); a one-sheet mailbox table whose period is only in
the 统计时间 remark; the 依申请公开 table in its printed column order.

:func:`plan` is pure and fast (the truth without writing anything); :func:`build` writes
the workbooks once under ``benchmarks/out/`` keyed by N and seed, and reuses them.
"""

from __future__ import annotations

import importlib
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parent / "out"

_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_DEPARTMENTS = [
    "教育局",
    "政府办",
    "统计局",
    "市场监管局",
    "公安局",
    "人社局",
    "住建局",
    "卫健委",
    "司法局",
    "生态环境局",
    "自然资源局",
    "交通运输局",
    "农业农村局",
    "乡村振兴局",
    "民政局",
    "财政局",
    "林业局",
    "文广新旅局",
    "金融办",
    "住房公积金管理中心",
    "水利局",
    "商务局",
    "应急管理局",
    "医保局",
    "税务局",
    "审计局",
    "信访局",
    "科技局",
    "工信局",
    "行政审批局",
]
_DISTRICTS = [
    "东区",
    "西区",
    "南区",
    "北区",
    "中区",
    "河东县",
    "河西县",
    "山前县",
    "山后县",
    "湖滨区",
    "江北市",
    "江南市",
]
_QUARTER_WORDS = (
    ("第一季度", "第二季度", "第三季度", "第四季度"),
    ("一季度", "二季度", "三季度", "四季度"),
    ("第1季度", "第2季度", "第3季度", "第4季度"),
)
_QUARTER_DAYS = (("1月1日", "3月31日"), ("4月1日", "6月30日"), ("7月1日", "9月30日"), ("10月1日", "12月31日"))

VERSION = 4  # bump when what is written changes: the cache is keyed by it
LAYOUTS = ("annexes", "messy_mailbox", "mailbox_window", "ogi_printed_order")
CITY_TIER, DISTRICT_TIER = ("一、市直单位", "市直单位"), ("二、区(市)", "区(市)")


@dataclass
class Row:
    unit: str
    received: int
    on_time: int
    late_completed: int
    pending: int
    overdue_pending: int

    def counts(self) -> list[int]:
        return [self.received, self.on_time, self.late_completed, self.pending, self.overdue_pending]


@dataclass
class FileSpec:
    """One workbook: who, when, which layout, and the rows of each handling table."""

    name: str
    publisher: str
    period: pd.Period
    layout: str
    wording: int
    tables: dict[str, list[tuple[tuple[str, str], list[Row]]]] = field(default_factory=dict)

    def quarter_text(self) -> str:
        return f"{self.period.year}年{_QUARTER_WORDS[self.wording][self.period.quarter - 1]}"

    def window_text(self) -> str:
        start, end = _QUARTER_DAYS[self.period.quarter - 1]
        return f"统计时间:{self.period.year}年{start}—{self.period.year}年{end}"


def publishers(n: int) -> list[str]:
    """``n`` clearly synthetic city names: 测试甲子市, 测试乙丑市, …"""
    return [
        f"测试{_STEMS[i % 10]}{_BRANCHES[(i // 10) % 12]}{'' if i < 120 else i // 120}市" for i in range(n)
    ]


def _rows(rng: random.Random, units: list[str]) -> list[Row]:
    rows = []
    for unit in units:
        received = rng.choice((0, 1, 1, 2, 3, 5, 8, 13, 21, 40, rng.randint(0, 120)))
        late = rng.randint(0, received // 4) if received else 0
        pending = rng.randint(0, (received - late) // 5) if received - late else 0
        overdue = rng.randint(0, pending)
        rows.append(Row(unit, received, received - late - pending, late, pending, overdue))
    rows.sort(key=lambda r: -r.received)  # offices print the busiest first
    return rows


def _groups(rng: random.Random) -> list[tuple[tuple[str, str], list[Row]]]:
    depts = rng.sample(_DEPARTMENTS, rng.randint(6, 24))
    districts = rng.sample(_DISTRICTS, rng.randint(2, 8))
    return [
        (CITY_TIER, _rows(rng, [f"测试市{d}" for d in depts])),
        (DISTRICT_TIER, _rows(rng, [f"测试{d}" for d in districts])),
    ]


def plan(n: int, seed: int = 0) -> list[FileSpec]:
    """The ``n`` files of the corpus: each a distinct (publisher, quarter), 20 quarters
    (2019Q1–2023Q4) per publisher, layouts and wordings drawn with ``seed``."""
    rng = random.Random(seed)
    quarters = list(pd.period_range("2019Q1", "2023Q4", freq="Q"))
    names = publishers(-(-n // len(quarters)))
    pairs = [(p, q) for p in names for q in quarters]
    rng.shuffle(pairs)
    specs = []
    for i, (pub, q) in enumerate(sorted(pairs[:n], key=lambda pq: (pq[0], pq[1]))):
        spec = FileSpec(f"{i:05d}.xlsx", pub, q, rng.choice(LAYOUTS), rng.randrange(3))
        if spec.layout in ("annexes", "messy_mailbox", "mailbox_window"):
            spec.tables["mailbox"] = _groups(rng)
        if spec.layout in ("annexes", "ogi_printed_order"):
            spec.tables["ogi_request"] = [
                (tier, rows[: rng.randint(1, len(rows))]) for tier, rows in _groups(rng)
            ]
        specs.append(spec)
    return specs


def truth(specs: list[FileSpec]) -> pd.DataFrame:
    """The tidy handling table the corpus should load into (source column aside)."""
    from govstats import schema

    records = [
        {
            "publisher": s.publisher,
            "period": s.period,
            "channel": channel,
            "channel_raw": {"mailbox": "部门信箱", "ogi_request": "依申请公开"}[
                channel
            ],  # what the titles print
            "tier": tier,
            "tier_raw": raw,
            "unit": r.unit,
            "received": r.received,
            "on_time": r.on_time,
            "late_completed": r.late_completed,
            "completed": None,
            "pending": r.pending,
            "overdue_pending": r.overdue_pending,
            "source": s.name,
            "publisher_source": "table_title",  # every layout's title row starts with the publisher
            "period_source": "window",  # every layout's handling table prints its 统计时间 remark
        }
        for s in specs
        for channel, groups in s.tables.items()
        for (raw, tier), rows in groups
        for r in rows
    ]
    return schema.frame("handling", records)


def problem_rows(specs: list[FileSpec]) -> int:
    """How many problem-list rows (websites and accounts) the corpus holds."""
    total = 0
    for s in specs:
        if s.layout == "annexes":
            units = [r.unit for _, rows in s.tables["mailbox"] for r in rows]
            total += 1 + len(units[1:3])
    return total


def build(n: int, seed: int = 0, root: Path = OUT) -> tuple[Path, list[FileSpec]]:
    """Write the corpus of ``n`` workbooks (once: reused when complete) and return its
    folder and plan."""
    specs = plan(n, seed)
    folder = root / f"corpus-v{VERSION}-n{n}-s{seed}"
    done = folder / ".complete"
    if done.exists() and done.read_text() == str(n):
        return folder, specs
    folder.mkdir(parents=True, exist_ok=True)
    for spec in specs:
        write(spec, folder / spec.name)
    done.write_text(str(n))
    return folder, specs


# --- writing -------------------------------------------------------------------------

_MAILBOX_HEADERS = [
    "序号",
    "受理单位",
    "受理诉求\n(条)",
    "按时办结\n(条)",
    "超期办结\n(条)",
    "未办结\n(条)",
    "超期未办结\n(条)",
]


def _ogi_order(r: Row) -> list[int]:
    """The 依申请公开 table prints received, on time, pending, late, overdue pending."""
    return [r.received, r.on_time, r.pending, r.late_completed, r.overdue_pending]


def write(spec: FileSpec, path: Path) -> Path:
    """Write ``spec`` as an .xlsx in its layout."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    {
        "annexes": _annexes,
        "messy_mailbox": _messy_mailbox,
        "mailbox_window": _mailbox_window,
        "ogi_printed_order": _ogi_printed_order,
    }[spec.layout](wb, spec)
    wb.save(path)
    return path


def _fixtures(name: str):
    """A module of the test fixtures (tests/fixtures/): the office layouts and the annexes'
    printed headers, fed synthetic data here."""
    tests = str(Path(__file__).resolve().parent.parent / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    return importlib.import_module(f"fixtures.{name}")


def _sheet(
    wb, name: str, annex: str | None, title: str, headers: list[str], groups, remark: str, order=Row.counts
):
    rows = [
        (group, [[seq, r.unit, *order(r)] if isinstance(r, Row) else r for seq, r in enumerate(members, 1)])
        for group, members in groups
    ]
    return _fixtures("layouts").annex_sheet(wb, name, annex, title, headers, rows, remark)


def _title(spec: FileSpec, subject: str) -> str:
    return f"{spec.publisher}人民政府办公室{spec.quarter_text()}{subject}"


def _tier_groups(groups):
    return [(raw, rows) for (raw, _tier), rows in groups]


def _annexes(wb, spec: FileSpec) -> None:
    # Problem lists from the same units: a website and an account or two per file.
    units = [r.unit for _, rows in spec.tables["mailbox"] for r in rows]
    # 网站标识码 is unique per site nationwide: derive it from the file, so no two files share a list.
    code = f"99{int(spec.name[:5]):08d}"
    # Real lists name a site in full (鹰潭市体育局): the city's name, then the department.
    sites = [
        [
            1,
            f"{spec.publisher}{units[0].removeprefix('测试市')}网站",
            code,
            f"http://site{code}.example.test/",
            "栏目不更新",
        ]
    ]
    accounts = [
        [i, u, "微信订阅号", f"{u}发布{code[-3:]}", "未及时更新"] for i, u in enumerate(units[1:3], 1)
    ]
    check = f"检查时间{spec.period.end_time.month}月{spec.period.end_time.day}日"
    _sheet(
        wb,
        "附件1",
        "附件1",
        _title(spec, "存在突出问题的政府网站名单"),
        ["序号", "网站名称", "网站标识码", "首页网址", "主要存在问题"],
        [(None, sites)],
        check,
    )
    _sheet(
        wb,
        "附件2",
        "附件2",
        _title(spec, "存在突出问题的政务新媒体名单"),
        ["序号", "填报单位名单", "账号类型", "账号名称", "主要存在问题"],
        [(None, accounts)],
        check,
    )
    _sheet(
        wb,
        "附件3",
        "附件3",
        _title(spec, "依申请公开处理情况统计表"),
        _fixtures("yingtan").OGI_HEADERS,
        _tier_groups(spec.tables["ogi_request"]),
        "统计数据为本季度产生数据," + spec.window_text(),
        _ogi_order,
    )
    _sheet(
        wb,
        "附件4",
        "附件4",
        _title(spec, "政府网站“部门信箱”受理情况"),
        _MAILBOX_HEADERS,
        _tier_groups(spec.tables["mailbox"]),
        "序号以收件数据大小排列," + spec.window_text(),
    )


def _ogi_printed_order(wb, spec: FileSpec) -> None:
    _sheet(
        wb,
        "依申请公开",
        None,
        _title(spec, "依申请公开处理情况统计表"),
        _fixtures("yingtan").OGI_HEADERS,
        _tier_groups(spec.tables["ogi_request"]),
        spec.window_text(),
        _ogi_order,
    )


def _mailbox_window(wb, spec: FileSpec) -> None:
    # The title names the city but not the quarter: the period is only in the remark.
    _sheet(
        wb,
        "Sheet1",
        None,
        f"{spec.publisher}人民政府办公室政府网站“部门信箱”受理情况",
        _MAILBOX_HEADERS,
        _tier_groups(spec.tables["mailbox"]),
        "序号以收件数据大小排列," + spec.window_text(),
    )


def _messy_mailbox(wb, spec: FileSpec) -> None:
    groups = [
        (raw, [[seq, r.unit, *r.counts()] for seq, r in enumerate(rows, 1)])
        for (raw, _tier), rows in spec.tables["mailbox"]
    ]
    totals = [
        sum(col)
        for col in zip(*(r.counts() for _, rows in spec.tables["mailbox"] for r in rows), strict=True)
    ]
    _fixtures("layouts").messy_mailbox_sheet(
        wb,
        "附件4:" + _title(spec, "政府网站“部门信箱”受理情况"),
        groups,
        totals,
        spec.window_text(),
        "本表由测试市政府办公室电子政务科填报(合成数据)。",
    )
