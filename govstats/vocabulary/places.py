"""The words of a publisher's name: its administrative levels and what follows a name in a
title (:mod:`govstats.notice.publishers` reads them); the words a unit's name ends in and those
no name holds (:mod:`govstats.notice.mentions` reads them)."""

from __future__ import annotations

from govstats.vocabulary.periods import (
    HALF_YEAR,
    HALVES,
    ORDINAL,
    QUARTER,
    QUARTER_NUMERALS,
    WHOLE_YEAR,
    YEAR,
)

# Administrative levels, largest first. Longer suffixes first: 自治州 before 州.
LEVELS = (
    ("自治区", "特别行政区", "省"),
    ("自治州", "地区", "盟", "市", "州"),
    ("自治县", "自治旗", "特区", "林区", "区", "县", "旗", "市"),
)
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")  # cities at a province's level
# What follows a publisher's name in a title, by kind, after an optional level (鹰潭市市政府网站,
# 市长信箱, 市直单位). A digit (a year, 12345) and any character that is no Chinese
# (punctuation, a space, the end) also end a name.
FOLLOWERS = {
    "office": (
        "人民政府",
        "政府",
        "办公室",
        "办公厅",
        "人大",
        "政协",
        "党委",
        "委办",
        "政务",
        "大数据",
        "数据",
        "行政审批",
        "网信",
        "融媒",
        "信息中心",
        "电子政务",
        "营商",
        "便民",
    ),
    "period": (
        ORDINAL,
        YEAR + WHOLE_YEAR,
        *(half + HALF_YEAR for half in HALVES),
        *(n + QUARTER for n in QUARTER_NUMERALS),
        QUARTER,
    ),
    "subject": (
        "政府网站",
        "网站",
        "门户",
        "政务新媒体",
        "新媒体",
        "信箱",
        "热线",
        "长",
        "书记",
        "部门",
        "各",
        "全",
        "本级",
        "直",
        "关于",
    ),
}
# No publisher's name starts with a determiner (各县市区, 该市), or with a scope word before a
# level (全市, 本县, 外省).
DETERMINERS = "各我该此其"
SCOPES = "全本外"
# What a unit's name ends in when a narrative names it unquoted (鹰潭市司法局, 市政务服务中心).
UNIT_SUFFIXES = ("局", "委员会", "委", "办公室", "办", "中心", "管委会", "法院", "检察院", "院", "所", "队")
# Function words no unit's name holds (对各单位…, 部分单位的网站), nor a unit or department in
# general.
NOT_IN_A_NAME = (*"对的在将被为了是把从向这那其各部分个别所有全", "单位", "部门")
