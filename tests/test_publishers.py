"""The city of a notice or a table from every place offices and researchers write it: the
title in all its forms, the metadata, a table's own title, the file name, the folder; and
nothing taken from a notice the table does not belong to."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import govstats
from govstats.notice.publishers import find_publisher, publisher_of_folder, publisher_of_name

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "other-publishers"

TITLES = {
    # the issuing office first
    "鹰潭市人民政府办公室关于2022年第一季度全市政府网站及政务新媒体检查情况的通报": "鹰潭市",
    "福州市人民政府办公厅关于2017年9月份全市政府网站普查情况的通报": "福州市",
    "榕政办〔2017〕294号《福州市人民政府办公厅关于2017年9月份全市政府网站普查情况的通报》": "福州市",
    "江西省人民政府办公厅关于2020年第一季度全省政府网站与政务新媒体检查情况的通报": "江西省",
    "宁化县人民政府办公室关于2023年第三季度 县政府网站及政务新媒体自查情况的通报": "宁化县",
    "恩施土家族苗族自治州人民政府办公室关于2022年第一季度政务新媒体检查情况的通报": "恩施土家族苗族自治州",
    "黔东南州人民政府办公室关于2023年第二季度政府网站检查情况的通报": "黔东南州",
    "科尔沁右翼前旗人民政府关于2023年第二季度政府网站检查情况的通报": "科尔沁右翼前旗",
    # 关于X市…, X市2022年…, the period first, a county's or district's hotline
    "关于鹰潭市2022年第一季度政府网站检查情况的通报": "鹰潭市",
    "渭南市2022年第一季度市政府网站“部门信箱”受理情况": "渭南市",
    "鹰潭市2022年第一季度部门信箱受理情况": "鹰潭市",  # govstats' own export title
    "2022年第一季度铜川市市长信箱办理情况": "铜川市",
    "附件4:鹰潭市市政府网站“部门信箱”受理情况": "鹰潭市",
    "衡东县12345政务服务便民热线 9月份运行情况通报(2023年9月)": "衡东县",
    "余江区2022年第一季度政府网站检查情况": "余江区",
    "锡林郭勒盟2022年第一季度政务新媒体检查情况": "锡林郭勒盟",
    "长阳土家族自治县2023年第三季度政府网站检查情况": "长阳土家族自治县",
    "君山區(qū)熱線工作情況通報(2021年第三期)": "君山区",  # a Traditional mirror, glossed
    "江西省鹰潭市余江区人民政府关于…": "鹰潭市余江区",  # the city and its district; no province
    "广州市人民政府办公厅关于…": "广州市",  # 州 then 市: the longer name
    "沙市区人民政府关于…": "沙市区",
    "日照市人民政府关于…": "日照市",
    "泾县人民政府关于…": "泾县",
    # no city: a level alone, a determiner, a period word, a department
    "一季度市长信箱办理情况表(2025年第一季度)": None,
    "市政府办公室关于2023年9月全市政务新媒体检查情况的通报": None,
    "省人民政府办公厅关于2025年第二季度全省政府系统政务新媒体抽查情况通报": None,
    "2022年第四季度区政府门户网站和政务新媒体检查情况": None,
    "1.2021年第4季度各縣市區(qū)市長(zhǎng)信箱來信辦理情況": None,
    "全市政府网站": None,
    "城市管理局关于…": None,
    "部门信箱办理情况统计表": None,
}


@pytest.mark.parametrize(("title", "city"), TITLES.items())
def test_title_forms(title, city):
    assert find_publisher(title) == city


def test_offices_file_names_and_folders():
    assert find_publisher("衡东县行政审批服务局", office=True) == "衡东县"
    assert find_publisher("泰安市教育局", office=True) == "泰安市"
    assert find_publisher("市政府办", office=True) is None
    assert find_publisher("国务院办公厅", office=True) is None
    for name, city in {
        "鹰潭市": "鹰潭市",
        "2022Q1-鹰潭市-部门信箱.xlsx": "鹰潭市",
        "铜川市2025Q1.csv": "铜川市",
        "附件4鹰潭市部门信箱.csv": "鹰潭市",
        "input.xlsx": None,
        "渭南": None,  # a bare name is no city: 渭南 could be 渭南市 or a 渭南县
        "2022Q1": None,
    }.items():
        assert publisher_of_name(name) == city, name
    assert publisher_of_folder(Path("/data/江西省/鹰潭市/2022Q1/附件.xlsx")) == "鹰潭市"  # the nearest
    assert publisher_of_folder(Path("/data/2022Q1/附件.xlsx")) is None


def _copy(case: str, to: Path, name: str = "input.xlsx") -> Path:
    to.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(CASES / case / "input.xlsx", to / name))


def test_each_place_says_where_the_city_came_from(tmp_path):
    # none of these workbooks names its city; 汉中's page names it in 发布机构
    _copy("tongchuan-2025Q1-mailbox", tmp_path / "铜川市")
    _copy("weinan-2021Q4-mailbox-counties-trad", tmp_path / "other", "渭南市2021年第四季度.xlsx")
    shutil.copy(CASES / "hanzhong-2022-08-mailbox" / "input.html", tmp_path / "hanzhong.html")
    _copy("lianyungang-2023-09-newmedia", tmp_path / "unnamed")
    ds = govstats.load(tmp_path)

    def cities(table):
        got = table.groupby(table["source"].str.split(",").str[0], sort=False)
        return {f: tuple(g[["publisher", "publisher_source"]].drop_duplicates().iloc[0]) for f, g in got}

    assert cities(ds.handling) == {
        "hanzhong.html": ("汉中市", "notice"),
        "other/渭南市2021年第四季度.xlsx": ("渭南市", "file"),
        "铜川市/input.xlsx": ("铜川市", "folder"),
    }
    assert ds.problems["publisher"].isna().all() and len(ds.problems) == 9
    missing = ds.findings[ds.findings["code"] == "no-publisher"]
    assert missing["file"].tolist() == ["unnamed/input.xlsx"] and missing["severity"].eq("warning").all()
    # --publisher is the city of the inputs that name none, and only of those
    given = govstats.load(tmp_path, publisher="连云港市")
    assert cities(given.handling) == cities(ds.handling)
    assert cities(given.problems) == {"unnamed/input.xlsx": ("连云港市", "given")}
    assert not (given.findings["code"] == "no-publisher").any()


def test_a_table_borrows_only_from_its_own_notice(tmp_path):
    raw = ROOT / "data" / "raw"
    # the shipped notice and its annex workbook side by side: the workbook is the notice's
    beside = tmp_path / "beside"
    beside.mkdir()
    for f in ("yingtan-2022Q1-notice.txt", "yingtan-2022Q1-annexes.xlsx"):
        shutil.copy(raw / f, beside / f)
    # the same workbook in another folder, beside no notice: it names no city
    apart = tmp_path / "apart"
    apart.mkdir()
    shutil.copy(raw / "yingtan-2022Q1-annexes.xlsx", apart / "annexes.xlsx")
    ds = govstats.load([beside, apart])
    h = ds.handling
    near = h[h["source"].str.startswith("yingtan-2022Q1-annexes.xlsx")]
    assert set(near["publisher"]) == {"鹰潭市"} and set(near["publisher_source"]) == {"notice"}
    far = h[h["source"].str.startswith("annexes.xlsx")]
    assert len(far) == 26 and far["publisher"].isna().all()
    # two notices of two cities in one folder: an annex beside both borrows from neither
    both = tmp_path / "both"
    both.mkdir()
    shutil.copy(raw / "yingtan-2022Q1-annexes.xlsx", both / "annexes.xlsx")
    notice = (raw / "yingtan-2022Q1-notice.txt").read_text(encoding="utf-8")
    (both / "a.txt").write_text(notice.split("附件1:")[0], encoding="utf-8")
    other = notice.split("附件1:")[0].replace("鹰潭市人民政府办公室关于", "上饶市人民政府办公室关于")
    (both / "b.txt").write_text(other, encoding="utf-8")
    ds = govstats.load(both)
    assert set(ds.notices["publisher"]) == {"鹰潭市", "上饶市"}
    assert ds.handling["publisher"].isna().all()


def test_a_table_of_another_city_beside_yingtan_keeps_its_own(tmp_path):
    # the bug of issue 12: 渭南's 2021Q4 workbook (no city in it) took 鹰潭市 from the 2021Q4
    # notice elsewhere in the load, and a false narrative-mismatch followed (149 vs 983)
    weinan = _copy("weinan-2021Q4-mailbox-counties-trad", tmp_path / "weinan")
    ds = govstats.load([ROOT / "data" / "raw", weinan])
    theirs = ds.handling[ds.handling["source"].str.startswith("input.xlsx")]
    assert len(theirs) == 14 and theirs["publisher"].isna().all()
    assert (ds.findings["code"] == "narrative-mismatch").sum() == 1  # Yingtan's own 192 vs 191
    assert not ds.findings["message"].str.contains("983").any()
    ds = govstats.load([ROOT / "data" / "raw", tmp_path / "weinan"], publisher="渭南市")
    assert set(ds.handling.loc[ds.handling["source"].str.startswith("input.xlsx"), "publisher"]) == {"渭南市"}


@pytest.mark.parametrize("colon", ["：", ":"])
def test_a_table_titled_after_its_annex_label_names_its_city(tmp_path, colon):
    # an office's CSV: 附件3 then the city in its title, with the full-width colon Word types
    path = tmp_path / "附件3.csv"
    path.write_text(
        f"附件3{colon}鹰潭市2022年第一季度部门信箱受理情况\n"
        "序号,受理单位,受理,按时办结,超期办结,未办结\n1,市教育局,26,24,2,0\n2,市政府办,21,20,1,0\n",
        encoding="utf-8",
    )
    h = govstats.load(path).handling
    assert list(h["publisher"]) == ["鹰潭市", "鹰潭市"]
    assert set(h["publisher_source"]) == {"table_title"}
