"""`govstats report`: the briefing notebook executed on the real notices and on a
three-quarter series, rendered as one offline HTML page, and opened in headless
Chromium as a reader would open it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fixtures.commands import report
from fixtures.printing import BROWSER_ARGS, CHROMIUM, page_size, pages
from fixtures.series import write_series

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def real_page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    # run from a folder that is not the repository: the notebook is package data
    p = report("-i", str(ROOT / "data" / "raw"), "-o", str(out / "briefing.html"), cwd=out)
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr and "WARNING" not in p.stderr
    assert re.search(r"第\d+/\d+个单元格", p.stderr)  # progress on stderr
    return out / "briefing.html"


def test_real_briefing_is_one_offline_page_without_code(real_page):
    page = real_page.read_text(encoding="utf-8")
    assert "<title>鹰潭市2022年第一季度政府网站与政务新媒体工作简报</title>" in page
    assert '<html lang="zh-CN">' in page
    assert not re.search(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=['\"]?(?:https?:)?//", page)
    assert "require.js" not in page and "mathjax" not in page.lower()
    assert "briefing.prepare" not in page and "import govstats" not in page  # no code
    body = page.split("<body", 1)[1]  # the template's CSS names stderr styles; the body must have none
    assert "Traceback" not in body and "Warning" not in body and "vnd.jupyter.stderr" not in body
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert headings == ["一、总体情况", "二、办理情况", "三、按时办结率较低的单位",
                        "四、存在突出问题的政府网站和政务新媒体", "附录　数据核查"]  # fmt: skip
    assert "受理不少于5条的单位中按时办结率最低的5个" in page  # the rule, stated
    assert "@bottom-right" in page and "counter(page)" in page  # page numbers in print
    # no section without something to say: 2021Q4 has no annexes, so no per-unit comparison
    assert "、与上期比较" not in page and "从略" not in page and "输入中" not in page
    assert "连续被通报" in page
    # the figures of the notice, as checked by hand in test_real_notices
    assert "部门信箱共收到留言191条，按时办结161条" in page and "通报正文为192条" in page
    assert "市司法局" in page and "鹰潭市体育局" in page
    # the headline panels stated in both quarters, the mailbox's units and tiers, the problems;
    # no chart of 依申请公开's one unit
    assert body.count("data:image/png;base64,") == 4  # (the lab template's CSS has an icon of its own)
    assert body.count('alt="各单位按时办结率"') == 1


def test_briefing_in_headless_chromium(real_page, tmp_path):
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "chromium is not installed: run scripts/system-deps.sh --test"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(real_page.as_uri())
        page.wait_for_load_state("networkidle")
        images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
        text = page.inner_text("body")
        shot = tmp_path / "briefing.png"
        page.screenshot(path=str(shot), full_page=True)
        headings = page.evaluate(
            "Array.from(document.querySelectorAll('h1, h2, h3, .gs-caption')).map(h => h.innerText.trim())"
        )
        # printed as an office prints it: the page's own CSS says A4
        page.emulate_media(media="print")
        pdf = tmp_path / "briefing.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        browser.close()
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert len(images) >= 4 and all(done and width > 100 for done, width in images)
    for heading in (
        "鹰潭市2022年第一季度政府网站与政务新媒体工作简报",
        "一、总体情况",
        "三、按时办结率较低的单位",
    ):
        assert heading in text
    assert shot.stat().st_size > 100_000
    assert page_size(pdf).startswith(("594.9", "595.")) and "841.9" in page_size(pdf)  # A4, not Letter
    printed = pages(pdf)
    # looked at page by page (the report of issue 14 describes them): 一 with its table; the
    # trend panels and 二; 三's league table whole; the unit chart; the tier chart, 依申请公开
    # and 三; 四 with its chart and the repeat offenders; the appendix (data check) on its own
    assert len(printed) == 7
    for n, page_text in enumerate(printed, start=1):
        lines = [line.strip() for line in page_text.splitlines() if line.strip()]
        # each page's foot: the title, the day it was made, its number (the @page margin boxes)
        foot = [line for line in lines if re.search(r"第 \d+ 页，共 \d+ 页$", line)]
        assert len(foot) == 1 and foot[0].endswith(f"第 {n} 页，共 7 页"), (n, foot)
        assert re.search(r"工作简报\s+\d{4}年\d{1,2}月\d{1,2}日生成", foot[0]), foot[0]
        lines = [line for line in lines if line not in foot]
        if not lines:  # the unit chart has a page of its own: its words are in the picture
            continue
        last = lines[-1]
        stranded = [h for h in headings if h and (last == h or last.startswith(h))]
        assert not stranded, (n, last)  # no heading or caption ends a page
    assert (
        sum("二、办理情况" in p and "高新技术产业开发区管委会" in p for p in printed) == 1
    )  # the table whole
    appendix = [n for n, p in enumerate(printed) if re.search(r"附录\s+数据核查", p)]
    assert appendix == [len(printed) - 1]  # the appendix on a page of its own, the last


def test_series_briefing_has_the_unit_changes(tmp_path):
    write_series(tmp_path / "in")
    rows = (tmp_path / "in" / "mailbox-2022Q2.csv").read_text(encoding="utf-8-sig").splitlines()
    rows.insert(5, "4,<script>alert(1)</script>,1,1,0,0,0")  # a hostile unit name
    (tmp_path / "in" / "mailbox-2022Q2.csv").write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    p = report("-i", str(tmp_path / "in"), "--period", "2022Q2", "-o", str(tmp_path / "b.html"), cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    page = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert "部门信箱各单位与2022年第一季度比较" in page
    assert "鹰潭市人民政府办公室" in page  # 市政府办 in 2022Q2 mapped by the shipped alias table
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "与2022年第一季度（" in page  # the drafted comparison sentence


def test_default_period_is_the_latest_and_output_goes_to_reports(tmp_path):
    write_series(tmp_path / "data" / "raw")
    p = report(cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "reports" / "briefing-2022Q2.html").is_file()


def test_a_period_without_data_is_a_clear_error(tmp_path):
    p = report("-i", str(ROOT / "data" / "raw"), "--period", "2030Q1", cwd=tmp_path)
    assert p.returncode == 2
    assert "没有2030年第一季度（2030Q1）的数据" in p.stderr and "Traceback" not in p.stderr
    assert not (tmp_path / "reports").exists()


def test_xlsx_format_writes_the_office_workbook(tmp_path):
    from openpyxl import load_workbook

    p = report(
        "-i", str(ROOT / "data" / "raw"), "--format", "xlsx", "-o", str(tmp_path / "b.html"), cwd=tmp_path
    )
    assert p.returncode == 0, p.stderr
    assert not (tmp_path / "b.html").exists()
    wb = load_workbook(tmp_path / "b.xlsx")
    assert "部门信箱" in wb.sheetnames and "办理情况明细" in wb.sheetnames
    # the report's one city and period: its checks' sheet says whose (the 2 errors of 2022Q1)
    checks = [r for r in wb["数据核查"].iter_rows(values_only=True)]
    assert checks[0][0] == "鹰潭市2022年第一季度数据核查结果"
    assert [r[1] for r in checks[2:]].count("错误") == 2


def test_a_failing_cell_is_named_not_dumped(tmp_path):
    import nbformat

    from govstats.present.briefing.report import ReportError, execute

    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("total = 191\nassert total == 192, 'annex and narrative differ'"),
        ]
    )
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(ReportError) as err:
        execute({"PERIOD": "2022Q1"}, notebook=path)
    message = str(err.value)
    assert "第3个单元格（total = 191）" in message and "AssertionError: annex and narrative differ" in message
    assert "Traceback" not in message and len(message.splitlines()) == 1


def test_briefing_of_a_problem_list_alone(tmp_path):
    # 连云港 publishes only its new-media list: 9 rows, 8 accounts (连云港卫生监督 twice)
    case = ROOT / "tests" / "data" / "other-publishers" / "lianyungang-2023-09-newmedia" / "input.html"
    p = report("-i", str(case), "-o", str(tmp_path / "b.html"), cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    page = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert "2023年9月，附件列出存在问题的政务新媒体8个。" in page
    # the handling sections have nothing to say without a handling table: left out, the
    # numbers close up; the data check is the appendix
    assert re.findall(r"<h2>(.*?)</h2>", page) == [
        "一、总体情况",
        "二、存在突出问题的政务新媒体",
        "附录　数据核查",
    ]
    assert "办理情况" not in page.split("<body", 1)[1]
    assert "<title>连云港市2023年9月政务新媒体工作简报</title>" in page  # not 政府网站与政务新媒体
    assert "连云港卫生监督" in page


def test_period_names_the_month_a_notice_leaves_unsaid(tmp_path):
    # 唐山 writes 11月份 and never the year
    case = ROOT / "tests" / "data" / "other-publishers" / "narratives" / "tangshan-m11-hotline" / "notice.txt"
    p = report("-i", str(case), cwd=tmp_path)
    assert p.returncode == 2 and "--period" in p.stderr and "Traceback" not in p.stderr
    p = report("-i", str(case), "--period", "2023-11", "-o", str(tmp_path / "b.html"), cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "2023年11月，12345热线共受理诉求284406件。" in (tmp_path / "b.html").read_text(encoding="utf-8")
