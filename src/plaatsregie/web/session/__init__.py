"""Logging in and out, the second factor, and the start page of each role."""
