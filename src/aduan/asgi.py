"""ASGI entry point: ``uvicorn aduan.asgi:application``."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")
application = get_asgi_application()
