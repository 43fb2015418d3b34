"""Discrete-event policy simulator (issue 5): replays demand through the real ranking engine."""

from plaatsregie.simulation.compiled import use_sources

COMPILED = use_sources()  # the compiled event side when it is that of these sources (`compiled.py`)
