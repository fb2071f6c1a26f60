"""The words offices print, as data in one place that every stage reads, each word defined
once: the parts table headers are made of and row markers (:mod:`.tables`); a message log's
column and status words (:mod:`.logs`); the channels and the kinds of list, and the words naming them
(:mod:`.channels`); a narrative's measure words, bounds, changes, metrics and tiers
(:mod:`.narratives`); a notice's metadata fields, title words and the words around a period
(:mod:`.notices`); the words a period is written with (:mod:`.periods`); the administrative levels and title words around a publisher's name
(:mod:`.places`); the kinds of problem websites and accounts are listed under
(:mod:`.problems`)."""

import re


def either(words) -> str:
    """A pattern matching any of ``words`` (each taken literally), in their order: the
    stages build their patterns from the words here rather than writing the words again."""
    return "|".join(map(re.escape, words))
