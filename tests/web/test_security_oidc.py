"""OpenID Connect is switched on by configuration alone (PLAATSREGIE_OIDC_ENABLED=1 and the endpoints): then the
backend that only matches existing users is installed and /oidc/authenticate/ sends the browser to the identity
platform. Settings are read at start-up, so a fresh interpreter proves it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

AUTHORIZE = "https://idp.example.invalid/oauth2/authorize"

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.contrib.auth import get_backends
from django.test import Client
settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"  # no database needed for the probe
from plaatsregie.accounts.oidc import ExistingUsersOnly
response = Client(HTTP_HOST="localhost").get("/oidc/authenticate/")
print(json.dumps({
    "backend": any(isinstance(b, ExistingUsersOnly) for b in get_backends()),
    "create_user": getattr(settings, "OIDC_CREATE_USER", None),
    "status": response.status_code,
    "location": response.get("Location", ""),
}))
"""


def _probe(tmp_path: Path, **env: str) -> dict[str, object]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PLAATSREGIE_")}
    environment |= {"DJANGO_SETTINGS_MODULE": "plaatsregie.web.settings", "PLAATSREGIE_SECRET_KEY": "test-only",
                    "PLAATSREGIE_DATA_DIR": str(tmp_path),
                    "PLAATSREGIE_DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}", **env}
    done = subprocess.run([sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_oidc_switched_on_redirects_to_the_identity_platform(tmp_path: Path) -> None:
    result = _probe(tmp_path, PLAATSREGIE_OIDC_ENABLED="1", PLAATSREGIE_OIDC_CLIENT_ID="plaatsregie",
                    PLAATSREGIE_OIDC_CLIENT_SECRET="geheim", PLAATSREGIE_OIDC_AUTHORIZATION_ENDPOINT=AUTHORIZE,
                    PLAATSREGIE_OIDC_TOKEN_ENDPOINT="https://idp.example.invalid/oauth2/token",
                    PLAATSREGIE_OIDC_USER_ENDPOINT="https://idp.example.invalid/oauth2/userinfo")
    assert result["backend"] is True
    assert result["create_user"] is False  # roles come from an administrator: unknown identities get nothing
    assert result["status"] == 302
    location = urlparse(str(result["location"]))
    assert f"{location.scheme}://{location.netloc}{location.path}" == AUTHORIZE
    query = parse_qs(location.query)
    assert query["client_id"] == ["plaatsregie"] and query["response_type"] == ["code"]
    assert "state" in query and "nonce" in query


def test_oidc_is_off_unless_switched_on(tmp_path: Path) -> None:
    result = _probe(tmp_path)
    assert result["backend"] is False
    assert result["status"] == 404
