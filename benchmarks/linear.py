"""Benchmark 8: reading stays linear in what it reads (issue 23, D02 and D03). A sheet of
formulas saved with their values (as Excel saves every =SUM) was scanned in time quadratic
in its formula cells (10,000 of them: 35-61 s), and a notice paragraph with no line breaks
in time quadratic in its length (580 KB: 35 s). Each is timed at a size and at twice it:
linear work takes twice as long (ratio 2), quadratic four times; the target is at most 3."""

from __future__ import annotations

from harness import Section, Stats, timeit

from govstats.notice.headline import figures
from govstats.notice.mentions import narrative_mentions
from govstats.read import sheetxml

_SENTENCE = "本季度共监测政府网站35个，“鹰潭市司法局”网站存在栏目长期未更新问题；部门信箱共收到留言126条，按时办结112条。"


def _sheet(n: int) -> bytes:
    cells = b"".join(
        b'<row r="%d"><c r="C%d"><f>D%d+E%d</f><v>1</v></c></row>' % (i, i, i, i) for i in range(1, n + 1)
    )
    return b"<worksheet><sheetData>" + cells + b"</sheetData></worksheet>"


def _paragraph(n: int) -> list[str]:
    return [_SENTENCE * n]


def run(sec: Section, repeats: int, quick: bool) -> None:
    for label, make, read, size in (
        ("formulas with values, sheetxml.unknown_values", _sheet, sheetxml.unknown_values, 10_000),
        (
            "one paragraph, mentions and figures",
            _paragraph,
            lambda p: (narrative_mentions(p, "n"), figures(p, "n")),
            3000,
        ),
    ):
        n = size // 10 if quick else size
        small, large = make(n), make(2 * n)
        once = sec.stat(Stats(f"{label} ({n:,})", timeit(lambda s=small, f=read: f(s), repeats)))
        twice = sec.stat(Stats(f"{label} ({2 * n:,})", timeit(lambda s=large, f=read: f(s), repeats)))
        sec.ratio(f"{label}: twice the size / the size", twice, once, 3.0)
