"""Each kind of office has its own workflow, as data (issue 14 §4; decision 0018).

One table says, per office kind (``directory.Office.Kind``):

- **moves**: which ``(from state, to state, action)`` moves exist. ``engine.move`` refuses any
  other, citing the basis (``Workflow.basis``, or the refusal of the power the move needs);
- **powers**: which statutory powers the office holds: asking the police to bring a person
  (UU 37/2008 Ps.31), a binding recommendation (Ps.38), escalation to the DPR and the President
  (Ps.38(4)), sanctions (Ps.39). A service asks ``engine.require_power`` before it uses one;
- **clocks**: which rule code each clock (named by its step, the Ombudsman's code) uses.
  ``engine.start_clock(case, "klarifikasi-pertama")`` starts the office kind's rule, e.g.
  ``daerah-klarifikasi-pertama`` for a regional ombudsman; a step the table does not name falls
  back to ``rule_prefix + step`` when such a rule exists, else to the step's own code.

The Ombudsman RI (centre and representative offices) works under UU 37/2008 and Peraturan
Ombudsman 58/2023. A regional ombudsman (e.g. Lembaga Ombudsman DIY) is set up by a regional
regulation (a Pergub): UU 37's clocks and powers do not bind it, so its clocks are the
``ombudsman_daerah`` rule set (rows an administrator confirms from the regulation) and it has no
Ps.31/38/39 powers: its recommendation (saran) is a step without Ps.38 force. An agency
complaint unit works under UU 25/2009, Perpres 76/2013 and PermenPANRB 62/2018 (SP4N-LAPOR!):
its moves are the few of the ``sp4n`` app, its clocks the ``sp4n`` and ``uu25`` rule sets.

Adding a move: add it to ``MOVES`` (with the service that makes it) and to the kinds that have
it. Adding a clock for a regional ombudsman: add the ``daerah-`` rule row (``deadlines``) and,
for clarity, its line in ``DAERAH_CLOCKS``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from aduan.cases.states import OPEN_STATES, State

PUSAT, PERWAKILAN = "pusat", "perwakilan"
OMBUDSMAN_DAERAH, UNIT_PENGADUAN = "ombudsman_daerah", "unit_pengaduan"

# The legal source of a rule whose regulation's text is not at hand: an administrator fills in
# days and source from the regulation; until then the clock says the rule is to be confirmed.
ADMIN_FILLS_SOURCE = "Peraturan Gubernur (diisi administrator)"


class Power:
    """Statutory powers a move or a step may need."""

    POLICE = "ps31-bantuan-polisi"  # UU 37/2008 Ps.31
    BINDING_RECOMMENDATION = "ps38-rekomendasi-mengikat"  # UU 37/2008 Ps.38(1)-(2)
    ESCALATION = "ps38-4-eskalasi"  # UU 37/2008 Ps.38(4): publication, DPR, President
    SANCTIONS = "ps39-sanksi"  # UU 37/2008 Ps.39

    ALL = frozenset({POLICE, BINDING_RECOMMENDATION, ESCALATION, SANCTIONS})


S = State
# Every move that exists in some workflow: (from, to, action) -> the service that makes it.
MOVES: dict[tuple[str, str, str], str] = {
    # receipt and verification (UU 37/2008 Ps.24-25; UU 25/2009 Ps.44)
    (S.RECEIVED, S.MATERIAL_VERIFICATION, "formally_complete"): "case_verify_formal",
    (S.RECEIVED, S.AWAITING_COMPLETION, "completion_requested"): "case_verify_formal",
    (S.AWAITING_COMPLETION, S.RECEIVED, "completed"): "case_complete",
    (S.AWAITING_COMPLETION, S.RECEIVED, "reporter_completed"): "case_reporter_completes",
    (S.AWAITING_COMPLETION, S.CLOSED, "deemed_withdrawn"): "case_deemed_withdrawn (sweeper)",
    (S.MATERIAL_VERIFICATION, S.AWAITING_DECISION, "materially_verified"): "case_verify_material",
    (S.AWAITING_DECISION, S.EXAMINATION, "registered"): "case_register",
    (S.AWAITING_DECISION, S.CLOSED, "rejected"): "case_reject",
    (S.AWAITING_DECISION, S.CLOSED, "not_within_authority"): "case_not_within_authority",
    (S.RECEIVED, S.CLOSED, "filed"): "case_receive (tembusan)",
    (S.RECEIVED, S.CLOSED, "advice_given"): "knl_answer",
    # rapid response (office practice)
    (S.RECEIVED, S.RAPID_RESPONSE, "rapid_response"): "case_receive (RCO)",
    (S.RAPID_RESPONSE, S.EXAMINATION, "rco_escalated"): "case_escalate_rco",
    # examination, LAHP (Peraturan Ombudsman 58/2023)
    (S.EXAMINATION, S.LAHP_RESPONSE, "lahp_draft_sent"): "lahp_send_draft",
    (S.LAHP_RESPONSE, S.EXAMINATION, "examination_reopened"): "lahp_record_response",
    (S.LAHP_RESPONSE, S.MONITORING, "lahp_final"): "lahp_finalise",
    (S.LAHP_RESPONSE, S.CLOSED, "lahp_final"): "lahp_finalise",
    # corrective action, Resolusi dan Monitoring (PO 58/2023 Ps.54), recommendation (Ps.37-38)
    (S.MONITORING, S.RESOLUTION, "handed_to_resmon"): "case_handover_to_resmon (sweeper)",
    # Resolusi dan Monitoring cannot be skipped (PO 58/2023 Ps.54): Ombudsman RI issues a
    # recommendation only from RESOLUTION, after a resolution attempt failed; a regional
    # ombudsman, which has no such stage, issues its own from MONITORING (DIRECT_RECOMMENDATION).
    (S.MONITORING, S.RECOMMENDATION, "recommendation_issued"): "recommendation_issue",
    (S.RESOLUTION, S.RECOMMENDATION, "recommendation_issued"): "recommendation_issue",
    (S.RESOLUTION, S.CLOSED, "resmon_resolved"): "resmon_record_step (resolved)",
    # the reporter withdrew after the final LAHP and the office decided to stop (UU 37 Ps.7)
    **{
        (state, S.CLOSED, "stopped_after_withdrawal"): "case_decide_after_withdrawal"
        for state in (S.MONITORING, S.RESOLUTION, S.RECOMMENDATION)
    },
    # closing and reopening
    **{
        (state, S.CLOSED, "closed"): "case_close"
        for state in (S.RAPID_RESPONSE, S.EXAMINATION, S.MONITORING, S.RESOLUTION)
    },
    (S.RECOMMENDATION, S.CLOSED, "closed"): "case_close",
    **{(state, S.CLOSED, "withdrawn"): "case_withdraw" for state in OPEN_STATES},
    # a report merged into another closes with it, with its outcome (triage.duplicates)
    **{
        (state, S.CLOSED, "closed_with_merged"): "duplicate_merge (the kept report closed)"
        for state in OPEN_STATES
    },
    (S.CLOSED, S.EXAMINATION, "reopened"): "case_reopen",
    (S.CLOSED, S.RECEIVED, "reopened"): "case_reopen",
    # agency complaint units (SP4N-LAPOR!, the sp4n app)
    (S.RECEIVED, S.EXAMINATION, "sp4n_forwarded"): "sp4n_forward",
    (S.EXAMINATION, S.CLOSED, "sp4n_closed_no_reply"): "sp4n_close_without_reply (sweeper)",
    (S.RECEIVED, S.AWAITING_COMPLETION, "uu25_completion_requested"): "sp4n_request_completion",
}

DIRECT_RECOMMENDATION = (S.MONITORING, S.RECOMMENDATION, "recommendation_issued")
# The Ombudsman RI's moves: everything but the complaint units' own, and no recommendation
# straight from monitoring (Peraturan Ombudsman 58/2023 Ps.54).
OMBUDSMAN_MOVES = frozenset(
    move
    for move, service in MOVES.items()
    if not service.startswith("sp4n_") and move != DIRECT_RECOMMENDATION
)
# Resolusi dan Monitoring is a stage of the Ombudsman RI's own regulation (PO 58/2023 Ps.54).
RESMON_MOVES = frozenset(move for move in MOVES if S.RESOLUTION in move[:2])


def _reach(moves: Iterable[tuple[str, str, str]], starts: Iterable[str]) -> set[str]:
    moves = list(moves)
    seen, todo = set(starts), list(starts)
    while todo:
        state = todo.pop()
        for from_state, to_state, _action in moves:
            if from_state == state and to_state not in seen:
                seen.add(to_state)
                todo.append(to_state)
    return seen


_UNIT_BASE = frozenset(
    move
    for move, service in MOVES.items()
    if service.startswith("sp4n_")
    or move[2] in {"completed", "reporter_completed", "deemed_withdrawn", "filed", "reopened"}
    or move == (S.EXAMINATION, S.CLOSED, "closed")
)
# ... and the reporter may withdraw from every open state the unit's reports pass through.
COMPLAINT_UNIT_MOVES = _UNIT_BASE | {
    (state, S.CLOSED, action)
    for state in _reach(_UNIT_BASE, (S.RECEIVED,))
    if state in OPEN_STATES
    for action in ("withdrawn", "closed_with_merged")
}

# Step (the Ombudsman's rule code) -> the rule code a regional ombudsman uses.
OMBUDSMAN_STEPS = (
    "pemberitahuan-kelengkapan",
    "melengkapi-laporan",
    "pemberitahuan-bukan-kewenangan",
    "pemberitahuan-penolakan",
    "klarifikasi-pertama",
    "klarifikasi-kedua",
    "tanggapan-lahp",
    "monitoring-tindakan-korektif",
    "penyampaian-rekomendasi",
    "pelaksanaan-rekomendasi",
    "rco-penanganan",
)
DAERAH_CLOCKS = {step: f"daerah-{step}" for step in OMBUDSMAN_STEPS}
# An agency complaint unit: the reporter's completion is the complainant's 30 days of UU 25/2009.
COMPLAINT_UNIT_CLOCKS = {"melengkapi-laporan": "uu25-melengkapi-pengaduan"}


@dataclass(frozen=True)
class Workflow:
    kind: str
    name: Any
    basis: Any  # the regulation the kind works under, cited in refusals
    moves: frozenset[tuple[str, str, str]]
    powers: frozenset[str]
    rule_sets: tuple[str, ...]
    clocks: dict[str, str] = field(default_factory=dict)
    rule_prefix: str = ""
    refusals: dict[str, Any] = field(default_factory=dict)  # power -> why this kind lacks it


_DAERAH_OWN = _("the regional ombudsman's own regulation applies")
_UNIT_OWN = _("the unit works under UU 25/2009 and Perpres 76/2013")

WORKFLOWS: dict[str, Workflow] = {
    PUSAT: Workflow(
        kind=PUSAT,
        name=_("Ombudsman RI, central office"),
        basis=_("it works under UU 37/2008 and Peraturan Ombudsman 58/2023"),
        moves=OMBUDSMAN_MOVES,
        powers=Power.ALL,
        rule_sets=("ombudsman", "kantor"),
    ),
    PERWAKILAN: Workflow(
        kind=PERWAKILAN,
        name=_("Ombudsman RI, representative office"),
        basis=_("it works under UU 37/2008 Ps.5(2) and Peraturan Ombudsman 58/2023"),
        moves=OMBUDSMAN_MOVES,
        powers=Power.ALL,
        rule_sets=("ombudsman", "kantor"),
    ),
    OMBUDSMAN_DAERAH: Workflow(
        kind=OMBUDSMAN_DAERAH,
        name=_("A regional ombudsman"),
        basis=_(
            "it works under its own regional regulation (Peraturan Gubernur); UU 37/2008 and "
            "Peraturan Ombudsman 58/2023 bind Ombudsman RI only"
        ),
        # No Resolusi dan Monitoring stage (a unit of Ombudsman RI under PO 58/2023 Ps.54):
        # after monitoring, the regional ombudsman issues its recommendation or closes.
        moves=(OMBUDSMAN_MOVES - RESMON_MOVES) | {DIRECT_RECOMMENDATION},
        powers=frozenset(),
        rule_sets=("ombudsman_daerah", "kantor"),
        clocks=DAERAH_CLOCKS,
        rule_prefix="daerah-",
        refusals={
            Power.POLICE: _(
                "A regional ombudsman has no power to ask the police to bring a person "
                "(UU 37/2008 Ps.31 binds Ombudsman RI only; %(own)s)."
            ),
            Power.BINDING_RECOMMENDATION: _(
                "A regional ombudsman's recommendation does not bind under UU 37/2008 Ps.38 "
                "(it binds Ombudsman RI's recommendations only; %(own)s)."
            ),
            Power.ESCALATION: _(
                "A regional ombudsman cannot publish the superior or report to the DPR and the "
                "President under UU 37/2008 Ps.38(4) (it binds Ombudsman RI only; %(own)s)."
            ),
            Power.SANCTIONS: _(
                "A regional ombudsman cannot recommend sanctions under UU 37/2008 Ps.39 "
                "(it follows from Ps.38, which binds Ombudsman RI only; %(own)s)."
            ),
        },
    ),
    UNIT_PENGADUAN: Workflow(
        kind=UNIT_PENGADUAN,
        name=_("An agency complaint unit"),
        basis=_(
            "it works under UU 25/2009 Ps.43-50, Perpres 76/2013 and PermenPANRB 62/2018 "
            "(SP4N-LAPOR!)"
        ),
        moves=COMPLAINT_UNIT_MOVES,
        powers=frozenset(),
        rule_sets=("sp4n", "uu25", "kantor"),
        clocks=COMPLAINT_UNIT_CLOCKS,
        refusals={
            Power.POLICE: _(
                "An agency complaint unit has no power to ask the police to bring a person "
                "(UU 37/2008 Ps.31 is a power of Ombudsman RI; %(own)s)."
            ),
            Power.BINDING_RECOMMENDATION: _(
                "An agency complaint unit issues no recommendation under UU 37/2008 Ps.38 "
                "(a power of Ombudsman RI; %(own)s)."
            ),
            Power.ESCALATION: _(
                "An agency complaint unit cannot report to the DPR and the President under "
                "UU 37/2008 Ps.38(4) (a power of Ombudsman RI; %(own)s)."
            ),
            Power.SANCTIONS: _(
                "An agency complaint unit cannot recommend sanctions under UU 37/2008 Ps.39 "
                "(a power of Ombudsman RI; %(own)s)."
            ),
        },
    ),
}
_OWN = {OMBUDSMAN_DAERAH: _DAERAH_OWN, UNIT_PENGADUAN: _UNIT_OWN}


def for_kind(kind: str) -> Workflow:
    """The workflow of an office kind (an unknown kind gets the Ombudsman RI's)."""
    return WORKFLOWS.get(kind) or WORKFLOWS[PERWAKILAN]


def for_office(office: Any) -> Workflow:
    return for_kind(getattr(office, "kind", "") or PERWAKILAN)


def has_move(kind: str, from_state: str, to_state: str, action: str) -> bool:
    return (from_state, to_state, action) in for_kind(kind).moves


def has_power(kind: str, power: str) -> bool:
    return power in for_kind(kind).powers


def power_refusal(kind: str, power: str) -> str:
    """Why an office of ``kind`` lacks ``power``, citing the basis."""
    workflow = for_kind(kind)
    message = workflow.refusals.get(power)
    if message is None:
        return str(
            _("%(kind)s does not hold this power: %(basis)s.")
            % {"kind": workflow.name, "basis": workflow.basis}
        )
    return str(message) % {"own": _OWN.get(kind, workflow.basis)}


def move_refusal(kind: str, from_state: str, to_state: str, action: str) -> str | None:
    """None if the move exists for ``kind``; else why not, citing the basis."""
    if has_move(kind, from_state, to_state, action):
        return None
    workflow = for_kind(kind)
    if (from_state, to_state, action) in MOVES:
        return str(
            _("%(kind)s has no step from “%(old)s” to “%(new)s”: %(basis)s.")
            % {
                "kind": workflow.name,
                "old": State(from_state).label,
                "new": State(to_state).label,
                "basis": workflow.basis,
            }
        )
    return str(
        _("A case cannot go from %(old)s to %(new)s.")
        % {"old": State(from_state).label, "new": State(to_state).label}
    )


def rule_code(kind: str, step: str, *, exists: Any = None) -> str:
    """The rule code an office of ``kind`` uses for the clock ``step``. ``exists(code)`` tells
    whether a rule row exists (for the ``rule_prefix`` fallback); without it, no fallback."""
    workflow = for_kind(kind)
    if step in workflow.clocks:
        return workflow.clocks[step]
    if workflow.rule_prefix and not step.startswith(workflow.rule_prefix) and exists is not None:
        candidate = workflow.rule_prefix + step
        if exists(candidate):
            return candidate
    return step


def rule_codes(step: str) -> frozenset[str]:
    """Every rule code that may stand for ``step`` in some workflow (for finding its clocks)."""
    codes = {step}
    for workflow in WORKFLOWS.values():
        if step in workflow.clocks:
            codes.add(workflow.clocks[step])
        if workflow.rule_prefix:
            codes.add(workflow.rule_prefix + step)
    return frozenset(codes)


def step_of(code: str) -> str:
    """The step a rule code stands for (the Ombudsman's code), e.g. daerah-x -> x."""
    for workflow in WORKFLOWS.values():
        for step, mapped in workflow.clocks.items():
            if mapped == code:
                return step
        if workflow.rule_prefix and code.startswith(workflow.rule_prefix):
            return code[len(workflow.rule_prefix) :]
    return code


def needs_confirmation(legal_source: str) -> bool:
    """True for a rule an administrator has still to fill in from the regulation."""
    return (legal_source or "").strip() == ADMIN_FILLS_SOURCE


def reachable(kind: str, starts: Iterable[str] = (S.RECEIVED, S.EXAMINATION)) -> set[str]:
    """The states an office of ``kind`` can reach from ``starts`` (receipt; IAPS opens in
    examination)."""
    return _reach(for_kind(kind).moves, starts)


def describe() -> list[dict[str, Any]]:
    """The table for people: one row per kind."""
    return [
        {
            "kind": kind,
            "name": str(workflow.name),
            "basis": str(workflow.basis),
            "moves": sorted(workflow.moves),
            "powers": sorted(workflow.powers),
            "rule_sets": list(workflow.rule_sets),
            "clocks": dict(workflow.clocks),
        }
        for kind, workflow in WORKFLOWS.items()
    ]
