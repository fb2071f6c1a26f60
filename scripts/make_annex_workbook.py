"""Rebuild data/raw/yingtan-2022Q1-annexes.xlsx: the four annexes of the published
Yingtan 2022 Q1 notice, laid out as the workbook an office attaches.

    .venv/bin/python scripts/make_annex_workbook.py
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.layouts import annex_workbook  # noqa: E402

if __name__ == "__main__":
    print(annex_workbook(ROOT / "data" / "raw" / "yingtan-2022Q1-annexes.xlsx"))
