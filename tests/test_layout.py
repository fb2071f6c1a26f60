"""The package layout's one rule (docs/layout.md): data flows read → notice → tidy →
validate → dataset → analyse → present, and a module imports only from its own stage or
an earlier one, never in a cycle. Imports inside functions count too: a lazy import is
still a dependency."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "govstats"

# Stage of each top-level name under govstats/; the contract modules come first because
# every stage speaks in their terms. The package root is the public facade, above all.
STAGES = {
    "source": 0,
    "errors": 0,
    "findings": 0,
    "schema": 0,
    "labels": 0,
    "chinese": 0,
    "terminal": 0,
    "safe": 0,
    "arguments": 0,
    "progress": 0,
    "resources": 0,
    "read": 1,
    "notice": 2,
    "tidy": 3,
    "validate": 4,
    "dataset": 5,
    "analyse": 6,
    "present": 7,
    "cli": 8,
    "__main__": 8,
}
FACADE = 9


def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _stage(module: str) -> int:
    parts = module.split(".")
    if parts == ["govstats"]:
        return FACADE
    return STAGES[parts[1]]


def _imports(path: Path, root: Path = ROOT) -> set[str]:
    """Every govstats module ``path`` imports (absolute or relative, anywhere in the file)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path, root)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "govstats")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.split(".")[0] != "govstats":
                continue
            for alias in node.names:  # `from govstats.present import plot` imports a module
                sub = f"{target}.{alias.name}"
                found.add(sub if _is_module(sub, root) else target)
    return found


def _is_module(name: str, root: Path) -> bool:
    path = root.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: {m for m in _imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def _upward(graph: dict[str, set[str]]) -> list[str]:
    return [
        f"{m} (stage {_stage(m)}) imports {n} (stage {_stage(n)})"
        for m in sorted(graph)
        for n in sorted(graph[m])
        if _stage(n) > _stage(m)
    ]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Depth-first search over every import edge; each back edge closes a cycle."""
    state: dict[str, int] = {}
    found = []

    def visit(m: str, trail: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                found.append([*trail[trail.index(n) :], n])
            elif n not in state:
                visit(n, [*trail, n])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    return found


def test_no_import_from_a_later_stage():
    assert not _upward(GRAPH), "\n".join(_upward(GRAPH))


def test_no_import_cycle():
    assert not _cycles(GRAPH), "; ".join(" → ".join(c) for c in _cycles(GRAPH))


def test_the_walker_sees_lazy_relative_imports(tmp_path):
    probe = tmp_path / "govstats" / "tidy" / "probe.py"
    probe.parent.mkdir(parents=True)
    (tmp_path / "govstats" / "present").mkdir()
    (tmp_path / "govstats" / "present" / "plot.py").write_text("")
    probe.write_text("def f():\n    from ..present import plot\n    import govstats.read\n", encoding="utf-8")
    assert _imports(probe, tmp_path) == {"govstats.present.plot", "govstats.read"}


def test_the_rules_fail_on_what_they_forbid():
    graph = {"govstats.tidy.grids": {"govstats.present.plot"}, "govstats.present.plot": set()}
    assert _upward(graph) == ["govstats.tidy.grids (stage 3) imports govstats.present.plot (stage 7)"]
    loop = {
        "govstats.dataset.model": {"govstats.dataset.loading"},
        "govstats.dataset.loading": {"govstats.dataset.model"},
    }
    assert _cycles(loop) == [
        ["govstats.dataset.loading", "govstats.dataset.model", "govstats.dataset.loading"]
    ]
    assert "govstats.notice.periods" in GRAPH["govstats.tidy.grids"]  # the real graph is not empty


HEAVY = "('matplotlib', 'openpyxl', 'nbconvert', 'python_calamine', 'pyarrow', 'duckdb')"


def _python(*statements: str) -> None:
    """Run ``statements`` in a fresh interpreter (imports are per process) and fail with its
    stderr."""
    result = subprocess.run(
        [sys.executable, "-c", ";".join(statements)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr


def test_short_module_names_are_the_moved_modules():
    """``govstats.plot`` and ``import govstats.export`` still work: the same module objects,
    and still no heavy library."""
    _python(
        "import sys, pandas; before = set(sys.modules)",
        "import govstats, govstats.export, govstats.present.plot as p",
        "from govstats.aliases import apply_aliases",
        "from govstats import briefing",
        "assert govstats.plot is p",
        "assert govstats.export is sys.modules['govstats.present.export']",
        "assert briefing is sys.modules['govstats.present.briefing']",
        "assert apply_aliases is govstats.apply_aliases",
        f"heavy = [m for m in set(sys.modules) - before if m.split('.')[0] in {HEAVY}]",
        "assert not heavy, heavy",
    )


def test_import_govstats_loads_no_heavy_library():
    """Beyond what pandas itself loads (pandas 3 imports pyarrow)."""
    _python(
        "import sys, pandas; before = set(sys.modules)",
        "import govstats",
        f"heavy = [m for m in set(sys.modules) - before if m.split('.')[0] in {HEAVY}]",
        "assert not heavy, heavy",
    )
