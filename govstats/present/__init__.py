"""Stage 7, present: what people read, one folder per product. The briefing
(:mod:`.briefing`), the Excel workbook (:mod:`.workbook`), the Word draft of the notice
(:mod:`.word`) and the charts (:mod:`.charts`, which the briefing draws with too); beside
them what several share: the annexes as offices print them (:mod:`.annex`), any table for
reading (:mod:`.zh`) and the CJK fonts (:mod:`.fonts`). A product imports no other product."""
