"""The Chinese words a reader sees for govstats' codes: channels, kinds, counts, rates,
headline metrics, finding codes, and periods written out (2022年第一季度). Charts, the
briefing, the drafted narrative, the workbook and the findings all take them from here."""

from __future__ import annotations

import pandas as pd

CHANNELS = {"mailbox": "信箱", "ogi_request": "依申请公开", "hotline": "12345热线"}
"""Generic words: a publisher's own name for its mailbox (部门信箱, 市长信箱) is in the
handling table's ``channel_raw``; :func:`channel_names` prefers it."""
KINDS = {"website": "政府网站", "new_media": "政务新媒体"}
COUNTS = {
    "received": "受理",
    "on_time": "按时办结",
    "late_completed": "超期办结",
    "completed": "办结",
    "pending": "未办结",
    "overdue_pending": "超期未办结",
}
RATES = {
    "on_time_rate": "按时办结率",
    "completion_rate": "办结率",
    "timeliness": "办结及时率",
    "overdue_rate": "超期率",
}
METRICS = {
    "monitored": "监测数量",
    "disclosed": "主动公开信息",
    **COUNTS,
    "problems": "发现问题",
    "qualified_rate": "合格率",
    "reply_rate": "回复率",
    "satisfaction_rate": "满意率",
    "connection_rate": "接通率",
    "rate": "比率",
    "share": "占比",
    "change": "变化",
    "increase": "上升",
    "decrease": "下降",
    "other": "其他",
    **RATES,
}
"""Headline metrics (what a narrative's figures measure), in the order a notice states them."""
FINDINGS = {
    "row-arithmetic": "行内数字不平衡",
    "total-mismatch": "合计行与明细不符",
    "narrative-mismatch": "正文数字与附件合计不符",
    "rate-mismatch": "印发比率与数字不符",
    "duplicate-unit": "单位重复列出",
    "unreadable-input": "文件无法读取",
    "not-a-count": "数字无法识别",
    "negative-count": "负数",
    "non-integer-count": "非整数",
    "formula-without-value": "公式无计算结果",
    "missing-unit": "缺少单位名称",
    "unknown-column": "未识别的列",
    "inferred-column": "按表格内容推定的列",
    "no-table": "工作表无可识别表格",
    "duplicate-table": "同一表格重复提供",
    "no-period": "未注明统计期",
    "no-publisher": "未注明发布单位",
    "text-after-table": "表格之后的文字未导入",
    "count-too-large": "数字过大",
    "error-value": "单元格为错误值",
    "unreadable-sheet": "工作表无法读取",
    "bad-bytes": "字节无法解码",
    "mixed-encoding": "编码混用",
    "unclosed-quote": "引号未闭合",
}

SOURCES = {
    "given": "命令行指定",
    "title": "标题",
    "window": "统计时间",
    "text": "正文",
    "date": "通报日期",
    "file": "文件名",
    "notice": "所属通报",
    "sibling": "同一文件的其他表格",
    "metadata": "发文机关或来源",
    "table_title": "表格标题",
    "folder": "文件夹名",
}
"""Where a row's publisher and period (``publisher_source``, ``period_source``) were read,
in words (docs/contract.md)."""

_CN_QUARTER = "一二三四"


def period_text(period: object) -> str:
    """``2022Q1`` → 2022年第一季度, ``2022-08`` → 2022年8月, a year → 2022年."""
    if isinstance(period, pd.Period):
        if period.freqstr.startswith("Q"):
            return f"{period.year}年第{_CN_QUARTER[period.quarter - 1]}季度"
        if period.freqstr.startswith("M"):
            return f"{period.year}年{period.month}月"
        if period.freqstr.startswith(("Y", "A")):
            return f"{period.year}年"
    return "" if period is None or period is pd.NaT else str(period)


def percent(value: float) -> str:
    """A rate as printed in a notice: ``0.843`` → ``84.3%``."""
    return f"{value * 100:.1f}%"
