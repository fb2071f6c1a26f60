"""Benchmark 2: import cost. ``python -c "import govstats"`` against ``python -c "import
pandas"``, medians of fresh interpreters, and which heavy libraries the import pulls in.
The package root resolves its names on first use, so ``import govstats`` alone loads no
pandas; what a user pays before loading anything is ``govstats.load`` resolved too (pandas
and the loading stages), measured beside it against the same baseline."""

from __future__ import annotations

import json
import sys

from harness import Section, Stats, run_child, time_command

HEAVY = (
    "matplotlib",
    "openpyxl",
    "nbconvert",
    "pyarrow",
    "python_calamine",
    "nbformat",
    "jinja2",
    "lxml",
    "scipy",
    "xlwt",
)


def run(sec: Section, repeats: int) -> None:
    # Alternate the two so drift in machine load hits both alike.
    pandas_t: list[float] = []
    govstats_t: list[float] = []
    load_t: list[float] = []
    for _ in range(repeats):
        pandas_t += time_command([sys.executable, "-c", "import pandas"], 1)
        govstats_t += time_command([sys.executable, "-c", "import govstats"], 1)
        load_t += time_command([sys.executable, "-c", "import govstats; govstats.load"], 1)
    p = sec.stat(Stats("python -c 'import pandas'", pandas_t))
    g = sec.stat(Stats("python -c 'import govstats'", govstats_t))
    first = sec.stat(Stats("python -c 'import govstats; govstats.load'", load_t))
    sec.ratio("import govstats / import pandas", g, p, 1.1)
    sec.ratio("import govstats; govstats.load / import pandas", first, p, 1.1)
    out = run_child(
        f"import sys, json, govstats\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    ).stdout
    heavy = json.loads(out)
    by_pandas = json.loads(
        run_child(
            f"import sys, json, pandas\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
        ).stdout
    )
    ours = [m for m in heavy if m not in by_pandas]
    sec.note(
        "heavy modules after `import govstats`: "
        + (", ".join(ours) if ours else "none")
        + (f" (besides {', '.join(by_pandas)}, which `import pandas` itself loads)" if by_pandas else "")
    )
    own = run_child(
        "import sys, json, pandas\nbefore = set(sys.modules)\nimport govstats\n"
        "print(json.dumps(sorted(m for m in set(sys.modules) - before if not m.startswith('govstats'))))"
    ).stdout
    extra = json.loads(own)
    sec.note(
        f"modules govstats imports beyond pandas: {len(extra)}"
        + (f" ({', '.join(extra[:12])}{' …' if len(extra) > 12 else ''})" if extra else "")
    )
