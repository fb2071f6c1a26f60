"""Message logs counted by the working-day rule (docs/metrics.md). Every expected date below
was counted by hand on the State Council's 2023 calendar: Spring Festival 1月21日—27日 off,
Saturday 1月28日 and Sunday 1月29日 worked; 清明 4月5日 off; Sunday 4月23日 worked."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import govstats
from fixtures.logs import log_csv, log_workbook
from govstats.errors import UsageError

SAMPLE = Path(__file__).parent / "data" / "records-sample"
Q1 = "部门信箱来信办理情况（2023年1月1日—3月31日）"


def _load(tmp_path: Path, rows: list[list], name: str = "log.xlsx", **kw) -> govstats.Dataset:
    load_kw = {k: kw.pop(k) for k in ("period", "deadline") if k in kw}
    return govstats.load(log_workbook(tmp_path / name, rows, **kw), **load_kw)


def _by_id(ds: govstats.Dataset) -> pd.DataFrame:
    return ds.records.set_index("id")


def test_the_sample_log_gives_the_expected_handling_table():
    ds = govstats.load(SAMPLE / "log.xlsx")
    expected = pd.read_csv(SAMPLE / "expected_handling.csv")
    got = ds.handling[list(expected.columns)].astype(object)
    key = ["unit"]
    pd.testing.assert_frame_equal(
        got.sort_values(key).reset_index(drop=True),
        expected.astype(object).sort_values(key).reset_index(drop=True),
        check_dtype=False,
    )
    assert set(ds.handling["period"].astype(str)) == {"2023Q2"}
    assert set(ds.handling["period_source"]) == {"window"}  # 表题（2023年4月1日—6月30日）
    assert set(ds.handling["channel_raw"]) == {"县长信箱"}
    assert len(ds.records) == 160
    dropped = ds.findings[ds.findings["code"] == "log-not-received"]
    assert sorted(dropped["row"]) == [112, 114] and set(dropped["column"]) == {"F"}
    stated = ds.findings.loc[ds.findings["code"] == "log-counted", "message"].item()
    assert "第5个工作日" in stated and "chinesecalendar" in stated and "2023-04-01至2023-06-30" in stated


def test_the_command_line_writes_exactly_the_expected_table(tmp_path):
    from govstats.cli import main

    assert main(["ingest", str(SAMPLE / "log.xlsx"), "-o", str(tmp_path / "out"), "-q"]) == 0
    written = pd.read_csv(tmp_path / "out" / "handling.csv", encoding="utf-8-sig")
    expected = pd.read_csv(SAMPLE / "expected_handling.csv")
    got = written[list(expected.columns)].sort_values("unit").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected.sort_values("unit").reset_index(drop=True))
    records = pd.read_csv(tmp_path / "out" / "records.csv", encoding="utf-8-sig")
    assert len(records) == 160 and records["source"].iloc[0] == "log.xlsx, sheet 留言列表, row 3"


def test_the_rule_at_the_spring_festival(tmp_path):
    rows = [
        ["A1", "2023-01-28 09:00", "市教育局", "已办结", "2023-02-02 17:00"],  # 调休 Saturday: due 2月2日
        ["A2", "2023-01-20 16:00", "市教育局", "已办结", "2023-02-01 23:59"],  # eve of the holiday: 2月1日
        ["A3", "2023-01-24 10:00", "市教育局", "已办结", "2023-02-02 08:00"],  # on a holiday: 2月1日, late
        ["A4", "2023-03-29 10:00", "市教育局", "办理中", "2023-04-03 10:00"],  # answered after the window
        ["A5", "2023-03-01 10:00", "市教育局", "办理中", None],  # due 3月8日: overdue at 3月31日
    ]
    ds = _load(tmp_path, rows, title=Q1)
    r = _by_id(ds)
    assert list(r["deadline"].dt.strftime("%m-%d")) == ["02-02", "02-01", "02-01", "04-06", "03-08"]
    assert list(r["class"]) == ["on_time", "on_time", "late_completed", "pending", "overdue_pending"]
    assert r.loc["A3", "days_late"] == 1 and r.loc["A1", "days_taken"] == 5
    (row,) = ds.handling.to_dict("records")
    assert (row["received"], row["on_time"], row["late_completed"], row["completed"]) == (5, 2, 1, 3)
    assert (row["pending"], row["overdue_pending"]) == (2, 1)


def test_an_extended_request_has_twenty_more_working_days(tmp_path):
    rows = [
        # 4月5日 清明 off, 4月23日 worked, 4月29日—5月3日 off, 5月6日 worked
        ["S1", "2023-04-03 10:00", "市自然资源局", "延期答复", "2023-05-31 10:00"],  # 20+20: 5月31日
        ["S2", "2023-04-03 10:00", "市自然资源局", "已答复", "2023-05-05 10:00"],  # 20: 5月4日, late
    ]
    ds = _load(
        tmp_path,
        rows,
        title="2023年第二季度依申请公开办理情况",
        headers=("申请编号", "申请时间", "承办单位", "状态", "答复时间"),
    )
    r = _by_id(ds)
    assert ds.handling["channel"].item() == "ogi_request"
    assert list(r["deadline"].dt.strftime("%m-%d")) == ["05-31", "05-04"]
    assert list(r["class"]) == ["on_time", "late_completed"] and list(r["extended"]) == [True, False]
    # the rule is stated with its extension and where N came from
    assert (
        "第20个工作日（收到当日不计，延期的再加20个；政府信息公开条例"
        in ds.findings.loc[ds.findings["code"] == "log-counted", "message"].item()
    )


def test_the_deadline_option_sets_n_per_channel(tmp_path):
    rows = [["A1", "2023-03-01 10:00", "市教育局", "已办结", "2023-03-06 10:00"]]  # 3 working days
    three = _load(tmp_path, rows, title=Q1, deadline="部门信箱=2,依申请公开=20+20")
    assert three.records["class"].item() == "late_completed"
    assert _load(tmp_path, rows, title=Q1, deadline="3").records["class"].item() == "on_time"
    rules = tmp_path / "rules.txt"
    rules.write_text("# 期限\n部门信箱=2\n", encoding="utf-8")
    assert _load(tmp_path, rows, title=Q1, deadline=rules).records["class"].item() == "late_completed"
    with pytest.raises(UsageError, match="期限规则"):
        _load(tmp_path, rows, title=Q1, deadline="部门信箱=五")


def test_a_deadline_column_wins_row_by_row(tmp_path):
    rows = [
        ["B1", "2023-03-01 10:00", "市民政局", "已办结", "2023-03-09 10:00", "2023-03-10"],  # the column
        ["B2", "2023-03-01 10:00", "市民政局", "已办结", "2023-03-09 10:00", None],  # the rule: 3月8日
        ["B3", "2023-03-01 10:00", "市民政局", "已办结", "2023-03-09 10:00", "10个工作日"],  # 3月15日
    ]
    ds = _load(
        tmp_path,
        rows,
        title=Q1,
        headers=("信件编号", "来信时间", "办理单位", "办理状态", "回复时间", "办理期限"),
    )
    r = _by_id(ds)
    assert list(r["deadline_source"]) == ["column", "rule", "column"]
    assert list(r["deadline"].dt.strftime("%m-%d")) == ["03-10", "03-08", "03-15"]
    assert list(r["class"]) == ["on_time", "late_completed", "on_time"]


def test_not_received_statuses_are_listed_by_row(tmp_path):
    rows = [
        ["C1", "2023-03-01 10:00", "市民政局", "不予受理", None],
        ["C2", "2023-03-01 10:00", "市民政局", "无效件", None],
        ["C3", "2023-03-01 10:00", "市民政局", "重复件", None],
        ["C4", "2023-03-01 10:00", "市民政局", "已办结", "2023-03-02 10:00"],
    ]
    ds = _load(tmp_path, rows, title=Q1)
    assert ds.handling["received"].item() == 1
    found = ds.findings[ds.findings["code"] == "log-not-received"]
    assert sorted(found["row"]) == [3, 4, 5] and "无效件" in " ".join(found["message"])


def test_checks_name_the_rows(tmp_path):
    rows = [
        ["D1", "2023-03-10 10:00", "市民政局", "已办结", "2023-03-09 10:00"],  # answered before received
        ["D1", "2023-03-01 10:00", "市民政局", "已办结", None],  # same id; done without a date
        ["D3", "2023-04-02 10:00", "市民政局", "办理中", None],  # outside 2023Q1
    ]
    ds = _load(tmp_path, rows, title=Q1)
    f = ds.findings.set_index("code")
    assert (
        f.loc["log-answer-before-receipt", "row"] == 3 and f.loc["log-answer-before-receipt", "column"] == "E"
    )
    assert f.loc["log-duplicate-id", "row"] == 4 and "第3行" in f.loc["log-duplicate-id", "message"]
    assert f.loc["log-status-dates", "row"] == 4
    assert f.loc["log-outside-window", "row"] == 5 and "第5行" in f.loc["log-outside-window", "message"]
    assert ds.handling["received"].item() == 2


def test_an_annex_is_compared_with_its_log_cell_by_cell(tmp_path):
    from fixtures.layouts import table_csv

    rows = [
        ["E1", "2023-03-01 10:00", "市民政局", "已办结", "2023-03-02 10:00"],
        ["E2", "2023-03-01 10:00", "市民政局", "办理中", None],
    ]
    log = log_workbook(tmp_path / "log.xlsx", rows, title=Q1)
    annex = table_csv(
        tmp_path / "附件.csv",
        [
            [Q1.replace("来信办理情况", "来信办理情况统计表")],
            ["单位", "收到件数", "按时办结数", "超期办结数", "未办结数"],
            ["市民政局", 2, 2, 0, 0],
        ],
    )
    ds = govstats.load([log, annex])
    diff = ds.findings[ds.findings["code"] == "log-annex-mismatch"]
    assert len(diff) == 2, diff["message"].tolist()
    assert any("按时办结：附件印2，按留言日志计为1" in m for m in diff["message"])
    assert set(diff["file"]) == {"附件.csv"}


def test_a_unit_spelled_unlike_last_period_is_named(tmp_path):
    before = log_workbook(
        tmp_path / "q4.xlsx",
        [["F1", "2022-12-01 10:00", "县发改局", "已办结", "2022-12-02 10:00"]],
        title="部门信箱来信办理情况（2022年10月1日—12月31日）",
    )
    now = log_workbook(
        tmp_path / "q1.xlsx", [["G1", "2023-03-01 10:00", "县发改委", "已办结", "2023-03-02 10:00"]], title=Q1
    )
    ds = govstats.load([before, now])
    f = ds.findings[ds.findings["code"] == "log-unit-spelling"]
    assert len(f) == 1 and "县发改局" in f["message"].item() and f["row"].item() == 3


def test_channel_from_file_name_column_words_or_said_empty(tmp_path):
    row = [["H1", "2023-03-01 10:00", "市民政局", "已办结", "2023-03-02 10:00"]]
    by_file = _load(tmp_path, row, name="12345工单.xlsx", title=None, period="2023Q1")
    assert by_file.handling["channel"].item() == "hotline"
    by_column = _load(
        tmp_path,
        row,
        name="a.xlsx",
        title=None,
        period="2023Q1",
        headers=("留言编号", "留言时间", "办理单位", "状态", "回复时间"),
    )
    assert by_column.handling["channel"].item() == "mailbox"
    none = _load(
        tmp_path,
        row,
        name="b.xlsx",
        title=None,
        period="2023Q1",
        headers=("编号", "受理时间", "办理单位", "状态", "办结时间"),
    )
    assert none.handling["channel"].isna().all()
    assert (none.findings["code"] == "log-no-channel").sum() == 1


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_csv_logs_in_either_encoding(tmp_path, encoding):
    rows = [["工单1", "2023/1/28 9:00", "市城管局", "已办结", "2023年2月2日 17:00"]]
    path = log_csv(
        tmp_path / "export.csv", rows, ("工单编号", "受理时间", "承办部门", "处理状态", "办结时间"), encoding
    )
    ds = govstats.load(path, period="2023Q1")
    assert ds.handling["unit"].item() == "市城管局" and ds.handling["on_time"].item() == 1
    assert ds.records["deadline"].dt.strftime("%m-%d").item() == "02-02"


def test_the_window_defaults_to_the_quarter_most_dates_fall_in(tmp_path):
    rows = [
        ["K1", "2023-03-30 10:00", "市民政局", "已办结", "2023-03-31 10:00"],
        ["K2", "2023-04-03 10:00", "市民政局", "已办结", "2023-04-04 10:00"],
        ["K3", "2023-04-04 10:00", "市民政局", "已办结", "2023-04-06 10:00"],
    ]
    ds = _load(tmp_path, rows, title="部门信箱来信")
    assert str(ds.handling["period"].item()) == "2023Q2" and ds.handling["period_source"].item() == "records"
    assert ds.handling["received"].item() == 2


def test_a_year_the_calendar_does_not_know_is_an_error_not_a_guess(tmp_path):
    rows = [["Z1", "2031-03-01 10:00", "市民政局", "已办结", "2031-03-02 10:00"]]
    ds = _load(tmp_path, rows, title="部门信箱来信")
    assert ds.handling.empty and not ds.inputs[0].ok
    assert "不作推测" in ds.inputs[0].error.reason


def test_the_messages_behind_the_figures():
    from govstats.analyse.overdue import days_taken, overdue_messages

    ds = govstats.load(SAMPLE / "log.xlsx")
    late = overdue_messages(ds.records)
    expected = pd.read_csv(SAMPLE / "expected_handling.csv")
    assert len(late) == expected["late_completed"].sum() + expected["overdue_pending"].sum() == 42
    assert late["unit"].iloc[0] == "县发改局"  # 7 late + 4 overdue: the most
    first = late[late["unit"] == "县发改局"]["days_late"].tolist()
    assert first == sorted(first, reverse=True)
    taken = days_taken(ds.records)
    assert set(taken["unit"]) == set(expected.loc[expected["completed"] > 0, "unit"])
    assert taken.set_index("unit").loc["县发改局", "answered"] == 35


def test_a_row_that_cannot_be_counted_is_named_not_dropped(tmp_path):
    rows = [
        ["R1", "2023年3月1日 10时05分", "市民政局", "已办结", "2023年3月2日 9时"],
        ["R2", "三月初", "市民政局", "已办结", None],  # no date: not counted, said
        ["R3", "2023-03-01 10:00", None, "已办结", None],  # no unit: not counted, said
        ["R4", "2023-03-01 10:00", "市民政局", "办理中", "待定"],  # an answer that is no date: pending
        ["共计4条", None, None, None, None],  # a line under the log: no message, said
    ]
    ds = _load(tmp_path, rows, title=Q1, dates=())  # dates as text cells, as some platforms export
    f = ds.findings[ds.findings["code"] == "log-row-unread"]
    assert sorted(zip(f["row"], f["column"].fillna(""), strict=True)) == [
        (4, "B"),
        (5, "C"),
        (6, "E"),
        (7, ""),
    ]
    assert list(f.sort_values("row")["severity"]) == ["error", "error", "error", "warning"]
    assert ds.handling["received"].item() == 2 and ds.handling["on_time"].item() == 1
    assert ds.records.set_index("id").loc["R1", "answered"] == pd.Timestamp("2023-03-02 09:00")


def test_the_rule_is_found_for_the_messages_it_counted():
    from govstats.analyse.overdue import rules_stated

    ds = govstats.load(SAMPLE / "log.xlsx")
    (rule,) = rules_stated(ds.findings, ds.records)
    assert rule.startswith("期限：收到后第5个工作日（收到当日不计；默认）；工作日：chinesecalendar")


def test_the_deadline_every_message_had():
    from govstats.analyse.overdue import deadline_days

    ds = govstats.load(SAMPLE / "log.xlsx")
    assert deadline_days(ds.records) == 5
    extended = ds.records.copy()
    extended.loc[0, "deadline"] = pd.Timestamp("2023-05-31")
    assert deadline_days(extended) is None


def test_the_command_line_takes_the_deadline(tmp_path, capsys):
    from govstats.cli import main

    out = tmp_path / "out"
    assert main(["ingest", str(SAMPLE / "log.xlsx"), "-o", str(out), "--deadline", "3"]) == 0
    assert "由留言日志160条按工作日规则计算" in capsys.readouterr().err
    findings = pd.read_csv(out / "findings.csv", encoding="utf-8-sig")
    assert (
        "收到后第3个工作日（收到当日不计；--deadline）"
        in findings.loc[findings["code"] == "log-counted", "message"].item()
    )
    handling = pd.read_csv(out / "handling.csv", encoding="utf-8-sig")
    expected = pd.read_csv(SAMPLE / "expected_handling.csv")
    assert handling["received"].sum() == expected["received"].sum()  # N moves classes, not receipts
    assert handling["on_time"].sum() < expected["on_time"].sum()
    assert main(["ingest", str(SAMPLE / "log.xlsx"), "-o", str(out), "--deadline", "信箱=五"]) == 2
    assert "期限规则“信箱=五”无法识别" in capsys.readouterr().err


def test_the_workbook_lists_the_late_messages_with_the_rule(tmp_path):
    from openpyxl import load_workbook

    from govstats.present.workbook.export import to_excel

    ds = govstats.load(SAMPLE / "log.xlsx")
    wb = load_workbook(to_excel(ds, tmp_path / "log.xlsx"))
    (name,) = [n for n in wb.sheetnames if n.endswith("超期明细")]
    rows = list(wb[name].iter_rows(values_only=True))
    assert rows[0][0] == "2023年第二季度超期明细"
    assert rows[1] == (
        "序号",
        "单位",
        "编号",
        "收到时间",
        "办理期限",
        "答复时间",
        "超期工作日",
        "办理结果",
        "位置",
    )
    listed = [r for r in rows[2:] if isinstance(r[0], int)]
    assert len(listed) == 42  # 24 late + 18 overdue pending (expected_handling.csv)
    # received Saturday 13 May, due Friday 19 May, pending at 30 June: 29 working days past it
    # (the Dragon Boat holiday 22-23 June off, Sunday 25 June worked)
    first = listed[0]
    assert first[1:3] == ("县发改局", "LY202300061") and first[4] == "2023-05-19" and first[6] == 29
    assert first[7] == "超期未办结" and first[8] == "log.xlsx 工作表“留言列表”第63行"
    assert any(str(r[0]).startswith("计算规则：期限：收到后第5个工作日") for r in rows)


def test_the_briefing_shows_the_working_days_each_unit_took():
    from govstats.present.briefing import charts
    from govstats.present.briefing.sections import prepare

    b = prepare(SAMPLE / "log.xlsx")
    html = b.channel_html("mailbox")
    assert "alt='各单位答复用时（工作日）'" in html and "计算规则：期限：收到后第5个工作日" in html
    assert charts.days(b, "hotline") == ""  # no log of that channel: nothing drawn


def test_records_go_into_the_dataset_folder_and_back(tmp_path):
    ds = govstats.load(SAMPLE / "log.xlsx")
    ds.add_to(tmp_path / "folder")
    back = govstats.open_dataset(tmp_path / "folder")
    pd.testing.assert_frame_equal(
        back.records.sort_values("source").reset_index(drop=True),
        ds.records.sort_values("source").reset_index(drop=True),
        check_dtype=False,
    )
    assert back.records["received"].dtype == "datetime64[s]" and back.records["extended"].dtype == "boolean"


def test_a_deadline_past_the_calendars_years_is_after_the_window_not_a_guess(tmp_path):
    # chinesecalendar 1.11 knows 2004-2026: a deadline in January 2027 is unknown, but it is
    # surely after 31 December 2026, which is all the 2026Q4 counts need
    rows = [
        ["Y1", "2026-12-30 10:00", "市民政局", "已办结", "2026-12-31 10:00"],
        ["Y2", "2026-12-30 10:00", "市民政局", "办理中", None],
    ]
    ds = _load(tmp_path, rows, title="部门信箱来信办理情况（2026年10月1日—12月31日）")
    r = _by_id(ds)
    assert list(r["class"]) == ["on_time", "pending"] and r["deadline"].isna().all()
    (row,) = ds.handling.to_dict("records")
    assert (row["on_time"], row["pending"], row["overdue_pending"]) == (1, 1, 0)
    said = ds.findings.loc[ds.findings["code"] == "log-counted", "message"].item()
    assert "其中2条的期限在2026年之后（日历尚未公布），均晚于统计期末" in said


def test_an_extension_column_extends_where_it_says_so(tmp_path):
    rows = [
        ["T1", "2023-04-03 10:00", "市自然资源局", "已答复", "2023-05-31 10:00", "是"],  # 20+20: 5月31日
        ["T2", "2023-04-03 10:00", "市自然资源局", "已答复", "2023-05-05 10:00", "否"],  # 20: 5月4日
    ]
    ds = _load(
        tmp_path,
        rows,
        title="2023年第二季度依申请公开办理情况",
        headers=("申请编号", "申请时间", "承办单位", "状态", "答复时间", "是否延期"),
    )
    r = _by_id(ds)
    assert list(r["extended"]) == [True, False] and list(r["class"]) == ["on_time", "late_completed"]


def test_an_extension_without_a_rule_for_it_is_said(tmp_path):
    rows = [["U1", "2023-03-01 10:00", "市民政局", "延期办理", "2023-03-09 10:00"]]  # due 3月8日
    ds = _load(tmp_path, rows, title=Q1)
    assert ds.records["class"].item() == "late_completed"
    said = ds.findings.loc[ds.findings["code"] == "log-counted", "message"].item()
    assert "1条写明延期，但该渠道未设延期可加的工作日数" in said
    longer = _load(tmp_path, rows, title=Q1, deadline="信箱=5+5")
    assert longer.records["class"].item() == "on_time"
