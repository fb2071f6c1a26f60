"""A notice's metadata, headline figures and text-flattened annexes, read from the
narrative text of a document (a plain-text notice, or an HTML page's text)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from govstats.chinese import plain
from govstats.findings import finding
from govstats.notice.headline import figures
from govstats.notice.mentions import narrative_mentions
from govstats.notice.periods import DATELINE, stated_period
from govstats.notice.publishers import find_issuer_publisher, find_publisher
from govstats.periods import DATE
from govstats.read.grid import Document, Grid
from govstats.read.text_annex import annex_grids
from govstats.source import Source
from govstats.vocabulary import either
from govstats.vocabulary.notices import (
    ABOUT,
    DATE_FIELDS,
    INDEX_FIELD,
    ISSUER_FIELDS,
    NAVIGATION,
    TITLE_AFTER_ABOUT,
    TITLE_AFTER_PERIOD,
    TITLE_BEFORE_ISSUE,
    TITLE_PERIODS,
)
from govstats.vocabulary.tables import ANNEX, NUMERALS


@dataclass(slots=True)
class Notice:
    """What a document says as a notice: metadata, headline figures, annex grids.

    ``headline`` records carry the ``headline`` table's columns except publisher and
    period (channel, metric, tier, label, value, unit, quote, source). ``grids`` are
    annex tables found flattened in the text. ``period`` is read where the notice
    states it (:func:`~govstats.notice.periods.stated_period`), ``period_source`` says
    where, ``period_note`` why there is none; ``publisher`` from the title or metadata;
    ``findings`` what reading the figures found (a figure printed with a footnote mark).
    """

    file: str
    title: str | None = None
    issuer: str | None = None
    index_no: str | None = None
    date: str | None = None
    publisher: str | None = None
    publisher_source: str | None = None
    period: pd.Period | None = None
    period_source: str | None = None
    period_note: str | None = None
    source: Source | None = None
    headline: list[dict] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    text: str | None = None
    findings: list[dict] = field(default_factory=list)

    @property
    def found(self) -> bool:
        """True when the document reads as a notice (a title, metadata or a figure)."""
        return bool(self.title or self.index_no or self.headline)


_FIELD = {
    "index_no": re.compile(r"\s*".join(INDEX_FIELD) + r"\s*[::]\s*([A-Za-z0-9][\w/\-.]*)"),
    "issuer": re.compile(rf"(?:{either(ISSUER_FIELDS)})\s*[::]\s*([^\s|,,]+)"),
    "date": re.compile(rf"(?:{either(DATE_FIELDS)})\s*[::]\s*" + DATE),
}
_TITLE_WORDS = re.compile(
    rf"(?:{ABOUT}.*(?:{either(TITLE_AFTER_ABOUT)}))"
    rf"|(?:(?:{either(TITLE_PERIODS)}).*(?:{either(TITLE_AFTER_PERIOD)})$)"
    rf"|(?:.{{4,}}(?:{either(TITLE_BEFORE_ISSUE)})\([^()]{{1,16}}\)$)"  # 热线工作情况通报(2021年第三期)
)
_NAVIGATION = re.compile(rf"^(?:{either(NAVIGATION)}|>|EN$|//)")
_ORDINAL = re.compile(rf"^(?:[{NUMERALS}]+[、.]|\([{NUMERALS}\d]+\)|\d+[、.]|[◆●■★])")
_ANNEX_LABEL = re.compile(r"\s*" + r"\s*".join(ANNEX) + r"\s*\d")
_TITLE_SCAN = 60
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def _title(lines: list[str]) -> tuple[str | None, int]:
    """The title line and its index; a title printed on two or three lines (回行, a page's
    <br>) is joined when no line of it is one alone."""
    candidates = [(i, raw.strip()) for i, raw in enumerate(lines[:_TITLE_SCAN])]
    for n, (i, line) in enumerate(candidates):
        if not _could_be_title(line):
            continue
        if _TITLE_WORDS.search(plain(line)):
            return line, i
        joined = line
        for _, after in candidates[n + 1 : n + 3]:  # up to three lines
            if (
                not _could_be_title(after)
                or ":" in plain(joined + after)
                or _TITLE_WORDS.search(plain(after))
            ):
                break
            joined += after
            if _TITLE_WORDS.search(plain(joined)):
                return joined, i
    return _headline_title(lines)


def _headline_title(lines: list[str]) -> tuple[str | None, int]:
    """A page's headline, by its place: the first line, short and no sentence, with a
    dateline under it (深圳市…8月数据出炉 / 2024年09月03日09:29 | 来源:…)."""
    filled = [(i, line.strip()) for i, line in enumerate(lines[:_TITLE_SCAN]) if line.strip()]
    if len(filled) < 2:
        return None, -1
    (i, first), (_, second) = filled[0], filled[1]
    text = plain(first)
    if len(first) <= 40 and not re.search(r"[,，。;；:：]", text) and DATELINE.match(_nfkc(second)):
        return first, i
    return None, -1


def _could_be_title(line: str) -> bool:
    text = plain(line)
    if not line or len(line) > 90 or _NAVIGATION.match(text) or "," in text or "。" in text:
        return False
    return not _ORDINAL.match(text)  # 一、总体情况: a section heading


def _narrative_end(lines: list[str], grids: list[Grid]) -> int:
    """Index of the first annex line: figures are read only above it."""
    if not grids or not grids[0].cell_lines:
        return len(lines)
    first = min(g.cell_lines[0][0] for g in grids if g.cell_lines)
    # the annex label and title lines sit just above the header
    for i in range(first - 1, max(first - 5, 0) - 1, -1):
        if _ANNEX_LABEL.match(_nfkc(lines[i - 1] if i >= 1 else "")):
            return i - 1
    return first - 1


def parse_notice(doc: Document) -> Notice:
    """The notice in ``doc``'s narrative text (empty when it has none)."""
    notice = Notice(doc.file)
    lines = doc.text_lines
    if not lines:
        return notice
    line_based = doc.file_lines
    head = "\n".join(_nfkc(s) for s in lines[:_TITLE_SCAN])
    for name, pattern in _FIELD.items():
        m = pattern.search(head)
        if m:
            value = (
                f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if name == "date" else m.group(1)
            )
            setattr(notice, name, value)
    title, at = _title(lines)
    if title:
        notice.title = title
        notice.source = Source(doc.file, None, at + 1 if line_based else None, None, line_based)
    notice.grids = annex_grids(lines, doc.file)  # one cell a line, in a text, a page or a document
    end = _narrative_end(lines, notice.grids)
    whole_file = {"source": Source(doc.file)}  # an HTML page's lines are not the file's
    notice.headline = [f if line_based else {**f, **whole_file} for f in figures(lines[:end], doc.file)]
    notice.findings = [_marked(f) for f in notice.headline if f.get("mark")]
    notice.mentions = [
        m if line_based else {**m, **whole_file} for m in narrative_mentions(lines[:end], doc.file)
    ]
    body = [line for i, line in enumerate(lines[:end]) if i != at]
    under = at + 1  # below the title, however many lines it was printed on
    while title and under < len(lines) and lines[under].strip() and lines[under].strip() in title:
        under += 1
    # control characters (a page break's form feed) are layout, not words: a document keeps
    # the text without them, rather than a finding quoting the whole narrative
    narrative = [
        _CONTROL.sub("", line).strip() for line in lines[under:end] if _CONTROL.sub("", line).strip()
    ]
    notice.text = "\n".join(narrative) or None
    notice.period, notice.period_source, notice.period_note = stated_period(title, body, notice.date)
    notice.publisher, notice.publisher_source = _publisher(title, lines[:_TITLE_SCAN])
    return notice


def _marked(figure: dict) -> dict:
    """The warning for a figure printed with a footnote mark, as a table's count with one."""
    value = f"{figure['value']:g}"
    return finding(
        "footnote-mark",
        figure["source"],
        where="正文",
        text=figure["quote"],
        mark=figure["mark"],
        explained="",
        figure=value,
    )


def _publisher(title: str | None, head: list[str]) -> tuple[str | None, str | None]:
    """The government the title names, else the one the metadata names as issuer or source."""
    found = find_publisher(title or "")
    if found:
        return found, "title"
    found = find_issuer_publisher(head)
    return (found, "metadata") if found else (None, None)
