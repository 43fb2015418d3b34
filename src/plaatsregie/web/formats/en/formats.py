"""Belgian dates in the English interface too: the Dutch formats (dd/mm/yyyy, 24-hour clock)."""

from plaatsregie.web.formats.nl.formats import *  # noqa: F403
