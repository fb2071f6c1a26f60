"""The panel as files researchers cite: ``panel.csv`` (UTF-8 with BOM, as govstats' other
CSVs), ``panel.parquet`` and a Frictionless Data Package descriptor ``datapackage.json``
whose fields are described in Chinese and English, so that ``frictionless validate
datapackage.json`` checks the CSV against it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from govstats import labels
from govstats.analyse.panel import COLUMNS, FAMILIES, LEVELS

# (type, Chinese, English) of each panel column; counts and rates take their Chinese words
# from labels, where every other table's do.
_COUNT = (
    "integer",
    "{}（件）：附件各单位之和；任一单位缺此数则为空",
    "{} (items): sum over the annex's units; empty when any unit lacks it",
)
_RATE = (
    "number",
    "{}（小数，0.923 即 92.3%）：见 docs/metrics.md；未收件则为空",
    "{} (a fraction): see docs/metrics.md; empty when nothing was received",
)
_ENGLISH = {
    "received": "received", "on_time": "handled on time", "late_completed": "handled late",
    "completed": "completed", "pending": "pending", "overdue_pending": "pending past the deadline",
    "on_time_rate": "on-time rate", "completion_rate": "completion rate",
    "timeliness": "timeliness of completed items", "overdue_rate": "overdue rate",
}  # fmt: skip
FIELDS: dict[str, tuple[str, str, str]] = {
    "publisher": ("string", "发布单位（城市、县、区）；不同发布单位的行从不合计", "The publishing government (city, county, district); rows of two publishers are never summed"),
    "input": ("string", "未注明发布单位时，行所出自的输入文件（每个文件单独成行）", "For rows naming no publisher, the input file they came from (each file kept apart)"),
    "level": ("string", f"发布单位的级别，由名称后缀读出：{'、'.join(f'{k}={v}' for k, v in LEVELS.items())}", "The publisher's level read from its name's suffix: province, city, county"),
    "period": ("string", "统计期：季度写作 2022Q1，月份写作 2022-08", "The period: quarters as 2022Q1, months as 2022-08"),
    "family": ("string", f"渠道类别，由渠道名称组合读出：{'、'.join(f'{k}={v}' for k, v in FAMILIES.items())}；不同类别不可比较", "The channel family read from the printed channel name: mailbox, hotline, information_request, message_board; families are not compared"),
    "channel_name": ("string", "渠道名称，按原文（部门信箱、市长信箱、12345热线）；原文未载明时为通称", "The channel's name as printed (部门信箱, 市长信箱, 12345热线); the generic word when none is printed"),
    "channel": ("string", "表格的渠道代码（mailbox、ogi_request、hotline）", "The handling table's channel code (mailbox, ogi_request, hotline)"),
    "units": ("integer", "计入的单位（行）数", "Units (rows) summed"),
    "stated_received": ("integer", "通报正文所述该渠道受理总数", "The received total the notice's narrative states for the channel"),
    "has_annex": ("boolean", "该期是否发布了该渠道的附件表格；False 且计数为空即未发布（不是零）", "Whether the channel's annex table was published that period; False with empty counts is a missing report, not zero"),
    "has_narrative": ("boolean", "通报正文是否载明该渠道的数字", "Whether the notice's narrative states the channel's figures"),
    "has_notice": ("boolean", "是否有该发布单位该期的通报", "Whether a notice of the publisher's period is held"),
    "published": ("string", "该发布单位该期发布的全部表格（渠道类别及 website、new_media 问题清单），逗号分隔", "Every table the publisher published that period (channel families; website and new_media problem lists), comma-separated"),
    "family_source": ("string", "渠道类别取自：printed=渠道名称，channel=表格渠道", "Where the family was read: printed = the channel's name, channel = the table's channel"),
    "source": ("string", "数字所出自的文件", "The files the figures came from"),
    "publisher_source": ("string", f"发布单位取自（{'、'.join(f'{k}={v}' for k, v in labels.SOURCES.items())}）", "Where the publisher was read (title, notice, file name, folder …)"),
    "period_source": ("string", "统计期取自（同上）", "Where the period was read (as above)"),
}  # fmt: skip
for _field in ("received", "on_time", "late_completed", "completed", "pending", "overdue_pending"):
    FIELDS[_field] = (
        _COUNT[0],
        _COUNT[1].format(labels.COUNTS[_field]),
        _COUNT[2].format(_ENGLISH[_field].capitalize()),
    )
for _field in labels.RATES:
    FIELDS[_field] = (
        _RATE[0],
        _RATE[1].format(labels.RATES[_field]),
        _RATE[2].format(_ENGLISH[_field].capitalize()),
    )


def descriptor(name: str = "govstats-panel") -> dict:
    """The Data Package descriptor of ``panel.csv``: every column's type, its Chinese title
    and its description in Chinese and English, the key, and the BOM'd UTF-8 it is written in."""
    fields = [
        {
            "name": column,
            "type": FIELDS[column][0],
            "title": labels.column(column),
            "description": f"{FIELDS[column][1]} / {FIELDS[column][2]}",
        }
        for column in COLUMNS
    ]  # fmt: skip
    for field in fields:
        if field["type"] == "boolean":
            field["trueValues"], field["falseValues"] = ["True"], ["False"]
    return {
        "name": name,
        "title": "政务信箱、热线、依申请公开办理情况面板 / Panel of government mailbox, hotline and information-request handling",
        "description": (
            "每行为一个发布单位一个统计期一个渠道（govstats panel 生成）；panel.parquet 为同一表格。"
            " / One row per publisher, period and channel (written by govstats panel); panel.parquet holds the same table."
        ),
        "resources": [
            {
                "name": "panel",
                "path": "panel.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": {"fields": fields, "missingValues": [""]},
            }
        ],
    }


def write_panel(panel: pd.DataFrame, folder: str | Path) -> list[Path]:
    """Write ``panel`` (from :func:`govstats.panel`) to ``folder`` as ``panel.csv``,
    ``panel.parquet`` and ``datapackage.json``; returns the paths. The tables replace the
    previous ones together (:func:`~govstats.dataset.writing.write_tables`), the descriptor
    after them.

    Parameters
    ----------
    panel : pandas.DataFrame
        :func:`govstats.panel` output.
    folder : str or pathlib.Path
        Where to write them.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    from govstats.dataset.writing import write_tables
    from govstats.outputs import atomic_write

    folder = Path(folder)
    written = write_tables({"panel": panel[list(COLUMNS)]}, folder)
    text = json.dumps(descriptor(), ensure_ascii=False, indent=2) + "\n"
    target = folder / "datapackage.json"
    atomic_write(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return [*written, target]
