"""One :class:`Dataset`: the tidy tables of everything loaded, and how each input fared."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from govstats import schema
from govstats.errors import GovstatsError

PathLike = str | os.PathLike


@dataclass(slots=True)
class InputStatus:
    """How one input file fared: ``error`` is ``None`` when it was read."""

    file: str
    path: Path
    format: str = ""
    error: GovstatsError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Dataset:
    """The tidy tables of everything loaded, as pandas DataFrames.

    ``handling`` (per-unit handling counts), ``problems`` (problem websites and
    accounts), ``headline`` (figures stated in the narratives), ``notices`` (one row
    per notice), ``mentions`` (websites and accounts the narratives criticise by name),
    ``extras`` (every printed cell of a column the contract has no field for, long),
    ``records`` (one row per message of a message log, with its deadline and class) and
    ``findings`` (what validation reports). ``inputs`` says how each input file fared.
    """

    handling: pd.DataFrame = field(default_factory=lambda: schema.frame("handling"))
    problems: pd.DataFrame = field(default_factory=lambda: schema.frame("problems"))
    headline: pd.DataFrame = field(default_factory=lambda: schema.frame("headline"))
    notices: pd.DataFrame = field(default_factory=lambda: schema.frame("notices"))
    mentions: pd.DataFrame = field(default_factory=lambda: schema.frame("mentions"))
    extras: pd.DataFrame = field(default_factory=lambda: schema.frame("extras"))
    records: pd.DataFrame = field(default_factory=lambda: schema.frame("records"))
    findings: pd.DataFrame = field(default_factory=lambda: schema.frame("findings"))
    inputs: list[InputStatus] = field(default_factory=list)

    @property
    def unreadable(self) -> list[InputStatus]:
        """The inputs that could not be read."""
        return [s for s in self.inputs if not s.ok]

    @property
    def valid(self) -> bool:
        """True when no finding has severity ``error``."""
        return not (self.findings["severity"] == "error").any()

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tidy tables by name."""
        return {name: getattr(self, name) for name in schema.TABLES}

    def periods(self) -> list[pd.Period]:
        """Every period present in the handling, problems or headline tables, sorted."""
        found: set[pd.Period] = set()
        for name in ("handling", "problems", "headline", "notices"):
            found.update(p for p in getattr(self, name)["period"] if isinstance(p, pd.Period))
        return sorted(found, key=lambda p: (p.start_time, p.end_time))

    def settle(
        self,
        period: str | pd.Period | None = None,
        previous: str | pd.Period | None = None,
        publisher: str | None = None,
    ) -> tuple[pd.Period, pd.Period | None, str | None]:
        """``(period, previous, publisher)`` for a report on this data: the publisher asked
        for (default the only one of the period; ``None`` for the one input file whose rows
        name none), the period (default that publisher's latest) and the previous one (default
        the one before it in the same publisher's data, of the same frequency).

        Raises ``ValueError``, in Chinese, when the publisher or the period has no data or
        several publishers compete.
        """
        from govstats.dataset.scoping import settle

        return settle(self, period, previous, publisher)

    def scope(
        self, publisher: str | None, period: str | pd.Period | None = None, *, until: bool = True
    ) -> Dataset:
        """This data cut down to one publisher (``None``: the one input file whose rows of
        ``period`` name none): its rows of the periods up to ``period`` (all of them with
        ``until=False``), the findings of that period's sheets and files, the inputs used.
        Without ``period``: every period of the publisher and the findings of each."""
        from govstats.dataset.scoping import scope
        from govstats.notice.periods import parse_period

        return scope(self, publisher, None if period is None else parse_period(period), until=until)

    def write(self, outdir: PathLike) -> list[Path]:
        """Write every table as ``<name>.csv`` (UTF-8 with BOM) and ``<name>.parquet``."""
        from govstats.dataset.writing import write_tables

        return write_tables(self.tables(), Path(outdir))

    def __add__(self, other: Dataset) -> Dataset:
        if not isinstance(other, Dataset):
            return NotImplemented
        return concat([self, other])

    def add_to(self, folder: PathLike) -> dict:
        """Add these tables to the dataset folder ``folder`` (hive-partitioned Parquet, one
        run of its manifest): other inputs' partitions are left as they are, and what these
        inputs wrote before is replaced. Returns the run's manifest record."""
        from govstats.dataset.store import add_run

        return add_run(self.tables(), self.inputs, folder)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(df)}" for name, df in self.tables().items())
        return f"<Dataset {sizes}; {len(self.inputs)} inputs, {len(self.unreadable)} unreadable>"


def concat(datasets: list[Dataset]) -> Dataset:
    """One :class:`Dataset` of several (``ds1 + ds2`` is the same): every table's rows in
    order, each keeping its publisher, period and source; the inputs of all. Two different
    files of one name loaded apart (``甲/附件.csv``, ``乙/附件.csv``) are named by the folders
    that tell them apart, as one load names them: rows naming no city stay two files'."""
    from dataclasses import replace

    from govstats.dataset.naming import distinct_names, renamed

    datasets = list(datasets)
    names = iter(distinct_names([(s.path, s.file) for d in datasets for s in d.inputs]))
    tables: dict[str, list[pd.DataFrame]] = {name: [] for name in schema.TABLES}
    inputs = []
    for d in datasets:
        wider = {}
        for status in d.inputs:
            name = next(names)[1]
            if name != status.file:
                wider[status.file] = name
                status = replace(status, file=name)
            inputs.append(status)
        for name in schema.TABLES:
            tables[name].append(renamed(getattr(d, name), wider))
    out = Dataset(**{name: schema.concat(name, frames) for name, frames in tables.items()})
    out.inputs = inputs
    return out
