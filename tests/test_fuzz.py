"""A bounded, seeded fuzz of the shipped inputs (issue 16): a few hundred mutations of the
real notices and workbook in data/raw and of the office layouts built from them (CSV,
HTML, legacy .xls, OpenDocument) — bit flips, truncations, inserted bytes, and zip and XML
edits of the workbooks (a part cut short, numbers grown, cell references pushed out, a
namespace prefix, UTF-16, a tag or an entry dropped).

Each mutation is loaded beside the real mailbox annex, then all of them at once through
``govstats ingest`` (worker processes, as for any 64 files or more). No exception escapes,
every input is read or typed unreadable, the exit code is 0 or 1, and the good file's 25
rows are always written. Everything runs in a child process, so that a crash names the
file that caused it instead of taking the test run down."""

from __future__ import annotations

import io
import json
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd

from fixtures import commands, hostile, layouts

ROOT = Path(__file__).resolve().parents[1]
SEED, MUTATIONS = 16, 300


def _zip_edit(data: bytes, rng: random.Random) -> bytes:
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
        items = [(i.filename, zin.read(i)) for i in zin.infolist()]
    except Exception:
        return data
    op = rng.randrange(7)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, part in items:
            if name.endswith((".xml", ".rels")) and rng.random() < 0.4:
                if op == 0:  # a part cut short
                    part = part[: rng.randrange(len(part) + 1)]
                elif op == 1:  # counts and sizes grown
                    part = re.sub(
                        rb'="(\d+)"',
                        lambda m: (
                            b'="%d"' % rng.choice([0, 2**31, 2**32 + 5, 10**12, int(m.group(1)) * 1000])
                        ),
                        part,
                        count=3,
                    )
                elif op == 2:  # cells pushed far out
                    part = re.sub(
                        rb'r="([A-Z]+)(\d+)"',
                        lambda m: (
                            b'r="%s%d"'
                            % (rng.choice([b"XFD", b"AAA", m.group(1)]), rng.choice([1048576, 100000]))
                        ),
                        part,
                        count=2,
                    )
                elif op == 3:  # a namespace prefix on some elements
                    part = part.replace(b"<c ", b"<x:c ", rng.randrange(1, 20))
                elif op == 4:
                    part = part.decode("utf-8", "replace").encode("utf-16")
                elif op == 5:  # a tag dropped
                    tags = [m.start() for m in re.finditer(rb"<", part)]
                    if tags:
                        a = rng.choice(tags)
                        part = part[:a] + part[part.find(b">", a) + 1 :]
            if op == 6 and rng.random() < 0.15:
                continue  # an entry dropped
            z.writestr(name, part)
    return out.getvalue()


def _mutate(data: bytes, rng: random.Random) -> bytes:
    op = rng.randrange(4)
    b = bytearray(data)
    if op == 0:
        for _ in range(rng.randrange(1, 4)):
            k = rng.randrange(len(b))
            b[k] ^= 1 << rng.randrange(8)
        return bytes(b)
    if op == 1:
        return bytes(b[: rng.randrange(len(b))])
    if op == 2 and data[:2] == b"PK":
        return _zip_edit(data, rng)
    k = rng.randrange(len(b))
    return bytes(b[:k]) + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9))) + bytes(b[k:])


_CHECK = r"""
import json, sys
from pathlib import Path
import govstats
folder, good = Path(sys.argv[1]), Path(sys.argv[2])
report = {"escaped": [], "untyped": [], "good_rows": set()}
for path in sorted(folder.iterdir()):
    print(path.name, file=sys.stderr, flush=True)  # the last one named is the one that crashed
    try:
        ds = govstats.load([path, good])
    except BaseException as exc:
        report["escaped"].append(f"{path.name}: {type(exc).__name__}: {exc}")
        continue
    for s in ds.inputs:
        if s.error is not None and not isinstance(s.error, govstats.UnreadableInputError):
            report["untyped"].append(f"{s.file}: {type(s.error).__name__}")
    report["good_rows"].add(int(ds.handling["source"].str.startswith(good.name).sum()))
report["good_rows"] = sorted(report["good_rows"])
print(json.dumps(report, ensure_ascii=False))
"""


def test_mutated_shipped_inputs_never_crash_a_run_nor_lose_the_good_file(tmp_path):
    shipped = [
        ROOT / "data" / "raw" / "yingtan-2022Q1-annexes.xlsx",
        ROOT / "data" / "raw" / "yingtan-2022Q1-notice.txt",
        ROOT / "data" / "raw" / "yingtan-2021Q4-notice-head.txt",
        layouts.mailbox_csv(tmp_path / "mailbox.csv", "gb18030"),
        layouts.annexes_html(tmp_path / "annexes.html"),
        layouts.mailbox_xls(tmp_path / "mailbox.xls"),
        hostile.mailbox_ods(tmp_path / "mailbox.ods"),
    ]
    rng = random.Random(SEED)
    folder = tmp_path / "mutated"
    folder.mkdir()
    for i in range(MUTATIONS):
        src = shipped[i % len(shipped)]
        (folder / f"m{i:03d}-{src.stem[:20]}{src.suffix}").write_bytes(_mutate(src.read_bytes(), rng))
    # the good file: the mailbox annex with its units renamed, so that no mutation of the
    # shipped CSV is the same table (which would be loaded once, from the other file)
    text = layouts.mailbox_csv(tmp_path / "m.csv", "gb18030").read_text(encoding="gb18030")
    good = tmp_path / "good.csv"
    good.write_text(re.sub(r",(市|[^,]*区|[^,]*县)", r",对照\1", text), encoding="gb18030")

    p = subprocess.run(
        [sys.executable, "-c", _CHECK, str(folder), str(good)], capture_output=True, text=True, timeout=600
    )
    assert p.returncode == 0, f"the check died after {p.stderr.strip().splitlines()[-1:]}"
    report = json.loads(p.stdout.strip().splitlines()[-1])
    assert report["escaped"] == [] and report["untyped"] == []
    assert report["good_rows"] == [hostile.MAILBOX_ROWS]

    # all of them in one run, beside the good file: worker processes, one output
    (folder / "good.csv").write_bytes(good.read_bytes())
    out = tmp_path / "out"
    p = commands.govstats("ingest", str(folder), "-o", str(out), timeout=600)
    assert p.returncode in (0, 1), p.stderr[-2000:]
    assert "Traceback" not in p.stderr and "内部错误" not in p.stderr
    handling = pd.read_csv(out / "handling.csv", encoding="utf-8-sig", dtype=str)
    assert (handling["source"].str.startswith("good.csv")).sum() == hostile.MAILBOX_ROWS
    findings = pd.read_csv(out / "findings.csv", encoding="utf-8-sig", dtype=str)
    said = set(findings.loc[findings["code"] == "unreadable-input", "file"])
    assert len(said) == sum("无法读取" in ln for ln in p.stderr.splitlines())
