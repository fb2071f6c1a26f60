"""The Word draft of the notice (通报): the document (:mod:`.draft`), what it says
(:mod:`.text`), its GB/T 9704 page and type (:mod:`.layout`)."""
