"""The kinds of problem a notice groups websites and accounts by, following the national
inspection indicators (国办秘函〔2019〕19号), and what the printed problems of each kind say
(:mod:`govstats.analyse.problem_types` reads them); what makes a sentence naming websites a
problem's, not praise (:mod:`govstats.notice.mentions` reads it)."""

from __future__ import annotations

PROBLEM_TYPES: tuple[tuple[str, str], ...] = (
    # (the kind as a notice names it, what the printed problems of that kind say)
    ("内容更新不及时", r"更新|无更新"),
    ("存在空白栏目", r"空白"),
    ("互动回应不到位", r"互动|回应|留言|答复|回复"),
    ("页面或功能无法正常使用", r"无法访问|打不开|无法打开|无法使用|不可用|链接|错链|断链|无法正常"),
    ("内容表述错误", r"错误|错别字|表述"),
    ("安全防护不到位", r"泄露|泄密|篡改|安全"),
    ("信息发布不规范", r"不规范|重复发布|未标注来源"),
)
# A sentence naming a website or account with one of these states a problem of it (未更新,
# 存在错链, 已提醒整改); one without praises it.
PROBLEM_SIGNS = (
    "未",
    "不",
    "无",
    "问题",
    "错误",
    "差",
    "滞后",
    "空白",
    "缺失",
    "隐患",
    "失效",
    "错链",
    "断链",
    "提醒",
    "整改",
    "违规",
)
