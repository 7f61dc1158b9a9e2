"""WhatsApp in: the WhatsApp Business Cloud API webhook at ``/masuk/whatsapp/``.

``GET`` is Meta's verification handshake: ``hub.mode=subscribe`` and ``hub.verify_token`` equal
to ``ADUAN_WHATSAPP_VERIFY_TOKEN`` → the ``hub.challenge`` is echoed. ``POST`` carries
``X-Hub-Signature-256: sha256=<HMAC-SHA256 of the raw body with ADUAN_WHATSAPP_APP_SECRET>``,
checked in constant time (forged: 403, nothing stored); without the app secret the channel is
off (404). Each message in ``entry[].changes[].value.messages[]`` is stored once by its wamid
(``accept``) before the 200. Of the delivery statuses (``statuses[]``) only a failure is
kept: the message sent is marked failed (``messaging.services.gateway_reported_failure``).

``handler.handle`` turns a stored message into a new case or a note on the sender's open case
(``conversation.text_received``); a photo or document is stored as a second inbound message of
channel ``whatsapp-media`` whose handler fetches it from the Graph API
(``messaging.gateways.whatsapp_media``) and attaches it to the case, retried by the sweeper
when the fetch fails. Replies go out through ``aduan.messaging`` (``ADUAN_WHATSAPP_TOKEN``,
``ADUAN_WHATSAPP_PHONE_NUMBER_ID``).

Files: ``parse.py`` (signature, messages of a payload), ``views.py`` (the webhook), ``urls.py``,
``handler.py`` (stored message → case; stored media → document).
"""
