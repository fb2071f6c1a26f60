"""Property tests of reading (issue 23): for any annex workbook the generator builds as
offices build them (groups with subtotal rows worded every way, footnote marks on counts,
a count cell merged over two units, a second table stacked below or side by side (after an
empty column or with none between), a hidden
draft sheet), every printed data row is in the output or named in a finding, and no count
differs from the printed one."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import govstats

MAILBOX = ["序号", "受理单位", "受理诉求(条)", "按时办结(条)"]
OGI = ["序号", "受理单位", "受理件数", "按时办结"]
TITLES = {
    "mailbox": "鹰潭市2022年第一季度部门信箱受理情况",
    "ogi_request": "鹰潭市2022年第一季度依申请公开办理情况",
}
GROUPS = [
    (
        "一、市直单位",
        ["市直单位小计", "市直小计", "小计", "市直单位合计", "市直单位共计", "小计（市直单位）"],
    ),
    ("二、区（市）", ["区（市）小计", "区县合计", "小计", "区（市）合计", "小 计"]),
]
MARKS = ["①", "¹", "*", "⑴", "②"]
names = st.text(alphabet="县区局委办中心管理服务发展改革教育公安民政财政", min_size=2, max_size=8).map(
    lambda s: "市" + s
)


@st.composite
def units(draw, n_max: int = 5):
    out = []
    for name in draw(st.lists(names, min_size=2, max_size=n_max, unique=True)):
        received = draw(st.integers(0, 300))
        out.append((name, received, draw(st.integers(0, received))))
    return out


@st.composite
def annexes(draw):
    """A workbook's plan: the mailbox table (one or two groups, each maybe closed by a
    subtotal), marks on some counts, maybe a merged count, a second table and a hidden draft."""
    rows = draw(units(8))
    split = draw(st.integers(1, len(rows) - 1)) if draw(st.booleans()) else None
    subtotals = [draw(st.none() | st.sampled_from(words)) for _, words in GROUPS]
    marks = {
        i: draw(st.sampled_from(MARKS)) for i in draw(st.sets(st.integers(0, len(rows) - 1), max_size=3))
    }
    merged = draw(st.none() | st.integers(0, len(rows) - 2))
    if split is not None and merged == split - 1:
        merged = None  # a group row between: the merge would be over no two units
    second = draw(st.sampled_from([None, "below", "beside", "adjacent"]))
    other = draw(units(4).filter(lambda u: not {n for n, _, _ in u} & {n for n, _, _ in rows}))
    return rows, split, subtotals, marks, merged, second, other, draw(st.booleans())


def _mailbox_rows(rows, split, subtotals, marks, merged):
    """The mailbox table as printed: its cells, and each unit's printed (received, on time)."""
    out = [[TITLES["mailbox"]], MAILBOX]
    printed = {}
    parts = (
        [(None, rows, None)]
        if split is None
        else [
            (GROUPS[0][0], rows[:split], subtotals[0]),
            (GROUPS[1][0], rows[split:], subtotals[1]),
        ]
    )
    i = 0
    for group, part, subtotal in parts:
        if group:
            out.append([group])
        for n, (name, received, on_time) in enumerate(part, 1):
            shown = received if i not in marks else f"{received}{marks[i]}"
            if merged is not None and i == merged + 1:
                shown = None  # under the merged cell of the unit above
            out.append([n, name, shown, on_time])
            printed[name] = (None if shown is None else received, on_time)
            i += 1
        if subtotal:
            out.append([None, subtotal, sum(r for _, r, _ in part), sum(o for _, _, o in part)])
    return out, printed


def _write(path, plan) -> tuple[dict, dict, int | None]:
    rows, split, subtotals, marks, merged, second, other, hidden = plan
    table, printed = _mailbox_rows(rows, split, subtotals, marks, merged)
    merged_row = None
    if merged is not None:
        merged_row = next(
            r for r, cells in enumerate(table, 1) if len(cells) > 1 and cells[1] == rows[merged][0]
        )
    ogi = [[TITLES["ogi_request"]], OGI, *([n, name, rc, ot] for n, (name, rc, ot) in enumerate(other, 1))]
    wb = Workbook()
    ws = wb.active
    ws.title = "附件"
    if second in ("beside", "adjacent"):  # after an empty column, or with none between
        gap = 1 if second == "beside" else 0
        for r in range(max(len(table), len(ogi))):
            left = table[r] if r < len(table) else []
            right = ogi[r] if r < len(ogi) else []
            ws.append([*left, *[None] * (len(MAILBOX) + gap - len(left)), *right] if right else left)
    else:
        for cells in [*table, *([[], *ogi] if second == "below" else [])]:
            ws.append(cells)
    if merged_row is not None:
        ws.merge_cells(start_row=merged_row, start_column=3, end_row=merged_row + 1, end_column=3)
    if hidden:
        draft = wb.create_sheet("初稿")
        for cells in [[TITLES["mailbox"]], MAILBOX, [1, rows[0][0], 999, 1]]:
            draft.append(cells)
        draft.sheet_state = "hidden"
    wb.save(path)
    ogi_printed = {name: (rc, ot) for name, rc, ot in other} if second else {}
    return printed, ogi_printed, merged


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=annexes())
def test_every_printed_row_is_read_as_printed_or_said(tmp_path_factory, plan):
    path = tmp_path_factory.mktemp("p") / "annex.xlsx"
    printed, ogi_printed, merged = _write(path, plan)
    ds = govstats.load(path)
    h, f = ds.handling, ds.findings
    said = " ".join(f["message"].astype(str))
    for channel, expected in (("mailbox", printed), ("ogi_request", ogi_printed)):
        got = h[h["channel"] == channel]
        read = {
            u: (None if pd.isna(r) else int(r), None if pd.isna(o) else int(o))
            for u, r, o in got[["unit", "received", "on_time"]].itertuples(index=False)
        }
        assert read == expected  # every printed row, each count as printed, nothing else
        assert (got["publisher"] == "鹰潭市").all() and (got["period"].astype(str) == "2022Q1").all()
    rows, _, _, marks, *_ = plan
    for name, received in ((rows[i][0], rows[i][1]) for i in marks):
        if printed[name][0] is not None:
            assert f"{received}{marks[[r[0] for r in rows].index(name)]}" in said  # the mark is said
    if merged is not None:  # the unit under a merged count is named, its count not guessed
        assert rows[merged + 1][0] in " ".join(f[f["code"] == "merged-count"]["message"])
    assert ("hidden-sheet" in set(f["code"])) == plan[-1]
    assert not {"total-mismatch", "unknown-column", "row-arithmetic", "subtotal-row"} & set(f["code"]), said
