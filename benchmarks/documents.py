"""8. Word documents and the registry (issue 22): reading .docx beside python-docx's bare table
walk of the same files, and what telling formats apart by content costs the Excel ingest.

The Word corpus is the shared real tables' ``input.docx`` (tests/data/other-publishers) and
the Yingtan 2022 Q1 notice built as a Word document (a paragraph a line, four annex tables
with merged title rows), copied to ``n`` files. The Excel ingest is the ingest benchmark's
corpus, loaded with the registry as it is and with sniffing bypassed (every file handed to
the workbook reader, as before the registry), alternately in the same run."""

from __future__ import annotations

import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import corpus
from harness import Section, Stats, timeit

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"


def word_corpus(n: int) -> list[Path]:
    """``n`` Word documents (the real cases and the Yingtan notice, repeated)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from fixtures import documents

    folder = OUT / f"docx-corpus-n{n}"
    if folder.is_dir() and len(list(folder.glob("*.docx"))) == n:
        return sorted(folder.glob("*.docx"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    seeds = sorted((ROOT / "tests" / "data" / "other-publishers").glob("*/input.docx"))
    seeds.append(documents.word(folder / "yingtan.docx.seed"))
    for i in range(n):
        shutil.copy(seeds[i % len(seeds)], folder / f"{i:04d}.docx")
    (folder / "yingtan.docx.seed").unlink()
    return sorted(folder.glob("*.docx"))


def _python_docx_walk(files: list[Path]) -> int:
    """The floor: every table's cell texts through python-docx, nothing else."""
    import docx

    cells = 0
    for f in files:
        for table in docx.Document(str(f)).tables:
            for row in table.rows:
                cells += len([c.text for c in row.cells])
    return cells


def _govstats_read(files: list[Path]) -> int:
    from govstats.read.document import read_document

    return sum(len(g.cells) for f in files for g in read_document(f, f.name).grids)


@contextmanager
def _sniffing_bypassed():
    """Every input handed to the workbook reader unsniffed: the Excel path before the registry."""
    from govstats.read import registry

    with mock.patch.object(registry, "sniff", lambda data, name: registry.FORMATS_BY_NAME["xlsx"]):
        yield


def run(sec: Section, n: int, repeats: int) -> None:
    import govstats

    files = word_corpus(n)
    sec.note(f"Word corpus: {len(files)} documents ({OUT.name}/{files[0].parent.name})")
    _govstats_read(files[:3])
    _python_docx_walk(files[:3])
    floor = sec.stat(
        Stats("floor: python-docx bare table walk", timeit(lambda: _python_docx_walk(files), repeats))
    )
    ours = sec.stat(
        Stats("govstats read_document (text + grids)", timeit(lambda: _govstats_read(files), repeats))
    )
    whole = sec.stat(
        Stats(
            "govstats.load (read+tidy+validate), 1 process",
            timeit(lambda: govstats.load(files[0].parent, workers=1), repeats),
        )
    )
    sec.ratio("govstats reading Word / python-docx's bare walk", ours, floor, 2.0)
    sec.note(f"govstats.load per document {whole.median / len(files) * 1000:.2f} ms (reading and tidying)")

    m = max(12, n // 2)
    folder, _ = corpus.build(m, 0)
    before, after = [], []
    for _ in range(2 * repeats + 1):  # alternated, so the machine's drift falls on both alike
        with _sniffing_bypassed():
            before.extend(timeit(lambda: govstats.load(folder, workers=1), 1, warmup=0))
        after.extend(timeit(lambda: govstats.load(folder, workers=1), 1, warmup=0))
    b = sec.stat(Stats(f"Excel ingest ({m} workbooks), sniffing bypassed", before))
    a = sec.stat(Stats(f"Excel ingest ({m} workbooks), formats sniffed", after))
    sec.ratio("Excel ingest with sniffing / without: costs nothing measurable", a, b, 1.05)
    sec.note(_sniff_cost(folder))


def _sniff_cost(folder: Path) -> str:
    """What sniffing adds to reading one workbook, measured alone (best of five passes)."""
    from govstats.read import registry
    from govstats.read.safety import check_zip

    data = [(f.read_bytes(), f.name) for f in sorted(folder.glob("*.xlsx"))]

    def best(fn) -> float:
        return min(timeit(lambda: [fn(d, n) for d, n in data], 5, warmup=1)) / len(data)

    opened = best(lambda d, n: check_zip(d, n, whole=("xl/worksheets/",)))
    both = best(lambda d, n: (registry.sniff(d, n), check_zip(d, n, whole=("xl/worksheets/",))))
    return (
        f"per workbook: sniffing and opening {both * 1e6:.0f} us, opening alone {opened * 1e6:.0f} us "
        f"(the sniff's listing of the zip is the one opening uses)"
    )
