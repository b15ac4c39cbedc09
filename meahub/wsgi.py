"""WSGI entry point for gunicorn: ``gunicorn meahub.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meahub.settings")
application = get_wsgi_application()
