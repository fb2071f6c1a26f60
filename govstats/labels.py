"""The Chinese words a reader sees for govstats' codes: channels, kinds, counts, rates,
headline metrics, finding codes, and periods written out (2022年第一季度). Charts, the
briefing, the drafted narrative, the workbook and the findings all take them from here."""

from __future__ import annotations

import pandas as pd

from govstats.findings import catalogue

CHANNELS = {"mailbox": "信箱", "ogi_request": "依申请公开", "hotline": "12345热线"}
"""Generic words: a publisher's own name for its mailbox (部门信箱, 市长信箱) is in the
handling table's ``channel_raw``; :func:`channel_names` prefers it."""
FAMILIES = {
    "mailbox": "信箱",
    "hotline": "热线",
    "information_request": "依申请公开",
    "message_board": "留言板",
}
"""The channel families the panel compares, in Chinese (the words that name each family in a
printed channel name are ``vocabulary.channels.CHANNEL_FAMILIES``)."""
FAMILY_SOURCES = {"printed": "渠道名称", "channel": "表格渠道"}
LEVELS = {"province": "省级", "city": "市级", "county": "县级"}
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
FINDINGS = {code: c.name for code, c in catalogue.CODES.items()}
"""The Chinese name of each finding code (the catalogue's, :mod:`govstats.findings.catalogue`)."""
CLASSES = {
    "on_time": "按时办结",
    "late_completed": "超期办结",
    "pending": "未办结（未到期）",
    "overdue_pending": "超期未办结",
    "not_received": "不予受理等（不计入）",
    "outside_window": "不在统计期内",
}
"""What the working-day rule makes of each message (``records.class``, docs/metrics.md)."""
DEADLINE_SOURCES = {"rule": "按规则计算", "column": "日志所列期限"}

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
    "records": "多数来信日期所在",
}
"""Where a row's publisher and period (``publisher_source``, ``period_source``) were read,
in words (docs/contract.md)."""
SEVERITIES = {"error": "错误", "warning": "提示"}
STATUS = {"continuing": "连续", "new": "新增", "gone": "本期未列出"}

COLUMNS = {
    # the tidy tables' columns (docs/contract.md)
    "publisher": "发布单位",
    "period": "统计期",
    "channel": "渠道",
    "channel_raw": "渠道名称",
    "tier": "类别",
    "tier_raw": "类别(原文)",
    "unit": "单位",
    **COUNTS,
    "source": "来源",
    "publisher_source": "发布单位取自",
    "period_source": "统计期取自",
    "kind": "类型",
    "account_type": "账号类型",
    "name": "名称",
    "site_code": "网站标识码",
    "url": "首页网址",
    "problem": "主要存在问题",
    "metric": "指标",
    "label": "原文指标",
    "value": "数值",
    "quote": "原文",
    "title": "标题",
    "issuer": "发文机关",
    "index_no": "索引号",
    "date": "成文日期",
    "header": "表头",
    "text": "正文",
    "annex_label": "附件编号",
    "position": "列序",
    "field": "字段",
    "total": "合计行",
    "remark": "备注",
    "severity": "级别",
    "code": "类别",
    "message": "说明",
    "file": "文件",
    "sheet": "工作表",
    "row": "行",
    "column": "列",
    # what rates, league_table, qoq, compare_totals and repeat_offenders add
    **RATES,
    "seq": "序号",
    "units": "单位数",
    "rank": "排名",
    "input": "输入文件",
    "prev_period": "比较期",
    "periods_apart": "相隔期数",
    "status": "状态",
    "annex": "附件合计",
    "narrative": "正文数字",
    "difference": "差额",
    "periods": "被通报期次",
    "n_periods": "被通报次数",
    "streak": "连续期数",
    "latest": "最近一期",
    "in_annex": "附件列出",
    "in_narrative": "正文点名",
    "value_prev": "上期数值",
    # what panel and its comparisons add
    "level": "级别",
    "family": "渠道类别",
    "channel_name": "渠道名称",
    "stated_received": "正文所述受理",
    "has_annex": "有附件表格",
    "has_narrative": "正文载明",
    "has_notice": "有通报",
    "published": "本期发布",
    "family_source": "渠道类别取自",
    "tied": "并列",
    "rank_text": "名次",
    "first_period": "起始期",
    "last_period": "最近期",
    "n_published": "发布期数",
    "n_missing": "未发布期数",
    "falls": "下降次数",
    "change": "变化",
    "change_pct": "变化率",
    # records: one row per message
    "id": "编号",
    "answered": "答复时间",
    "deadline": "期限",
    "deadline_source": "期限取自",
    "extended": "延期",
    "days_taken": "用时（工作日）",
    "days_late": "超期（工作日）",
    "class": "办理结果",
}
"""Every column of the tidy tables and of the analyses' results, in Chinese (``govstats.zh``,
the workbook's sheets). A count's or rate's change (``received_prev``, ``on_time_rate_change_pp``)
is named from its field: :func:`column`."""
_DERIVED = {
    "_prev": "上期{}",
    "_change": "{}变化",
    "_change_pct": "{}变化率",
    "_change_pp": "{}变化",
    "_first": "起始期{}",
    "_last": "最近期{}",
}
CODES = {
    "channel": {**CHANNELS, **KINDS},  # a headline figure's channel may be a kind
    "kind": KINDS,
    "metric": METRICS,
    "severity": SEVERITIES,
    "code": FINDINGS,
    "status": STATUS,
    "publisher_source": SOURCES,
    "period_source": SOURCES,
    "family": FAMILIES,
    "family_source": FAMILY_SOURCES,
    "level": LEVELS,
    "class": CLASSES,
    "deadline_source": DEADLINE_SOURCES,
}
"""The codes a column holds, each with its Chinese word (one word per code, so the words
read back as the codes)."""

TIDY_SHEETS = {
    "handling": "办理情况明细",
    "problems": "问题网站和新媒体明细",
    "headline": "正文数字",
    "notices": "通报",
    "mentions": "正文点名",
    "extras": "其他列",
    "annexes": "附件格式",
    "records": "留言明细",
    "findings": "核查明细",
}
"""The workbook's sheet of each tidy table."""


def column(name: str) -> str:
    """A column's Chinese name: ``on_time_rate`` → 按时办结率, ``received_prev`` → 上期受理,
    ``on_time_rate_change_pp`` → 按时办结率变化(百分点); unknown names as they are."""
    if name in COLUMNS:
        return COLUMNS[name]
    for suffix in sorted(_DERIVED, key=len, reverse=True):
        if name.endswith(suffix) and name[: -len(suffix)] in COLUMNS:
            return _DERIVED[suffix].format(COLUMNS[name[: -len(suffix)]])
    return name


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


def percent(value: float, *, signed: bool = False) -> str:
    """A rate as printed in a notice: ``0.843`` → ``84.3%``; ``signed`` for a change:
    ``-0.378`` → ``-37.8%``."""
    return f"{value * 100:+.1f}%" if signed else f"{value * 100:.1f}%"


def points(value: float) -> str:
    """A change of a rate in percentage points (already ×100): ``4.25`` → ``+4.3个百分点``;
    no change is 持平."""
    return "持平" if round(value, 1) == 0 else f"{value:+.1f}个百分点"


def signed(value: float) -> str:
    """A change of a count with its sign: ``43`` → ``+43``, ``-1102`` → ``-1102``, 0 → ``0``."""
    return f"{value:+g}" if value else "0"
