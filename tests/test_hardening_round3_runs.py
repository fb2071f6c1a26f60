"""Issue 23, run defects: no name becomes a path unsafely, no user-supplied file escapes the
input guards, no file name, folder or count stops a run or comes out wrong. Each test is
named for its defect (../shared/reliability/round3/Dxx-*)."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import docx
import numpy as np
import openpyxl
import pandas as pd
import pytest

import govstats
from fixtures.commands import without_file_permission_override
from govstats.errors import CountError, UsageError

HEADERS = "序号,受理单位,受理诉求(条),按时办结(条),超期办结(条),未办结(条),超期未办结(条)"
TITLE = "鹰潭市2022年第一季度部门信箱受理情况"
GBK_NAME = b"\xb8\xbd\xbc\xfe4.csv"  # 附件4.csv in GBK, as unzip leaves a Chinese Windows zip's names


def mailbox(path: Path | bytes, units: list[tuple[str, int, int, int]], title: str = TITLE) -> Path | bytes:
    """A mailbox annex as a CSV: units as (name, received, on time, late), nothing pending."""
    rows = [title, HEADERS] + [f"{i},{u},{r},{o},{late},0,0" for i, (u, r, o, late) in enumerate(units, 1)]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(rows) + "\n")
    return path


THREE = [("市教育局", 26, 24, 2), ("市政府办", 21, 20, 1), ("市统计局", 10, 10, 0)]


# -- D01 -----------------------------------------------------------------------------------


def test_d01_a_file_name_that_is_not_utf8_is_shown_escaped_and_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    mailbox(folder / "good.csv", THREE)
    mailbox(os.path.join(os.fsencode(folder), GBK_NAME), [("市财政局", 5, 4, 1)])
    ds = govstats.load(folder)
    assert sorted(s.file for s in ds.inputs) == ["\\xb8\\xbd\\xbc\\xfe4.csv", "good.csv"]
    assert not ds.unreadable
    gbk = ds.handling[ds.handling["source"].str.startswith("\\xb8\\xbd\\xbc\\xfe4.csv")]
    assert gbk[["unit", "received", "on_time"]].values.tolist() == [["市财政局", 5, 4]]
    written = ds.write(tmp_path / "out")  # every row's source names the file: CSV and Parquet take it
    assert len(pd.read_parquet(tmp_path / "out" / "handling.parquet")) == 4
    assert written
    ds.add_to(tmp_path / "ds")  # the manifest names the file's path: JSON in UTF-8 takes it too
    assert sorted(govstats.open_dataset(tmp_path / "ds").handling["unit"]) == sorted(
        ["市财政局", *(u for u, *_ in THREE)]
    )


# -- D05 -----------------------------------------------------------------------------------


def test_d05_a_dataset_folder_inside_the_input_folder_is_never_read_as_input(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    mailbox(folder / "good.csv", THREE)
    for _ in range(2):  # the first run's dataset holds no findings/ folder: still not an input
        ds = govstats.load(folder)
        assert [s.file for s in ds.inputs] == ["good.csv"]
        assert ds.findings.empty
        ds.add_to(folder / "ds")
    assert govstats.open_dataset(folder / "ds").findings.empty


# -- D08 -----------------------------------------------------------------------------------


def test_d08_a_dollar_in_a_unit_name_is_drawn_as_printed(tmp_path):
    names = ["收费$5$元窗口", "市$$统计局", "市$\\alpha$局"]
    ds = govstats.load(mailbox(tmp_path / "d.csv", [(n, 10, 9, 1) for n in names]))
    fig = govstats.plot.on_time_by_unit(govstats.rates(ds.handling))
    fig.canvas.draw()  # 市$$统计局 raised a mathtext ParseException here
    ticks = fig.axes[0].get_yticklabels()
    assert sorted(t.get_text() for t in ticks) == sorted(names)
    assert not any(t.get_parse_math() for t in ticks)
    assert not any(t.get_parse_math() for t in fig.findobj(lambda a: hasattr(a, "get_parse_math")))


# -- D09 -----------------------------------------------------------------------------------


def test_d09_xml_illegal_characters_are_dropped_from_the_draft_and_the_workbook_and_said(tmp_path):
    ds = govstats.load(
        mailbox(tmp_path / "x.csv", [("市\ufffe教育局", 26, 24, 2), ("市\x01政府办", 21, 20, 1)])
    )
    assert ds.handling["unit"].tolist() == ["市\ufffe教育局", "市\x01政府办"]  # the tables keep them
    book = govstats.export.to_excel(ds, tmp_path / "x.xlsx")
    wb = openpyxl.load_workbook(book)
    units = [
        c.value for row in wb["办理情况明细"].iter_rows() for c in row if c.value and "局" in str(c.value)
    ]
    assert "市教育局" in units
    said = [r[3] for r in wb["数据核查"].iter_rows(values_only=True) if r[2] == "含文档不能保存的字符"]
    assert said == [
        "“市□教育局”含有Excel工作簿不能保存的字符（U+FFFE），写入时已删去",
        "“市□政府办”含有Excel工作簿不能保存的字符（U+0001），写入时已删去",
    ]
    d = govstats.draft(ds, path=tmp_path / "x.docx")
    text = [p.text for p in docx.Document(d.path).paragraphs]
    note = [p.text for p in docx.Document(d.review_path).paragraphs]  # the review note, beside it
    assert "“市□教育局”含有Word文档不能保存的字符（U+FFFE），写入时已删去（位置：x.csv 第3行）" in note
    assert any("市教育局" in t for t in text)
    assert len(ds.findings) == 0  # the dataset itself is not changed


# -- D11 (the concat half; the dataset folder is store's) ---------------------------------


def test_d11_concat_keeps_two_unnamed_files_of_one_name_apart(tmp_path):
    for office, first in (("office-a", 26), ("office-b", 50)):
        (tmp_path / office).mkdir()
        mailbox(
            tmp_path / office / "附件.csv",
            [("市教育局", first, 10, first - 10)],
            title="2022年第一季度部门信箱受理情况",
        )
    a, b = (govstats.load(tmp_path / o / "附件.csv") for o in ("office-a", "office-b"))
    assert [s.file for s in a.inputs] == [s.file for s in b.inputs] == ["附件.csv"]
    both = govstats.concat([a, b])
    assert [s.file for s in both.inputs] == ["office-a/附件.csv", "office-b/附件.csv"]
    with pytest.warns(govstats.errors.MissingPublisherWarning):
        r = govstats.rates(both.handling, by=["publisher", "period", "channel"])
    assert r[["input", "units", "received"]].values.tolist() == [
        ["office-a/附件.csv", 1, 26],
        ["office-b/附件.csv", 1, 50],
    ]
    assert set(both.findings["file"]) == {"office-a/附件.csv", "office-b/附件.csv"}
    assert a.handling["source"].str.startswith("附件.csv").all()  # the loads given are not changed
    same = govstats.concat([a, a])  # one file loaded twice is one file: its name stays
    assert {s.file for s in same.inputs} == {"附件.csv"}


# -- D14 -----------------------------------------------------------------------------------


def _nest(root: Path, depth: int) -> Path:
    """``root/d/d/…/d``, ``depth`` deep, each folder made from its parent's descriptor (a
    path of a thousand folders is looked up a thousand times for each one made by name)."""
    fd = os.open(root, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=fd)
        fd, parent = os.open("d", os.O_RDONLY, dir_fd=fd), fd
        os.close(parent)
    os.close(fd)
    return root.joinpath(*["d"] * depth)


def _unnest(root: Path, depth: int) -> None:
    """Remove what :func:`_nest` made, deepest first (shutil.rmtree recurses as deep as the tree)."""
    fds = [os.open(root, os.O_RDONLY)]
    for _ in range(depth - 1):
        fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
    for fd in reversed(fds):
        os.rmdir("d", dir_fd=fd)
        os.close(fd)


def test_d14_a_folder_nested_deeper_than_python_recursion_is_walked(tmp_path):
    import tempfile

    # in memory where there is such a file system: on a busy disk a thousand folders take seconds
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(
        dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else tmp_path
    ) as top:
        folder = Path(top)
        mailbox(folder / "good.csv", THREE)
        deepest = _nest(folder, 1100)
        mailbox(deepest / "deep.csv", [("市财政局", 5, 4, 1)])
        try:
            ds = govstats.load(folder)
            assert len(ds.inputs) == 2 and not ds.unreadable
            assert sorted(s.file for s in ds.inputs) == ["d/" * 1100 + "deep.csv", "good.csv"]
            assert sorted(ds.handling["unit"]) == sorted(["市财政局", *(u for u, *_ in THREE)])
        finally:
            (deepest / "deep.csv").unlink()
            _unnest(folder, 1100)


# -- D15 -----------------------------------------------------------------------------------


def _docx(path: Path, drop: str = "", extra: tuple[str, bytes] | None = None) -> Path:
    ok = io.BytesIO()
    docx.Document().save(ok)
    with zipfile.ZipFile(ok) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename != drop:
                out.writestr(item, src.read(item))
        if extra:
            out.writestr(extra[0], extra[1])
    return path


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (lambda p: _docx(p, extra=("word/media/zeros.bin", b"\0" * (8 << 20))), "疑为压缩炸弹"),
        (lambda p: _docx(p, drop="word/styles.xml"), "Word无法按此模板排版"),
        (lambda p: p.write_bytes(b"hello") and p, "不是Word .docx/.dotx文件"),
        (lambda p: _damaged(_docx(p)), "部件word/document.xml无法读取"),
        (lambda p: os.mkfifo(p) or p, "不是普通文件"),
        (lambda p: p.parent / "missing.docx", "没有这个文件"),
    ],
    ids=["bomb", "no-styles", "not-a-docx", "damaged", "fifo", "missing"],
)
def test_d15_a_template_goes_through_the_input_guards(tmp_path, make, why):
    ds = govstats.load(mailbox(tmp_path / "in.csv", THREE))
    template = make(tmp_path / "t.docx")
    with pytest.raises(UsageError) as e:
        govstats.draft(ds, path=tmp_path / "out.docx", template=template)
    assert e.value.reason.startswith("模板不可用：") and why in e.value.reason, e.value.reason
    assert e.value.file == str(template)
    assert not (tmp_path / "out.docx").exists()


def _damaged(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("word/document.xml")
    data[info.header_offset + 30 + len(info.filename) + len(info.extra) + 10] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


# -- D16 (and the alias table, the other user-supplied file) --------------------------------


def test_d16_the_headers_file_goes_through_the_input_guards(tmp_path):
    # and the other files a user gives beside the inputs: the alias table, the deadline rules
    from govstats.analyse.aliases import load_aliases

    long_note = tmp_path / "headers.csv"
    long_note.write_text(f"header,field,note\n成功应答,received,{'说明' * 65_550}\n", encoding="utf-8")
    table = mailbox(tmp_path / "in.csv", THREE)
    assert not govstats.load(table, headers=long_note).unreadable  # a 131 KB note is a note
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)  # nobody writes to it: opening it blocked the run for good
    for bad, why in ((fifo, "命名管道"), (Path("/dev/zero"), "字符设备"), (tmp_path, "文件夹")):
        with pytest.raises(UsageError, match=f"表头对应表无法读取：这是{why}"):
            govstats.load(table, headers=bad)
        with pytest.raises(UsageError, match=f"单位别名表无法读取：这是{why}"):
            load_aliases(bad)
        with pytest.raises(UsageError, match=f"期限规则文件无法读取：这是{why}"):
            govstats.load(table, deadline=bad)


# -- D18 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "dtype", "value"),
    [
        ("received", "Float64", np.inf),
        ("on_time", "Float64", 1e300),
        ("received", "float64", np.inf),
        ("late_completed", "Float64", 2.5),
        ("received", "object", "十二"),
    ],
)
def test_d18_rates_refuses_a_count_that_is_no_whole_number(tmp_path, column, dtype, value):
    h = govstats.load(mailbox(tmp_path / "in.csv", THREE)).handling
    h[column] = h[column].astype(dtype)
    h.loc[0, column] = value
    with pytest.raises(CountError, match=f"^in.csv, row 3: {column}列的值“{re.escape(str(value))}”不是件数"):
        govstats.rates(h)
    h.loc[0, column] = 7  # a whole number in a float column is a count
    assert govstats.rates(h)[column].tolist()[0] == 7


# -- --publisher ---------------------------------------------------------------------------


def test_a_publisher_given_with_a_trailing_space_is_the_same_publisher(tmp_path):
    table = mailbox(tmp_path / "in.csv", THREE[:2], title="2022年第一季度部门信箱受理情况")
    for given in ("鹰潭市", "鹰潭市 ", "\u3000鷹潭市"):
        ds = govstats.load(table, publisher=given)
        assert set(ds.handling["publisher"]) == {"鹰潭市"}
        ds.add_to(tmp_path / "ds")
    assert [p.name for p in (tmp_path / "ds" / "handling").iterdir()] == ["period=2022Q1"]  # one file
    assert set(govstats.open_dataset(tmp_path / "ds").handling["publisher"]) == {"鹰潭市"}  # one city in it
    r = govstats.sql.rates(tmp_path / "ds", by=["publisher", "period", "channel"])
    assert r[["publisher", "units", "received"]].values.tolist() == [["鹰潭市", 2, 47]]
    for bad in ("  ", "__HIVE_DEFAULT_PARTITION__", "鹰" * 51, "鹰\x01潭市"):
        with pytest.raises(UsageError):
            govstats.load(table, publisher=bad)


# -- a damaged partition under DuckDB -------------------------------------------------------


def test_a_damaged_partition_is_said_by_rates_of_a_folder_as_by_open_dataset(tmp_path):
    from govstats.errors import CorruptFileError

    govstats.load(mailbox(tmp_path / "in.csv", THREE)).add_to(tmp_path / "ds")
    (part,) = (tmp_path / "ds" / "handling").glob("*/*.parquet")
    part.write_bytes(part.read_bytes()[:100])  # cut short, as a full disk leaves it
    for ask in (govstats.sql.rates, govstats.sql.qoq):
        with pytest.raises(CorruptFileError, match=r"数据集文件无法读取.*part-"):
            ask(tmp_path / "ds")


# -- D07 -----------------------------------------------------------------------------------


def test_d07_publisher_never_leaves_the_output_folder(tmp_path, monkeypatch, capsys):
    from govstats.cli import main
    from govstats.safe import file_name

    table = mailbox(tmp_path / "nocity.csv", THREE[:2], title="2022年第一季度部门信箱受理情况")
    work = tmp_path / "work" / "dir"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    assert main(["draft", "-i", str(table), "--publisher", "x/../../../escaped", "-q"]) == 0
    assert main(["report", "-i", str(table), "--publisher", "y/../../../e", "--format", "xlsx", "-q"]) == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert written == [
        "nocity.csv",
        "work/dir/reports/briefing-2022Q1-y_.._.._.._e.xlsx",
        "work/dir/reports/通报-2022Q1-x_.._.._.._escaped-审核提示.docx",
        "work/dir/reports/通报-2022Q1-x_.._.._.._escaped.docx",
    ]
    assert [file_name(n) for n in ("..", "a\\b:c", "CON.docx", "鹰" * 80)] == [
        "_",
        "a_b_c",
        "_CON.docx",
        "鹰" * 50,
    ]


# -- D12 -----------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_d12_an_input_in_a_folder_that_cannot_be_entered_is_one_unreadable_input(tmp_path):
    import subprocess
    import sys

    locked = tmp_path / "locked"
    locked.mkdir()
    mailbox(locked / "x.csv", THREE)
    good = mailbox(tmp_path / "good.csv", THREE[:1])
    locked.chmod(0o000)
    try:
        out, ds = str(tmp_path / "out"), str(tmp_path / "ds")
        p = subprocess.run(
            [
                sys.executable,
                "-m",
                "govstats",
                "ingest",
                str(locked / "x.csv"),
                str(good),
                "-o",
                out,
                "--dataset",
                ds,
            ],
            capture_output=True,
            text=True,
            preexec_fn=without_file_permission_override(),
            timeout=120,
        )
    finally:
        locked.chmod(0o755)
    assert p.returncode == 1, p.stderr
    assert "无法读取 x.csv：无法打开（没有读取权限" in p.stderr
    assert pd.read_csv(tmp_path / "out" / "handling.csv")["unit"].tolist() == ["市教育局"]
    assert govstats.open_dataset(tmp_path / "ds").handling["unit"].tolist() == ["市教育局"]
