"""Agency complaint-unit mode: the SP4N-LAPOR! rules (DOMAIN.md §7) on the case engine.

The same services, states and clocks as the Ombudsman workflow; only the rules table in
``aduan.sp4n.rules`` differs. An office of kind ``unit_pengaduan`` receives a report into the
3-working-day verification clock (the hook in ``cases.services._receive_into_track``), forwards it
to the handling unit (``sp4n_forward``), records the follow-up (``sp4n_followup_answered``), and
the sweeper closes it when the reporter does not reply within 10 working days.
"""
