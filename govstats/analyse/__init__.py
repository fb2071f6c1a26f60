"""Stage 6, analyse: rates, rankings and league tables (:mod:`.metrics`), period over
period (:mod:`.trends`), unit names mapped across notices (:mod:`.aliases`), repeat
offenders (:mod:`.offenders`), what a publisher calls its channels (:mod:`.channels`) and
the narrative paragraph drafted from the data (:mod:`.drafting`)."""
