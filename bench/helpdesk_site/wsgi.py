"""WSGI entry point of the peer project (``gunicorn bench.helpdesk_site.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.helpdesk_site.settings")
application = get_wsgi_application()
