"""A minimal Django project serving django-helpdesk 2.6.1, the peer ``python -m bench intake``
measures Aduan's intake against. It runs in its own virtualenv (``var/bench/helpdesk-venv``),
never in Aduan's: see ``bench/intake.py``."""
