"""The workflow table (cases/workflows.py): moves, powers and clock rules per office kind, as
data; and the case engine keeps out of the apps that plug into it (decision 0018)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from aduan.cases import states, workflows
from aduan.cases.states import State
from aduan.cases.workflows import MOVES, WORKFLOWS, Power

SRC = Path(__file__).resolve().parents[2] / "src" / "aduan"
KINDS = ("pusat", "perwakilan", "ombudsman_daerah", "unit_pengaduan")


def test_every_office_kind_has_a_workflow():
    from aduan.directory.models import Office

    assert set(WORKFLOWS) == set(Office.Kind.values) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_move_of_a_kind_is_reachable_from_receipt(kind):
    reachable = workflows.reachable(kind)
    unreachable = sorted(move for move in WORKFLOWS[kind].moves if move[0] not in reachable)
    assert unreachable == []


@pytest.mark.parametrize("kind", ["pusat", "perwakilan"])
def test_the_ombudsman_ri_reaches_every_state(kind):
    assert workflows.reachable(kind) == set(State)


def test_every_kinds_moves_are_in_the_one_table():
    for flow in WORKFLOWS.values():
        assert flow.moves <= set(MOVES)
    assert set().union(*(flow.moves for flow in WORKFLOWS.values())) == set(MOVES)


def _moves_in_code() -> set[str]:
    """The action of every ``engine.move(...)`` call in the source."""
    actions = set()
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "move"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "engine"
            ):
                for keyword in node.keywords:
                    if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                        actions.add(keyword.value.value)
    return actions


def test_every_move_made_in_the_code_is_in_the_table_and_every_table_action_is_made():
    in_code = _moves_in_code()
    in_table = {action for _from, _to, action in MOVES}
    assert in_code - in_table == set()
    assert in_table - in_code == set()


def test_the_old_pairs_table_is_derived_from_the_one_table():
    assert (State.RECEIVED, State.EXAMINATION) in states.MOVES
    assert states.allowed(State.RECEIVED, State.EXAMINATION)
    assert states.allowed(State.RECEIVED, State.EXAMINATION, "unit_pengaduan")
    assert not states.allowed(State.RECEIVED, State.EXAMINATION, "perwakilan")


def test_an_ombudsman_ri_office_cannot_forward_under_sp4n():
    message = workflows.move_refusal(
        "perwakilan", State.RECEIVED, State.EXAMINATION, "sp4n_forwarded"
    )
    assert message == (
        "Ombudsman RI, representative office has no step from “received, awaiting formal "
        "verification” to “examination”: it works under UU 37/2008 Ps.5(2) and Peraturan "
        "Ombudsman 58/2023."
    )


def test_a_complaint_unit_has_no_lahp_or_recommendation():
    for move in [
        (State.EXAMINATION, State.LAHP_RESPONSE, "lahp_draft_sent"),
        (State.MONITORING, State.RECOMMENDATION, "recommendation_issued"),
        (State.RECEIVED, State.RAPID_RESPONSE, "rapid_response"),
    ]:
        message = workflows.move_refusal("unit_pengaduan", *move)
        assert message.startswith("An agency complaint unit has no step from")
        assert "UU 25/2009" in message and "Perpres 76/2013" in message


def test_a_move_no_workflow_has_keeps_the_plain_message():
    message = workflows.move_refusal("perwakilan", State.CLOSED, State.MONITORING, "x")
    assert message == "A case cannot go from closed to monitoring corrective action."


def test_only_the_ombudsman_ri_holds_the_statutory_powers():
    for kind in ("pusat", "perwakilan"):
        assert WORKFLOWS[kind].powers == Power.ALL
    for kind in ("ombudsman_daerah", "unit_pengaduan"):
        assert WORKFLOWS[kind].powers == frozenset()
        for power in Power.ALL:
            assert "UU 37/2008 Ps." in workflows.power_refusal(kind, power)


def test_each_kind_names_the_rule_of_each_clock():
    assert workflows.rule_code("perwakilan", "klarifikasi-pertama") == "klarifikasi-pertama"
    assert workflows.rule_code("ombudsman_daerah", "klarifikasi-pertama") == (
        "daerah-klarifikasi-pertama"
    )
    assert workflows.rule_code("unit_pengaduan", "melengkapi-laporan") == (
        "uu25-melengkapi-pengaduan"
    )
    # A clock the table does not name: the regional rule when one exists, else the step's own.
    assert workflows.rule_code("ombudsman_daerah", "baru", exists=lambda c: True) == "daerah-baru"
    assert workflows.rule_code("ombudsman_daerah", "baru", exists=lambda c: False) == "baru"
    assert workflows.step_of("daerah-tanggapan-lahp") == "tanggapan-lahp"
    assert workflows.step_of("uu25-melengkapi-pengaduan") == "melengkapi-laporan"


def test_the_table_reads_as_one_row_per_kind():
    rows = {row["kind"]: row for row in workflows.describe()}
    assert rows["ombudsman_daerah"]["clocks"]["pelaksanaan-rekomendasi"] == (
        "daerah-pelaksanaan-rekomendasi"
    )
    assert rows["unit_pengaduan"]["rule_sets"] == ["sp4n", "uu25", "kantor"]


# --- the case engine imports none of the apps that plug into it ------------------------------


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_cases_imports_nothing_of_sp4n():
    cases = SRC / "cases"
    offenders = sorted(
        f"{path.relative_to(SRC)}: {name}"
        for path in cases.rglob("*.py")
        for name in _imports(path)
        if name == "aduan.sp4n" or name.startswith("aduan.sp4n.")
    )
    assert offenders == []


def test_grep_finds_no_aduan_sp4n_in_cases():
    """``grep -r "aduan.sp4n" src/aduan/cases`` is empty (the dot matches any character)."""
    import re

    pattern = re.compile(r"aduan.sp4n")
    hits = [
        str(path.relative_to(SRC))
        for path in (SRC / "cases").rglob("*")
        if path.is_file()
        and path.suffix in {".py", ".html", ".txt", ".md"}
        and pattern.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert hits == []


def test_sp4n_plugs_in_through_the_registries():
    from aduan.cases import engine, selectors, sweeper
    from aduan.sp4n import binding
    from aduan.sp4n.services import intake_track
    from aduan.sp4n.sweeper import complaint_not_completed, reporter_silent

    assert engine.INTAKE_TRACKS["unit_pengaduan"] is intake_track
    assert sweeper.CONSEQUENCES["sp4n-konfirmasi-pelapor"] is reporter_silent
    assert sweeper.CONSEQUENCES["uu25-melengkapi-pengaduan"] is complaint_not_completed
    assert binding.notes in selectors.CLOCK_NOTES
