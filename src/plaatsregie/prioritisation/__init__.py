"""Prioritisation policy versions: which policy file was activated, when, by whom, with its full text (D-25)."""
