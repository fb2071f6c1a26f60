"""Tables researchers cite as files: the panel as CSV, Parquet and a Frictionless Data
Package descriptor (:mod:`.panel`)."""
