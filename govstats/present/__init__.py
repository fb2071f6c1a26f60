"""Stage 7, present: what people read. Charts (:mod:`.plot`, :mod:`.plot_notices`, their
look in :mod:`.plot_style`, the CJK font in :mod:`.fonts`), the Excel workbook
(:mod:`.export`), the briefing's content (:mod:`.briefing`) and HTML pieces
(:mod:`.rendering`), and ``govstats report`` (:mod:`.report`)."""
