"""End to end on the shipped real notices: every figure below was read off
data/raw/yingtan-2022Q1-notice.txt and yingtan-2021Q4-notice-head.txt by hand."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import govstats

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
Q1 = RAW / "yingtan-2022Q1-notice.txt"
Q4 = RAW / "yingtan-2021Q4-notice-head.txt"

# 附件4 市政府网站“部门信箱”受理情况, as printed:
# unit: 受理诉求, 按时办结, 超期办结, 未办结, 超期未办结
MAILBOX = {
    "市直单位": {
        "市教育局": (26, 24, 2, 0, 0),
        "市政府办": (21, 20, 1, 0, 0),
        "市统计局": (10, 10, 0, 0, 0),
        "市市场监管局": (9, 8, 1, 0, 0),
        "市公安局": (9, 7, 2, 0, 0),
        "市人社局": (9, 9, 0, 0, 0),
        "市住建局": (9, 9, 0, 0, 0),
        "市卫健委": (8, 6, 2, 0, 0),
        "市司法局": (4, 0, 4, 1, 1),
        "市生态环境局": (4, 4, 0, 0, 0),
        "市自然资源局": (3, 3, 0, 0, 0),
        "市交通运输局": (3, 3, 0, 0, 0),
        "市农粮局": (2, 1, 1, 0, 0),
        "市乡村振兴局": (1, 1, 0, 0, 0),
        "市民政局": (1, 0, 1, 0, 0),
        "市财政局": (1, 0, 1, 0, 0),
        "市林业局": (1, 1, 0, 0, 0),
        "市文广新旅局": (1, 0, 1, 0, 0),
        "市金融办": (1, 0, 1, 0, 0),
        "市住房公积金管理中心": (1, 1, 0, 0, 0),
    },
    "区(市)": {
        "贵溪市": (47, 38, 9, 0, 0),
        "余江区": (10, 10, 0, 0, 0),
        "月湖区": (6, 6, 0, 0, 0),
        "信江新区管委会": (2, 0, 2, 0, 0),
        "高新技术产业开发区管委会": (2, 0, 2, 0, 0),
    },
}
FIELDS = ["received", "on_time", "late_completed", "pending", "overdue_pending"]


@pytest.fixture(scope="module")
def q1() -> govstats.Dataset:
    return govstats.load(Q1)


def test_notice_metadata(q1):
    assert len(q1.notices) == 1
    n = q1.notices.iloc[0]
    assert n["title"] == "鹰潭市人民政府办公室关于2022年第一季度全市政府网站及政务新媒体检查情况的通报"
    assert n["publisher"] == "鹰潭市"
    assert n["issuer"] == "市政府办"
    assert n["index_no"] == "YT0002/2022-20537"
    assert n["date"] == "2022-04-05"
    assert n["period"] == pd.Period("2022Q1", "Q")


def test_mailbox_annex_every_cell(q1):
    mb = q1.handling[q1.handling["channel"] == "mailbox"]
    assert len(mb) == 25
    for tier, units in MAILBOX.items():
        for unit, counts in units.items():
            row = mb[mb["unit"] == unit]
            assert len(row) == 1, unit
            row = row.iloc[0]
            assert row["tier"] == tier, unit
            assert [int(row[f]) for f in FIELDS] == list(counts), unit
            assert pd.isna(row["completed"])  # the annex has no 办结数 column
            assert "yingtan-2022Q1-notice.txt" in row["source"]
    assert set(mb["publisher"]) == {"鹰潭市"}
    assert set(mb["period"]) == {pd.Period("2022Q1", "Q")}
    assert mb["received"].sum() == 191
    assert mb["on_time"].sum() == 161
    assert mb["late_completed"].sum() == 30


def test_information_request_annex(q1):
    ogi = q1.handling[q1.handling["channel"] == "ogi_request"]
    assert ogi["unit"].tolist() == ["市生态环境局"]
    row = ogi.iloc[0]
    # 受理申请 1, 按时办结 1, 待办理 0, 超期办结 0, 超期未办结 0
    assert [int(row[f]) for f in FIELDS] == [1, 1, 0, 0, 0]
    assert row["tier"] == "市直单位"


def test_problem_lists(q1):
    web = q1.problems[q1.problems["kind"] == "website"]
    assert web[["name", "site_code", "url", "problem"]].values.tolist() == [
        ["鹰潭市体育局", "3606000021", "http://tyj.yingtan.gov.cn/", "栏目不更新"]
    ]
    nm = q1.problems[q1.problems["kind"] == "new_media"]
    assert nm["name"].tolist() == [
        "江西省鹰潭市行政审批局",
        "鹰潭交警",
        "鹰潭人防",
        "余江林业",
        "余江区河湖长制办公室",
        "龙虎山魅力之镇",
    ]
    assert nm["unit"].tolist()[:2] == ["鹰潭市行政审批局", "鹰潭市公安局"]
    assert set(nm["account_type"]) == {"微信订阅号"}
    assert nm["problem"].tolist()[-1] == "互动回应差"


def _headline(ds, channel, metric, tier=""):
    h = ds.headline
    tiers = h["tier"].fillna("")
    hit = h[(h["channel"] == channel) & (h["metric"] == metric) & (tiers == tier)]
    return hit["value"].tolist()


def test_headline_figures_2022q1(q1):
    assert _headline(q1, "website", "monitored") == [35]
    assert _headline(q1, "new_media", "monitored") == [144]
    assert _headline(q1, "ogi_request", "received") == [1]
    assert _headline(q1, "mailbox", "received") == [192]
    assert _headline(q1, "mailbox", "on_time") == [161]
    assert _headline(q1, "mailbox", "pending") == [1]
    assert _headline(q1, "mailbox", "late_completed") == [30]
    disclosed = q1.headline[q1.headline["metric"] == "disclosed"]
    assert sorted(disclosed["value"].tolist()) == [1297, 1817]


def test_exactly_the_two_real_discrepancies(q1):
    f = q1.findings
    assert len(f) == 2, f[["code", "message", "source"]].to_string()
    row = f[f["message"].str.contains("市司法局")]
    assert len(row) == 1
    assert "yingtan-2022Q1-notice.txt" in row.iloc[0]["source"]
    total = f[f["message"].str.contains("191") & f["message"].str.contains("192")]
    assert len(total) == 1
    assert set(f["severity"]) == {"error"}


def test_the_2021q4_opening_gives_metadata_and_figures():
    ds = govstats.load(Q4)
    assert ds.inputs[0].ok
    assert ds.notices.iloc[0]["period"] == pd.Period("2021Q4", "Q")
    assert ds.notices.iloc[0]["date"] == "2022-01-12"
    assert ds.handling.empty
    assert _headline(ds, "new_media", "monitored") == [93]
    assert _headline(ds, "ogi_request", "received") == [19]
    assert _headline(ds, "mailbox", "received") == [149]
    assert sorted(ds.headline[ds.headline["metric"] == "disclosed"]["value"].tolist()) == [1335, 2919]


def test_shipped_folder_loads_both_quarters_without_duplicates():
    ds = govstats.load(RAW)
    assert all(s.ok for s in ds.inputs), [str(s.error) for s in ds.inputs if not s.ok]
    assert ds.periods() == [pd.Period("2021Q4", "Q"), pd.Period("2022Q1", "Q")]
    mb = ds.handling[ds.handling["channel"] == "mailbox"]
    assert len(mb) == 25  # the annex workbook repeats the notice's annex: kept once
    errors = ds.findings[ds.findings["severity"] == "error"]
    assert len(errors) == 2
    dups = ds.findings[ds.findings["code"] == "duplicate-table"]
    assert len(dups) == 4  # each of the four annexes is in both the notice and the workbook
    assert "也见于yingtan-2022Q1-annexes.xlsx 工作表“附件4”，只按该处导入一次" in " ".join(dups["message"])


def test_load_leaves_the_garbage_collector_as_it_found_it():
    # load pauses the cyclic collector while it reads (see dataset._cyclic_gc_paused)
    assert gc.isenabled()
    govstats.load("data/raw")
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        govstats.load("data/raw")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_cli_ingest_writes_every_table(tmp_path):
    out = tmp_path / "processed"
    p = subprocess.run(
        [sys.executable, "-m", "govstats", "ingest", str(RAW), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.returncode == 0, p.stderr
    for name in ("handling", "problems", "headline", "notices", "findings"):
        assert (out / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        assert pd.read_parquet(out / f"{name}.parquet").shape[0] >= 1
    handling = pd.read_csv(out / "handling.csv", encoding="utf-8-sig")
    assert handling.loc[handling["unit"] == "市教育局", "received"].tolist() == [26]


def test_cli_validate_exits_1_on_the_real_errors():
    p = subprocess.run(
        [sys.executable, "-m", "govstats", "validate", str(Q1)], capture_output=True, text=True, timeout=300
    )
    assert p.returncode == 1
    assert "市司法局" in p.stdout
    assert "Traceback" not in p.stderr
