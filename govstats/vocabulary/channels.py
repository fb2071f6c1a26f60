"""The channels offices handle messages through (mailbox, hotline, information requests,
message boards) and the lists they publish (websites, new media), as the words that name
them, each defined once, and the lookups on them. Text is matched on
:func:`~govstats.vocabulary.tables.normalise`'s form."""

from __future__ import annotations

import re

from govstats.vocabulary.periods import PERIOD_ENDS
from govstats.vocabulary.tables import normalise

# The words each channel is named by, each once: the families below and the channels a
# handling table is counted under are both made of them. A hotline is also named by its
# number (SERVICE_NUMBER).
# 政府信息公开 alone is disclosure at large (其政府信息公开专栏, 政府信息公开工作年度报告), not a
# request: a request is named by 申请.
_REQUEST = ("依申请", "信息公开申请", "申请公开")
_HOTLINE = ("热线", "工单", "来电")
_MAILBOX = ("信箱", "来信", "信件")
_MESSAGES = ("留言",)
CHANNEL_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("ogi_request", _REQUEST),
    ("hotline", _HOTLINE),
    ("mailbox", (*_MAILBOX, *_MESSAGES)),  # a board's 留言 counted as the mailbox's
]
# The public's demands: a table titled with them (网民诉求办理情况) is the mailbox's, but a
# narrative says them of any channel (12345热线共受理诉求…).
PUBLIC_WORDS = ("诉求", "网民")
# Families of channels a panel compares (mailbox, hotline, information request, message board),
# read from the channel's printed name by its head word: a 市长信箱 and a 部门信箱 are both
# mailboxes (their printed names kept beside), a 12345 便民热线 and a 12319 平台 both hotlines.
# Tried in this order, so 信箱留言 is a mailbox and 网上问政留言板 a message board.
CHANNEL_FAMILIES: list[tuple[str, tuple[str, ...]]] = [
    ("information_request", _REQUEST),
    ("hotline", _HOTLINE),
    ("mailbox", _MAILBOX),
    ("message_board", (*_MESSAGES, "问政", "理政")),
]
FAMILY_OF_CHANNEL = {"mailbox": "mailbox", "hotline": "hotline", "ogi_request": "information_request"}
"""The family of a handling table's ``channel`` when it prints no name of its own."""
# New media: what names them anywhere, and what names them only in a list's header or a
# named account (a narrative's 平台, 微信 and 账号 are any channel's: 数字城管平台, 微信举报).
MEDIA_NAMES = ("新媒体", "公众号", "微博", "头条号", "抖音", "小程序")
MEDIA_WORDS = (*MEDIA_NAMES, "微信", "账号", "帐号", "平台")
SITE_WORDS = ("网站", "网址", "标识码", "域名")
# What a narrative names a website or account by, right after its name (“鹰潭市司法局”网站,
# “余江林业”微信订阅号), the longer word first where one holds another.
MENTIONED = (
    "门户网站",
    "网站",
    "政务公开",
    "微信订阅号",
    "微信公众号",
    "微信服务号",
    "公众号",
    "微博",
    "头条号",
    "抖音号",
    "政务新媒体",
    "新媒体账号",
)


# The public-service hotlines are numbered 123xx nationwide (12345, 12319 城建, 12315 消费).
SERVICE_NUMBER = re.compile(r"(?<!\d)123\d\d(?!\d)")


def channel_of(text: str, *, narrative: bool = False) -> str | None:
    """The handling channel a title or header text names (a ``narrative``'s text: by the
    channel's own words only, not :data:`PUBLIC_WORDS`)."""
    n = normalise(text)
    found = next((channel for channel, words in CHANNEL_WORDS if _names(channel, words, n)), None)
    if found is None and not narrative and any(w in n for w in PUBLIC_WORDS):
        return "mailbox"
    return found


def _names(channel: str, words: tuple[str, ...], n: str) -> bool:
    return any(w in n for w in words) or (channel == "hotline" and SERVICE_NUMBER.search(n) is not None)


_MAILBOX_NAME = re.compile(r"[\u4e00-\u9fff]{2}信箱")


def mailbox_name(text: str) -> str | None:
    """The mailbox a title names, in Simplified (部门信箱, 市长信箱, 书记信箱), or ``None``."""
    found = _MAILBOX_NAME.search(normalise(text))
    # 一季度信箱, 本期信箱: a period word, not whose mailbox it is
    return found.group(0) if found and found.group(0)[1] not in PERIOD_ENDS else None


def family_of(name: object) -> str | None:
    """The channel family (:data:`CHANNEL_FAMILIES`) a printed channel name composes:
    部门信箱 → ``mailbox``, 12345政务服务便民热线 → ``hotline``, 问政四川留言板 →
    ``message_board``; ``None`` when it names none."""
    if not isinstance(name, str):
        return None
    n = normalise(name)
    return next((family for family, words in CHANNEL_FAMILIES if _names(family, words, n)), None)


_CHANNEL_NAME = re.compile(
    r"123\d\d(?:[\u4e00-\u9fff]{0,8}?(?:热线|平台))?|[\u4e00-\u9fff]{2}(?:热线|留言板)|留言板|依申请公开"
)


def channel_name(text: str) -> str | None:
    """The channel a title names, as printed (in Simplified): 部门信箱, 市长信箱, 12345政务服务
    便民热线, 12319平台, 问政留言板, 依申请公开; ``None`` when it prints no name."""
    if mailbox := mailbox_name(text):
        return mailbox
    found = _CHANNEL_NAME.search(normalise(text))
    # 一季度热线, 本期热线: a period word, not whose line it is
    return found.group(0) if found and found.group(0)[1] not in PERIOD_ENDS else None


def kind_of(text: str) -> str | None:
    """The problem-list kind (``website`` / ``new_media``) a text names, or ``None``."""
    n = normalise(text)
    media = any(w in n for w in MEDIA_WORDS)
    site = any(w in n for w in SITE_WORDS)
    if media and not site:
        return "new_media"
    if site and not media:
        return "website"
    return None
