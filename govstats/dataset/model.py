"""One :class:`Dataset`: the tidy tables of everything loaded, and how each input fared."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from govstats import schema
from govstats.errors import GovstatsError
from govstats.source import SOURCE_FILE

PathLike = str | os.PathLike


def distinct_names(items: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """Display names that tell different files apart: two files of the same name (``-i
    a/附件.xlsx b/附件.xlsx``) are named with as many folders above them as it takes
    (``a/附件.xlsx``, ``b/附件.xlsx``). A name is a file's identity in the tables (``source``,
    ``input``): shared, the rows of two files naming no city would be taken for one file's."""
    if len({name for _, name in items}) == len(items):  # every name its own: nothing to tell apart
        return list(items)
    paths: dict[str, set[Path]] = {}
    for path, name in items:
        paths.setdefault(name, set()).add(path.absolute())
    renamed: dict[Path, str] = {}
    for name, same in paths.items():
        if len(same) < 2:
            continue
        depth = name.count("/") + 1
        while True:
            depth += 1
            wider = {p: "/".join(p.parts[-depth:]) for p in same}
            if len(set(wider.values())) == len(same) or all(depth >= len(p.parts) for p in same):
                renamed.update(wider)
                break
    return [(path, renamed.get(path.absolute(), name)) for path, name in items]


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
    ``annexes`` (each annex table's printed columns, title, label and remark),
    ``records`` (one row per message of a message log, with its deadline and class) and
    ``findings`` (what validation reports). ``inputs`` says how each input file fared.
    """

    handling: pd.DataFrame = field(default_factory=lambda: schema.frame("handling"))
    problems: pd.DataFrame = field(default_factory=lambda: schema.frame("problems"))
    headline: pd.DataFrame = field(default_factory=lambda: schema.frame("headline"))
    notices: pd.DataFrame = field(default_factory=lambda: schema.frame("notices"))
    mentions: pd.DataFrame = field(default_factory=lambda: schema.frame("mentions"))
    extras: pd.DataFrame = field(default_factory=lambda: schema.frame("extras"))
    annexes: pd.DataFrame = field(default_factory=lambda: schema.frame("annexes"))
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
        """The period, the previous period and the publisher a report on this data is of.

        Parameters
        ----------
        period : str or pandas.Period, optional
            Default: the publisher's latest.
        previous : str or pandas.Period, optional
            Default: the one before ``period`` in the same publisher's data, of the same
            frequency.
        publisher : str, optional
            Default: the only one of the period; ``None`` for the one input file whose rows
            name none.

        Returns
        -------
        tuple of (pandas.Period, pandas.Period or None, str or None)
            ``(period, previous, publisher)``.

        Raises
        ------
        ValueError
            In Chinese, when the publisher or the period has no data or several publishers
            compete.
        """
        from govstats.dataset.scoping import settle

        return settle(self, period, previous, publisher)

    def scope(
        self, publisher: str | None, period: str | pd.Period | None = None, *, until: bool = True
    ) -> Dataset:
        """This data cut down to one publisher.

        Parameters
        ----------
        publisher : str or None
            The publisher; ``None``: the one input file whose rows of ``period`` name none.
        period : str or pandas.Period, optional
            Its rows of the periods up to this one; without it, every period of the
            publisher and the findings of each.
        until : bool, default True
            ``False``: the rows of ``period`` alone.

        Returns
        -------
        Dataset
            Those rows, the findings of that period's sheets and files, the inputs used.
        """
        from govstats.dataset.scoping import scope
        from govstats.periods import parse_period

        return scope(self, publisher, None if period is None else parse_period(period), until=until)

    def write(self, outdir: PathLike) -> list[Path]:
        """Write every table as ``<name>.csv`` (UTF-8 with BOM) and ``<name>.parquet``.

        Parameters
        ----------
        outdir : str or os.PathLike
            The folder (made when missing).

        Returns
        -------
        list of pathlib.Path
            The files written, all of them replacing the previous ones together or not at all.

        Raises
        ------
        govstats.errors.OutputError
            When ``outdir`` cannot be written; it then holds what it held before.
        """
        from govstats.dataset.writing import write_tables

        return write_tables(self.tables(), Path(outdir))

    def __add__(self, other: Dataset) -> Dataset:
        if not isinstance(other, Dataset):
            return NotImplemented
        return concat([self, other])

    def add_to(self, folder: PathLike) -> dict:
        """Add these tables to a dataset folder as one run of its manifest.

        Other inputs' partitions are left as they are, and what these inputs wrote before is
        replaced.

        Parameters
        ----------
        folder : str or os.PathLike
            The dataset folder (hive-partitioned Parquet).

        Returns
        -------
        dict
            The run's manifest record.
        """
        from govstats.dataset.store import add_run

        return add_run(self.tables(), self.inputs, folder)

    def for_xml(self, what: str) -> Dataset:
        """A copy whose every text a Word or Excel file (XML) can hold.

        Parameters
        ----------
        what : str
            The document, as the findings name it (Word文档, Excel工作簿).

        Returns
        -------
        Dataset
            The copy, with a warning finding (``xml-illegal-character``) for each text that
            lost characters; itself when nothing is lost.
        """
        from govstats.safe import xml_safe_tables

        tables, said = xml_safe_tables(self.tables(), what)
        if not said:
            return self
        out = Dataset(**tables)
        out.findings = pd.concat([tables["findings"], schema.frame("findings", said)], ignore_index=True)
        out.inputs = self.inputs
        return out

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(df)}" for name, df in self.tables().items())
        return f"<Dataset {sizes}; {len(self.inputs)} inputs, {len(self.unreadable)} unreadable>"


def concat(datasets: list[Dataset]) -> Dataset:
    """One :class:`Dataset` of several (``ds1 + ds2`` is the same).

    Parameters
    ----------
    datasets : list of Dataset
        The datasets, in order.

    Returns
    -------
    Dataset
        Every table's rows in order, each keeping its publisher, period and source; the
        inputs of all. Two different files shown under one name (``附件.csv`` of two loads)
        are named apart as :func:`load` names them (``a/附件.csv``, ``b/附件.csv``): a name is
        a file's identity, and the rows of two files that name no city are never taken for
        one file's.
    """
    datasets = _named_apart(list(datasets))
    out = Dataset(
        **{name: schema.concat(name, [getattr(d, name) for d in datasets]) for name in schema.TABLES}
    )
    out.inputs = [s for d in datasets for s in d.inputs]
    return out


def _named_apart(datasets: list[Dataset]) -> list[Dataset]:
    """``datasets`` with every input named as no other file of them is."""
    items = [(s.path, s.file) for d in datasets for s in d.inputs]
    names = iter(distinct_names(items))
    out = []
    for d in datasets:
        renamed = {}
        for s in d.inputs:
            _, name = next(names)
            if name != s.file:
                renamed[s.file] = name
        out.append(_renamed(d, renamed) if renamed else d)
    return out


def _renamed(d: Dataset, renamed: dict[str, str]) -> Dataset:
    """A copy of ``d`` whose inputs ``renamed`` (old name: new) carry their new names, in
    every row's ``source`` and every finding's ``file``."""
    tables = {}
    for name, table in d.tables().items():
        table = table.copy()
        # every row matched by its name before any is renamed (a new name may be another's old)
        files = table["source"].astype("string").str.extract(SOURCE_FILE, expand=False)
        named = table["file"].astype("string") if "file" in table else None
        for old, new in renamed.items():
            mine = (files == old).fillna(False).to_numpy()
            if mine.any():
                table.loc[mine, "source"] = new + table.loc[mine, "source"].str.slice(len(old))
            if named is not None:
                table.loc[(named == old).fillna(False).to_numpy(), "file"] = new
        tables[name] = table
    out = Dataset(**tables)
    out.inputs = [InputStatus(renamed.get(s.file, s.file), s.path, s.format, s.error) for s in d.inputs]
    return out
