"""The HTML briefing of one publisher's period: its sections (:mod:`.sections`), the
narratives' figures (:mod:`.headline`), which charts are worth drawing (:mod:`.charts`),
HTML pieces (:mod:`.rendering`), and the notebook beside them run and exported as one page
(:mod:`.report`, with ``briefing.ipynb`` and ``briefing_template/``)."""
