"""The words of a notice's narrative: what a figure is counted in, what bounds it or says
it changed, what it measures and which tier of units it is of, and how a sentence lists names
(:mod:`govstats.notice.headline` and :mod:`govstats.notice.mentions` read them)."""

from __future__ import annotations

from govstats.vocabulary.tables import IN_ALL, NUMERALS, PART_WORDS, RATE_ENDS

POINTS = "百分点"  # a change of a rate, counted in points
DAY = "日"  # a count of days, unless a month stands before it (4月5日 is a date)
ZERO = "零"  # where a digit would stand (零件, 为零), never inside a numeral (一百零五)
# A number after a rank word (第3名, 前10名) or a numeral's character is no count.
RANKS = ("第", "前")
NUMERAL_CHARS = NUMERALS + "百千万"

# What a count can be measured in: items, letters (封), calls (通), cases (宗), people (名,
# 人次), visits (件次), points (分), households, issues. Each excludes the words it begins
# (个月 is a duration, 分别 "respectively", 通报 a notice, 名单 a list, 单位 a unit).
MEASURES = {
    "%": "",
    "个" + POINTS: "",
    POINTS: "",
    "万人次": "",
    "万件": "",
    "万条": "",
    "万人": "",
    "余件": "",
    "余条": "",
    "多件": "",
    "多条": "",
    "人次": "",
    "件次": "",
    "个": "月|工作日|小时|季度|星期|自然日|年度|百分点",
    "家": "",
    "条": "",
    "件": "",
    "期": "间|限",
    "次": "",
    "项": "目",
    "篇": "",
    "人": "员|民",
    "宗": "",
    "封": "",
    "通": "报|知|过|道|用|讯|信",
    "名": "单|称|次|义",
    "分": "钟|别|之|局|公司|中心|队|院|行|类|成|享|批|级",
    "户": "籍|口",
    "单": "位",
    "份": "",
    DAY: "内|起|前|后|至|期|常|均|报",
}
# A number after these words, or before these, is a rule or a bound (不足70%, 达到90%以上),
# never a figure; a change after these is a fall or a rise.
BOUND_BEFORE = (
    "不足",
    "低于",
    "高于",
    "不少于",
    "不低于",
    "不高于",
    "不超过",
    "少于",
    "多于",
    "小于",
    "大于",
    "超过",
    "未达到",
    "不到",
    "原则上",
)
BOUND_AFTER = ("以上", "以下", "以内", "及以上", "及以下")
FALL = ("下降", "减少", "降低", "回落", "下滑", "降幅")
RISE = ("上升", "增加", "提高", "增长", "提升", "增幅")
# A count printed bare (超期办结4,) is read only right after one of these, in a sentence
# whose other figures give its measure word.
BARE_AFTER = ("办结", "受理", "收到", "回复", "答复", "办理", "转办", "交办", "处理", "工单", "诉求", "信件")
# What a figure measures, the more specific phrase first.
HANDLING_METRICS = [
    ("overdue_pending", ("超期未办结", "超时未办", "逾期未办")),
    ("late_completed", ("未在规定的时限内办结", "未按时办结", "超期办结", "超时办结", "逾期办结")),
    ("on_time", ("按时办结", "按期办结", "按时答复", "按期回复", "按时回复")),
    ("pending", ("待办理", "未办结", "正在办理", "办理中", "处理中", "在办")),
    ("completed", ("已办结", "办结", "已处理", "处理完毕", "已回复", "已答复")),
    ("received", ("收到", "受理", "留言", "来信", "收件", "承办", "转办")),
]
MONITORED = ("监测", "检查", "抽查")
OTHER_METRICS = [
    ("monitored", MONITORED),
    ("disclosed", ("主动公开", "公开信息", "发布信息")),
    ("problems", ("存在突出问题", "存在问题", "问题")),
]
# A printed rate, by the word it ends in (按时办结率), the more specific first; a share is
# what a part takes (占), a change what a period is compared by (同比, 环比).
RATE = RATE_ENDS[0]
RATE_METRICS = (
    ("按时办结率", "on_time_rate"),
    ("办结率", "completion_rate"),
    ("合格率", "qualified_rate"),
    ("接通率", "connection_rate"),
    ("回复率", "reply_rate"),
    ("满意率", "satisfaction_rate"),
)
SHARE = "占"
COMPARED = ("同比", "环比")
PERFECTIVE = "了"  # 下降了: the change word before it
# The tiers a narrative states its units' figures by, the longer name first (市直部门 before 市直).
TIERS = (
    "市直部门",
    "市直单位",
    "市直",
    "区(市)政府",
    "区(市)",
    "县(市、区)",
    "县(市)区",
    "省直部门",
    "省政府部门",
    "设区市",
    "县级",
)
# What a figure's label is trimmed of: 共 (in all), 其中 (of which).
LABEL_TRIM = (IN_ALL, *PART_WORDS)
# How a sentence lists names (“余江林业”和“余江区河湖长制办公室”微信订阅号), and what ends a
# figure's noun besides (进行: what is done with it).
CONJUNCTIONS = ("、", "和", "及", "与")
NOUN_ENDS = (*CONJUNCTIONS, "进行")
# What introduces examples (如“鹰潭市司法局”网站…): a clause break before names.
EXAMPLES = ("例如", "比如", *PART_WORDS, "如")
# A list of names may end in 等 (etc.) and a count: 等3个, 等共5家.
ETC = "等"
LISTED_IN = ("个", "家")
