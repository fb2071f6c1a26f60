"""The words offices print, as data in one place that every stage reads: each word is
defined once. :mod:`.tables` holds the parts table headers are made of, row markers,
channels and the words of message logs."""
