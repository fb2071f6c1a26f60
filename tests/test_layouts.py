"""Every layout offices produce, built from the real 2022 Q1 figures, loads to the same
rows the notice printed (figures typed by hand in fixtures/yingtan.py)."""

from __future__ import annotations

import pandas as pd
import pytest

import govstats
from fixtures import layouts
from fixtures import yingtan as y

FIELDS = ["received", "on_time", "late_completed", "pending", "overdue_pending"]

BUILDERS = {
    "office workbook": lambda d: layouts.annex_workbook(d / "annexes.xlsx"),
    "messy workbook": lambda d: layouts.messy_mailbox_workbook(d / "messy.xlsx"),
    "legacy xls": lambda d: layouts.mailbox_xls(d / "mailbox.xls"),
    "csv utf-8": lambda d: layouts.mailbox_csv(d / "mailbox.csv", "utf-8"),
    "csv utf-8 bom": lambda d: layouts.mailbox_csv(d / "mailbox.csv", "utf-8-sig"),
    "csv gb18030": lambda d: layouts.mailbox_csv(d / "mailbox.csv", "gb18030"),
    "html colspan/rowspan": lambda d: layouts.annexes_html(d / "annexes.html"),
}


@pytest.fixture(params=list(BUILDERS), ids=list(BUILDERS))
def loaded(request, tmp_path):
    path = BUILDERS[request.param](tmp_path)
    return request.param, govstats.load(path, publisher="鹰潭市")  # the annexes alone name no city


def test_every_mailbox_row_as_printed(loaded):
    _, ds = loaded
    mb = ds.handling[ds.handling["channel"] == "mailbox"]
    got = [(r.tier, r.unit, [int(getattr(r, f)) for f in FIELDS]) for r in mb.itertuples()]
    assert got == y.mailbox_rows()
    assert mb["completed"].isna().all()  # no such column printed: empty, never 0
    assert set(mb["period"].astype(str)) == {"2022Q1"}  # from the remark's statistics window
    assert mb["tier_raw"].iloc[0] == "一、市直单位"


def test_only_the_real_discrepancy_is_reported(loaded):
    name, ds = loaded
    errors = ds.findings[ds.findings["severity"] == "error"]
    assert errors["code"].tolist() == ["row-arithmetic"]
    assert "市司法局" in errors["message"].iloc[0]
    warnings = ds.findings[ds.findings["severity"] == "warning"]
    assert warnings["code"].tolist() == (["no-table"] if name == "messy workbook" else [])


def test_sources_are_the_files_own_rows(tmp_path):
    ds = govstats.load(layouts.messy_mailbox_workbook(tmp_path / "messy.xlsx"))
    src = ds.handling.set_index("unit")["source"]
    # two blank rows, the title, a two-row header, the group row: 市教育局 is Excel row 7
    assert src["市教育局"] == "messy.xlsx, sheet 信箱, row 7"
    # a blank row between the groups shifts the second group by one
    assert src["贵溪市"] == "messy.xlsx, sheet 信箱, row 29"
    finding = ds.findings[ds.findings["code"] == "row-arithmetic"].iloc[0]
    assert (finding["sheet"], finding["row"], finding["column"]) == ("信箱", 15, "D")
    no_table = ds.findings[ds.findings["code"] == "no-table"].iloc[0]
    assert no_table["sheet"] == "说明"


def test_stray_spaces_and_text_numbers_are_read(tmp_path):
    ds = govstats.load(layouts.messy_mailbox_workbook(tmp_path / "messy.xlsx"))
    units = ds.handling["unit"].tolist()
    assert all(u == u.strip() and " " not in u for u in units)
    assert ds.handling.set_index("unit").loc["市人社局", "received"] == 9  # typed as full-width text


def test_office_workbook_problem_lists(tmp_path):
    ds = govstats.load(layouts.annex_workbook(tmp_path / "annexes.xlsx"))
    sites = ds.problems[ds.problems["kind"] == "website"]
    assert sites[["name", "site_code", "url", "problem"]].values.tolist() == [
        [r[1], r[2], r[3], r[4]] for r in y.WEBSITES
    ]
    accounts = ds.problems[ds.problems["kind"] == "new_media"]
    assert accounts[["unit", "account_type", "name", "problem"]].values.tolist() == [
        r[1:] for r in y.ACCOUNTS
    ]
    ogi = ds.handling[ds.handling["channel"] == "ogi_request"].iloc[0]
    assert (ogi["unit"], *(int(ogi[f]) for f in FIELDS)) == ("市生态环境局", 1, 1, 0, 0, 0)


