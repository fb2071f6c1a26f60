"""What the panel writes and draws: ``govstats panel INPUTS -o DIR`` writes panel.csv (UTF-8
with BOM), panel.parquet and a datapackage.json that ``frictionless validate`` accepts (and
rejects once a cell is spoiled); the charts are in Chinese (warnings are errors: a glyph
missing from the font fails), mark a period not published, and show ties as 并列."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from frictionless import validate

import govstats
from govstats import schema
from govstats.cli import main
from govstats.present.charts import panel as plot_panel
from govstats.present.charts import plot

pytestmark = pytest.mark.filterwarnings("error", "ignore::govstats.errors.MissingPublisherWarning")

ROOT = Path(__file__).resolve().parent.parent


def _rows(rows) -> pd.DataFrame:
    records = [
        {"publisher": p, "period": pd.Period(q, "Q"), "channel": "mailbox", "channel_raw": "部门信箱",
         "unit": "教育局", "received": r, "on_time": o, "late_completed": r - o, "pending": 0,
         "overdue_pending": 0, "source": f"{p}.xlsx, 工作表“附件”第3行"}
        for p, q, r, o in rows
    ]  # fmt: skip
    return schema.frame("handling", records)


@pytest.fixture(scope="module")
def table():
    """甲市 and 乙市 9 of 10 on time in 2022Q2 (tied), 丙市 nothing that quarter, 丁县 a county."""
    rows = [
        ("甲市", "2022Q1", 10, 10), ("甲市", "2022Q2", 10, 9), ("乙市", "2022Q2", 10, 9),
        ("丙市", "2022Q1", 10, 8), ("丙市", "2022Q3", 10, 6), ("丁县", "2022Q2", 4, 1),
    ]  # fmt: skip
    return govstats.panel(govstats.Dataset(handling=_rows(rows)))


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def test_the_command_writes_a_data_package_frictionless_accepts(tmp_path, capsys):
    out = tmp_path / "面板"
    assert main(["panel", str(ROOT / "data" / "raw"), "-o", str(out)]) == 0
    assert "面板4行" in capsys.readouterr().err  # 2 quarters × mailbox, information request
    csv = (out / "panel.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf")  # BOM: Excel and WPS open it as UTF-8
    written = pd.read_csv(out / "panel.csv", encoding="utf-8-sig")
    back = pd.read_parquet(out / "panel.parquet")
    assert len(written) == len(back) == 4 and list(written.columns) == list(back.columns)
    row = written[(written["period"] == "2022Q1") & (written["family"] == "mailbox")].iloc[0]
    assert (row["received"], row["stated_received"], row["channel_name"]) == (191, 192, "部门信箱")
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in descriptor["resources"][0]["schema"]["fields"]}
    assert list(fields) == list(written.columns)
    assert (
        fields["on_time_rate"]["title"] == "按时办结率"
        and "On-time rate" in fields["on_time_rate"]["description"]
    )
    assert all(" / " in f["description"] for f in fields.values())  # Chinese / English
    assert validate(out / "datapackage.json").valid
    spoiled = csv.decode("utf-8-sig").replace(",191,", ",一百九十一,", 1)
    (out / "panel.csv").write_text(spoiled, encoding="utf-8-sig")
    report = validate(out / "datapackage.json")
    assert not report.valid and report.flatten(["type", "fieldName"]) == [["type-error", "received"]]


def test_the_command_refuses_an_output_it_cannot_write_before_reading(tmp_path, capsys):
    (tmp_path / "panel.csv").write_text("x\n", encoding="utf-8")
    assert main(["panel", str(ROOT / "data" / "raw"), "-o", str(tmp_path / "panel.csv")]) == 2
    assert "是已有的文件" in capsys.readouterr().err
    assert main(["panel", str(ROOT / "data" / "raw"), "-o", str(ROOT / "data")]) == 2  # its input's parent
    assert "输入文件夹" in capsys.readouterr().err


def test_small_multiples_one_city_each_gaps_marked(table, tmp_path):
    fig = plot_panel.rate_small_multiples(table)
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()]
    assert titles == ["丁县", "丙市", "乙市", "甲市"]
    assert "各地信箱（部门信箱）按时办结率（×：该期未发布）" in _texts(fig)
    bing = fig.axes[titles.index("丙市")]
    line, gone = bing.get_lines()[:2]
    assert [round(v, 2) if v == v else None for v in line.get_ydata()] == [
        0.8,
        None,
        0.6,
    ]  # no line through 2022Q2
    assert list(gone.get_xdata()) == [1]
    plot.save(fig, tmp_path / "small.png")
    plot.save(fig, tmp_path / "small.svg")


def test_heat_map_says_what_was_not_published(table, tmp_path):
    fig = plot_panel.rate_heatmap(table)
    texts = _texts(fig)
    assert texts.count("未发布") == 12 - 6  # 4 places × 3 quarters, 6 published
    assert {"90", "100", "80", "60", "25"} <= set(texts) and "2022年第二季度" in texts
    plot.save(fig, tmp_path / "heat.png")


def test_ranking_shows_ties_and_levels(table, tmp_path):
    fig = plot_panel.ranking(govstats.city_ranking(table, "2022Q2"))
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks[::-1] == ["并列第1 乙市（市级）", "并列第1 甲市（市级）", "丙市（市级）", "第1 丁县（县级）"]
    assert "未发布" in _texts(fig)  # 丙市: listed, no bar
    plot.save(fig, tmp_path / "ranking.svg")
    with pytest.raises(ValueError, match="同一统计期"):
        plot_panel.ranking(pd.concat([govstats.city_ranking(table, q) for q in ("2022Q1", "2022Q2")]))
