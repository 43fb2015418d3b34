"""The follow-up tests stand on the web tests' small world (`site`) and settings."""

from tests.web.conftest import site, web_settings  # noqa: F401 - fixtures shared with the web tests
