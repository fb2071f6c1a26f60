"""Tidy tables on disk: CSV that Excel opens, Parquet that tools read, never half-written."""

from __future__ import annotations

import pandas as pd
import pytest

from govstats import schema
from govstats.dataset.writing import write_tables
from govstats.outputs import atomic_write, neutralise_formula


def _handling() -> pd.DataFrame:
    # 市教育局 and 月湖区 rows of the 2022Q1 mailbox annex, as printed.
    return schema.frame(
        "handling",
        [
            {
                "publisher": "鹰潭市",
                "period": pd.Period("2022Q1", "Q"),
                "channel": "mailbox",
                "tier": "市直单位",
                "unit": "市教育局",
                "received": 26,
                "on_time": 24,
                "late_completed": 2,
                "pending": 0,
                "overdue_pending": 0,
                "source": "n.txt, line 9",
            },
            {
                "publisher": "鹰潭市",
                "period": pd.Period("2022Q1", "Q"),
                "channel": "mailbox",
                "tier": "区(市)",
                "unit": '=HYPERLINK("http://x")',
                "received": 6,
                "on_time": 6,
                "late_completed": 0,
                "pending": 0,
                "overdue_pending": 0,
                "source": "n.txt, line 99",
            },
        ],
    )


def test_csv_has_bom_periods_as_text_and_empty_missing_counts(tmp_path):
    write_tables({"handling": _handling()}, tmp_path)
    raw = (tmp_path / "handling.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(tmp_path / "handling.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(back.columns) == list(schema.COLUMNS["handling"])
    assert back.loc[0, "period"] == "2022Q1"
    assert back.loc[0, "received"] == "26"
    assert back.loc[0, "completed"] == ""  # the table had no such column: empty, not 0


def test_csv_neutralises_formula_text_but_parquet_keeps_it(tmp_path):
    write_tables({"handling": _handling()}, tmp_path)
    back = pd.read_csv(tmp_path / "handling.csv", encoding="utf-8-sig", dtype=str)
    assert back.loc[1, "unit"] == '\'=HYPERLINK("http://x")'
    pq = pd.read_parquet(tmp_path / "handling.parquet")
    assert pq.loc[1, "unit"] == '=HYPERLINK("http://x")'
    assert pq.loc[0, "period"] == "2022Q1"
    assert pq["received"].tolist() == [26, 6]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx"])
def test_formula_starts_are_neutralised(text):
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["市教育局", "1-2", "", 5, None])
def test_ordinary_values_pass_unchanged(value):
    assert neutralise_formula(value) == value


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "handling.csv"
    target.write_text("old", encoding="utf-8")

    def boom(path):
        path.write_text("half", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError):
        atomic_write(target, boom)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["handling.csv"]