def test_a_printed_total_that_disagrees_is_reported(tmp_path):
    path = layouts.messy_mailbox_workbook(tmp_path / "messy.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["信箱"]
    total_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "合计")
    ws.cell(total_row, 4).value = 192
    wb.save(path)
    ds = govstats.load(path)
    bad = ds.findings[ds.findings["code"] == "total-mismatch"]
    assert len(bad) == 1
    assert "192" in bad["message"].iloc[0] and "191" in bad["message"].iloc[0]
    assert (bad["row"].iloc[0], bad["column"].iloc[0]) == (total_row, "D")
    assert "合计" not in ds.handling["unit"].tolist()


def test_several_cities_never_mix(tmp_path):
    a = layouts.mailbox_csv(tmp_path / "a.csv", "utf-8")
    taian = "tests/data/other-publishers/taian-2020Q1-newmedia/input.xlsx"
    ds = govstats.load([a, taian])
    assert ds.handling["publisher"].isna().all()  # the bare annex names no city: nothing guessed
    assert ds.findings.loc[ds.findings["code"] == "no-publisher", "file"].tolist() == ["a.csv"]
    assert set(ds.problems["publisher"]) == {"泰安市"}
    ds = govstats.load(a, publisher="鹰潭市", period="2022Q1")
    assert set(ds.handling["publisher"]) == {"鹰潭市"}
    assert ds.handling["period"].iloc[0] == pd.Period("2022Q1", "Q")


def test_worker_processes_give_the_same_tables(tmp_path):
    for name, build in BUILDERS.items():
        folder = tmp_path / name.replace(" ", "-").replace("/", "-")
        folder.mkdir()
        build(folder)
    serial, pooled = govstats.load(tmp_path, workers=1), govstats.load(tmp_path, workers=2)
    for table in ("handling", "problems", "findings"):
        pd.testing.assert_frame_equal(getattr(serial, table), getattr(pooled, table))
    # the same annex in seven files is kept once: 25 mailbox rows + 1 依申请公开 row; the mailbox
    # table repeats 6 times and the 依申请公开 table once (workbook and HTML)
    assert len(serial.handling) == 26
    assert (serial.findings["code"] == "duplicate-table").sum() == 7


def test_a_title_with_no_table_under_it_is_reported_not_dropped(tmp_path):
    path = layouts.annex_workbook(tmp_path / "annexes.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["附件4"]
    ws.append([])
    ws.append(["附件5:鹰潭市2022年第一季度12345热线办理情况统计表"])  # the next annex, never pasted
    title_row = ws.max_row
    wb.save(path)
    ds = govstats.load(path)
    assert len(ds.handling[ds.handling["channel"] == "mailbox"]) == 25
    left = ds.findings[ds.findings["code"] == "text-after-table"]
    assert (left["sheet"].tolist(), left["row"].tolist()) == (["附件4"], [title_row])
    assert "附件5" in left["message"].iloc[0]


def test_problem_lists_take_the_period_their_workbook_states(tmp_path):
    # 附件1/2 say only 检查时间3月31日; 附件3/4 give the window 2022年1月1日—2022年3月31日
    ds = govstats.load(layouts.annex_workbook(tmp_path / "annexes.xlsx"))
    assert len(ds.problems) == 7 and set(ds.problems["period"].astype(str)) == {"2022Q1"}
    assert "no-period" not in set(ds.findings["code"])


def test_a_table_stating_no_period_is_loaded_and_said(tmp_path):
    rows = [
        "某局信箱办理情况",
        "序号,受理单位,受理诉求,按时办结,超期办结,未办结,超期未办结",
        "1,测试局,5,5,0,0,0",
    ]
    (tmp_path / "undated.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    ds = govstats.load(tmp_path / "undated.csv")
    assert ds.handling["unit"].tolist() == ["测试局"] and ds.handling["period"].isna().all()
    said = ds.findings[ds.findings["code"] == "no-period"]
    assert said["severity"].tolist() == ["warning"] and said["file"].tolist() == ["undated.csv"]
    assert "1行未注明统计期" in said["message"].iloc[0]
    dated = govstats.load(tmp_path / "undated.csv", period="2023Q4")
    assert "no-period" not in set(dated.findings["code"])
