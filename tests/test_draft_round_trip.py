"""Next quarter's input is this quarter's notice: the draft, saved as a web page by LibreOffice
(另存为网页, as an office does) and the .docx itself (read/word.py), loaded again by ``govstats.load``
gives the rows it was drawn from, its annexes as printed, the figures it states, and no
finding the source data does not have itself. Both Yingtan periods: 2022Q1 (annexes and
text) and 2021Q4 (text only)."""

from __future__ import annotations

import re

import docx
import pandas as pd
import pytest

import govstats
from fixtures.printing import libreoffice_convert
from govstats.analyse import wording

PERIODS = ("2022Q1", "2021Q4")
HANDLING = ["publisher", "period", "channel", "channel_raw", "tier", "tier_raw", "unit",
            "received", "on_time", "late_completed", "pending", "overdue_pending"]  # fmt: skip
PROBLEMS = ["publisher", "period", "kind", "unit", "account_type", "name", "site_code", "url", "problem"]
PRINTED = ["publisher", "period", "channel", "title", "position", "field", "header", "total", "remark"]
STATED = {"monitored", "disclosed", "received", "on_time", "late_completed", "pending", "on_time_rate"}
FORMATS = ["html", "docx"]


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("round")
    source = govstats.load("data/raw")
    written = {p: govstats.draft(source, p, None, folder / f"{p}.docx") for p in PERIODS}
    pages = libreoffice_convert([d.path for d in written.values()], folder, "html")
    files = {(p, "docx"): d.path for p, d in written.items()}
    files |= {(p, "html"): page for p, page in zip(PERIODS, pages, strict=True)}
    return source, files


def _rows(table: pd.DataFrame, columns: list[str], period: str) -> pd.DataFrame:
    rows = table[table["period"] == pd.Period(period, "Q")][columns].reset_index(drop=True)
    return rows.astype("string").apply(lambda c: c.str.replace(r"\s+", "", regex=True))


def _stated(ds, period: str) -> dict:
    h = ds.headline[(ds.headline["period"] == pd.Period(period, "Q")) & ds.headline["metric"].isin(STATED)]
    return {(r.channel or "", r.metric, r.tier or ""): float(r.value) for r in h.itertuples()}


@pytest.mark.parametrize("form", FORMATS)
@pytest.mark.parametrize("period", PERIODS)
def test_the_draft_reads_back_as_its_data(drafts, period, form):
    source, files = drafts
    back = govstats.load(files[(period, form)])
    assert [i.error for i in back.inputs] == [None]
    # the same rows, in the printed order, and the annexes printed as the publisher printed them
    for table, columns in (("handling", HANDLING), ("problems", PROBLEMS), ("annexes", PRINTED)):
        pd.testing.assert_frame_equal(
            _rows(getattr(back, table), columns, period), _rows(getattr(source, table), columns, period)
        )
    # the notice: its publisher and period from its own title
    (notice,) = back.notices.itertuples()
    assert (notice.publisher, str(notice.period), notice.publisher_source) == ("鹰潭市", period, "title")
    # every figure it states is the one it was drawn from: the text's monitored and disclosed,
    # each channel's annex totals where there is an annex, else the text's own
    said = _stated(source, period)
    h = source.handling[source.handling["period"] == pd.Period(period, "Q")]
    for channel, rows in h.groupby("channel"):
        for field in ("received", "on_time", "late_completed", "pending"):
            said[(channel, field, "")] = float(rows[field].sum())
        said[(channel, "on_time_rate", "")] = round(rows["on_time"].sum() / rows["received"].sum() * 100, 1)
    for key in [
        k for k in said if k[1] in ("on_time", "late_completed", "pending") and k[0] not in set(h["channel"])
    ]:
        del said[key]  # the text's own parts of a total the annex does not have: not restated
    assert _stated(back, period) == said
    monitored = back.headline[back.headline["metric"] == "monitored"]
    assert set(monitored["value"]) == {35.0, 144.0 if period == "2022Q1" else 93.0}  # not 存在问题的网站1个
    # no finding the source data does not have itself
    mine = {
        (f.code, re.sub(r"（[^（）]*第\d+行[^（）]*）", "", f.message)) for f in back.findings.itertuples()
    }
    theirs = {
        (f.code, re.sub(r"（[^（）]*第\d+行[^（）]*）", "", f.message)) for f in source.findings.itertuples()
    }
    assert mine <= theirs, mine - theirs


def test_every_period_with_data_names_its_problems(drafts):
    # 2021Q4 has no annexes: its 存在的主要问题 are its own text's, with the units it names
    _, files = drafts
    d = docx.Document(str(files[("2021Q4", "docx")]))
    texts = [p.text for p in d.paragraphs]
    at = texts.index("三、存在的主要问题")
    problems = "".join(texts[at + 1 : texts.index("四、下一步工作要求")])
    for unit in ("鹰潭市城管局", "鹰潭市司法局", "鹰潭市体育局"):
        assert unit in problems, unit
    assert problems.startswith("（一）信息更新不及时。")


@pytest.mark.parametrize(
    ("line", "before", "now", "said"),
    [
        (
            "组织开展了2021年第四季度全市监测工作。",
            "2021Q4",
            "2022Q1",
            "组织开展了2022年第一季度全市监测工作。",
        ),
        ("与第三季度相比，合格率稳步提升。", "2021Q4", "2022Q1", "与第四季度相比，合格率稳步提升。"),
        (
            "2022年7月共收到来信，与2022年6月相比",
            "2022-07",
            "2022-08",
            "2022年8月共收到来信，与2022年7月相比",
        ),
    ],
)
def test_a_previous_notice_words_are_moved_on_to_the_period(line, before, now, said):
    freq = "Q" if "Q" in before else "M"
    assert wording.carried(line, pd.Period(before, freq), pd.Period(now, freq)) == said


def test_a_notice_text_is_split_as_it_reads():
    # a page's own lines above 主送, a 主送 naming the city first, sections by their words
    text = "\n".join(
        [
            "发布时间 2023-10-09",
            "渭南市各县（市、区）人民政府，市政府各工作部门：",
            "现将有关情况通报如下:",
            "一、基本情况",
            "2023年第三季度共监测政府网站20个。政府网站整体运行平稳，需进一步加强内容保障。",
            "二、存在不足",
            "(一)更新不及时。“某某”网站栏目未更新。",
            "三、整改要求",
            "(一)加强管理。各单位要落实责任。",
            "附件:1.问题网站名单",
            "1.不是正文",
        ]
    )
    said = wording.split(text, "n.txt, line 1", pd.Period("2023Q3", "Q"))
    assert said.addressees == "渭南市各县（市、区）人民政府，市政府各工作部门"
    assert said.opening == ["现将有关情况通报如下："]
    assert [(s.heading, s.role) for s in said.sections] == [
        ("基本情况", "overview"),
        ("存在不足", "problems"),
        ("整改要求", "requirements"),
    ]
    assert said.role("requirements").paragraphs == ["(一)加强管理。各单位要落实责任。"]
    assert wording.judgement(said.role("overview")) == ["政府网站整体运行平稳，需进一步加强内容保障。"]
