"""Triage: the first read of every report. Routing suggestions (agency, substance,
maladministration form, region, channel) from models trained on the office's own decided cases,
probable duplicates, and mass-complaint groups. Staff decide; every suggestion and decision is
logged so acceptance can be measured. Nothing here runs in the intake request: a committed case
is triaged by ``aduan.intake.tasks.case_received_task`` (decision 0026)."""
