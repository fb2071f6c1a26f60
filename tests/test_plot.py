"""Charts on the real 2022 Q1 Yingtan notice, a hand-edited 2021 Q4 copy of its mailbox
annex (the real 2021 Q4 notice has no annexes), and the other cities' tables.

Every chart is rendered to PNG and SVG with warnings turned into errors, so a Chinese
label drawn without a CJK font ("Glyph N ... missing from font(s)") fails the test.
Expected figures are hand sums of the annex (附件4) and of the other cities' printed totals.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

import govstats
import govstats.analyse.trends
from govstats.analyse.channels import channel_names
from govstats.present import fonts
from govstats.present.charts import plot
from govstats.present.charts import style as plot_style

pytestmark = pytest.mark.filterwarnings("error")

ROOT = Path(__file__).resolve().parent.parent
CITIES = {
    "汉中市": "hanzhong-2022-08-mailbox",
    "铜川市": "tongchuan-2025Q1-mailbox",
    "渭南市": "weinan-2021Q4-mailbox-counties-trad",
}


@pytest.fixture(scope="module")
def ds():
    return govstats.load(ROOT / "data/raw")


def _row(table: pd.DataFrame, unit: str, **counts) -> pd.DataFrame:
    row = table[table["unit"] == unit].head(1).copy()
    for field, value in counts.items():
        row[field] = pd.array([value], dtype="Int64")
    return row


@pytest.fixture(scope="module")
def two_quarters(ds) -> pd.DataFrame:
    """The real 2022 Q1 mailbox rows plus one unit that received nothing (市信访局, added),
    and a hand-edited 2021 Q4 copy: 市教育局 20 received / 20 on time (Q1: 26/24),
    贵溪市 40 / 24 (Q1: 47/38), 市财政局 received nothing, 市金融办 absent (new in Q1),
    市档案馆 3 / 3 (gone in Q1)."""
    q1 = ds.handling[ds.handling["channel"] == "mailbox"]
    q1 = pd.concat(
        [q1, _row(q1, "市民政局", received=0, on_time=0, late_completed=0).assign(unit="市信访局")]
    )
    q4 = q1[~q1["unit"].isin(["市金融办", "市信访局"])].copy()
    edits = {"市教育局": (20, 20, 0), "贵溪市": (40, 24, 16), "市财政局": (0, 0, 0)}
    for unit, (received, on_time, late) in edits.items():
        at = q4["unit"] == unit
        q4.loc[at, ["received", "on_time", "late_completed"]] = [received, on_time, late]
    q4 = pd.concat(
        [q4, _row(q4, "市林业局", received=3, on_time=3, late_completed=0).assign(unit="市档案馆")]
    )
    q4["period"] = pd.Period("2021Q4", "Q")
    out = pd.concat([q4, q1], ignore_index=True)
    out["period"] = pd.PeriodIndex(out["period"], freq="Q")
    return out


@pytest.fixture(scope="module")
def cities(ds) -> pd.DataFrame:
    tables = [ds.handling]
    for name, folder in CITIES.items():
        other = govstats.load(ROOT / "tests/data/other-publishers" / folder / "input.xlsx", publisher=name)
        tables.append(other.handling)
    return pd.concat(tables, ignore_index=True)


def _texts(fig) -> list[str]:
    """Every string a figure shows: titles, texts, annotations, tick labels, legends."""
    out = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    return [t for t in out if t]


def _bars(ax) -> list:
    return [p for p in ax.patches if isinstance(p, matplotlib.patches.Rectangle)]


def _check_saved(fig, tmp_path: Path, name: str) -> None:
    """Saved as PNG and SVG, both non-trivial; the SVG's glyphs come from the CJK face."""
    png = plot.save(fig, tmp_path / f"{name}.png")
    svg = plot.save(fig, tmp_path / f"{name}.svg")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 800 and height >= 400
    assert len(data) > 20_000
    pixels = matplotlib.image.imread(io.BytesIO(data))
    assert (pixels[..., :3].mean(axis=2) < 0.9).mean() > 0.01  # ink, not a blank canvas
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    found = fonts.find_cjk_font()
    assert found is not None, fonts.FIX
    face = matplotlib.ft2font.FT2Font(found.path, face_index=found.index)
    family_id = face.postscript_name.split("-")[0]  # NotoSansCJKsc
    assert f'id="{family_id}' in text  # glyph outlines of the CJK face, not of DejaVu Sans


