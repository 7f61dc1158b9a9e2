"""Reads behind the back-office screens. Everything starts from ``cases_for(user)``, so a
screen can show nothing outside the user's office."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case as SqlCase
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.functional import cached_property

from aduan.cases.models import Case
from aduan.cases.selectors import cases_for
from aduan.cases.states import OPEN_STATES, State
from aduan.deadlines.models import Deadline
from aduan.deadlines.workdays import local_date
from aduan.directory.models import Agency, User
from aduan.reference.models import Channel, IntakeType, MaladministrationForm, Substance
from aduan.search.selectors import search_cases
from aduan.sp4n import rules as sp4n_rules
from aduan.triage.models import CaseRelation

SORTS = {
    "received": "-received_at",
    "received_asc": "received_at",
    "due": F("next_due").asc(nulls_last=True),  # cases without a running clock last
    # Most urgent first (URGENT_FIRST): sorted by the database after filtering, not read from
    # an index, so "next due first" stays the fast sort of a list of the whole country.
    "urgent": "urgency",
    "reference": "reference",
    "state": "state",
}
# Most urgent first: an open rapid-response (RCO) case, an emergency (a threat to life or to the
# right to education or a livelihood), heads every list; then the case whose next running clock
# runs out first (Case.next_due: the earliest due date of its open clocks, paused ones included,
# kept by aduan.deadlines.services in the transaction that changes a clock); then the cases
# with no clock running, the oldest first.
URGENT_FIRST = ("urgency", F("next_due").asc(nulls_last=True), "received_at")
RCO = "rco"
ASSIGNEE_ME = "me"
ASSIGNEE_NOBODY = "none"
AWAITING_DECISION_SHOWN = 100
COUNTED = 1_000  # the case list counts this many matches at least; past that, "more than"
COUNTED_PAGES_AHEAD = 10  # ... or this many pages past the page asked for, when that is more
FILTER_FIELDS = ("state", "intake_type", "channel", "substance", "agency", "assignee", "unit")
CODED = {"intake_type": IntakeType, "channel": Channel, "substance": Substance}


def is_id(value: str) -> bool:
    """A database id written in ASCII digits (not '²' or a 30-digit number)."""
    return value.isascii() and value.isdigit() and len(value) < 19


def scoped_cases(user: Any) -> QuerySet[Case]:
    """The cases the back office shows ``user``: ``cases_for(user)`` (whose office scope is a
    literal list of ids, which the office indexes serve)."""
    return cases_for(user)


def today_for(user: Any) -> dt.date:
    return local_date(timezone.now(), getattr(user, "office", None))


def received_since(day: dt.date, *, after: bool = False) -> dt.datetime | None:
    """The moment ``day`` (or the day after it) begins in the current time zone, so that a
    filter on the day a case was received is a range on ``received_at`` (which its index
    serves) rather than a date computed for every case. None for a day no case can be near."""
    try:
        start = dt.datetime.combine(
            day + dt.timedelta(days=1 if after else 0),
            dt.time.min,
            tzinfo=timezone.get_current_timezone(),
        )
        start.astimezone(dt.UTC)
    except OverflowError:
        return None
    return start


def with_urgency(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """``queryset`` with ``urgency`` (0 for an open RCO case, 1 otherwise) to sort on, computed
    in the query: ``.order_by(*URGENT_FIRST)``. The RCO intake type is looked up once, so the
    expression reads the case's own columns, without a join."""
    rco = _ids(IntakeType.objects.filter(code=RCO))
    return queryset.alias(
        urgency=SqlCase(
            When(intake_type_id__in=rco, state__in=OPEN_STATES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )


def my_cases(user: Any) -> QuerySet[Case]:
    """The cases the user holds, most urgent first: an RCO emergency on top, then those the
    reporter has completed (verify them), then the next clock to run out first."""
    return (
        with_urgency(scoped_cases(user))
        .filter(assignee=user, state__in=OPEN_STATES)
        .select_related("intake_type", "agency", "assignee")
        .order_by(
            "urgency",
            F("completed_by_reporter_at").asc(nulls_last=True),
            *URGENT_FIRST[1:],
            "id",
        )
    )


def unit_queue(user: Any) -> QuerySet[Case]:
    """Open cases in the user's unit that nobody holds yet, most urgent first (as ``my_cases``):
    an RCO emergency, then the completed reports to verify, then the next clock to run out."""
    if not getattr(user, "unit_id", None):
        return Case.objects.none()
    return (
        with_urgency(scoped_cases(user))
        .filter(unit=user.unit, assignee__isnull=True, state__in=OPEN_STATES)
        .select_related("intake_type", "agency", "assignee")
        .order_by(
            "urgency",
            F("completed_by_reporter_at").asc(nulls_last=True),
            *URGENT_FIRST[1:],
            "id",
        )
    )


def colleagues(user: Any) -> QuerySet[User]:
    """The active staff of the user's office (none without an office): the people the case
    list's assignee filter and bulk assignment offer."""
    office_id = getattr(user, "office_id", None)
    if office_id is None:
        return User.objects.none()
    return (
        User.objects.filter(office_id=office_id, is_active=True)
        .exclude(role="")
        .order_by("first_name", "last_name", "username")
    )


def completed_by_reporter(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases the reporter has completed and staff have not verified since (UU 37/2008 Ps.25),
    the longest waiting first."""
    return (
        cases.filter(completed_by_reporter_at__isnull=False, state=State.RECEIVED)
        .select_related("agency", "assignee", "intake_type")
        .order_by("completed_by_reporter_at", "id")
    )


def office_overview(user: Any) -> dict[str, Any]:
    """The head of office's view: counts per state, overdue clocks per unit and per assistant,
    and the cases waiting for their decision (the oldest AWAITING_DECISION_SHOWN)."""
    today = today_for(user)
    cases = scoped_cases(user)
    # COUNT(*) rather than COUNT(id): counted from the (office, state) index alone.
    per_state = dict(
        cases.filter(state__in=OPEN_STATES).values_list("state").annotate(n=Count("*"))
    )
    # Cases with a running, unpaused clock past its due date. Such a case's next_due is earlier
    # still, so the index on next_due finds the few candidates first.
    late_clock = Deadline.objects.filter(
        case=OuterRef("pk"),
        state=Deadline.State.OPEN,
        due_date__lt=today,
        paused_since__isnull=True,
    )
    overdue = cases.filter(next_due__lt=today).filter(Exists(late_clock))
    # One pass over them, counted per unit and per assistant here.
    per_unit: Counter[str | None] = Counter()
    per_assignee: Counter[tuple[str, str, str]] = Counter()
    people = ("assignee__username", "assignee__first_name", "assignee__last_name")
    for row in overdue.values("unit__name", *people).annotate(n=Count("*")).order_by():
        per_unit[row["unit__name"]] += row["n"]
        if row["assignee__username"] is not None:
            per_assignee[tuple(row[key] for key in people)] += row["n"]
    return {
        "per_state": [(State(s).label, per_state.get(s, 0)) for s in State if s in OPEN_STATES],
        "open_total": sum(per_state.values()),
        "overdue_per_unit": [
            {"case__unit__name": name, "n": n}
            for name, n in sorted(per_unit.items(), key=lambda item: (-item[1], item[0] or ""))
        ],
        "overdue_per_assignee": [
            {
                "case__assignee__username": username,
                "case__assignee__first_name": first_name,
                "case__assignee__last_name": last_name,
                "n": n,
            }
            for (username, first_name, last_name), n in sorted(
                per_assignee.items(), key=lambda item: (-item[1], item[0])
            )
        ],
        "completed_by_reporter": completed_by_reporter(cases)[:AWAITING_DECISION_SHOWN],
        "awaiting_decision": cases.filter(state=State.AWAITING_DECISION)
        .select_related("agency", "assignee", "intake_type")
        .order_by("received_at")[:AWAITING_DECISION_SHOWN],
        "new_today": cases.filter(
            received_at__gte=received_since(today),
            received_at__lt=received_since(today, after=True),
        ).count(),
    }


def _ids(queryset: QuerySet) -> list[int]:
    """The ids of a few rows (a code's reference item, a username's account, a group's
    agencies): the list is filtered on its own columns, with ids the planner can weigh, rather
    than through a join on a code."""
    return list(queryset.values_list("pk", flat=True))


def shows_sp4n(user: Any) -> bool:
    """Whether the case list shows the SP4N-LAPOR! columns (class, privacy, disposition level)
    and filters: for the staff of an agency complaint unit."""
    return sp4n_rules.applies_to(getattr(user, "office", None))


# The reference of the report a listed report was merged into (aduan.triage), shown beside it.
_MERGED_INTO = Subquery(
    CaseRelation.objects.filter(case=OuterRef("pk"), kind=CaseRelation.Kind.MERGED).values(
        "other__reference"
    )[:1]
)


def case_list(user: Any, params: dict[str, str]) -> QuerySet[Case]:
    """The filtered, sorted list for ``/kantor/laporan/``; every filter is a URL parameter."""
    # The related rows come in a query each (prefetch), not as joins: planning a join of seven
    # tables costs PostgreSQL more than running the query for a page.
    related = ["intake_type", "channel", "agency", "assignee", "unit", "substance"]
    if shows_sp4n(user):
        related.append("sp4n")
    queryset = scoped_cases(user).prefetch_related(*related).annotate(merged_into=_MERGED_INTO)
    # PostgreSQL refuses a NUL character (a server error); no browser sends one: dropped.
    params = {key: str(value).replace("\x00", "") for key, value in params.items()}
    for field in FILTER_FIELDS:
        value = (params.get(field) or "").strip()
        if not value:
            continue
        if field in CODED:
            ids = _ids(CODED[field].objects.filter(code=value))
            queryset = queryset.filter(**{f"{field}_id__in": ids})
        elif field == "assignee":
            # Me, nobody, or a colleague of the user's own office (a username elsewhere
            # matches nothing, so the filter tells nothing about other offices' staff).
            if value == ASSIGNEE_ME:
                queryset = queryset.filter(assignee_id=user.pk)
            elif value == ASSIGNEE_NOBODY:
                queryset = queryset.filter(assignee__isnull=True)
            else:
                people = colleagues(user).filter(username=value)
                queryset = queryset.filter(assignee_id__in=_ids(people))
        elif field == "state":
            queryset = queryset.filter(state=value)
        elif is_id(value):
            queryset = queryset.filter(**{f"{field}_id": int(value)})
    if params.get("form"):
        # EXISTS rather than a join: a join repeats a case per form, and DISTINCT over a whole
        # list costs a sort of every matching case.
        forms = Case.maladministration_forms.through.objects.filter(
            case=OuterRef("pk"),
            maladministrationform_id__in=_ids(
                MaladministrationForm.objects.filter(code=params["form"])
            ),
        )
        queryset = queryset.filter(Exists(forms))
    if params.get("agency_group"):
        agencies = Agency.objects.filter(group__code=params["agency_group"])
        queryset = queryset.filter(agency_id__in=_ids(agencies))
    if params.get("region"):
        queryset = queryset.filter(event_region__code__startswith=params["region"])
    if params.get("confidential") in {"1", "0"}:
        queryset = queryset.filter(confidential=params["confidential"] == "1")
    if params.get("report_class") in sp4n_rules.ReportClass.values:
        queryset = queryset.filter(sp4n__report_class=params["report_class"])
    if params.get("privacy") in sp4n_rules.Privacy.values:
        queryset = queryset.filter(sp4n__privacy=params["privacy"])
    for name, after in (("received_from", False), ("received_to", True)):
        try:
            day = dt.date.fromisoformat(params.get(name) or "")
        except ValueError:
            continue
        moment = received_since(day, after=after)
        if moment is not None:
            lookup = "lt" if after else "gte"
            queryset = queryset.filter(**{f"received_at__{lookup}": moment})
    colour = params.get("clock")
    if colour in {"red", "yellow", "green"}:
        today = today_for(user)
        if colour == "red":
            queryset = queryset.filter(next_due__lt=today)
        elif colour == "yellow":
            queryset = queryset.filter(next_due__gte=today, next_due__lte=today + dt.timedelta(3))
        else:
            queryset = queryset.filter(next_due__gt=today + dt.timedelta(3))
    words = (params.get("q") or "").strip()
    sort = params.get("sort", "")
    if words:
        queryset = search_cases(queryset, words, user=user)
        if sort not in SORTS:
            return queryset.order_by("-search_rank", "-id")
    if sort == "urgent":
        return with_urgency(queryset).order_by(*URGENT_FIRST, "-id")
    return queryset.order_by(SORTS.get(sort, "-received_at"), "-id")


class CappedPaginator(Paginator):
    """A paginator that counts the matching cases only up to ``limit``: counting every case a
    broad filter matches among a million costs far more than reading the page. ``exact`` says
    whether ``count`` is the number of matches or ``limit`` + 1, meaning "more than ``limit``"."""

    def __init__(self, object_list: QuerySet[Case], per_page: int, *, limit: int) -> None:
        super().__init__(object_list, per_page)
        self.limit = limit

    @cached_property
    def count(self) -> int:
        # Without ORDER BY, so that the database may take the matches in whatever order it
        # finds them fastest and stop at limit + 1.
        return self.object_list.order_by()[: self.limit + 1].count()

    @property
    def exact(self) -> bool:
        return self.count <= self.limit


def case_page(queryset: QuerySet[Case], number: Any, *, per_page: int) -> Page:
    """Page ``number`` of the case list (the last page for a number past the end). Matches are
    counted up to COUNTED, or COUNTED_PAGES_AHEAD pages past the page asked for, so that "next"
    leads on as far as there are cases."""
    try:
        asked = min(max(int(number), 1), 1_000_000)
    except (TypeError, ValueError):
        asked = 1
    limit = max(COUNTED, (asked + COUNTED_PAGES_AHEAD) * per_page)
    return CappedPaginator(queryset, per_page, limit=limit).get_page(number)


def next_due_summary(queryset: QuerySet[Case]) -> dict[str, Any]:
    return queryset.aggregate(first=Min("next_due"))
