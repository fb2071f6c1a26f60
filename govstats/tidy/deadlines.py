"""How many working days a message may take, per channel: ``--deadline 5`` (every channel)
or ``--deadline 部门信箱=5,依申请公开=20+20`` (a channel's days, + the days an extension adds),
or the same lines in a rules file. Unset: 依申请公开 20 + 20 (政府信息公开条例 第三十三条),
every other channel 5."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govstats.errors import UsageError
from govstats.vocabulary import channels
from govstats.vocabulary import tables as v

DEFAULT_DAYS = 5
DEFAULTS: dict[str, tuple[int, int]] = {"ogi_request": (20, 20)}
_ITEM = re.compile(r"^(?:(?P<key>[^=＝]+)[=＝])?\s*(?P<days>\d{1,3})\s*(?:[+＋]\s*(?P<ext>\d{1,3}))?$")


@dataclass(frozen=True)
class Deadline:
    """A channel's working days, what an extension adds, and where both were set."""

    days: int
    extension: int
    source: str  # 默认, 条例, --deadline

    @property
    def text(self) -> str:
        ext = f"，延期的再加{self.extension}个" if self.extension else ""
        return f"收到后第{self.days}个工作日（收到当日不计{ext}；{self.source}）"


@dataclass(frozen=True)
class DeadlineRules:
    """The days per channel: ``items`` as ``(key, days, extension)``; a key is a channel
    code, a channel's name (信箱, 依申请公开, 12345) or a mailbox (部门信箱); ``None`` is
    every channel."""

    items: tuple[tuple[str | None, int, int | None], ...] = ()

    def of(self, channel: str | None, channel_raw: str | None) -> Deadline:
        """The deadline of a log of ``channel`` (``channel_raw``: the mailbox it names)."""
        default_days, default_ext = DEFAULTS.get(channel or "", (DEFAULT_DAYS, 0))
        raw = v.normalise(channel_raw or "")
        for match in (
            lambda k: k is not None and raw and v.normalise(k) == raw,
            # a key naming one mailbox (部门信箱) is that mailbox's alone
            lambda k: (
                k is not None
                and (k == channel or (channels.channel_of(k) == channel and not channels.mailbox_name(k)))
            ),
            lambda k: k is None,
        ):
            for key, days, ext in self.items:
                if match(key):
                    return Deadline(days, default_ext if ext is None else ext, "--deadline")
        source = "政府信息公开条例第三十三条" if channel in DEFAULTS else "默认"
        return Deadline(default_days, default_ext, source)


def parse_deadlines(text: str | None) -> DeadlineRules:
    """Rules from ``5``, ``部门信箱=5,依申请公开=20+20`` or a rules file's text (one item a
    line or comma-separated; ``#`` starts a comment). A bad item is a ``UsageError``."""
    if not text:
        return DeadlineRules()
    items = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        for part in re.split(r"[,，;；]", line):
            part = part.strip()
            if not part:
                continue
            m = _ITEM.match(part)
            if m is None or int(m["days"]) == 0:
                raise UsageError(
                    f"期限规则“{part}”无法识别：应为工作日数（如 5），或 渠道=工作日数（如 部门信箱=5、"
                    "依申请公开=20+20，加号后为延期可再加的工作日数）"
                )
            key = m["key"].strip() if m["key"] else None
            items.append((key, int(m["days"]), int(m["ext"]) if m["ext"] else None))
    return DeadlineRules(tuple(items))
