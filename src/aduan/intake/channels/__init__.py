"""One sub-package per way in (e-mail, SMS, WhatsApp, Open311, the public portal, the desk).

Each has the same shape: it turns what arrives into an ``aduan.intake.services.Submission`` and
hands it to ``aduan.intake.services.submit`` (the one door, which calls
``cases.services.case_receive``). Channels that receive from machines first store the raw message
durably with ``services.accept`` (deduplicated by the sender's message id) and process it in a
task registered with ``services.handler``; a failure is retried by the sweeper, so nothing is
lost and nothing is made twice.
"""

# Modules that register inbound handlers; imported when the app is ready.
HANDLER_MODULES: tuple[str, ...] = (
    "aduan.intake.channels.email.handler",
    "aduan.intake.channels.open311.handler",
    "aduan.intake.channels.sms.handler",
    "aduan.intake.channels.whatsapp.handler",
)
