"""Find an installed font that draws Simplified Chinese, so chart labels never come out
as empty boxes; warn once, with the fix, when the machine has none.

matplotlib is imported inside the functions: ``import govstats`` must stay light.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

CANDIDATES: tuple[str, ...] = (
    "Noto Sans CJK SC",  # Debian/Ubuntu fonts-noto-cjk (a .ttc collection)
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",  # Windows
    "PingFang SC",  # macOS
    "Hiragino Sans GB",
    "Heiti SC",
    "WenQuanYi Zen Hei",  # fonts-wqy-zenhei
    "WenQuanYi Micro Hei",
    "SimHei",
    "Sarasa Gothic SC",
    "Noto Sans CJK TC",  # the other faces of the same collection cover the common hanzi too
    "Noto Sans CJK JP",
    "Source Han Sans",
    "Droid Sans Fallback",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "SimSun",
    "AR PL UMing CN",
)
"""Families tried in order: sans-serif faces made for Simplified Chinese first."""

PROBE = "鹰潭市按时办结率区县部门信箱汉中铜川渭南無收件臨區縣"
"""Characters a face must draw: unit and city names, the labels we print, and the
Traditional forms some publishers use."""

FIX = (
    "install a CJK font, e.g. on Debian/Ubuntu `apt-get install fonts-noto-cjk` "
    "(or run scripts/system-deps.sh); elsewhere install Noto Sans CJK SC, Source Han Sans "
    "or WenQuanYi Zen Hei; then delete matplotlib's font cache (matplotlib.get_cachedir())"
)

# File names of the common CJK fonts, for fonts installed after matplotlib cached its list.
_FILE_HINT = re.compile(
    r"notosanscjk|notoserifcjk|notosanssc|sourcehan|wqy|wenquanyi|msyh|simhei|simsun|simfang|simkai|"
    r"fangsong|kaiti|^fz|^st(?:fangso|kaiti|song|zhongs|heiti)|pingfang|droidsansfallback|sarasa|uming|ukai",
    re.IGNORECASE,
)
_NAME_HINT = re.compile(r"CJK|Han Sans|Han Serif|Hei|Song|Kai|Ming|YaHei|WenQuanYi|PingFang|\bSC\b|\bGB\b")


class CJKFontWarning(UserWarning):
    """No installed font draws Chinese: chart labels will render as empty boxes."""


@dataclass(frozen=True)
class CJKFont:
    """The face chosen: its family name, file and index inside a .ttc collection."""

    family: str
    path: str
    index: int


def _covers(path: str, index: int, text: str = PROBE) -> bool:
    """True when the face at ``path``/``index`` has a glyph for every character of ``text``."""
    from matplotlib import ft2font

    try:
        face = ft2font.FT2Font(path, face_index=index)
    except (OSError, RuntimeError, ValueError):
        return False
    return all(face.get_char_index(ord(ch)) for ch in text)


def _known_faces() -> dict[str, tuple[str, int]]:
    """Family name → (file, face index) of every face matplotlib knows (regular weight preferred)."""
    from matplotlib import font_manager

    faces: dict[str, tuple[str, int, int]] = {}
    for entry in font_manager.fontManager.ttflist:
        weight = entry.weight if isinstance(entry.weight, int) else 400
        distance = abs(weight - 400)
        if entry.name not in faces or distance < faces[entry.name][2]:
            faces[entry.name] = (entry.fname, getattr(entry, "index", 0), distance)
    return {name: (path, index) for name, (path, index, _) in faces.items()}


def _first(candidates: Sequence[str], faces: dict[str, tuple[str, int]], probe: str) -> CJKFont | None:
    for family in candidates:
        if family in faces and _covers(*faces[family], probe):
            return CJKFont(family, *faces[family])
    return None


def _pick(faces: dict[str, tuple[str, int]]) -> CJKFont | None:
    if found := _first(CANDIDATES, faces, PROBE):
        return found
    # Some other face with a CJK-looking name (a vendor's 黑体, a distribution's own pick).
    for family, (path, index) in sorted(faces.items()):
        if _NAME_HINT.search(family) and _covers(path, index):
            return CJKFont(family, path, index)
    return None


def _register_system_fonts() -> bool:
    """Add CJK font files matplotlib's cached list does not know yet; True when any was added."""
    from matplotlib import font_manager

    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    added = False
    for path in font_manager.findSystemFonts():
        if path not in known and _FILE_HINT.search(os.path.basename(path)):  # a Windows path too
            try:
                font_manager.fontManager.addfont(path)
                added = True
            except (OSError, RuntimeError, ValueError):
                continue
    return added


@cache
def find_cjk_font() -> CJKFont | None:
    """The installed face used for Chinese labels, or None (after one :class:`CJKFontWarning`).

    Looks through matplotlib's font list for :data:`CANDIDATES` in order, then any face
    whose name looks CJK, keeping only a face that really has glyphs for :data:`PROBE`;
    fonts installed after matplotlib built its cache are registered first.
    """
    found = _pick(_known_faces())
    if found is None and _register_system_fonts():
        found = _pick(_known_faces())
    if found is None:
        warnings.warn(
            f"govstats: no font with Chinese glyphs found, chart labels will be boxes: {FIX}",
            CJKFontWarning,
            stacklevel=2,
        )
    return found


@cache
def find_family(candidates: tuple[str, ...], probe: str = PROBE) -> CJKFont | None:
    """The first of ``candidates`` (family names, in order of preference) installed with
    glyphs for every character of ``probe``; None, without a warning, when none is."""
    found = _first(candidates, _known_faces(), probe)
    if found is None and _register_system_fonts():
        found = _first(candidates, _known_faces(), probe)
    return found


def font_families() -> list[str]:
    """Font families for charts: the CJK face first, then matplotlib's default as a fallback
    for glyphs the CJK face lacks."""
    found = find_cjk_font()
    return [found.family, "DejaVu Sans"] if found else ["DejaVu Sans"]


__all__ = [
    "CANDIDATES",
    "FIX",
    "PROBE",
    "CJKFont",
    "CJKFontWarning",
    "find_cjk_font",
    "find_family",
    "font_families",
]
