"""Rows in the order the dataset folder stores them: by period (one file each), then
publisher, channel and unit, missing values last.

A national collection is converted to Arrow once, its chunks combined once, its periods
found from the Period array's integer ordinals (never as objects), and its rows put in
order by one ``take``; the sort keys are dictionary-encoded first, so the ``take`` gathers
small integers for them and Parquet writes their dictionaries as they are.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd


def arrow_rows(frame: pd.DataFrame, table: str, owners: tuple[np.ndarray, list[str]]):
    """``frame``'s rows as the stored table's Arrow rows, ``input_key`` from ``owners``
    (codes into keys), text of few distinct values dictionary-encoded, so that reordering
    gathers small integers for it."""
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa

    from govstats.dataset.layout import INPUT_KEY, arrow_schema

    columns = arrow_schema(table)
    stored = [c for c in columns.names if c != INPUT_KEY]
    codes, keys = owners
    rows = pa.Table.from_pandas(frame[stored], schema=columns.remove(len(stored)), preserve_index=False)
    with ThreadPoolExecutor(2) as pool:  # Arrow releases the GIL
        out = list(pool.map(_compact, rows.columns))
    out.append(pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), pa.array(keys, pa.string())))
    return pa.Table.from_arrays(out, names=[*stored, INPUT_KEY])


def _compact(column):
    """``column`` ready to be reordered: text of few distinct values (a sample of it says
    so) as one dictionary-encoded chunk, anything else as it is (a chunked ``take`` gathers
    a loaded collection's file-sized chunks faster than combining them first)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_string(column.type):
        return column
    sample = column.slice(0, 4096)
    if len(sample) and pc.count_distinct(sample).as_py() * 4 > len(sample):
        return column
    return pc.dictionary_encode(column.combine_chunks())


def by_period(rows, periods: pd.Series, keys: Sequence[str]) -> Iterator[tuple[object, object]]:
    """``rows`` cut into each period's rows (``periods`` the frame's period column),
    each sorted by ``keys``: (period, Arrow table) per period."""
    values = periods.array
    codes, uniques = pd.factorize(values)  # a PeriodArray factorizes its int64 ordinals
    codes = np.where(codes < 0, len(uniques), codes)  # missing period last
    ranked = np.argsort(np.argsort(np.array([str(u) for u in uniques], dtype=object), kind="stable"))
    lead = np.append(ranked, len(uniques))[codes]
    order, encoded = _order(rows, keys, lead, len(uniques) + 1)
    ordered = gathered(encoded, order)
    bounds = np.cumsum(np.bincount(lead, minlength=len(uniques) + 1))
    labels = [*(uniques[i] for i in np.argsort(ranked, kind="stable")), None]
    start = 0
    for label, end in zip(labels, bounds, strict=True):
        if end > start:
            yield label, ordered.slice(start, end - start)
        start = end


def sorted_rows(rows, keys: Sequence[str]):
    """``rows`` (an Arrow table) sorted by ``keys``."""
    order, encoded = _order(rows, keys, np.zeros(rows.num_rows, dtype=np.int64), 1)
    return gathered(encoded, order)


def gathered(rows, order: np.ndarray):
    """``rows`` (an Arrow table) taken in ``order``: a column at a time on two threads
    (Arrow releases the GIL), each column's chunks combined first (a loaded collection's
    ``source`` arrives in one chunk per input; one gather from one buffer is about three
    times faster than from 12,000), unless combined it would not fit one array."""
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa

    indices = pa.array(order)

    def take(column):
        if column.num_chunks > 1:
            with contextlib.suppress(pa.ArrowInvalid, pa.ArrowCapacityError):  # over 2 GB: chunked
                column = column.combine_chunks()
        return column.take(indices)

    with ThreadPoolExecutor(2) as pool:
        columns = list(pool.map(take, rows.columns))
    return pa.Table.from_arrays(columns, schema=rows.schema)


def _order(rows, keys: Sequence[str], lead: np.ndarray, size: int):
    """The stable order of ``rows`` by ``lead`` then ``keys``, and ``rows`` with the key
    columns dictionary-encoded."""
    composite = lead.astype(np.int64)
    for key in keys:
        ranks, n, encoded = _ranks(rows.column(key))
        rows = rows.set_column(rows.schema.get_field_index(key), key, encoded)
        if size * n >= 2**62:  # too many distinct values for one integer: sort by the columns
            return np.lexsort([_ranks(rows.column(k))[0] for k in reversed(keys)] + [lead]), rows
        composite = composite * n + ranks
        size *= n
    return np.argsort(composite, kind="stable"), rows


def _ranks(column) -> tuple[np.ndarray, int, object]:
    """Each value's rank among the column's distinct values (missing last), how many ranks
    there are, and the column dictionary-encoded."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    column = (
        pa.chunked_array(column.chunks, column.type).unify_dictionaries() if column.num_chunks > 1 else column
    )
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    dictionary = column.dictionary
    rank = np.empty(len(dictionary) + 1, dtype=np.int64)
    rank[pc.array_sort_indices(dictionary).to_numpy()] = np.arange(len(dictionary))
    rank[len(dictionary)] = len(dictionary)
    indices = pc.fill_null(column.indices, len(dictionary)).to_numpy(zero_copy_only=False)
    return rank[indices], len(dictionary) + 1, column
