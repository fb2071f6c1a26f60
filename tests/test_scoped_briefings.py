"""Each briefing holds one city's one period: on every (city, period) of the generated corpus
(fixtures/corpus.py) the rendered page names no other city, shows no other period's figures
or findings; the notebook report of a few pairs, and of data/raw's 2021Q4, says the same;
--publisher is the city of inputs that name none and the city briefed."""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import govstats
from fixtures.commands import report
from fixtures.corpus import LAYOUTS, QUARTERS, build, text
from govstats.cli import main
from govstats.cli.options import load_inputs
from govstats.present.briefing.sections import Briefing, prepare

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    c = build(tmp_path_factory.mktemp("corpus"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", govstats.MissingPublisherWarning)
        yield c, govstats.load(c.root)


def _pieces(b: Briefing, full: bool) -> str:
    """The briefing's HTML pieces as the notebook shows them (``full``: every section; else
    the sections that are data selections alone: title, findings, problems)."""
    parts = [b.title_html(), b.findings_html(), b.problems_html()]
    if full:
        parts += [
            b.summary_html(),
            b.headline_changes(),
            b.totals_html(),
            b.offenders_html(),
        ]
        for channel in b.channels():
            parts += [b.league_html(channel), b.worst_html(channel), b.changes_html(channel)]
    return "".join(map(str, parts))


def _text(page: str) -> str:
    """The page without its inline images (their base64 holds any run of digits)."""
    return re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page)


def _check(page: str, corpus, city: str, period: pd.Period, full: bool) -> None:
    page = _text(page)
    pair = corpus.pairs[city, period]
    previous = period - 1 if period != QUARTERS[0] else None
    for other in corpus.cities:
        assert other == city or other not in page, (city, period, other)
    for (c, p), them in corpus.pairs.items():
        if c != city or p == period:
            continue
        # another quarter's findings name their markers: 受理{marker}, its notice's “…留言{stated}条”
        assert f"但受理{them.marker}" not in page
        if them.stated:
            assert f"留言{them.stated}条”" not in page
        if p != previous:  # only the quarter compared with may be named
            assert text(p) not in page and str(p) not in page, (city, period, p)
    # its own: the title, the error of its 司法局 row, its notice's figure against its annex
    assert f"{city}{text(period)}" in page
    assert (f"但受理{pair.marker}" in page) == pair.error
    if pair.stated:
        assert f"留言{pair.stated}条”" in page and f"附件{len(pair.units)}个单位合计为{pair.received}" in page
    if full:
        assert f"{city}教育局" in page and f"共收到留言{pair.received}条" in page


def test_every_city_and_quarter_briefs_only_its_own(corpus):
    corpus, ds = corpus
    rendered = {  # every section: two cities of each layout, at quarters that go round
        (city, QUARTERS[(li + 3 * j) % len(QUARTERS)])
        for li, layout in enumerate(LAYOUTS)
        for j, city in enumerate([c for c in corpus.cities if corpus.layouts[c] == layout][:2])
    }
    full = set()
    for city in corpus.cities:
        mine = ds.scope(city)  # the city's rows of every quarter and the findings of each
        assert set(mine.handling["publisher"]) == {city}
        for qi, period in enumerate(QUARTERS):
            previous = period - 1 if qi else None
            # Every pair: the data the briefing is made of and its data-selection sections
            # (title, findings, problems) rendered. Every section rendered, from the whole
            # load, for two cities of each layout, at quarters that go round: every layout and
            # every quarter. (All sections of all 252 pairs cost minutes; each section reads
            # only the briefing's data, checked here for all of them.)
            every = (city, period) in rendered
            b = Briefing(ds if every else mine, period, previous, city)
            for name, table in b.dataset.tables().items():
                if name != "findings":
                    assert set(table["publisher"]) <= {city}, name
                    assert set(table["period"]) <= set(QUARTERS[: qi + 1]), name
            assert set(b.dataset.handling["period"]) == set(QUARTERS[: qi + 1])
            _check(_pieces(b, every), corpus, city, period, every)
            if every:
                full.add((corpus.layouts[city], period))
    assert {layout for layout, _ in full} == set(corpus.layouts.values())
    assert {period for _, period in full} == set(QUARTERS)


def test_files_naming_no_city_are_briefed_one_at_a_time(corpus):
    corpus, ds = corpus
    (name, *_) = corpus.unnamed
    period = corpus.truth[name][1]
    with pytest.raises(ValueError, match="多个发布单位"):
        ds.settle(period)  # the cities of that quarter and an unnamed file: choose one
    alone = govstats.load(corpus.root / name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", govstats.MissingPublisherWarning)
        b = briefing_of(alone, period)
        page = _pieces(b, True)
    assert "未注明发布单位" in page and name.rsplit("/", 1)[-1] in page
    assert "无名教育局" in page


def briefing_of(ds, period):
    return prepare(dataset=ds, period=period)


def test_notebook_reports_of_a_corpus_city_and_of_2021q4(corpus, tmp_path, capsys):
    corpus, _ = corpus
    city = corpus.cities[7]
    period = QUARTERS[3]
    # every input names its city (--publisher is also the city of those that name none)
    named = [str(p) for p in sorted(corpus.root.iterdir()) if p.name not in ("unsorted", "real")]
    p = report(
        "-i",
        *named,
        "--publisher",
        city,
        "--period",
        str(period),
        "-o",
        str(tmp_path / "c.html"),
        cwd=tmp_path,
    )
    assert p.returncode == 0, p.stderr
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    _check(page, corpus, city, period, True)
    # its inputs are mailbox tables alone: the title names what they cover
    assert f"<title>{city}{text(period)}部门信箱办理情况简报</title>" in page
    # the default period is the chosen city's latest; several cities and none chosen: exit 2
    # (in this process: the command line without a notebook to run)
    assert (
        main(
            ["report", "-i", *named, "--publisher", city, "--format", "xlsx", "-o", str(tmp_path / "d.html")]
        )
        == 0
    )
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "d.xlsx")
    assert wb["部门信箱"]["A1"].value == f"{city}{text(QUARTERS[-1])}部门信箱受理情况"  # its latest
    assert {r[0] for r in wb["办理情况明细"].iter_rows(min_row=2, values_only=True)} == {city}
    assert main(["report", "-i", *named]) == 2  # 2023Q2, the latest, is 42 cities'
    err = capsys.readouterr().err
    assert "多个发布单位" in err and "--publisher" in err
    assert main(["report", "-i", *named, "--publisher", "不存在市"]) == 2  # and no input lacks a city
    err = capsys.readouterr().err
    assert "没有“不存在市”的数据" in err and "Traceback" not in err
    # data/raw's 2021Q4: none of 2022Q1's findings, figures or problems
    p = report("-i", str(RAW), "--period", "2021Q4", "-o", str(tmp_path / "q4.html"), cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    page = _text((tmp_path / "q4.html").read_text(encoding="utf-8"))
    assert "鹰潭市2021年第四季度" in page and "留言149条" in page
    # 2022Q1's: 市司法局's unbalanced row (受理4), its figures, its annex's 栏目不更新
    for later in ("受理4", "192", "191", "2022年第一季度", "栏目不更新", "2022Q1"):
        assert later not in page, later
    # 2021Q4's own: the three websites its text names (line 16), though it prints no annex
    for named in ("鹰潭市城管局", "鹰潭市司法局", "鹰潭市体育局"):
        assert named in page, named
    assert "未发现数据问题" in page
    assert "<img" not in page.split("<body", 1)[1]  # one quarter: no trend chart plotting 2022Q1


def test_publisher_is_the_city_of_inputs_that_name_none_and_the_one_briefed(tmp_path):
    # 泰安's list names its city; the office workbook of Yingtan's annexes beside no notice names none
    raw = tmp_path / "in"
    raw.mkdir()
    shutil.copy(ROOT / "tests/data/other-publishers/taian-2020Q1-newmedia/input.xlsx", raw / "taian.xlsx")
    # as report -i data/raw taian.xlsx --publisher 泰安市 loads and settles them (its notebook
    # shows these pieces; the notebook itself runs in the test above)
    b = prepare(dataset=load_inputs([str(RAW), str(raw / "taian.xlsx")], None, "泰安市"), publisher="泰安市")
    assert b.title == "泰安市2020年第一季度政务新媒体工作简报"  # its list is of accounts alone
    page = _pieces(b, True)
    assert "鹰潭" not in page and "192" not in page and "市司法局" not in page  # none of Yingtan's data
    assert "泰安" in page and "政务新媒体" in page
    shutil.copy(RAW / "yingtan-2022Q1-annexes.xlsx", raw / "annexes.xlsx")
    ds = load_inputs([str(raw / "annexes.xlsx")], None, "鹰潭市")
    assert set(ds.handling["publisher"]) == {"鹰潭市"} and set(ds.handling["publisher_source"]) == {"given"}
    b = briefing_of(ds, None)  # the workbook's rows, briefed as the city's
    page = _pieces(b, True)
    assert b.title.startswith("鹰潭市2022年第一季度") and "市司法局" in page
    assert "部门信箱共收到留言191条" in page
