"""Pages of the referrer area."""
