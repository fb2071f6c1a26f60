"""The words of a platform's message log (one row per message): what its columns' headers
are made of and what a status says. :mod:`govstats.tidy.logs` composes them with
:mod:`.tables`' INTAKE, HANDLE and ENTITY_HEADS."""

from __future__ import annotations

# ---------------------------------------------------------------------------------------
# Message logs (one row per message). A column's role is composed: a time word (时间, 日期)
# after an intake word (INTAKE: 来信时间, 受理日期, 提交时间) is when a message was received,
# after a handling word (HANDLE: 答复时间, 办结日期) when it was answered; a header ending in
# an entity noun (ENTITY_HEADS: 承办单位, 办理部门) is the unit; a deadline word (办理期限,
# 截止时间, 答复时限) the deadline; 状态 the status; 编号/单号 the id; 延期 an extension.
# ---------------------------------------------------------------------------------------
LOG_TIMES = ("时间", "日期", "时刻")
LOG_DEADLINE = ("期限", "时限", "截止", "到期")
LOG_STATUS = ("状态",)
LOG_ID = ("编号", "单号", "流水号", "件号")
LOG_EXTENSION = ("延期", "延长")  # a column, or a status, saying the deadline was extended
EXTENSION_NO = ("否", "无", "0", "未延期", "不延期")  # an extension column's "not extended"
LOG_CHANNEL_INTAKE = {"申请": "ogi_request"}  # 申请时间: the log of 依申请公开 requests
# What a status says: not received (not counted: 不予受理, 无效, 重复件) or done / open.
STATUS_NOT_RECEIVED = ("不予受理", "不受理", "无效", "重复")
STATUS_DONE = ("办结", "已回复", "已答复", "已反馈", "完成", "结案")
STATUS_OPEN = ("办理中", "处理中", "待", "未", "在办")
