"""The desk: staff record the reports that reach the office on paper or in person (walk-in,
phone, letter, complaint box, On The Spot, posko, Nampel).

Same shape as every channel: the form is parsed (``forms``) into an
``aduan.intake.services.Submission`` (``services.desk_submission``) and handed to ``submit``,
which commits the case before the page answers; the printed receipt (tanda terima) is shown
only after that. A single report and every row of a batch carry an idempotency key (a token
in the form, the user and the row), so a double click or a resubmitted batch makes nothing twice.

Pages (back office, ``/kantor/terima/``): the fast form, the batch of paper forms, the receipt;
templates in ``aduan/intake/templates/desk/``.
"""
