"""PDF files with a text layer → the notice's text in reading order and one Grid per
table (pdfplumber, pure Python).

Tables are found by their ruling lines, or by the columns their words line up in where
they have none; cell text wrapped by the cell's width is joined back; a table running on
over a page break is one table; page numbers and running heads are dropped. A PDF with no
text layer (a scan) is refused with a message saying it needs OCR; an encrypted,
damaged or oversized PDF with a typed error naming the file. Work is bounded: pages,
characters per page and the time the whole file may take (:data:`MAX_SECONDS`)."""

from __future__ import annotations

import io
import logging
import re
import signal
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from govstats.errors import CorruptFileError, InputTooLargeError, PasswordProtectedError, ScannedDocumentError
from govstats.read.grid import Document, Grid
from govstats.read.pdf_aligned import aligned_tables
from govstats.read.pdf_layout import Line, is_folio, lines_of, paragraphs
from govstats.read.pdf_tables import Table, append, continues, ruled_table
from govstats.read.safety import check_extent
from govstats.source import Source

MAX_PAGES = 500
"""Pages one PDF may have: a notice with its annexes runs to tens."""
MAX_CHARS_PER_PAGE = 50_000
"""Characters one page may print: a dense A4 page of small type holds about 5,000."""
MAX_SECONDS = 60
"""The time one PDF may take to read, whatever its content streams ask for."""
_MARGIN = 0.12  # share of the page height at its top and bottom where running heads stand
_LABEL = 8  # characters: a paragraph this short above a table's title is its label (附件2：)


_LOCKED = "PDF已加密（设有打开密码），请取消密码另存后再导入"
_UNMAPPED = (
    "PDF中的文字无法还原（字体未带字符映射，只有字形编号）：需要先用OCR（文字识别）转为可复制文字的PDF，"
    "或取得原始的Word/Excel文件后再导入"
)


class _TimeUp(BaseException):  # not Exception: no library handler swallows it
    pass


def read(data: bytes, name: str, path: Path | None = None) -> Document:
    """``data`` (a PDF file's bytes) as a Document: text lines and table grids."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    # pdfminer logs each oddity of a damaged file in English on stderr; what matters is said
    # in Chinese by the error or finding that names the file.
    logging.getLogger("pdfminer").setLevel(logging.CRITICAL)

    try:
        with _time_limit(MAX_SECONDS), pdfplumber.open(io.BytesIO(data)) as pdf:
            n = len(pdf.pages)
            if n > MAX_PAGES:
                raise InputTooLargeError(f"PDF共{n}页，超过每个文件{MAX_PAGES}页的上限", Source(name))
            started = time.monotonic()
            pages = []
            for i, page in enumerate(pdf.pages, 1):
                if time.monotonic() - started > MAX_SECONDS:
                    raise _TimeUp
                pages.append(_page(page, i, name))
                page.close()  # its parsed objects are not needed again
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PasswordProtectedError(_LOCKED, Source(name)) from None
    except _TimeUp:
        raise InputTooLargeError(f"读取PDF超过{MAX_SECONDS}秒的时限，已停止", Source(name)) from None
    except (InputTooLargeError, ScannedDocumentError):
        raise
    except Exception as exc:  # pdfminer's syntax errors and what a damaged stream raises
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise PasswordProtectedError(_LOCKED, Source(name)) from None
        raise CorruptFileError(
            f"PDF已损坏或不完整（{type(exc).__name__}: {str(exc)[:120]}）", Source(name)
        ) from None
    return _document(pages, name)


@contextmanager
def _time_limit(seconds: int):
    """Stop reading after ``seconds`` (a hostile content stream can take hours); where
    no alarm can be set (another thread, Windows), the page loop's own clock stops it."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def _stop(signum, frame):
        raise _TimeUp

    old = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _page(page, number: int, name: str) -> dict:
    """One page's tables and the lines outside them; whether it printed only images."""
    chars = page.chars
    if len(chars) > MAX_CHARS_PER_PAGE:
        raise InputTooLargeError(
            f"PDF第{number}页有{len(chars):,}个字符，超过每页{MAX_CHARS_PER_PAGE:,}个的上限", Source(name)
        )
    if len({(round(c["x0"]), round(c["top"])) for c in chars}) < len(chars):
        chars = page.dedupe_chars().chars  # bold printed by drawing each character twice
    unmapped = sum(c["text"].startswith("(cid:") for c in chars)
    chars = [
        c for c in chars if (c["text"].strip() or c["text"] == " ") and not c["text"].startswith("(cid:")
    ]
    tables: list[Table] = []
    for found in page.find_tables() if chars else []:
        table = ruled_table(number, found.cells, [c for c in chars if _within(c, found.bbox)])
        if table is not None:
            tables.append(table)
    boxes = [t.bbox for t in tables]
    outside = [c for c in chars if not any(_within(c, b) for b in boxes)]
    return {
        "number": number,
        "height": float(page.height),
        "lines": lines_of(outside, number),
        "tables": tables,
        "scanned": not chars and bool(page.images),
        "unmapped": unmapped,
    }


