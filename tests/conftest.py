"""Shared test set-up. Core tests need no database; integration tests run on whichever database
PLAATSREGIE_DATABASE_URL names (the test command runs the suite on SQLite and on PostgreSQL)."""
