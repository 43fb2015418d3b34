"""WSGI entry point for an application server (gunicorn plaatsregie.web.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plaatsregie.web.settings")
application = get_wsgi_application()
