"""The states of a case and the moves between them (DOMAIN.md §4).

Only the moves listed in ``MOVES`` exist; every service function asks ``check_move`` before it
changes a case, so no code path can skip a step.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    RECEIVED = "diterima", _("received, awaiting formal verification")
    AWAITING_COMPLETION = "menunggu_kelengkapan", _("waiting for the reporter to complete it")
    MATERIAL_VERIFICATION = "verifikasi_materiil", _("material verification")
    AWAITING_DECISION = "menunggu_pleno", _("waiting for the registration decision")
    RAPID_RESPONSE = "respons_cepat", _("rapid response (RCO)")
    EXAMINATION = "pemeriksaan", _("examination")
    LAHP_RESPONSE = "tanggapan_lahp", _("draft LAHP with the reporter")
    MONITORING = "monitoring", _("monitoring corrective action")
    RESOLUTION = "resolusi_monitoring", _("with Resolution and Monitoring")
    RECOMMENDATION = "rekomendasi", _("recommendation")
    CLOSED = "selesai", _("closed")


OPEN_STATES = frozenset(State) - {State.CLOSED}

# (from, to) -> the service function that makes the move; documentation and the guard in one.
MOVES: dict[tuple[str, str], str] = {
    (State.RECEIVED, State.MATERIAL_VERIFICATION): "case_verify_formal",
    (State.RECEIVED, State.AWAITING_COMPLETION): "case_verify_formal",
    (State.AWAITING_COMPLETION, State.RECEIVED): "case_complete",
    (State.AWAITING_COMPLETION, State.CLOSED): "deemed withdrawn (sweeper)",
    (State.MATERIAL_VERIFICATION, State.AWAITING_DECISION): "case_verify_material",
    (State.AWAITING_DECISION, State.EXAMINATION): "case_register",
    (State.AWAITING_DECISION, State.CLOSED): "case_reject / case_not_within_authority",
    (State.RECEIVED, State.RAPID_RESPONSE): "case_receive (RCO)",
    (State.RAPID_RESPONSE, State.EXAMINATION): "case_escalate_rco",
    (State.RAPID_RESPONSE, State.CLOSED): "case_close",
    (State.EXAMINATION, State.LAHP_RESPONSE): "lahp_send_draft",
    (State.EXAMINATION, State.CLOSED): "case_close / lahp_finalise",
    (State.LAHP_RESPONSE, State.EXAMINATION): "lahp_reopen",
    (State.LAHP_RESPONSE, State.MONITORING): "lahp_finalise",
    (State.LAHP_RESPONSE, State.CLOSED): "lahp_finalise",
    # Resolusi dan Monitoring cannot be skipped (Peraturan Ombudsman 58/2023 Ps.54): a
    # recommendation is issued only from RESOLUTION, after a resolution attempt failed.
    (State.MONITORING, State.RESOLUTION): "handover to Resmon (sweeper)",
    (State.MONITORING, State.CLOSED): "case_close",
    (State.RESOLUTION, State.RECOMMENDATION): "recommendation_issue",
    (State.RESOLUTION, State.CLOSED): "case_close / resmon_record_step (resolved)",
    (State.RECOMMENDATION, State.CLOSED): "case_close",
    (State.RECEIVED, State.CLOSED): "knl_answer / tembusan filed at receipt",
    (State.CLOSED, State.EXAMINATION): "case_reopen",
    (State.CLOSED, State.RECEIVED): "case_reopen",
    # SP4N complaint units: verified and forwarded to the handling unit for follow-up.
    (State.RECEIVED, State.EXAMINATION): "sp4n_forward",
}
# The reporter may withdraw from any open state (case_withdraw).
MOVES.update(
    {
        (state, State.CLOSED): "case_withdraw"
        for state in OPEN_STATES
        if (state, State.CLOSED) not in MOVES
    }
)


def allowed(from_state: str, to_state: str) -> bool:
    return (from_state, to_state) in MOVES
