"""What each total row of a table totals: the whole table (合计), or one group of its rows
(小计, 市直单位小计, 区县合计, 其中：市直单位). A subtotal is never a unit: it is checked
against the rows it totals (``_covers``, read by validation), or said when the table holds
no rows of its group."""

from __future__ import annotations

from govstats.findings import finding
from govstats.schema import COUNT_FIELDS
from govstats.tidy.table import ParsedTable
from govstats.vocabulary import tables as vocab


def _same_group(name: str, tier: str | None) -> bool:
    """市直 names the group 市直单位, 区（市） the group 区(市): one key the other's start."""
    if not tier:
        return False
    a, b = vocab.name_key(name), vocab.name_key(tier)
    return bool(a) and (a.startswith(b) or b.startswith(a))


def settle_totals(t: ParsedTable) -> list[dict]:
    """Set each total's ``_covers`` (the grid rows it totals; ``None`` for the whole table)
    and return the findings for subtotals that cannot be checked."""
    if not t.totals:  # most tables print none: their rows' groups are not needed
        return []
    out = []
    previous = -1  # the row of the total before, where a block of rows ends
    tiers = {rec["tier"] for rec in t.records if rec["tier"]}
    for total in sorted(t.totals, key=lambda rec: rec["_r"]):
        scope = total.get("_scope") or vocab.total_scope(total["unit"] or "") or ("all", None)
        kind, name = scope
        total["_covers"] = None
        if kind == "group":
            total["_covers"] = _covered(t, total, name, tiers, previous)
            if not total["_covers"]:
                out.append(finding("subtotal-row", t.grid.source(total["_r"]), unit=total["unit"]))
        previous = total["_r"]
    return out


def _covered(t: ParsedTable, total: dict, name: str | None, tiers: set, previous: int) -> list[int]:
    """The rows a group's total sums: the group it names, else the group it stands in, else
    the rows since the table's last total (a part, 其中：X, only ever the group it names)."""
    named = [tier for tier in tiers if name and _same_group(name, tier)]
    if len(named) == 1:
        return [rec["_r"] for rec in t.records if rec["tier"] == named[0]]
    if vocab.normalise(total["unit"] or "").startswith(vocab.PART_WORDS):
        return []
    if total["tier"] is not None:
        return [rec["_r"] for rec in t.records if rec["tier"] == total["tier"]]
    # No group rows: the rows since the last total, or, when those do not add up to it and the
    # rows up to the next total do (a subtotal printed above its block), those.
    later = [other["_r"] for other in t.totals if other["_r"] > total["_r"]]
    following = min(later, default=t.grid.n_rows)
    before = [rec for rec in t.records if previous < rec["_r"] < total["_r"]]
    after = [rec for rec in t.records if total["_r"] < rec["_r"] < following]
    chosen = after if (after and _adds_up(after, total)) and not _adds_up(before, total) else before
    return [rec["_r"] for rec in chosen or after]


def _adds_up(rows: list[dict], total: dict) -> bool:
    printed = [f for f in COUNT_FIELDS if total.get(f) is not None]
    return bool(rows and printed) and all(
        None not in (values := [rec[f] for rec in rows]) and sum(values) == total[f] for f in printed
    )
