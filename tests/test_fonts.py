"""CJK font discovery: the face picked really draws Simplified Chinese (the SC face of
Debian's fonts-noto-cjk .ttc here; scripts/system-deps.sh installs it in CI), fonts
installed after matplotlib cached its list are found, and a machine without any CJK font
gets one govstats warning with the fix."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import govstats
from govstats.present import fonts

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_cache():
    """find_cjk_font remembers its answer; start and end each test without it."""
    from matplotlib import font_manager

    fonts.find_cjk_font.cache_clear()
    yield
    fonts.find_cjk_font.cache_clear()
    font_manager.fontManager._findfont_cached.cache_clear()  # addfont may have run on a patched list


def _all_names() -> str:
    """Every unit, account and problem text of the real inputs, and of three other cities."""
    ds = govstats.load(ROOT / "data/raw")
    texts = [
        *ds.handling["unit"],
        *ds.problems["unit"].dropna(),
        *ds.problems["name"],
        *ds.problems["problem"],
    ]
    for folder in (
        "hanzhong-2022-08-mailbox",
        "tongchuan-2025Q1-mailbox",
        "weinan-2021Q4-mailbox-counties-trad",
    ):
        other = govstats.load(ROOT / "tests/data/other-publishers" / folder / "input.xlsx", publisher="某市")
        texts += list(other.handling["unit"])
    return "".join(ch for ch in "".join(texts) if ord(ch) > 0x2E7F)  # the CJK ranges and above


def test_import_govstats_does_not_import_matplotlib():
    code = "import govstats, govstats.present.charts.plot, govstats.present.fonts, sys; assert 'matplotlib' not in sys.modules"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_the_simplified_chinese_face_of_the_collection_is_picked(fresh_cache):
    from matplotlib import font_manager, ft2font

    found = fonts.find_cjk_font()
    assert found is not None, f"no CJK font on this machine: {fonts.FIX}"
    assert found.family in fonts.CANDIDATES
    face = ft2font.FT2Font(found.path, face_index=found.index)
    assert face.family_name == found.family
    if found.path.endswith(".ttc"):  # a collection: the index must point at the face named, not face 0
        assert "SC" in found.family or "CN" in found.family or "GB" in found.family
    # matplotlib resolves the family list used by the charts to that very face
    resolved = font_manager.findfont(font_manager.FontProperties(family=fonts.font_families()))
    assert (str(resolved), resolved.face_index) == (found.path, found.index)


def test_the_face_draws_every_name_in_the_real_tables(fresh_cache):
    from matplotlib import ft2font

    found = fonts.find_cjk_font()
    assert found is not None
    face = ft2font.FT2Font(found.path, face_index=found.index)
    chars = set(_all_names())
    assert len(chars) > 150  # 鹰潭, 汉中, 铜川 and the Traditional 渭南 names
    missing = sorted(ch for ch in chars if not face.get_char_index(ord(ch)))
    assert missing == []


def test_no_cjk_font_warns_once_with_the_fix(fresh_cache, monkeypatch):
    from matplotlib import font_manager

    latin = [e for e in font_manager.fontManager.ttflist if e.name.startswith("DejaVu")]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert fonts.find_cjk_font() is None
        assert fonts.font_families() == ["DejaVu Sans"]
        fonts.font_families()
    ours = [w for w in caught if issubclass(w.category, fonts.CJKFontWarning)]
    assert len(ours) == 1
    assert "fonts-noto-cjk" in str(ours[0].message)
    assert issubclass(fonts.CJKFontWarning, UserWarning)


def test_a_font_installed_after_matplotlib_built_its_cache_is_registered(fresh_cache, monkeypatch):
    from matplotlib import font_manager

    before = font_manager.fontManager.ttflist
    if not any(fonts._FILE_HINT.search(Path(e.fname).name) for e in before):
        pytest.skip("no CJK font file with a known name installed")
    # matplotlib's cached list as it was before fonts-noto-cjk was installed
    latin = [e for e in before if not fonts._NAME_HINT.search(e.name)]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin)
    found = fonts.find_cjk_font()
    assert found is not None
    assert any(e.fname == found.path for e in font_manager.fontManager.ttflist)


def test_a_face_lacking_chinese_glyphs_is_not_taken(fresh_cache, monkeypatch):
    """A font named like a CJK one but without the glyphs (a broken or Latin-only file)."""
    from matplotlib import font_manager

    dejavu = next(e for e in font_manager.fontManager.ttflist if e.name == "DejaVu Sans")
    fake = type(dejavu)(fname=dejavu.fname, name="WenQuanYi Zen Hei", weight=400)
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [dejavu, fake])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    with pytest.warns(fonts.CJKFontWarning):
        assert fonts.find_cjk_font() is None
