"""Repeat offenders across the two real notices, names the narratives criticise, and the
drafted paragraph, all checked against the notices' own text."""

from __future__ import annotations

import pandas as pd
import pytest

import govstats
from fixtures import layouts


@pytest.fixture(scope="module")
def ds():
    return govstats.load("data/raw")


def test_narrative_mentions_are_the_criticised_names(ds):
    m = ds.mentions
    q4 = m[m["period"] == pd.Period("2021Q4", "Q")]
    # line 16 of the 2021 Q4 notice: “鹰潭市城管局”网站 …“鹰潭市司法局”网站 …“鹰潭市体育局”网站
    assert q4["name"].tolist() == ["鹰潭市城管局", "鹰潭市司法局", "鹰潭市体育局"]
    q1 = m[m["period"] == pd.Period("2022Q1", "Q")]
    assert q1.loc[q1["kind"] == "new_media", "name"].tolist() == [
        "余江林业",
        "余江区河湖长制办公室",
        "鹰潭交警",
    ]
    # praise (“鹰潭人社”微信公众号开设…服务) is not a problem
    assert "鹰潭人社" not in m["name"].tolist()


def test_sports_bureau_is_a_repeat_offender(ds):
    r = govstats.repeat_offenders(ds)
    assert r["name"].tolist() == ["鹰潭市体育局"]
    row = r.iloc[0]
    assert (row["kind"], row["n_periods"], row["streak"]) == ("website", 2, 2)
    assert row["in_annex"] == "2022Q1" and row["in_narrative"] == "2021Q4, 2022Q1"
    assert len(govstats.repeat_offenders(ds, min_periods=1)) > 10


def test_narrative_draft_from_the_real_data(ds):
    text = govstats.narrative(ds, "2022Q1")
    assert text.startswith("2022年第一季度，共监测政府网站35个、政务新媒体144个。")
    # annex 4: 191 received, 161 on time, 30 late, 1 pending; 161/191 = 84.3%
    assert "部门信箱共收到留言191条，按时办结161条，超期办结30条，未办结1条，按时办结率84.3%" in text
    assert "通报正文为192条" in text  # the discrepancy is said, not hidden
    assert "与2021年第四季度（149条）相比，部门信箱收到留言增加43条（增长28.9%）" in text  # 192 − 149
    assert "依申请公开共受理申请1件" in text
    first = govstats.narrative(ds, "2021Q4")
    assert "相比" not in first and "留言149条" in first
    with pytest.raises(ValueError, match="2023Q1"):
        govstats.narrative(ds, "2023Q1")


def test_draft_from_an_annex_alone(tmp_path):
    ds = govstats.load(layouts.mailbox_csv(tmp_path / "m.csv", "gb18030"))
    assert govstats.narrative(ds) == (
        "2022年第一季度，部门信箱共收到留言191条，按时办结161条，超期办结30条，未办结1条，按时办结率84.3%。"
    )


def test_shipped_alias_table_is_editable(tmp_path):
    table = govstats.load_aliases()
    assert {"市政府办", "高新技术产业开发区管委会"} <= set(table["alias"])
    own = tmp_path / "aliases.csv"
    own.write_text("publisher,alias,canonical\n,市教育局,市教育局(含教体)\n", encoding="utf-8")
    handled = govstats.apply_aliases(
        ds_handling := govstats.load("data/raw").handling, govstats.load_aliases(own)
    )
    assert (handled["unit"] == "市教育局(含教体)").sum() == 1
    assert handled.loc[handled["unit_raw"] == "市政府办", "unit"].tolist() == [
        "市政府办"
    ]  # not in this table
    assert len(handled) == len(ds_handling)


_OTHERS = "tests/data/other-publishers"


@pytest.mark.parametrize(
    ("path", "period", "expected"),
    [
        # sums of expected.csv, checked by hand: 139 received, all on time
        (
            "tongchuan-2025Q1-mailbox/input.html",
            None,
            "2025年第一季度，市长信箱共收到留言139条，按时办结139条，按时办结率100.0%。",
        ),
        # 承办件数/办结数/在办数 only: 396 received, 357 completed, 39 pending; 357/396 = 90.2%;
        # its title says 信件, not whose mailbox
        (
            "hanzhong-2022-08-mailbox/input.html",
            None,
            "2022年8月，信箱共收到留言396条，办结357条，未办结39条，办结率90.2%。",
        ),
        # “省长信箱”共收到公众来信7061件,其中有效信件4076件,已处理4076件
        (
            "narratives/hunan-2022Q2-mailbox/notice.txt",
            None,
            "2022年第二季度，省长信箱共收到留言7061条，办结4076条。",
        ),
        # the first figures are the headline (抽查政府网站378家, 抽查政务新媒体356家); the
        # 全省112家 after them is the part of the 378 that are portals
        (
            "narratives/jiangxi-2020Q1-websites/notice.txt",
            None,
            "2020年第一季度，共监测政府网站378个、政务新媒体356个，通过政府网站主动公开信息4092条。",
        ),
        # 网站发布信息3621条: a notice about its website alone
        (
            "narratives/changle-2022Q4-websites/notice.txt",
            None,
            "2022年第四季度，通过政府网站主动公开信息3621条。",
        ),
        # 共受理群众各类诉求284406件 … 受理省派工单2917件,已处理完毕2349件: the 2349 are of
        # the 2917, not parts of the first count; 11月份 has no year
        (
            "narratives/tangshan-m11-hotline/notice.txt",
            "2023-11",
            "2023年11月，12345热线共受理诉求284406件。",
        ),
    ],
)
def test_draft_of_other_publishers(path, period, expected):
    assert govstats.narrative(govstats.load(f"{_OTHERS}/{path}", period=period)) == expected


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("4.市政府网站“部门信箱”处理情况统计表", "部门信箱"),
        ("一季度市长信箱办理情况表(2025年第一季度)", "市长信箱"),
        ("1.2021年第4季度各縣市區(qū)市長(zhǎng)信箱來信辦理情況", "市长信箱"),
        ("2022年一季度信箱办理情况", None),  # a period word, not whose mailbox
        ("2022年8月各承办单位信件办理情况统计表", None),
    ],
)
def test_mailbox_name_as_printed(title, name):
    from govstats.vocabulary.channels import mailbox_name

    assert mailbox_name(title) == name
