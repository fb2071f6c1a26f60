"""Issue 23 D10 in the notice's own text: a footnote mark after a figure of the narrative
(共收到留言192¹条, a page's 192<sup>1</sup>条, 161①条) is a mark, never a digit of the figure
(1921). The fixture is the Yingtan 2022 Q1 notice as published, its marks added where offices
print them; every figure below was read off that text by hand."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

import govstats
from govstats.chinese import split_figure_marks

NOTICE = Path(__file__).resolve().parents[1] / "data" / "raw" / "yingtan-2022Q1-notice.txt"
PRINTED = "部门信箱共收到留言192条,按时办结161条,待办理1条"
# the sentence's figures as printed: received, on time, pending
FIGURES = [192.0, 161.0, 1.0]


def _mailbox(ds) -> list[float]:
    h = ds.headline
    said = h[(h["channel"] == "mailbox") & h["metric"].isin(["received", "on_time", "pending"])]
    return list(said["value"].astype(float))


def _marked(marked: str) -> str:
    text = NOTICE.read_text(encoding="utf-8")
    assert PRINTED in text
    return text.replace(PRINTED, marked)


@pytest.mark.parametrize("mark", ["¹", "①", "⑴", "*", "※"])
def test_d10_a_mark_in_the_notice_text_is_not_a_digit(tmp_path, mark):
    path = tmp_path / "notice.txt"
    path.write_text(_marked(f"部门信箱共收到留言192{mark}条,按时办结161条,待办理1条"), encoding="utf-8")
    ds = govstats.load([path])
    assert _mailbox(ds) == FIGURES
    marks = ds.findings[ds.findings["code"] == "footnote-mark"]
    assert len(marks) == 1
    row = marks.iloc[0]
    assert row["severity"] == "warning" and f"192{mark}条" in row["message"] and "按192导入" in row["message"]
    line = (
        NOTICE.read_text(encoding="utf-8")
        .splitlines()
        .index(next(s for s in NOTICE.read_text(encoding="utf-8").splitlines() if PRINTED in s))
    )
    assert row["row"] == line + 1  # the line of the notice it is printed on
    # the narrative still agrees with its annex (192 = the annex's total), as in the clean text
    clean = govstats.load([NOTICE])
    assert set(ds.findings["code"]) - {"footnote-mark"} == set(clean.findings["code"])


def test_d10_marks_on_several_figures_of_the_notice_text(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text(_marked("部门信箱共收到留言１９２①条,按时办结161²条,待办理1条"), encoding="utf-8")
    ds = govstats.load([path])
    assert _mailbox(ds) == FIGURES
    messages = list(ds.findings.loc[ds.findings["code"] == "footnote-mark", "message"])
    assert len(messages) == 2 and "“①”" in messages[0] and "“²”" in messages[1]


def test_d10_an_item_number_in_the_text_is_no_mark(tmp_path):
    # ① that begins an item follows no figure: it stays as printed, and no finding
    path = tmp_path / "notice.txt"
    path.write_text(_marked("①部门信箱共收到留言192条,按时办结161条,待办理1条"), encoding="utf-8")
    ds = govstats.load([path])
    assert _mailbox(ds) == FIGURES
    assert "footnote-mark" not in set(ds.findings["code"])


def _page(lines: list[str]) -> str:
    body = "".join(f"<p>{line}</p>" for line in lines)
    return f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'


def test_d10_a_superscript_in_the_notice_page_is_a_mark(tmp_path):
    lines = [html.escape(s) for s in NOTICE.read_text(encoding="utf-8").splitlines() if s.strip()]
    at = next(i for i, s in enumerate(lines) if PRINTED in s)
    lines[at] = lines[at].replace(
        PRINTED, "部门信箱共收到留言192<sup>1</sup>条,按时办结161<sup>2</sup>条,待办理1条"
    )
    page = tmp_path / "notice.html"
    page.write_text(_page(lines), encoding="utf-8")
    ds = govstats.load([page])
    assert _mailbox(ds) == FIGURES
    messages = list(ds.findings.loc[ds.findings["code"] == "footnote-mark", "message"])
    assert (
        len(messages) == 2 and "192¹条" in messages[0] and "“¹”" in messages[0] and "按161导入" in messages[1]
    )


def test_d10_a_superscript_left_open_ends_with_its_paragraph(tmp_path):
    # a <sup> never closed raises its own line's digits only, not the rest of the page
    lines = [html.escape(s) for s in NOTICE.read_text(encoding="utf-8").splitlines() if s.strip()]
    at = next(i for i, s in enumerate(lines) if PRINTED in s)
    lines[at - 1] += "<sup>注"
    page = tmp_path / "notice.html"
    page.write_text(_page(lines), encoding="utf-8")
    assert _mailbox(govstats.load([page])) == FIGURES


def test_d10_a_raised_run_in_the_notice_document_is_a_mark(tmp_path):
    from docx import Document

    doc = Document()
    for line in NOTICE.read_text(encoding="utf-8").splitlines():
        if PRINTED not in line:
            doc.add_paragraph(line)
            continue
        before, after = line.split(PRINTED)
        p = doc.add_paragraph(before + "部门信箱共收到留言192")
        p.add_run("1").font.superscript = True  # Word's 上标, which run together would read 1921
        p.add_run("条,按时办结161条,待办理1条" + after)
    doc.save(tmp_path / "notice.docx")
    ds = govstats.load([tmp_path / "notice.docx"])
    assert _mailbox(ds) == FIGURES
    messages = list(ds.findings.loc[ds.findings["code"] == "footnote-mark", "message"])
    assert len(messages) == 1 and "192¹条" in messages[0] and "按192导入" in messages[0]


def test_d10_a_raised_run_in_a_word_table_is_a_mark(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("鹰潭市2022年第一季度部门信箱受理情况")
    rows = [["序号", "受理单位", "受理诉求(条)"], ["1", "市教育局", "26"], ["2", "市政府办", "21"]]
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 2).paragraphs[0].add_run("1").font.superscript = True  # 26 and a raised 1
    doc.save(tmp_path / "annex.docx")
    ds = govstats.load([tmp_path / "annex.docx"])
    assert dict(zip(ds.handling["unit"], ds.handling["received"], strict=True)) == {
        "市教育局": 26,
        "市政府办": 21,
    }
    marks = ds.findings[ds.findings["code"] == "footnote-mark"]
    assert len(marks) == 1 and "26¹" in marks["message"].item()


def test_a_star_between_figures_multiplies_them():
    # 7*24小时 (round the clock) is printed in many notices: the star is no mark, and its
    # figures are never run together (724); a star after the last figure still is one
    text = "12345热线实行7*24小时、5＊8小时服务，共收到留言192*条"
    kept, _, marks = split_figure_marks(text)
    assert kept == "12345热线实行7*24小时、5＊8小时服务，共收到留言192条"
    assert marks == [(len("12345热线实行7*24小时、5＊8小时服务，共收到留言192"), "*")]
