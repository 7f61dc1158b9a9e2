"""The public portal: the report form at ``/lapor/``, the receipt, and tracking at ``/lacak/``.

Same shape as every channel: the form (``forms.ReportForm``) becomes a ``Submission`` that goes
through ``aduan.intake.services.submit``; the form's hidden idempotency token is the key, so a
double submit or a refresh returns the first case. Pages work without JavaScript and stay
small. Uploaded JPEG and PNG images lose their metadata (EXIF, GPS) before they are stored
(``uploads.py``). The tracking page finds a case by reference and access code (compared in
constant time, failures rate-limited per address and per reference) and lets the reporter act
through the case services with ``actor=None`` (``services.py``).
"""
