"""The pure domain core: no Django, no database. Time and randomness are parameters."""
