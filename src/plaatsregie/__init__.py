"""Plaatsregie: central placement and capacity management for residential youth care."""

__version__ = "0.1.0"
