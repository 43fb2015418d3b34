"""Simulation runs started from the web application and run in the background (issue 5)."""