def test_on_time_by_unit(ds, two_quarters, tmp_path):
    rates = govstats.rates(two_quarters)
    fig = plot.on_time_by_unit(rates)  # the latest period: 2022 Q1
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 26  # the annex's 25 units and the added 市信访局
    assert labels[0] == "市信访局"  # no rate: at the bottom, labelled, no bar
    assert labels[-1] == "余江区"  # 10 of 10 on time, the most received of the 100% units
    assert len(_bars(ax)) == 25
    shown = _texts(fig)
    assert "无收件（0）" in shown
    assert "92.3%（26）" in shown  # 市教育局 24 / 26
    assert "80.9%（47）" in shown  # 贵溪市 38 / 47
    assert "0.0%（4）" in shown  # 市司法局: 0 on time is a real 0%, unlike 市信访局
    assert "总体 84.3%" in shown  # annex sums: 161 on time of 191 received
    assert "鹰潭市 2022年第一季度 信箱 各单位按时办结率" in shown
    _check_saved(fig, tmp_path, "on_time_by_unit")
    # the publisher's own name for the channel, as its annex titles it, when given
    named = _texts(plot.on_time_by_unit(rates, names=channel_names(ds, "鹰潭市")))
    assert "鹰潭市 2022年第一季度 部门信箱 各单位按时办结率" in named


def test_tier_comparison(ds, tmp_path):
    fig = plot.tier_comparison(govstats.rates(ds.handling))
    shown = _texts(fig)
    # 市直单位: 124 received, 107 on time, 17 late; 区(市): 67, 54, 13 (hand sums of 附件4)
    assert "市直单位\n受理124 · 20个单位" in shown
    assert "区(市)\n受理67 · 5个单位" in shown
    for value in ("86.3%", "80.6%", "14.5%", "19.4%"):  # 107/124, 54/67, (17+1)/124, 13/67
        assert value in shown
    heights = sorted(round(b.get_height(), 4) for b in _bars(fig.axes[0]))
    assert heights == sorted(
        [round(107 / 124, 4), round(54 / 67, 4), 1.0, 1.0, round(18 / 124, 4), round(13 / 67, 4)]
    )
    _check_saved(fig, tmp_path, "tier_comparison")


def test_tier_comparison_from_tier_totals_and_without_tiers(ds, cities):
    per_tier = govstats.rates(ds.handling, by=["publisher", "period", "channel", "tier"])
    shown = _texts(plot.tier_comparison(per_tier))
    assert "市直单位\n受理124 · 20个单位" in shown  # units summed, not rows counted
    # 汉中 prints no groups and no on-time column: one 未分组 column, its 办结率 357/396
    fig = plot.tier_comparison(govstats.rates(cities), publisher="汉中市")
    shown = _texts(fig)
    assert "未分组\n受理396 · 37个单位" in shown
    assert "90.2%" in shown and shown.count("无数据") == 2
    ax = fig.axes[0]
    assert len(_bars(ax)) == 1
    swatches = {
        t.get_text(): h.get_facecolor()
        for t, h in zip(ax.get_legend().get_texts(), ax.get_legend().legend_handles, strict=True)
    }
    assert len({tuple(c) for c in swatches.values()}) == 3  # each rate its own colour, drawn or not


def test_change_between(two_quarters, tmp_path):
    changes = govstats.qoq(two_quarters)
    fig = plot.change_between(changes)
    ax = fig.axes[0]
    shown = _texts(fig)
    assert "-7.7个百分点" in shown  # 市教育局: 20/20 = 100% → 24/26 = 92.3%
    assert "+20.9个百分点" in shown  # 贵溪市: 24/40 = 60% → 38/47 = 80.9%
    assert "本期新增（0.0%）" in shown  # 市金融办: 0 of 1 on time, absent in Q4
    assert "本期新增（无收件）" in shown  # 市信访局
    assert "本期无数据" in shown  # 市档案馆
    assert "上期无收件" in shown  # 市财政局 received nothing in Q4
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "贵溪市"  # the biggest rise on top
    assert "2021年第四季度" in shown
    _check_saved(fig, tmp_path, "change_between")


def test_headline_trend(ds, tmp_path):
    fig = plot.headline_trend(govstats.analyse.trends.headline_trend(ds.headline))
    shown = _texts(fig)
    # The narratives: 149 messages in 2021 Q4, 192 in 2022 Q1; 93 → 144 new-media accounts.
    assert "信箱 受理（条）" in shown
    for value in ("149", "192", "93", "144", "1,297", "1,335"):
        assert value in shown
    assert "2021年第四季度" in shown and "2022年第一季度" in shown
    _check_saved(fig, tmp_path, "headline_trend")
    # the headline table itself is accepted too
    assert "信箱 受理（条）" in _texts(plot.headline_trend(ds.headline))
    assert "部门信箱 受理（条）" in _texts(plot.headline_trend(ds.headline, names={"mailbox": "部门信箱"}))


