"""Pages of the team area."""
