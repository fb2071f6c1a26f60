"""The appendix of the briefing: the data's own findings and the annexes' totals beside the
narrative's figures. Each function takes the :class:`~govstats.present.briefing.sections.Briefing` ``b``."""

from __future__ import annotations

import pandas as pd

from govstats import labels
from govstats.analyse.totals import compare_totals
from govstats.present.briefing import rendering
from govstats.present.briefing.headline import METRIC_NAMES
from govstats.present.briefing.rendering import Html, esc
from govstats.source import location


def findings(b) -> Html:
    """The errors in full (category, message, where), the warnings counted by kind."""
    f = b.dataset.findings
    if f.empty:
        return Html("<p>未发现数据问题。</p>")
    errors, warnings = f[f["severity"] == "error"], f[f["severity"] == "warning"]
    head = f"发现数据问题{len(errors)}项（按原表照录，未作修改）" if len(errors) else "未发现数据错误"
    if len(warnings):
        kinds = warnings["code"].map(lambda c: labels.FINDINGS.get(c, c)).value_counts()
        head += "；另有提示：" + "、".join(f"{k}{n}项" for k, n in kinds.items())
    head = f"<p>{esc(head)}。</p>"
    if errors.empty:
        return Html(head)
    table = pd.DataFrame(
        {
            "类别": errors["code"].map(lambda c: labels.FINDINGS.get(c, c)),
            "说明": errors["message"],
            "位置": errors["source"].map(location),
        }
    )
    return Html(head + rendering.table(table))


def totals(b) -> Html:
    t = compare_totals(b.handling, b.dataset.headline) if len(b.handling) else pd.DataFrame()
    if not t.empty:
        t = t[(t["period"] == b.period) & t["narrative"].notna()]
    if t.empty:  # the narrative states no figure the annexes also give
        return Html("")
    table = pd.DataFrame(
        {
            "渠道": t["channel"].map({c: b.channel_name(c) for c in labels.CHANNELS}),
            "指标": t["metric"].map(METRIC_NAMES),
            "附件合计": t["annex"],
            "正文数字": t["narrative"],
            "差额": t["difference"].map(labels.signed),
        }
    )
    return rendering.table(table, caption="附件明细合计与通报正文数字对照")
