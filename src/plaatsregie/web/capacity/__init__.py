"""Capacity at a glance: available and freeing places per module type and region — no personal data (judges)."""
