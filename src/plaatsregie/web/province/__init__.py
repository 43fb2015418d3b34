"""Pages of the province area."""