def test_headline_trend_of_two_publishers(ds, tmp_path):
    folder = ROOT / "tests/data/other-publishers/narratives/hunan-2022Q2-mailbox"
    hunan = govstats.load(folder, publisher="湖南省").headline  # 省长信箱: 7061 letters in 2022 Q2
    # one quarter of 湖南 alone is a single point: not drawn (the briefing's table states it)
    fig = plot.headline_trend(govstats.analyse.trends.headline_trend(pd.concat([ds.headline, hunan])))
    assert "7,061" not in _texts(fig) and "149" in _texts(fig)
    # with a quarter before it (hand-made: 6500 letters in 2022 Q1) its line is drawn beside 鹰潭's
    before = hunan[hunan["metric"] == "received"].assign(period=pd.Period("2022Q1", "Q"), value=6500.0)
    fig = plot.headline_trend(govstats.analyse.trends.headline_trend(pd.concat([ds.headline, hunan, before])))
    shown = _texts(fig)
    assert "7,061" in shown and "6,500" in shown and "信箱 受理（件）" in shown
    assert {"鹰潭市", "湖南省"} <= set(shown)  # the legend
    assert "2022年第二季度" in shown
    _check_saved(fig, tmp_path, "headline_trend_two")
    # a notice whose publisher is unknown still draws, under a label saying so
    unnamed = pd.concat([govstats.load(folder).headline, before.assign(publisher=pd.NA)])
    assert "（未注明发布机关）" not in _texts(plot.headline_trend(unnamed))  # one line, no legend
    assert "7,061" in _texts(plot.headline_trend(unnamed))
    with pytest.raises(ValueError, match="two periods"):
        plot.headline_trend(govstats.load(folder).headline)  # one quarter: nothing to draw


def test_problems_by_category(ds, tmp_path):
    fig = plot.problems_by_category(ds.problems)
    ax = fig.axes[0]
    totals = _bar_totals(ax)
    # 附件1: one website, 栏目不更新; 附件2: six accounts (3 未提供有效互动渠道, 2 未及时更新, 1 互动回应差)
    assert {k: v for k, v in totals.items() if v} == {
        "未提供有效互动渠道": 3,
        "未及时更新": 2,
        "栏目不更新": 1,
        "互动回应差": 1,
    }
    assert {"政府网站", "政务新媒体"} <= set(_texts(fig))
    _check_saved(fig, tmp_path, "problems_by_category")


def _bar_totals(ax) -> dict[str, float]:
    """Stacked horizontal bars summed per y tick label."""
    names = {round(t.get_position()[1]): t.get_text() for t in ax.get_yticklabels()}
    totals: dict[str, float] = {}
    for bar in _bars(ax):
        name = names[round(bar.get_y() + bar.get_height() / 2)]
        totals[name] = totals.get(name, 0) + bar.get_width()
    return {k: v for k, v in totals.items() if v}


def test_problems_listed_together_in_one_cell_count_once_each(tmp_path):
    folder = ROOT / "tests/data/other-publishers/jinzhong-shanxi-2016Q2-websites"
    problems = govstats.load(folder / "input.xlsx", publisher="山西省").problems
    fig = plot.problems_by_category(problems)
    # expected.csv: "首页面大量内容无法访问,多个栏目为空白", 首页面长时间未更新 twice, 多个栏目为空白
    assert _bar_totals(fig.axes[0]) == {
        "多个栏目为空白": 2,
        "首页面长时间未更新": 2,
        "首页面大量内容无法访问": 1,
    }
    assert "山西省 2016年第二季度 检查发现的问题（按问题类型）" in _texts(fig)
    _check_saved(fig, tmp_path, "problems_split")
    unsplit = plot.problems_by_category(problems, split=False)
    assert _bar_totals(unsplit.axes[0])["首页面大量内容无法访问,多个栏目为空白"] == 1


def test_by_publisher(cities, tmp_path):
    fig = plot.by_publisher(govstats.rates(cities))
    shown = _texts(fig)
    assert "100.0%" in shown  # 铜川: 139 of 139 on time (printed 合计)
    assert "84.3%" in shown  # 鹰潭: 161 of 191
    assert shown.count("无数据") == 2  # 汉中 and 渭南 print no on-time column: no bar, not 0%
    assert len(_bars(fig.axes[0])) == 2
    assert "渭南市\n2021年第四季度\n受理983" in shown
    _check_saved(fig, tmp_path, "by_publisher")

    fig = plot.by_publisher(govstats.rates(cities), "completion_rate")
    shown = _texts(fig)
    assert "99.0%" in shown  # 渭南 973 / 983 (printed 總計)
    assert "90.2%" in shown  # 汉中 357 / 396 (the 37 complete rows)
    assert "无数据" in shown  # 铜川 prints no completed count


