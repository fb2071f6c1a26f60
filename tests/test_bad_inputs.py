"""Bad input gets a clear error naming the file (and the cell), never a traceback, never
silent loss, and never anything from outside the inputs in an output."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

import govstats
from fixtures import layouts


def ingest(*paths: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "govstats", "ingest", *map(str, paths), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _rewrite_part(src: Path, dst: Path, part: str, data: bytes) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, data if item.filename == part else zin.read(item))
    return dst


def _sheet_with_dtd(d: Path, name: str, dtd: str, entity: str) -> Path:
    """The annex workbook with its first sheet replaced by one declaring ``dtd`` and using ``entity``."""
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE r [{dtd}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>&{entity};</t></is></c></row></sheetData></worksheet>'
    ).encode()
    return _rewrite_part(layouts.annex_workbook(d / "base.xlsx"), d / name, "xl/worksheets/sheet1.xml", xml)


def _xxe(d: Path, target: Path) -> Path:
    return _sheet_with_dtd(d, "xxe.xlsx", f'<!ENTITY x SYSTEM "file://{target}">', "x")


def _laughs(d: Path) -> Path:
    ents = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    return _sheet_with_dtd(d, "laughs.xlsx", ents, "a9")


def _bomb(d: Path) -> Path:
    path = d / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (60 * 2**20) + b"/>")
    return path


def _encrypted(d: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = layouts.annex_workbook(d / "plain.xlsx")
    out = io.BytesIO()
    with open(plain, "rb") as fh:
        OOXMLFile(fh).encrypt("secret", out)
    path = d / "locked.xlsx"
    path.write_bytes(out.getvalue())
    plain.unlink()
    return path


def _truncated(d: Path) -> Path:
    data = layouts.annex_workbook(d / "full.xlsx").read_bytes()
    (d / "full.xlsx").unlink()
    path = d / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _word(d: Path) -> Path:
    path = d / "notice.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return path


def _blank_workbook(d: Path) -> Path:
    wb = Workbook()
    wb.create_sheet("Sheet2")
    path = d / "blank.xlsx"
    wb.save(path)
    return path


def _file(name: str, data: bytes):
    def make(d: Path) -> Path:
        (d / name).write_bytes(data)
        return d / name

    return make


UNREADABLE = {  # how to make it, a word of the reason, how the finding opens (in Chinese)
    "empty file": (_file("empty.xlsx", b""), "0字节", "文件为空"),
    "truncated workbook": (_truncated, "截断", "文件已损坏"),
    "picture renamed": (
        _file("photo.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40),
        "二进制",
        "不是可读取的格式",
    ),
    "password-protected": (_encrypted, "加密", "文件设有打开密码"),
    # a Word document is read whatever its name: this one holds no paragraph and no table
    "word document renamed": (_word, "Word", "文件为空"),
    "xml external entity": (lambda d: _xxe(d, d / "secret.txt"), "DOCTYPE", "文件含不安全内容"),
    "billion laughs": (_laughs, "DOCTYPE", "文件含不安全内容"),
    "zip bomb": (_bomb, "膨胀", "文件含不安全内容"),
    "workbook of empty sheets": (_blank_workbook, "每个工作表都是空的", "文件为空"),
}


@pytest.mark.parametrize("case", list(UNREADABLE))
def test_unreadable_input_exits_1_naming_the_file(case, tmp_path):
    make, why, said = UNREADABLE[case]
    (tmp_path / "secret.txt").write_text("CANARY-7f3a9b-not-an-input", encoding="utf-8")
    bad = make(tmp_path)
    good = layouts.mailbox_csv(tmp_path / "good.csv", "gb18030")
    out = tmp_path / "out"
    p = ingest(bad, good, out=out)
    assert p.returncode == 1, p.stderr
    assert "Traceback" not in p.stderr
    line = next(ln for ln in p.stderr.splitlines() if bad.name in ln)
    assert why.lower() in line.lower()
    # the good file is still loaded, the bad one is a finding
    assert len(pd.read_csv(out / "handling.csv", encoding="utf-8-sig")) == 25
    findings = pd.read_csv(out / "findings.csv", encoding="utf-8-sig")
    assert (findings["code"] == "unreadable-input").sum() == 1
    unreadable = findings[findings["code"] == "unreadable-input"]
    assert unreadable["file"].tolist() == [bad.name]
    assert unreadable["message"].iloc[0].startswith(said), unreadable["message"].iloc[0]
    everything = (
        p.stdout
        + p.stderr
        + "".join(f.read_bytes().decode("utf-8", "replace") for f in out.iterdir() if f.suffix == ".csv")
    )
    assert "CANARY-7f3a9b" not in everything


def _with_cell(tmp_path: Path, value) -> Path:
    path = layouts.annex_workbook(tmp_path / "annexes.xlsx")
    wb = load_workbook(path)
    wb["附件4"]["D5"] = value  # 市教育局, 按时办结 (24)
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("=C5-2", "formula-without-value"),
        ("二十四", "not-a-count"),
        (-24, "negative-count"),
        (23.5, "non-integer-count"),
        ("24件", "not-a-count"),
    ],
)
def test_bad_count_is_an_error_finding_at_its_cell(tmp_path, value, code):
    ds = govstats.load(_with_cell(tmp_path, value))
    found = ds.findings[ds.findings["code"] == code]
    assert len(found) == 1
    f = found.iloc[0]
    assert (f["severity"], f["file"], f["sheet"], f["row"], f["column"]) == (
        "error",
        "annexes.xlsx",
        "附件4",
        5,
        "D",
    )
    assert "市教育局" in f["message"]
    row = ds.handling.set_index("unit").loc["市教育局"]
    assert pd.isna(row["on_time"]) and row["received"] == 26  # the row is kept, the bad cell empty


def test_validate_command_exits_1_and_prints_the_cell(tmp_path):
    path = _with_cell(tmp_path, "二十四")
    p = subprocess.run(
        [sys.executable, "-m", "govstats", "validate", str(path)], capture_output=True, text=True, timeout=120
    )
    assert p.returncode == 1
    assert "not-a-count" in p.stdout and "工作表“附件4”第5行D列" in p.stdout


def test_unknown_columns_are_kept_in_extras_and_reported(tmp_path):
    path = layouts.annex_workbook(tmp_path / "annexes.xlsx")
    wb = load_workbook(path)
    ws = wb["附件4"]
    ws["H3"], ws["H5"] = "联系人", "张三"  # no field, and not understood: reported
    ws["I3"], ws["I5"] = "满意度", "98"  # understood (satisfaction), no field: kept only
    wb.save(path)
    ds = govstats.load(path)
    found = ds.findings[ds.findings["code"] == "unknown-column"]
    assert found["message"].str.contains("联系人").tolist() == [True]
    assert (found["row"].iloc[0], found["column"].iloc[0]) == (3, "H")
    assert ds.extras[["unit", "header", "value", "source"]].values.tolist() == [
        ["市教育局", "联系人", "张三", "annexes.xlsx, sheet 附件4, cell H5"],
        ["市教育局", "满意度", "98", "annexes.xlsx, sheet 附件4, cell I5"],
    ]
    assert len(ds.handling[ds.handling["channel"] == "mailbox"]) == 25


def test_a_failed_run_leaves_no_output_file(tmp_path):
    out = tmp_path / "out"
    p = ingest(tmp_path / "missing.xlsx", out=out)
    assert p.returncode == 2 and "missing.xlsx" in p.stderr and "Traceback" not in p.stderr
    assert not out.exists() or not any(out.iterdir())


def test_library_raises_typed_errors(tmp_path):
    with pytest.raises(govstats.UsageError):
        govstats.load(tmp_path / "missing.xlsx")
    with pytest.raises(govstats.UsageError, match="period"):
        govstats.load(layouts.mailbox_csv(tmp_path / "m.csv", "utf-8"), period="2022 spring")
    ds = govstats.load(_encrypted(tmp_path))
    (status,) = ds.inputs
    assert isinstance(status.error, govstats.errors.PasswordProtectedError)
    assert "locked.xlsx" in str(status.error)
