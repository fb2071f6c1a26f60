"""The Excel workbook: what goes on which sheet (:mod:`.export`, with the tidy tables as
CSV/Parquet) and how each sheet is laid out on A4 (:mod:`.layout`)."""
