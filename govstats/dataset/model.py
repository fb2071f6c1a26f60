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
    ``extras`` (every printed cell of a column the contract has no field for, long) and
    ``findings`` (what validation reports). ``inputs`` says how each input file fared.
    """

    handling: pd.DataFrame = field(default_factory=lambda: schema.frame("handling"))
    problems: pd.DataFrame = field(default_factory=lambda: schema.frame("problems"))
    headline: pd.DataFrame = field(default_factory=lambda: schema.frame("headline"))
    notices: pd.DataFrame = field(default_factory=lambda: schema.frame("notices"))
    mentions: pd.DataFrame = field(default_factory=lambda: schema.frame("mentions"))
    extras: pd.DataFrame = field(default_factory=lambda: schema.frame("extras"))
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
        """``(period, previous, publisher)`` for a report on this data: the period asked for
        (default the latest), the previous one (default the one before it, of the same
        frequency) and the publisher (default the only one of that period).

        Raises ``ValueError`` when the period has no data or several publishers compete.
        """
        from govstats.notice.periods import parse_period

        periods = self.periods()
        if not periods:
            raise ValueError(
                "no period found in the inputs: none names its quarter or month; "
                "give it with --period (2023Q4, 2023-11)"
            )
        current = parse_period(period) if period is not None else periods[-1]
        if current not in periods:
            raise ValueError(f"no data for {current}: the inputs hold {', '.join(map(str, periods))}")
        if previous is not None:
            prev = parse_period(previous)
        else:
            earlier = [p for p in periods if p.freqstr == current.freqstr and p < current]
            prev = earlier[-1] if earlier else None
        if publisher is None:
            found = sorted(
                {
                    p
                    for t in (self.handling, self.headline, self.problems)
                    for p in t.loc[t["period"] == current, "publisher"].dropna()
                }
            )
            if len(found) > 1:
                raise ValueError(f"several publishers for {current} ({'、'.join(found)}): choose one")
            publisher = found[0] if found else None
        return current, prev, publisher

    def write(self, outdir: PathLike) -> list[Path]:
        """Write every table as ``<name>.csv`` (UTF-8 with BOM) and ``<name>.parquet``."""
        from govstats.dataset.writing import write_tables

        return write_tables(self.tables(), Path(outdir))

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(df)}" for name, df in self.tables().items())
        return f"<Dataset {sizes}; {len(self.inputs)} inputs, {len(self.unreadable)} unreadable>"
