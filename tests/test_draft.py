"""``govstats draft``: the quarter's notice as a Word document. Its figures are read back with
python-docx and checked against the tidy tables (every number of the prose, every annex
cell); the expected figures are sums and ratios of ds.handling and ds.headline computed
here, and the Yingtan ones were checked by hand against annex 4 of the published notice
(191 received, 161 on time, 30 late, 1 pending, 1 overdue)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pandas as pd
import pytest
from docx.shared import Mm

import govstats
from fixtures.printing import libreoffice_pdf, page_size
from fixtures.series import write_series
from govstats.cli import main
from govstats.dataset import Dataset

OTHERS = Path("tests/data/other-publishers")
Q1, Q4 = pd.Period("2022Q1", "Q"), pd.Period("2021Q4", "Q")


def _pct(num: float, den: float) -> str:
    return f"{num / den * 100:.1f}%"


def _rel(now: float, before: float) -> str:
    return f"{abs(now - before) / before * 100:.1f}%"


def _body(document) -> list[tuple[str, str]]:
    """(style, text) of the main text: from the title to the last paragraph before the annexes."""
    out = []
    for p in document.paragraphs:
        if p.style.name == "GS 附件标识":
            break
        out.append((p.style.name, p.text))
    return out


def _section(body, heading: str) -> list[str]:
    """The paragraphs under a first-level heading (its second-level headings included)."""
    at = next(i for i, (s, t) in enumerate(body) if s == "Heading 1" and t.endswith(heading))
    rest = body[at + 1 :]
    end = next((i for i, (s, _) in enumerate(rest) if s == "Heading 1"), len(rest))
    return [t for _, t in rest[:end]]


def _numbers(text: str) -> list[str]:
    """Every figure of a text, periods and annex numbers left out (2022年第一季度, 附件1)."""
    text = re.sub(r"\d{4}年第[一二三四]季度|\d{4}年\d{1,2}月|附件\d", "", text)
    return re.findall(r"\d+(?:\.\d+)?%?", text)


def _rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def yingtan(tmp_path_factory):
    out = tmp_path_factory.mktemp("draft") / "通报.docx"
    assert main(["draft", "-i", "data/raw", "--period", "2022Q1", "-o", str(out)]) == 0
    return out, docx.Document(str(out)), govstats.load("data/raw")


# 主送 and the opening as the Yingtan notices print them (data/raw, typed here by hand)
ADDRESSEES = "各区(市)人民政府，市龙虎山风景名胜区管委会，鹰潭高新技术产业开发区管委会，市信江新区管委会，市政府各部门："
OPENING_2021Q4 = (
    "为持续推动全市政府网站和政务新媒体健康有序发展，根据国务院办公厅和省政府办公厅有关要求，"
    "市政府办公室会同市大数据中心，依据政府网站和政务新媒体新检查考核指标体系，组织开展了"
    "{}全市政府网站及政务新媒体的监测工作。现将有关情况通报如下："
)


def _marked(paragraph) -> bool:
    """Highlighted for the author (proposed from a previous notice, or to write)."""
    return any(r.font.highlight_color is not None for r in paragraph.runs if r.text.strip())


def test_title_addressees_and_sections(yingtan):
    _, d, _ = yingtan
    body = _body(d)
    # the title in lines that keep words whole, none wider than the text block
    assert body[0] == (
        "Title",
        "鹰潭市人民政府办公室\n关于2022年第一季度全市政府网站\n及政务新媒体检查情况的通报",
    )
    assert ("GS 主送", ADDRESSEES) in body  # as both notices read state it
    # the opening proposed from the previous notice (2021Q4's own words, moved on a quarter)
    opening = d.paragraphs[3]
    assert opening.text == OPENING_2021Q4.format("2022年第一季度") and _marked(opening)
    # headed as the previous notice heads them; 主要成效 and 下一步工作要求 it does not have
    assert [t for s, t in body if s == "Heading 1"] == [
        "一、总体情况",
        "二、主要成效",
        "三、存在的主要问题",
        "四、下一步工作要求",
    ]
    for heading in ("主要成效", "下一步工作要求"):
        (todo, *_rest) = _section(body, heading)
        assert todo.startswith("【待起草") and "无上期通报可参照" in todo
    listed = [t for s, t in body if t.startswith(("附件：", "2.", "3.", "4."))]
    assert listed == [
        "附件：1.存在突出问题的政府网站名单",
        "2.存在突出问题的政务新媒体名单",
        "3.依申请公开处理情况统计表",
        "4.市政府网站“部门信箱”受理情况",  # annex 4's title as printed
    ]
    assert ("GS 署名", "鹰潭市人民政府办公室") in body


def test_every_figure_of_the_overview_is_the_tidy_tables(yingtan):
    _, d, ds = yingtan
    hl = ds.headline

    def said(period, channel, metric, tier=""):
        rows = hl[(hl["period"] == period) & (hl["channel"].fillna("") == channel) & (hl["metric"] == metric)]
        return float(rows[rows["tier"].fillna("") == tier]["value"].iloc[0])

    h = ds.handling[ds.handling["period"] == Q1]
    mail, ogi = h[h["channel"] == "mailbox"], h[h["channel"] == "ogi_request"]
    m = {f: int(mail[f].sum()) for f in ("received", "on_time", "late_completed", "pending")}
    o = {f: int(ogi[f].sum()) for f in ("received", "on_time", "late_completed", "pending")}
    assert m == {"received": 191, "on_time": 161, "late_completed": 30, "pending": 1}  # annex 4 by hand
    web, nm = said(Q1, "website", "monitored"), said(Q1, "new_media", "monitored")
    nm4 = said(Q4, "new_media", "monitored")
    # 通过政府网站，市直部门主动公开信息1297条: the sentence names the channel
    t1, t2 = said(Q1, "website", "disclosed", "市直部门"), said(Q1, "website", "disclosed", "区(市)政府")
    t1q4, t2q4 = said(Q4, "website", "disclosed", "市直部门"), said(Q4, "website", "disclosed", "区(市)政府")
    ogi4 = said(Q4, "ogi_request", "received")
    g = lambda v: f"{v:g}"  # noqa: E731
    expected = [
        # 对全市35个政府网站和144个政务新媒体进行在线监测；市直部门…1297条，区(市)政府…1817条
        g(web), g(nm), g(t1), g(t2),
        # 与上期相比：网站持平，新媒体增加51个（增长54.8%）；两级公开信息的增减
        g(nm - nm4), _rel(nm, nm4), g(t1q4 - t1), _rel(t1, t1q4), g(t2q4 - t2), _rel(t2, t2q4),
        # 依申请公开：附件3合计，与上期通报正文19件相比
        *map(str, o.values()), _pct(o["on_time"], o["received"]), g(ogi4), g(ogi4 - said(Q1, "ogi_request", "received")),
        _rel(said(Q1, "ogi_request", "received"), ogi4),
        # 部门信箱：附件4合计, stated once (its text's 192 and 149 → 192 are the review note's)
        *map(str, m.values()), _pct(m["on_time"], m["received"]),
    ]  # fmt: skip
    overview = "".join(_section(_body(d), "总体情况"))
    assert _numbers(overview) == expected
    assert "监测政府网站数量持平" in overview and "名单见附件1、附件2" in overview
    # the overall judgement proposed from 2021Q4's, its 与第三季度相比 moved on a quarter
    judged = [
        p for p in d.paragraphs if p.text.startswith("与第四季度相比，政府网站与政务新媒体合格率稳步提升")
    ]
    assert len(judged) == 1 and _marked(judged[0])


def test_problems_as_the_notice_groups_them_and_the_lowest_units(yingtan):
    _, d, ds = yingtan
    text = _section(_body(d), "存在的主要问题")
    leads = [re.match(r"（[一二三四五六]）([^。]+)。", t).group(1) for t in text]
    assert leads == [
        "网站工作重视不够",
        "内容保障仍不完善",
        "政务新媒体运维管理有待完善",
        "公开年报工作有待加强",  # named by the text only (体育局's annual report)
        "部门信箱按时办结率偏低",
    ]
    joined = "".join(text)
    # every unit the text names (ds.mentions) and every row of the problem lists is there
    for name in ds.mentions.loc[ds.mentions["period"] == Q1, "name"]:
        assert name in joined, name
    for name in ds.problems["name"]:
        assert name in joined, name
    assert "市体育局仍未按时公开本单位2021年政府信息公开工作年度报告" in joined
    # the accounts of the lists' 互动 problems the text does not name sit with those it does
    assert "附件所列同类问题还有" in text[2] and "鹰潭人防" in text[2] and "龙虎山魅力之镇" in text[2]
    # the lowest units by govstats.lowest, the briefing's and the workbook's too: per tier, among
    # the units that received 5 or more (annex 4 by hand: 市直单位 6/8, 7/9, 8/9, 24/26, 20/21;
    # 区(市) 贵溪市 38/47); the seven with nothing on time received 1 to 4 each and are not named
    assert text[4] == (
        "（五）部门信箱按时办结率偏低。市直单位中市卫健委、市公安局、市市场监管局、市教育局、市政府办，"
        "区(市)中贵溪市按时办结率较低，具体见附件。"
    )
    assert "0.0%" not in joined


def test_annexes_as_the_publisher_printed_them(yingtan):
    _, d, ds = yingtan
    labels = [p.text for p in d.paragraphs if p.style.name == "GS 附件标识"]
    assert labels == ["附件1", "附件2", "附件3", "附件4"]
    titles = [p.text for p in d.paragraphs if p.style.name == "GS 附件标题"]
    assert titles[3] == "市政府网站“部门信箱”受理情况"
    websites, accounts, ogi, mailbox = d.tables
    p = ds.problems
    assert _rows(websites) == [["序号", "网站名称", "网站标识码", "首页网址", "主要存在问题"]] + [
        [str(i), r.name, r.site_code, r.url, r.problem]
        for i, r in enumerate(p[p["kind"] == "website"].itertuples(), start=1)
    ] + [["备注", "检查时间3月31日", "检查时间3月31日", "检查时间3月31日", "检查时间3月31日"]]
    rows = _rows(accounts)
    assert rows[0] == ["序号", "填报单位名单", "账号类型", "账号名称", "主要存在问题"]  # as printed
    assert rows[1:-1] == [
        [str(i), r.unit, r.account_type, r.name, r.problem]
        for i, r in enumerate(p[p["kind"] == "new_media"].itertuples(), start=1)
    ]
    assert rows[-1][:2] == ["备注", "检查时间2022年3月31日"]
    # 待办理 stays 待办理, in the printed order; no 按时办结率 added, no 合计 the publisher did not print
    assert _rows(ogi)[0] == ["序号", "受理单位", "受理申请\n(条)", "按时办结(条)", "待办理(条)", "超期办结(条)", "超期未办结(条)"]  # fmt: skip
    assert _rows(ogi)[2] == ["1", "市生态环境局", "1", "1", "0", "0", "0"]
    rows = _rows(mailbox)
    assert rows[0] == ["序号", "受理单位", *(f"{s}\n(条)" for s in ("受理诉求", "按时办结", "超期办结", "未办结", "超期未办结"))]  # fmt: skip
    assert rows[1] == ["一、市直单位"] * 7 and rows[22] == ["二、区(市)"] * 7
    units = [r for r in rows[1:-1] if r[0].isdigit()]
    assert len(units) == 25 and not any(r[0] == "合计" for r in rows)
    h = ds.handling[(ds.handling["period"] == Q1) & (ds.handling["channel"] == "mailbox")].set_index("unit")
    for _seq, unit, *cells in units:
        r = h.loc[unit]
        assert cells == [
            *map(str, [r.received, r.on_time, r.late_completed, r.pending, r.overdue_pending])
        ], unit
    assert [u[0] for u in units[:20]] == [str(i) for i in range(1, 21)] and units[20][0] == "1"
    assert rows[-1][:2] == ["备注", "序号以收件数据大小排列,统计时间 2022年1月1日—2022年3月31日"]


def test_the_review_note_is_a_document_of_its_own(yingtan):
    path, d, _ = yingtan
    texts = "\n".join(p.text for p in d.paragraphs)
    assert "审核提示" not in texts and "192" not in texts and "按通报正文" not in texts
    assert not list(d.comments)  # nothing to delete before sending
    note = docx.Document(str(path.with_name("通报-审核提示.docx")))
    joined = "\n".join(p.text for p in note.paragraphs)
    assert "【行内数字不平衡】市司法局" in joined and "工作表“附件4”第13行C列" in joined
    assert "【正文数字与附件合计不符】" in joined and "原通报正文为192条" in joined
    assert "与2021年第四季度（149条）相比" in joined  # the comparison the notice leaves out, and why
    assert "发文机关“鹰潭市人民政府办公室”取自通报标题（yingtan-2022Q1-notice.txt 第13行）" in joined
    assert "主送机关取自2022年第一季度通报（yingtan-2022Q1-notice.txt 第13行）" in joined
    assert "取自2021年第四季度通报（yingtan-2021Q4-notice-head.txt 第10行）原文" in joined
    assert "正文用仿宋_GB2312" in joined


def test_page_and_type_are_gbt9704(yingtan):
    path, d, _ = yingtan
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [
        37,
        35,
        28,
        26,
    ]
    from govstats.present.word.faces import FACES

    def east_asian(style):
        return style.element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )

    # the standard's faces, whatever this machine has (its faces only stand in when rendering)
    for style, role, face in (
        ("Title", "title", "方正小标宋简体"),
        ("Normal", "body", "仿宋_GB2312"),
        ("Heading 1", "heading1", "黑体"),
        ("Heading 2", "heading2", "楷体_GB2312"),
        ("GS 附件标题", "title", "方正小标宋简体"),
    ):
        assert east_asian(d.styles[style]) == face == FACES[role][0][0], style
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode() + z.read("word/styles.xml").decode()
    faces = set(re.findall(r'<w:rFonts [^>]*w:eastAsia="([^"]+)"', xml))
    assert faces == {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"}, faces  # no machine's face
    assert "Noto" not in xml
    assert d.styles["Normal"].font.size.pt == 16 and d.styles["Title"].font.size.pt == 22  # 三号, 二号
    footer = s.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in footer._p.xml


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="scripts/system-deps.sh --test installs it")
def test_libreoffice_prints_it_on_a4_with_nothing_cut_off(yingtan, tmp_path):
    path, _, ds = yingtan
    pdf = libreoffice_pdf(path, tmp_path)
    assert page_size(pdf).startswith("595.3") and "841.89" in page_size(pdf)  # A4 in points
    words = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    boxes = [
        (float(a), float(b), float(c), float(e), w)
        for a, b, c, e, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', words
        )
    ]
    assert boxes
    left, right = 28 / 25.4 * 72, (210 - 26) / 25.4 * 72
    outside = [w for x0, _, x1, _, w in boxes if x0 < left - 2 or x1 > right + 2]
    assert not outside, outside[:10]  # every word inside the 156 mm text block
    text = "".join(w for *_, w in boxes)
    for unit in ds.handling.loc[ds.handling["channel"] == "mailbox", "unit"]:
        assert unit in text, unit
    assert "鹰潭市人民政府办公室关于2022年第一季度" in text and "审核提示" not in text


def test_a_mailbox_only_city_leaves_out_what_it_has_no_data_for(tmp_path):
    out = tmp_path / "tc.docx"
    path = OTHERS / "tongchuan-2025Q1-mailbox" / "input.xlsx"
    assert main(["draft", "-i", str(path), "--publisher", "铜川市", "-o", str(out)]) == 0
    d = docx.Document(str(out))
    body = _body(d)
    # two lines would be wider than the text block: three, each of whole words
    assert body[0][1] == "铜川市人民政府办公室\n关于2025年第一季度\n市长信箱办理情况的通报"
    # all 22 units answered on time: no problem to list, so no 主要问题
    assert [t for s, t in body if s == "Heading 1"] == ["一、总体情况", "二、主要成效", "三、下一步工作要求"]
    overview = _section(body, "总体情况")
    assert overview[0] == "2025年第一季度，市长信箱共收到留言139条，按时办结139条，按时办结率100.0%。"
    assert overview[1].startswith("【待起草：总体评价")  # no previous notice to propose from
    main_text = "".join(t for _, t in body)
    for absent in ("政府网站", "政务新媒体", "依申请公开", "无数据", "未列出"):
        assert absent not in main_text
    assert [p.text for p in d.paragraphs if p.style.name == "GS 附件标识"] == ["附件"]  # one annex: no number
    (table,) = d.tables
    rows = _rows(table)
    assert rows[0] == ["办理单位", "收到来信(件)", "按期回复(件)"]  # as printed: no 序号, no rate
    assert len(rows) == 1 + 22 + 1 and rows[-1] == ["合计", "139", "139"]  # its own 合计 row
    note = docx.Document(str(out.with_name("tc-审核提示.docx")))  # the review note, beside it
    assert "按铜川市行政级别推定" in "\n".join(p.text for p in note.paragraphs)


def test_a_city_without_on_time_goes_by_completion(tmp_path):
    out = tmp_path / "hz.docx"
    assert main(["draft", "-i", str(OTHERS / "hanzhong-2022-08-mailbox" / "input.xlsx"), "-o", str(out)]) == 0
    d = docx.Document(str(out))
    body = _body(d)
    assert body[0][1] == "关于2022年8月信箱办理情况的通报"  # no input names the city: no issuer invented
    problems = _section(body, "主要问题")
    assert problems[0].startswith("（一）信箱办结率偏低。")
    ds = govstats.load(OTHERS / "hanzhong-2022-08-mailbox" / "input.xlsx")
    worst = govstats.rates(ds.handling).assign(r=lambda t: t["completion_rate"].astype(float))
    worst = worst[(worst["r"] < 1) & (worst["received"] >= 5)].nsmallest(5, "r", keep="all")
    for unit in worst["unit"]:
        assert unit in problems[0]
    (table,) = d.tables
    assert _rows(table)[0] == ["承办单位", "承办件数", "办结数", "在办数", "超时未办数"]  # as printed
    # 在办数 printed beside 超时未办数 (the tidy pending is their sum): printed again as it was
    assert ["市住房公积金管理中心", "2", "0", "0", "2"] in _rows(table)


def test_rates_compared_with_the_previous_annex(tmp_path):
    # the series fixture: 2022Q1 41 received, 37 on time; 2022Q2 42 received, 40 on time
    write_series(tmp_path / "in")
    out = tmp_path / "s.docx"
    assert main(["draft", "-i", str(tmp_path / "in"), "--period", "2022Q2", "-o", str(out)]) == 0
    overview = "".join(_section(_body(docx.Document(str(out))), "总体情况"))
    assert "与2022年第一季度（41条）相比，部门信箱收到留言增加1条（增长2.4%）。" in overview
    assert "部门信箱按时办结率由90.2%提高到95.2%（提高5.0个百分点）。" in overview


def test_never_two_cities_or_two_periods(tmp_path):
    tongchuan = OTHERS / "tongchuan-2025Q1-mailbox" / "input.xlsx"
    ds = govstats.load(["data/raw", tongchuan])
    d = govstats.draft(ds, "2022Q1", None, tmp_path / "a.docx")
    assert d.publisher == "鹰潭市" and d.period == Q1
    units = {c for t in docx.Document(str(d.path)).tables for r in _rows(t) for c in r}
    assert "耀州区政府" not in units and "市教育局" in units
    d = govstats.draft(ds, "2025Q1", None, tmp_path / "b.docx")
    units = {c for t in docx.Document(str(d.path)).tables for r in _rows(t) for c in r}
    assert (
        "耀州区政府" in units and "市教育局" in units and "贵溪市" not in units
    )  # 铜川 has its own 市教育局
    two = Dataset(handling=pd.concat([ds.handling, ds.handling.assign(publisher="乙市")], ignore_index=True))
    with pytest.raises(ValueError, match="多个发布单位"):
        govstats.draft(two, "2022Q1", None, tmp_path / "c.docx")
    assert main(["draft", "-i", "data/raw", "--period", "2023Q1", "-o", str(tmp_path / "x.docx")]) == 2


def _template(path: Path) -> Path:
    t = docx.Document()
    head = t.add_paragraph().add_run("鹰潭市人民政府办公室文件")
    head.font.size = docx.shared.Pt(30)
    t.styles["Normal"].font.name = "宋体"
    t.sections[0].left_margin = Mm(30)
    t.save(str(path))
    return path


def test_an_office_template_keeps_its_letterhead_styles_and_page(tmp_path):
    template = _template(tmp_path / "红头.docx")
    out = tmp_path / "t.docx"
    assert (
        main(["draft", "-i", "data/raw", "--period", "2022Q1", "--template", str(template), "-o", str(out)])
        == 0
    )
    d = docx.Document(str(out))
    assert d.paragraphs[0].text == "鹰潭市人民政府办公室文件"
    assert d.paragraphs[1].text.replace("\n", "").startswith("鹰潭市人民政府办公室关于2022年第一季度")
    assert d.styles["Normal"].font.name == "宋体" and round(d.sections[0].left_margin.mm) == 30
    assert "GS 表格" in [s.name for s in d.styles]  # what the template lacks is added
    # a .dotx is a .docx of another content type
    dotx = tmp_path / "红头.dotx"
    with zipfile.ZipFile(template) as z, zipfile.ZipFile(dotx, "w") as w:
        for item in z.infolist():
            data = z.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            w.writestr(item, data)
    assert main(["draft", "-i", "data/raw", "--template", str(dotx), "-o", str(tmp_path / "u.docx")]) == 0
    (tmp_path / "bad.docx").write_text("not a document", encoding="utf-8")
    assert main(["draft", "-i", "data/raw", "--template", str(tmp_path / "bad.docx"), "-o", str(out)]) == 2


def test_where_the_city_and_quarter_came_from_is_said(tmp_path):
    ds = govstats.load(OTHERS / "tongchuan-2025Q1-mailbox" / "input.xlsx", publisher="铜川市")
    ds.handling["publisher_source"] = "given"  # what the loader records for publisher= (docs/contract.md)
    d = govstats.draft(ds, path=tmp_path / "tc.docx")
    (inferred,) = [lines for heading, lines in d.review if heading == "推定内容与字体"]
    assert inferred[:2] == ["发布单位“铜川市”取自：命令行指定", "统计期“2025年第一季度”取自：标题"]


def test_the_lowest_units_are_said_under_the_tier_they_are_ranked_in():
    from govstats.present.word.sections import _by_tier

    units = [
        {"unit": "市卫健委", "tier": "市直单位"},
        {"unit": "市公安局", "tier": "市直单位"},
        {"unit": "贵溪市", "tier": "区(市)"},
    ]
    assert _by_tier(units) == "市直单位中市卫健委、市公安局，区(市)中贵溪市"
    # a table printed without tiers names its units alone
    assert (
        _by_tier([{"unit": "市卫健委", "tier": None}, {"unit": "市公安局", "tier": pd.NA}])
        == "市卫健委、市公安局"
    )
