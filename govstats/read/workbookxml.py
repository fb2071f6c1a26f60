"""What a workbook's own parts say before calamine reads it: which part each sheet is (the
workbook and its relationships, parsed once), which shared-strings parts calamine will
read, and whether a strings part claims more strings than it holds."""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from govstats.read.safety import CheckedZip

T = TypeVar("T")


class _Attr:
    """``\\bname="…"``: an attribute whose name starts a word, found as the regex would,
    but by its literal name first (a pattern starting with ``\\b`` is tried at every byte)."""

    __slots__ = ("_pattern",)

    def __init__(self, pattern: bytes) -> None:
        self._pattern = re.compile(pattern)

    def search(self, tag: bytes) -> re.Match | None:
        m = self._pattern.search(tag)
        while m is not None and (i := m.start()) and (tag[i - 1 : i].isalnum() or tag[i - 1] == 95):
            m = self._pattern.search(tag, i + 1)  # inside a longer name (sheetId="…"): the next one
        return m


_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_REL_ID = _Attr(rb'Id="([^"]+)"')
_REL_TARGET = re.compile(rb'Target="([^"]+)"')
_STRINGS_TYPE = _Attr(rb'Type="[^"]*/sharedStrings"')
_STRINGS_TARGET = _Attr(rb'Target="([^"]+)"')
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_SHEET_NAME = _Attr(rb'name="([^"]*)"')
_SHEET_RID = _Attr(rb'r:id="([^"]*)"')
_SHEET_ID = _Attr(rb'id="([^"]*)"')


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


@functools.lru_cache(maxsize=256)  # the same few targets in workbook after workbook
def _in_xl(target: str) -> str:
    target = target.lstrip("/")
    return posixpath.normpath(target if target.startswith("xl/") else "xl/" + target)


class Relationships:
    """The workbook's relationships (``xl/_rels/workbook.xml.rels``), read once: the
    target of each id, and the shared-strings targets."""

    __slots__ = ("raw", "strings", "targets")

    def __init__(self, zf: CheckedZip) -> None:
        try:
            self.raw = zf.read("xl/_rels/workbook.xml.rels")
        except KeyError:
            self.raw = b""
        self.targets, self.strings = _relationships(self.raw)


def _once_per_part(parse: Callable[..., T]) -> Callable[..., T]:
    """``parse`` of parts (bytes) worked out once per distinct parts, not per workbook: a
    generator writes the same relationships and workbook part for every workbook of the same
    sheets (3 and 4 distinct over 1,000 varied files). The answers are shared: nothing changes
    them. Large parts (thousands of sheets) are parsed each time, not kept."""
    kept = functools.lru_cache(maxsize=64)(parse)
    return lambda *parts: (kept if sum(map(len, parts)) <= 2**16 else parse)(*parts)


@_once_per_part
def _relationships(rels: bytes) -> tuple[dict[str, str], tuple[str, ...]]:
    targets: dict[str, str] = {}
    strings: list[str] = []
    has_strings = b"/sharedStrings" in rels  # once for the part, not once per tag (most have none)
    for m in _REL_TAG.finditer(rels):
        tag = m.group(0)
        rid, target = _REL_ID.search(tag), _REL_TARGET.search(tag)
        if rid and target:
            targets[_text(rid.group(1))] = _text(target.group(1))
        if (
            has_strings
            and b"/sharedStrings" in tag
            and _STRINGS_TYPE.search(tag)
            and (target := _STRINGS_TARGET.search(tag))
        ):
            strings.append(_text(target.group(1)))
    return targets, tuple(strings)


def sheet_parts(zf: CheckedZip, rels: Relationships) -> dict[str, str]:
    """Sheet name → the part its relationship names, from the workbook and its
    relationships, resolved as a path inside the archive."""
    try:
        wb = zf.read("xl/workbook.xml")
    except KeyError:
        return {}
    if "xl/_rels/workbook.xml.rels" not in zf:
        return {}
    return dict(_sheet_parts(wb, rels.raw))  # its own: the answer is shared


@_once_per_part
def _sheet_parts(wb: bytes, rels: bytes) -> dict[str, str]:
    targets = _relationships(rels)[0]
    out = {}
    for m in _SHEET_TAG.finditer(wb):
        tag = m.group(0)
        name = _SHEET_NAME.search(tag)
        rid = _SHEET_RID.search(tag) or _SHEET_ID.search(tag)
        if name and rid and (target := targets.get(_text(rid.group(1)))) is not None:
            out[html.unescape(_text(name.group(1)))] = _in_xl(target)
    return out


def shared_strings_parts(zf: CheckedZip, rels: Relationships) -> set[str]:
    """The shared-strings parts calamine reads: the one the workbook's relationships name,
    and xl/sharedStrings.xml."""
    out = {"xl/sharedStrings.xml", *map(_in_xl, rels.strings)}
    return {p for p in out if p in zf}


_UNIQUE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?sst\b[^>]*?\buniqueCount="(\d+)"')
_SI = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")


def strings_overclaimed(xml: bytes) -> tuple[int, int] | None:
    """``(claimed, present)`` when a shared-strings part declares far more strings than it
    holds: calamine reserves memory for every declared one before reading the first."""
    m = _UNIQUE.search(xml, 0, 4096)
    if m is None:
        return None
    claimed = int(m.group(1))
    present = len(_SI.findall(xml)) if claimed > 1000 else claimed
    return (claimed, present) if claimed > 2 * present + 1000 else None
