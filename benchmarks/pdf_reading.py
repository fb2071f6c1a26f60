"""8. Reading PDF annexes: govstats' PDF reader (tables by ruling lines or alignment, wrapped
cells joined, pages joined, the notice's text in order) against the floor, pdfplumber's bare
``extract_tables`` of every page of the same files, in the same run.

The files are the repository's own: the shared real cases' ``input.pdf`` (one page each) and
the Yingtan notice printed by LibreOffice, ruled and unruled (six pages each)."""

from __future__ import annotations

from pathlib import Path

from harness import Section, Stats, timeit

ROOT = Path(__file__).resolve().parent.parent
TARGET = 2.0


def files() -> list[Path]:
    data = ROOT / "tests" / "data"
    yingtan = data / "yingtan"
    return [
        *sorted((data / "other-publishers").glob("*/input.pdf")),
        yingtan / "notice.pdf",
        yingtan / "unruled.pdf",
    ]


def _floor(paths: list[Path]) -> None:
    import pdfplumber

    for p in paths:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                page.extract_tables()


def _govstats(paths: list[Path]) -> None:
    from govstats.read.document import read_document

    for p in paths:
        read_document(p, p.name)


def run(sec: Section, repeats: int = 5) -> None:
    paths = files()
    pages = 0
    import pdfplumber

    for p in paths:
        with pdfplumber.open(p) as pdf:
            pages += len(pdf.pages)
    sec.note(f"{len(paths)} PDF files, {pages} pages (tests/data)")
    floor = sec.stat(
        Stats("floor: pdfplumber extract_tables, every page", timeit(lambda: _floor(paths), repeats))
    )
    ours = sec.stat(
        Stats("govstats: read (tables, cells, text, pages joined)", timeit(lambda: _govstats(paths), repeats))
    )
    sec.ratio("govstats PDF reading / pdfplumber extract_tables", ours, floor, TARGET)
