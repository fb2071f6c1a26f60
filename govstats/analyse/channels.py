"""What a publisher calls each channel: its own name for its mailbox (部门信箱, 市长信箱,
省长信箱) as its tables and narratives print it, else the generic word."""

from __future__ import annotations

from collections import Counter

from govstats.labels import CHANNELS
from govstats.schema import of_publisher
from govstats.vocabulary.channels import mailbox_name


def channel_names(dataset, publisher: str | None) -> dict[str, str]:
    """What ``publisher`` calls each channel: the mailbox as its tables' titles
    (``channel_raw``) or its narratives (“省长信箱”共收到…) name it most often, else the
    generic words of :data:`CHANNELS`."""
    h, said = dataset.handling, dataset.headline
    h = h[of_publisher(h, publisher)]
    said = said[of_publisher(said, publisher) & (said["channel"] == "mailbox")]
    quoted = [mailbox_name(q) for q in said["quote"].dropna()]
    names = {}
    for c, generic in CHANNELS.items():
        printed = [*h.loc[h["channel"] == c, "channel_raw"], *(quoted if c == "mailbox" else ())]
        seen = Counter(p for p in printed if isinstance(p, str) and p)
        names[c] = seen.most_common(1)[0][0] if seen else generic
    return names
