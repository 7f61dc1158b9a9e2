"""Open311 GeoReport v2 at ``/open311/v2/`` (http://wiki.open311.org/GeoReport_v2).

Existing Open311 clients work unchanged: ``services``, ``services/{code}`` (service definition),
``POST requests`` (with an ``api_key``: the secret of an ``aduan.api`` token), ``tokens/{id}``,
``GET requests`` and ``GET requests/{id}``, each as ``.json`` or ``.xml``.

The shape is the one of every machine channel: ``parse.py`` checks a posted request and turns it
into a payload, the view stores it with ``intake.services.accept`` before answering, and
``handler.py`` (registered for the channel ``open311``) turns the stored payload into a
``Submission`` for ``submit``. The view runs the handler at once, so a client normally gets its
``service_request_id`` in the answer; if that fails it gets a ``token`` and the sweeper retries.
``selectors.py`` reads what the public may see (never a reporter's identity, never the content of
a confidential report), ``render.py`` writes JSON and XML. See docs/decisions/0006-open311.md.
"""

CHANNEL = "open311"  # the durable inbox's channel name (Inbound.channel)
CASE_CHANNEL = "api"  # the reference Channel the cases are received through