def test_by_publisher_of_one_city_over_two_quarters(two_quarters):
    shown = _texts(plot.by_publisher(govstats.rates(two_quarters)))
    # hand-edited Q4: 191 - 26 + 20 - 47 + 40 - 1 (市财政局) - 1 (市金融办) + 3 (市档案馆) = 179 received
    assert "鹰潭市\n2021年第四季度\n受理179" in shown
    assert "鹰潭市\n2022年第一季度\n受理191" in shown


def test_fig_savefig_outside_the_style_still_draws_chinese(ds):
    fig = plot.on_time_by_unit(govstats.rates(ds.handling))
    fig.savefig(io.BytesIO(), format="png")  # a missing glyph would raise here


def test_a_chart_without_the_cjk_font_fails_these_tests(ds, monkeypatch, tmp_path):
    """The check above can fail: with Latin fonts only, the glyph warning is an error."""
    monkeypatch.setattr(plot_style, "font_families", lambda: ["DejaVu Sans"])
    fig = plot.on_time_by_unit(govstats.rates(ds.handling))
    with pytest.raises(UserWarning, match="missing from font"):
        fig.savefig(tmp_path / "boxes.png")


def test_style_is_applied_only_inside_the_functions(ds):
    before = dict(matplotlib.rcParams)
    plot.tier_comparison(govstats.rates(ds.handling))
    with plot.style():
        assert matplotlib.rcParams["font.sans-serif"][0] == fonts.find_cjk_font().family
    assert dict(matplotlib.rcParams) == before


def test_save_refuses_other_formats(ds, tmp_path):
    fig = plot.tier_comparison(govstats.rates(ds.handling))
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        plot.save(fig, tmp_path / "chart.jpg")
    assert list(tmp_path.iterdir()) == []


def test_period_labels():
    assert plot.period_label(pd.Period("2022Q1", "Q")) == "2022年第一季度"
    assert plot.period_label(pd.Period("2022-08", "M")) == "2022年8月"


def test_several_publishers_in_one_unit_chart_is_refused(cities):
    with pytest.raises(ValueError, match="publisher="):  # 2025Q1, 2022-08, 2021Q4, 2022Q1
        plot.on_time_by_unit(govstats.rates(cities))
    two = cities[cities["publisher"].isin(["鹰潭市", "铜川市"])].assign(period=pd.Period("2022Q1", "Q"))
    with pytest.raises(ValueError, match="publisher="):
        plot.on_time_by_unit(govstats.rates(two))
    shown = _texts(plot.on_time_by_unit(govstats.rates(two), publisher="铜川市"))
    assert "铜川市 2022年第一季度 信箱 各单位按时办结率" in shown


def test_charts_never_touch_pyplot_or_a_gui_backend(tmp_path):
    """No global figure registry to leak into, nothing that could open a window."""
    code = (
        "import sys, govstats; from govstats import plot; "
        "fig = plot.tier_comparison(govstats.rates(govstats.load('data/raw').handling)); "
        "plot.save(fig, sys.argv[1]); assert 'matplotlib.pyplot' not in sys.modules"
    )
    out = tmp_path / "tier.png"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code, str(out)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 20_000


def test_problems_of_several_cities(ds):
    lists = [ds.problems]
    for name, folder in (("连云港市", "lianyungang-2023-09-newmedia"), ("泰安市", "taian-2020Q1-newmedia")):
        lists.append(
            govstats.load(
                ROOT / "tests/data/other-publishers" / folder / "input.xlsx", publisher=name
            ).problems
        )
    fig = plot.problems_by_category(pd.concat(lists))  # indexes repeat across the lists
    totals = _bar_totals(fig.axes[0])
    # expected.csv of each: 连云港 3 × 未提供有效互动功能, 2 × 内容更新不及时, 4 × 功能无法使用;
    # 泰安 7 × 内容更新不及时; 鹰潭 as in test_problems_by_category
    assert totals["内容更新不及时"] == 9
    assert totals["功能无法使用"] == 4
    assert totals["未提供有效互动功能"] == 3 and totals["未提供有效互动渠道"] == 3
    assert sum(totals.values()) == 7 + 9 + 7
    assert "检查发现的问题（按问题类型）" in _texts(fig)  # no single city or period in the title
