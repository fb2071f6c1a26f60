"""The front door: every public function of the package root, of ``govstats.sql`` and of the
Dataset says its parameters and what it returns (numpydoc sections), the frame and folder
functions have names of their own, the root re-exports only the errors users catch, and the
package ships ``py.typed``."""

from __future__ import annotations

import inspect
import re
import tomllib
from pathlib import Path

import govstats

ROOT = Path(__file__).resolve().parents[1]


def _public_functions() -> dict[str, object]:
    found = {n: getattr(govstats, n) for n in govstats.__all__}
    found |= {f"sql.{n}": getattr(govstats.sql, n) for n in ("rates", "qoq")}
    found |= {  # the Dataset's methods that take arguments
        f"Dataset.{n}": f
        for n, f in vars(govstats.Dataset).items()
        if not n.startswith("_") and inspect.isfunction(f) and len(inspect.signature(f).parameters) > 1
    }
    return {n: f for n, f in found.items() if inspect.isfunction(f)}


def test_every_public_function_has_parameters_and_returns():
    missing = [
        name
        for name, f in _public_functions().items()
        if not all(
            re.search(rf"\n\s*{s}\n\s*-{{{len(s)}}}\n", f.__doc__ or "") for s in ("Parameters", "Returns")
        )
    ]
    assert not missing, missing
    assert len(_public_functions()) >= 24  # the walk sees the lazy names and the methods


def test_every_documented_parameter_is_a_parameter():
    """A parameter named in ``Parameters`` that the function lacks is a stale docstring."""
    stale = []
    for name, f in _public_functions().items():
        section = f.__doc__.split("Parameters", 1)[1].split("Returns", 1)[0]
        named = re.findall(r"^\s{4}(\w+(?:, \w+)*)(?: :|$)", section, re.M)
        params = set(inspect.signature(f).parameters)
        stale += [f"{name}: {p}" for group in named for p in group.split(", ") if p not in params]
    assert not stale, stale


def test_frame_and_folder_functions_have_their_own_names():
    assert "output" not in inspect.signature(govstats.rates).parameters
    assert "output" not in inspect.signature(govstats.qoq).parameters
    assert "output" in inspect.signature(govstats.sql.qoq).parameters


def test_py_typed_ships():
    assert (ROOT / "govstats" / "py.typed").exists()
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "py.typed" in data["tool"]["setuptools"]["package-data"]["govstats"]


def test_the_root_re_exports_only_the_errors_users_catch():
    errors = {n for n in govstats.__all__ if n.endswith(("Error", "Warning"))}
    assert errors == {
        "GovstatsError", "UsageError", "CountError", "OutputError", "PeriodError", "UnreadableInputError",
        "MissingPublisherWarning",
    }  # fmt: skip
    assert not hasattr(govstats, "CorruptFileError")
    assert issubclass(govstats.errors.CorruptFileError, govstats.UnreadableInputError)