def _within(ch: dict, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _document(pages: list[dict], name: str) -> Document:
    if not any(p["lines"] or p["tables"] for p in pages):  # images, or text drawn as shapes
        if any(p["unmapped"] for p in pages):
            raise ScannedDocumentError(_UNMAPPED, Source(name))
        raise ScannedDocumentError(source=Source(name))
    notes = [_scanned_page(p, name) for p in pages if p["scanned"]]
    _drop_furniture(pages)
    for p in pages:
        p["lines"], found = aligned_tables(p["lines"])
        p["tables"].extend(found)
    items = _in_order(pages)
    body = [it for it in items if isinstance(it, Line)]
    left = min((ln.x0 for ln in body), default=0.0)
    right = max((ln.x1 for ln in body), default=0.0)
    text_lines: list[str] = []
    grids: list[Grid] = []
    run: list[Line] = []
    last: Table | None = None
    for it in [*items, None]:
        if isinstance(it, Line):
            run.append(it)
            continue
        paras = [text for text, _ in paragraphs(run, left, right)]
        text_lines.extend(paras)
        if it is None:
            break
        if last is not None and not run and continues(last, it):
            append(last, it)
            continue
        last = it
        grids.append(_grid(it, name, len(grids) + 1, _title(paras)))
        run = []
    check_extent(
        sum(g.n_rows * g.n_cols for g in grids), name, "PDF的表格", merges=sum(len(g.merged) for g in grids)
    )
    return Document(name, "pdf", text_lines=text_lines, grids=grids, findings=notes)


def _grid(table: Table, name: str, k: int, title: str) -> Grid:
    # The table's rows are extended in place when it continues on the next page.
    return Grid(name, f"table {k}", table.cells, table.merged, context=title)


def _title(paras: list[str]) -> str:
    """The paragraph just above a table, after its label (附件2：) when one stands above it."""
    if not paras:
        return ""
    if len(paras) >= 2 and len(paras[-2]) <= _LABEL:
        return f"{paras[-2]} {paras[-1]}"
    return paras[-1]


def _in_order(pages: list[dict]) -> list:
    """Lines and tables, page by page, top to bottom."""
    out: list = []
    for p in pages:
        keyed = [(ln.top, 1, ln) for ln in p["lines"]] + [(t.bbox[1], 0, t) for t in p["tables"]]
        out.extend(item for *_, item in sorted(keyed, key=lambda x: (x[0], x[1])))
    return out


_DIGITS = re.compile(r"\d+")


def _drop_furniture(pages: list[dict]) -> None:
    """Drop page numbers, and running heads and feet: the first or last line of a page, in
    its margin, printed the same (numbers aside) at an end of another page too."""

    def band(ln: Line, height: float) -> bool:
        return ln.top < _MARGIN * height or ln.bottom > (1 - _MARGIN) * height

    for p in pages:
        p["lines"] = [ln for ln in p["lines"] if not (band(ln, p["height"]) and is_folio(ln.text))]
    ends = [[ln for ln in {id(x): x for x in p["lines"][:1] + p["lines"][-1:]}.values() if band(ln, p["height"])]
            for p in pages]  # fmt: skip
    seen = Counter(_DIGITS.sub("#", ln.text) for end in ends for ln in end)
    for p, end in zip(pages, ends, strict=True):
        drop = {id(ln) for ln in end if seen[_DIGITS.sub("#", ln.text)] > 1}
        p["lines"] = [ln for ln in p["lines"] if id(ln) not in drop]


def _scanned_page(page: dict, name: str) -> dict:
    from govstats.findings import finding

    return finding("scanned-page", Source(name), page=page["number"])
