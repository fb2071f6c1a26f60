"""What printed words mean: header cells → canonical fields, titles → channel and
kind, and the row markers (groups, totals, remarks) of the tables offices print.

Words are matched by stem after normalisation (NFKC, Traditional → Simplified for the
vocabulary's own characters, pinyin glosses and units in parentheses removed), so
受理诉求\\n(条), 收到来信(件) and 總件數(shù) all read as ``received``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_T2S = str.maketrans(
    "總數辦結處來長縣區單屬門審請開覆應時間計類網絡號題稱帳賬體標識碼問況內為態務統報轉註備項實際與檢達個條則點臺齊歸屆復覈辭填級縣資訊權據協調業務鄉鎮庫機構關員電話熱線訴愛衛醫療產發展後從當執導",
    "总数办结处来长县区单属门审请开复应时间计类网络号题称帐账体标识码问况内为态务统报转注备项实际与检达个条则点台齐归届复核辞填级县资讯权据协调业务乡镇库机构关员电话热线诉爱卫医疗产发展后从当执导",
)
_GLOSS = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_UNIT = re.compile(r"\((?:条|件|个|家|次|人|%|％|单位)\)")
_SPACES = re.compile(r"\s+")
_TOTAL_CHAR = re.compile("[计計总總]")
_SLIP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


def normalise(text: object) -> str:
    """Text for matching: NFKC, Simplified, no glosses, no units in parentheses, no spaces."""
    if text is None:
        return ""
    return _normalise(str(text))


# Offices print the same few hundred headers, unit names and markers on every sheet, and
# tidying asks of each cell more than once: the answers are kept.
@lru_cache(maxsize=2**16)
def _normalise(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).translate(_T2S)
    s = _GLOSS.sub("", s)
    s = _SPACES.sub("", s)
    return _UNIT.sub("", s)


def name_key(text: object) -> str:
    """A name for matching names: NFKC, every space removed; ``""`` for no name."""
    return _name_key(text) if isinstance(text, str) else ""


@lru_cache(maxsize=2**16)
def _name_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def clean_name(text: object) -> str | None:
    """A unit or account name as printed: NFKC, trimmed, inner runs of spaces to one."""
    if text is None:
        return None
    return _clean_name(str(text))


@lru_cache(maxsize=2**16)
def _clean_name(text: str) -> str | None:
    s = unicodedata.normalize("NFKC", text)
    s = _SPACES.sub(" ", s).strip()
    # A space between two Chinese characters is a typing slip (市 教育局), never a word break.
    s = _SLIP.sub("", s)
    return s or None


# Canonical count fields, most specific stems first (超期未办结 before 未办结 before 办结).
_COUNT_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("overdue_pending", ("超期未办", "超时未办", "逾期未办", "超期未答复", "超期未回复")),
    ("late_completed", ("超期办结", "超时办结", "逾期办结", "超期答复", "超期回复", "超时回复", "逾期答复")),
    (
        "on_time",
        ("按时办结", "按期办结", "按期回复", "按时回复", "按时答复", "按期答复", "及时回复", "及时办结"),
    ),
    ("pending", ("未办结", "待办理", "待办", "处理中", "办理中", "在办", "未回复", "未答复", "正在办理")),
    ("completed", ("办结数", "已办结", "办结", "答复数", "已答复", "已回复", "回复数", "已处理", "处理完毕")),
    (
        "received",
        (
            "受理",
            "收到",
            "来信",
            "承办件",
            "承办数",
            "总件数",
            "件数",
            "留言数",
            "来信数",
            "收件",
            "诉求",
            "申请数",
            "总数",
            "转办",
            "来电",
        ),
    ),
]
_RATE = re.compile(r"率$|率\(|占比|比例")
_UNIT_COLUMN = ("单位", "部门", "县区", "区县", "地区名称", "承办", "办理单位", "责任单位", "名称")
_SEQ = ("序号", "编号", "排名", "No", "NO", "序")
_PROBLEM_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("site_code", ("标识码", "网站代码", "网站标识")),
    ("url", ("网址", "URL", "url", "域名", "链接", "地址")),
    ("account_type", ("账号类型", "帐号类型", "类型", "平台", "渠道")),
    ("problem", ("问题", "扣分", "情形", "原因", "检查结果")),
    ("name", ("网站名称", "账号名称", "帐号名称", "新媒体名称", "公众号名称", "名称", "账号", "帐号")),
    ("unit", ("填报单位", "主办单位", "开办主体", "开设主体", "运维单位", "单位", "部门")),
    ("region", ("地区", "地市", "省份", "区域")),
]
TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总数")
_GROUP = re.compile(
    r"^(?:[一二三四五六七八九十]+|\d{1,2})\s*[、.．]\s*(.+)$|^\([一二三四五六七八九十]+\)\s*(.+)$"
)
_REMARK = re.compile(r"^(?:备注|注[::]|说明[::]|注释|统计时间|数据来源)")


@lru_cache(maxsize=2**12)
def count_field(header: str) -> str | None:
    """The canonical count field a (normalised) header names, or ``None``."""
    if not header or _RATE.search(header):
        return None
    for field, stems in _COUNT_WORDS:
        if any(stem in header for stem in stems):
            return field
    return None


def is_rate(header: str) -> bool:
    return bool(header) and _RATE.search(header) is not None


def rate_kind(header: str) -> str:
    """Which rate a printed rate column states (``completion`` unless it says otherwise)."""
    if any(w in header for w in ("按时", "按期", "及时")):
        return "on_time"
    if any(w in header for w in ("超期", "逾期", "超时")):
        return "overdue"
    return "completion"


def is_seq(header: str) -> bool:
    return header in _SEQ or header.startswith("序号")


def is_unit_column(header: str) -> bool:
    return (
        any(w in header for w in _UNIT_COLUMN)
        and count_field(header) in (None, "received")
        and not any(w in header for w in ("件", "数", "诉求", "申请"))
    )


def problem_field(header: str) -> str | None:
    """The problem-list field a (normalised) header names, or ``None``."""
    if not header:
        return None
    for field, stems in _PROBLEM_WORDS:
        if any(stem in header for stem in stems):
            return field
    return None


def group_label(text: str) -> str | None:
    """``一、市直单位`` → ``市直单位``; ``None`` when the text is no numbered group."""
    m = _GROUP.match(unicodedata.normalize("NFKC", text).strip())
    if not m:
        return None
    label = (m.group(1) or m.group(2) or "").strip()
    return label if label and not re.search(r"\d{2,}", label) else None


def is_total(text: str) -> bool:
    if not _TOTAL_CHAR.search(text):  # every total word has one; asked of every row
        return False
    n = normalise(text)
    return any(n == w or n.startswith(w) for w in TOTAL_WORDS)


def is_remark(text: str) -> bool:
    return _REMARK.match(normalise(text)) is not None


def channel_of(text: str) -> str | None:
    """The handling channel a title or header text names."""
    n = normalise(text)
    if any(w in n for w in ("依申请", "信息公开申请", "政府信息公开", "申请公开")):
        return "ogi_request"
    if any(w in n for w in ("12345", "热线", "工单", "来电")):
        return "hotline"
    if any(w in n for w in ("信箱", "留言", "来信", "信件", "诉求", "网民")):
        return "mailbox"
    return None


_MAILBOX_NAME = re.compile(r"[\u4e00-\u9fff]{2}信箱")


def mailbox_name(text: str) -> str | None:
    """The mailbox a title names, as printed (部门信箱, 市长信箱, 书记信箱), or ``None``."""
    found = _MAILBOX_NAME.search(normalise(text))
    # 一季度信箱, 本期信箱: a period word, not whose mailbox it is
    return found.group(0) if found and found.group(0)[1] not in "度份月年期" else None


def kind_of(text: str) -> str | None:
    """The problem-list kind (``website`` / ``new_media``) a text names, or ``None``."""
    n = normalise(text)
    media = any(
        w in n for w in ("新媒体", "账号", "帐号", "公众号", "微博", "平台", "头条号", "抖音", "小程序")
    )
    site = any(w in n for w in ("网站", "网址", "标识码", "域名"))
    if media and not site:
        return "new_media"
    if site and not media:
        return "website"
    return None
