"""SMS in: a generic SMS gateway's webhook ``POST /masuk/sms/``.

The gateway posts a form or JSON with the sender (``from``), our number (``to``), the text
(``text``), its message id (``id``) and, for a long SMS sent in parts, the part's place in the
whole: ``concat_ref``/``part``/``parts`` (or Vonage's ``concat-ref``/``concat-part``/
``concat-total``, or the raw user-data header ``udh`` in hex). It authenticates with the shared
secret ``ADUAN_SMS_WEBHOOK_SECRET``: ``X-Aduan-Signature: sha256=<hex HMAC-SHA256 of the raw
body>``, or, for gateways that can only send a fixed header, ``X-Aduan-Token: <the secret>``
(both compared in constant time). Without the secret the channel is off (404); a wrong
signature gets 403 and nothing is stored; 200 only once the part is stored (``accept``).

Each part is stored once; ``handler.handle`` joins the parts in order when all have arrived
and hands the text to ``conversation.text_received`` (a new case, or more words on the
sender's open case). Replies go out through ``aduan.messaging`` (``ADUAN_SMS_SEND_URL``).

Files: ``parse.py`` (what arrives → ``SmsPart``, signature check), ``views.py`` (the webhook),
``urls.py``, ``handler.py`` (stored part → case).
"""
