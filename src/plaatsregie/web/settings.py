"""The one settings module. Everything that differs per machine comes from the environment, with safe defaults:
SQLite in ./var, debug off unless PLAATSREGIE_DEBUG=1."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(
    os.environ.get("PLAATSREGIE_DATA_DIR")
    or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "plaatsregie"
)
DEBUG = os.environ.get("PLAATSREGIE_DEBUG", "") == "1"


def _secret_key() -> str:
    """From the environment; else one generated once and kept in the data directory."""
    if key := os.environ.get("PLAATSREGIE_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("PLAATSREGIE_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "plaatsregie.accounts",
    "plaatsregie.registry",
    "plaatsregie.waiting",
    "plaatsregie.placement",
    "plaatsregie.prioritisation",
    "plaatsregie.simruns",
    "django_tasks",
    "django_tasks_db",
    "plaatsregie.followup",
    "rest_framework",  # the REST API (issue 7)
    "drf_spectacular",
    "plaatsregie.api",
    "plaatsregie.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "plaatsregie.web.middleware.DutchUnlessChosen",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "plaatsregie.web.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Log in: Django's own users and strong hashing (Argon2 would need a C library; PBKDF2 with Django's
# iteration count is the maintained default), throttled by django-axes, object rules by `rules`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AXES_FAILURE_LIMIT = int(os.environ.get("PLAATSREGIE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours: a locked account may try again after 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False

# A second factor (TOTP) for the roles that see every youth's file or manage the system. The demo may switch
# it off (PLAATSREGIE_DEMO=1, set by `make demo` only); the interface then says so on every page.
PLAATSREGIE_DEMO = os.environ.get("PLAATSREGIE_DEMO", "") == "1"
PLAATSREGIE_SECOND_FACTOR_REQUIRED = not PLAATSREGIE_DEMO
OTP_TOTP_ISSUER = "Plaatsregie"

# OpenID Connect (a government identity platform) is switched on by configuration alone.
PLAATSREGIE_OIDC = os.environ.get("PLAATSREGIE_OIDC_ENABLED", "") == "1"
if PLAATSREGIE_OIDC:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(1, "plaatsregie.accounts.oidc.ExistingUsersOnly")
    OIDC_RP_CLIENT_ID = os.environ["PLAATSREGIE_OIDC_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("PLAATSREGIE_OIDC_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("PLAATSREGIE_OIDC_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["PLAATSREGIE_OIDC_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["PLAATSREGIE_OIDC_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["PLAATSREGIE_OIDC_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("PLAATSREGIE_OIDC_JWKS_ENDPOINT", "")
    OIDC_CREATE_USER = False  # roles are given by an administrator; an unknown identity gets no access

# Security headers. HSTS and secure cookies are switched on where the site is served over HTTPS.
_HTTPS = os.environ.get("PLAATSREGIE_HTTPS", "") == "1"
SECURE_HSTS_SECONDS = 31_536_000 if _HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS
SECURE_SSL_REDIRECT = _HTTPS
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _HTTPS else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

EMAIL_BACKEND = os.environ.get("PLAATSREGIE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("PLAATSREGIE_FROM_EMAIL", "plaatsregie@localhost")

# Workflow settings (seed 002 §3.5); each may be overridden per deployment through the environment.
PLAATSREGIE_OFFER_RESPONSE_WORKING_DAYS = int(os.environ.get("PLAATSREGIE_OFFER_RESPONSE_WORKING_DAYS", "3"))
PLAATSREGIE_COLLECTIVE_CASE_REFUSALS = int(os.environ.get("PLAATSREGIE_COLLECTIVE_CASE_REFUSALS", "3"))
PLAATSREGIE_STALE_AFTER_DAYS = int(os.environ.get("PLAATSREGIE_STALE_AFTER_DAYS", "42"))

# Follow-up by facility policy (seed 002 Stap 7, D-30). Go-live: the day central placement started; the seed
# says "vanaf de opstart in september tot het einde van het jaar" and plans beyond 2026, so 1/9/2026 by default.
# The intensive follow-up period runs from go-live to 31/12 of that year unless set explicitly (YYYY-MM-DD).
PLAATSREGIE_GO_LIVE = os.environ.get("PLAATSREGIE_GO_LIVE", "2026-09-01")
PLAATSREGIE_INTENSIVE_FOLLOWUP_FROM = os.environ.get("PLAATSREGIE_INTENSIVE_FOLLOWUP_FROM", PLAATSREGIE_GO_LIVE)
PLAATSREGIE_INTENSIVE_FOLLOWUP_UNTIL = os.environ.get(
    "PLAATSREGIE_INTENSIVE_FOLLOWUP_UNTIL", f"{PLAATSREGIE_GO_LIVE[:4]}-12-31")
# The monthly capacity registration check: a place unavailable longer than this many days (at the end of the
# month) is structurally unavailable; a facility whose occupancy over the month is below this share is flagged.
PLAATSREGIE_CHECK_UNAVAILABLE_DAYS = int(os.environ.get("PLAATSREGIE_CHECK_UNAVAILABLE_DAYS", "30"))
PLAATSREGIE_CHECK_LOW_OCCUPANCY = float(os.environ.get("PLAATSREGIE_CHECK_LOW_OCCUPANCY", "0.80"))

# Background simulation runs (issue 5): django-tasks with its database backend; `plaatsregie db_worker` runs
# them (`make demo` starts one). Scenarios to choose from on the web: the TOML files in this directory.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PLAATSREGIE_SCENARIO_DIR = Path(os.environ.get("PLAATSREGIE_SCENARIO_DIR") or BASE_DIR.parent.parent / "scenarios")
PLAATSREGIE_SIMULATION_WORKERS = int(os.environ["PLAATSREGIE_SIMULATION_WORKERS"]) if os.environ.get(
    "PLAATSREGIE_SIMULATION_WORKERS") else None  # processes per run; default all cores

# The REST API (issue 7, docs/api.md): token auth for systems, the session (with CSRF) for the browser; JSON
# errors with stable codes; rate limits per token (a token's own `rate` overrides "token"). The throttle
# counters live in the default cache: per process unless a shared cache is configured.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["plaatsregie.api.auth.TokenAuthentication",
                                       "plaatsregie.api.auth.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["plaatsregie.api.auth.RoleAndScope"],
    "DEFAULT_THROTTLE_CLASSES": ["plaatsregie.api.auth.TokenRateThrottle", "plaatsregie.api.auth.SessionRateThrottle",
                                 "plaatsregie.api.auth.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("PLAATSREGIE_API_TOKEN_RATE", "1200/min"),
                               "user": os.environ.get("PLAATSREGIE_API_USER_RATE", "600/min"),
                               "anon": os.environ.get("PLAATSREGIE_API_ANON_RATE", "60/min")},
    "DEFAULT_PAGINATION_CLASS": "plaatsregie.api.listing.Pages",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "plaatsregie.api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "plaatsregie.api.errors.handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Plaatsregie API",
    "DESCRIPTION": "Central placement of youths in residential youth care: places, capacity reports, requests, "
                   "candidate lists, offers, admissions and monitoring. See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {"NeedEnum": "plaatsregie.api.serializers.NEED_CHOICES"},
}

ROOT_URLCONF = "plaatsregie.web.urls"
WSGI_APPLICATION = "plaatsregie.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "plaatsregie.web.context.navigation",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = os.environ.get("PLAATSREGIE_DATABASE_URL", f"sqlite:///{DATA_DIR / 'plaatsregie.sqlite3'}")
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # SQLite ignores select_for_update: take the write lock at BEGIN and wait for it, so the
        # embedded default cannot interleave two placements on one place.
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
        config["CONN_MAX_AGE"] = 0
        Path(str(config["NAME"])).parent.mkdir(parents=True, exist_ok=True)
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
# Belgian dates (dd/mm/jjjj) whatever the language: our own format modules override Django's.
FORMAT_MODULE_PATH = ["plaatsregie.web.formats"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PLAATSREGIE_LOG_LEVEL", "WARNING")},
}
