"""Charts (matplotlib figures with Chinese labels): the handling tables' (:mod:`.plot`), the
notices' own figures and problems (:mod:`.notices`), and the look they share
(:mod:`.style`)."""
