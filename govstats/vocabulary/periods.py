"""The words a period is written with: 2022年第一季度, 3月份, 2022年度, 上半年, 第12周, a
statistics window 2022年1月1日至3月31日 (:mod:`govstats.periods` composes its patterns from
them; :mod:`.notices` names a period with them)."""

from __future__ import annotations

from govstats.vocabulary.tables import NUMERALS

YEAR = "年"
ORDINAL = "第"  # 第一季度, 第1季度, 第12周
QUARTER = "季度"
MONTH = "月"
MONTH_NAMED = "份"  # 3月份: a month as a period, not a date's month
DAY = "日"
DAY_NAMES = (DAY, "号")  # 8月3日, 8月3号: a date, not a month
WEEK = "周"
WHOLE_YEAR = "度"  # 2022年度
HALF_YEAR = "半年"
HALVES = "上下"  # 上半年, 下半年
MONTH_EDGES = ("底", "末", "初")  # 3月底, 月末, 月初: a day of the month, not the month
ISSUE = "期"  # 本期, 第三期: an issue of a notice, a period too
UNTIL = ("至", "到")  # 1至3月, 1月1日到3月31日
FROM_UNTIL = "起至"  # 2022年1月1日起至3月31日
# The numerals a quarter or a month is printed with, and their values (十二 is 10 + 2).
ZERO = "〇零"
TWO_SPOKEN = "两"
TEN = NUMERALS[-1]
NUMERAL_VALUES = {
    **dict.fromkeys(ZERO, 0),
    **{word: value for value, word in enumerate(NUMERALS, 1)},
    TWO_SPOKEN: 2,
}
QUARTER_NUMERALS = NUMERALS[:4]
# The last character of a period's name (一季度, 8月份, 3月, 2022年, 本期): before 信箱 or
# 热线 it says when, not whose.
PERIOD_ENDS = WHOLE_YEAR + MONTH_NAMED + MONTH + YEAR + ISSUE
