"""The words of a notice as a document: the metadata fields a page prints above it, what its
title calls it, a page's navigation, the words that make a period another's (a comparison, a
start) or an inspection's date, what may stand before a publisher's name in a title
(:mod:`govstats.notice.parse`, :mod:`govstats.notice.periods` and
:mod:`govstats.notice.publishers` read them), and what a notice's sections are headed by
(:mod:`govstats.analyse.wording` reads them)."""

from __future__ import annotations

from govstats.vocabulary.logs import LOG_TIMES
from govstats.vocabulary.narratives import MONITORED
from govstats.vocabulary.periods import MONTH, MONTH_NAMED, QUARTER, WHOLE_YEAR, YEAR
from govstats.vocabulary.tables import COUNTED, REPORTED

DOCUMENT_NUMBER = "号"  # 鹰府办字〔2022〕12号

# Metadata a page prints above a notice, each field's name then a colon and its value.
INDEX_FIELD = "索引号"  # sometimes printed with spaces between its characters
ISSUER_FIELDS = ("发文机关", "发布机构", "发文单位")
SOURCE_FIELDS = ("发布单位", "来源", "信息来源", "发布者")  # who published it, as a source
DATE_FIELDS = ("成文日期", "发布日期", "印发日期")

# A title: 关于…的通报 (or …情况, …通知), or a period then what the notice is (2022年第一季度
# 政府网站检查情况通报), or what it is with its issue in brackets (热线工作情况通报(2021年第三期)).
ABOUT = "关于"
TITLE_AFTER_ABOUT = (*REPORTED, "通知")
TITLE_AFTER_PERIOD = (*REPORTED, *COUNTED, "检查")
TITLE_BEFORE_ISSUE = (*REPORTED, *COUNTED)
# 一季度, 2022年度, 8月份: no name of a place holds one
PERIOD_NAMES = (QUARTER, YEAR + WHOLE_YEAR, MONTH + MONTH_NAMED)
TITLE_PERIODS = (*PERIOD_NAMES, MONTH)  # in a title 8月 says a period too
# What a title may print before its publisher besides an annex or table label, a number and a
# document number: 关于, 印发 (a notice issuing another), 对 (on).
TITLE_LEADS = (ABOUT, "印发", "对")
# A page's navigation above its headline (首页 > 政务公开 > …).
NAVIGATION = ("首页", "您当前的位置", "当前位置")

# A period right after these, or before these, is one the notice compares with or starts
# from (与2021年第四季度相比, 2023年以来), not its own.
NOT_OWN_BEFORE = ("从", "自", "截至", "截止", "与", "较", "比", "同")
NOT_OWN_AFTER = ("以来", "开始", "起", "以前", "之前", "相比", "比较", "同期", "底", "末")
# A date after these is when the websites were inspected or the figures counted (检查时间：…),
# which dates a period printed without its year.
INSPECTED = (*MONITORED, "巡查", "统计")
INSPECTED_AT = LOG_TIMES
STATED_AS = ("为", "于")  # 检查时间为2022年…, 统计于…
# A notice's first-level sections, each known by the words its heading holds, tried in this
# order (下一步工作要求 is no 问题, 存在的主要问题 no 要求); an opening ends in 如下 (as follows).
SECTION_ROLES = (
    ("overview", ("总体", "基本情况", "总体情况")),
    ("results", ("成效", "亮点", "经验", "做法")),
    ("requirements", ("要求", "下一步", "建议", "工作安排")),
    ("problems", ("问题", "不足")),
)
AS_FOLLOWS = "如下"
