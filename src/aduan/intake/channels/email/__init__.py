"""E-mail in: a raw message piped by the mail server to ``aduan ingest-email``, or fetched by
the worker's IMAP poller (``imap.poll_imap``, on when ``ADUAN_IMAP_HOST`` is set).

- ``parse``: the raw message → ``Mail`` (body, files, forwarded mail, machine mail detected);
  ``htmltext``: HTML-only bodies → readable text.
- ``services``: ``store`` (``accept`` once by Message-ID), the thread lookup, and
  ``case_add_reporter_mail`` (a reporter's reply on an existing case).
- ``handler``: the ``@handler("email")`` that turns a stored message into a case, a reply on a
  case, or nothing (auto-replies, bounces).

The receipt goes back by mail (``cases.tasks.send_receipt_task``), threaded on the reporter's
Message-ID.
"""
