"""Discrete-event policy simulator (issue 5): replays demand through the real ranking engine."""
