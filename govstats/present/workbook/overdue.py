"""The workbook's 超期明细 sheet: the late and overdue-pending messages of a message log,
unit by unit, with how many working days each passed its deadline, and the rule that
counted them stated under the list (docs/metrics.md)."""

from __future__ import annotations

import pandas as pd

from govstats import labels
from govstats.analyse.overdue import overdue_messages, rules_stated
from govstats.present.workbook import layout
from govstats.source import location


def overdue_frame(records: pd.DataFrame) -> pd.DataFrame:
    """The late and overdue messages as the sheet lists them, in Chinese."""
    late = overdue_messages(records)

    def when(column: str, form: str) -> pd.Series:
        return late[column].dt.strftime(form).astype(object).where(late[column].notna(), None)

    return pd.DataFrame(
        {
            "序号": range(1, len(late) + 1),
            "单位": late["unit"].astype(object),
            "编号": late["id"].astype(object),
            "收到时间": when("received", "%Y-%m-%d %H:%M"),
            "办理期限": when("deadline", "%Y-%m-%d"),
            "答复时间": when("answered", "%Y-%m-%d %H:%M"),
            "超期工作日": late["days_late"].astype(object).where(late["days_late"].notna(), None),
            "办理结果": late["class"].map(labels.CLASSES).astype(object),
            "位置": late["source"].map(location).astype(object),
        }
    )


def overdue_sheet(ws, records: pd.DataFrame, findings: pd.DataFrame, title: str) -> bool:
    """Fill ``ws`` with ``records``' late and overdue messages; ``False`` (nothing written)
    when there are none. 超期工作日 of a pending message counts to the window's end."""
    frame = overdue_frame(records)
    if frame.empty:
        return False
    layout.list_sheet(ws, frame, title=title)
    notes = [f"计算规则：{rule}" for rule in rules_stated(findings, records)]
    notes.append("超期工作日：超期办结的，期限至答复日的工作日数；超期未办结的，期限至统计期末的工作日数。")
    row = ws.max_row + 1
    for i, note in enumerate(notes):
        layout.merged_row(ws, row + i, note, len(frame.columns), align="left", border=False)
        ws.row_dimensions[row + i].height = 32
    return True
