"""Pages of the facility area."""
