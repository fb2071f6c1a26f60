"""Package data: the briefing notebook and the editable alias table."""
