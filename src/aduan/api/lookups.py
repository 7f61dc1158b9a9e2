"""Turn the codes and ids a client sends into the objects services take.

Only lookups: no rule is checked here (the services check them all). A code or id that names
nothing is refused with ``UnknownReference`` (400); a record the case does not have with
``NotFound`` (404). People and linked cases are looked up only among what the caller may see.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from aduan.api.errors import NotFound, UnknownReference
from aduan.cases import selectors
from aduan.cases.errors import WrongState
from aduan.cases.models import (
    Case,
    ClarificationRequest,
    CorrectiveAction,
    Lahp,
    Recommendation,
    Summons,
)
from aduan.directory.models import Agency, Office, Unit, User
from aduan.directory.scoping import offices_for
from aduan.reference.models import MaladministrationForm, Substance
from aduan.referrals.models import Institution
from aduan.regions.models import Region

M = TypeVar("M", bound=Model)


def _unknown(what: Any, value: Any) -> UnknownReference:
    return UnknownReference(_("Unknown %(what)s: %(value)s.") % {"what": what, "value": value})


def one(queryset: QuerySet[M], what: Any, value: Any, **lookup: Any) -> M:
    """The single row matching ``lookup``, or UnknownReference naming ``what``."""
    item = queryset.filter(**lookup).first()
    if item is None:
        raise _unknown(what, value)
    return item


def optional(queryset: QuerySet[M], what: Any, value: Any, **lookup: Any) -> M | None:
    return None if value is None else one(queryset, what, value, **lookup)


def agency(agency_id: int | None) -> Agency | None:
    return optional(Agency.objects.all(), Agency._meta.verbose_name, agency_id, pk=agency_id)


def substance(code: str | None) -> Substance | None:
    return optional(Substance.objects.active(), Substance._meta.verbose_name, code, code=code)


def region(code: str | None) -> Region | None:
    return optional(Region.objects.all(), Region._meta.verbose_name, code, code=code)


# Fields of the case file sent as a code or id: (model field, lookup).
REFERENCES = {
    "agency_id": ("agency", agency),
    "superior_agency_id": ("superior_agency", agency),
    "substance": ("substance", substance),
    "event_region": ("event_region", region),
}


def case_fields(payload: Any, names: Iterable[str]) -> dict[str, Any]:
    """The case-file fields among ``names`` that the client sent, codes and ids looked up."""
    fields: dict[str, Any] = {}
    for name in sorted(set(names) & payload.model_fields_set):
        value = getattr(payload, name)
        if name in REFERENCES:
            field, find = REFERENCES[name]
            fields[field] = find(value)
        else:
            fields[name] = value
    return fields


def forms(codes: Iterable[str]) -> list[MaladministrationForm]:
    queryset = MaladministrationForm.objects.active()
    return [one(queryset, MaladministrationForm._meta.verbose_name, c, code=c) for c in codes]


def office_of(user: Any, code: str | None) -> Office:
    """The office named by ``code`` among those the user works with, else the user's own."""
    if code is None:
        if user.office is None:
            raise UnknownReference(_("Say which office (the account belongs to none)."))
        return user.office
    return one(offices_for(user), Office._meta.verbose_name, code, code=code)


def any_office(code: str | None) -> Office | None:
    """A destination office (a transfer may go to an office the sender does not see)."""
    return optional(Office.objects.filter(active=True), Office._meta.verbose_name, code, code=code)


def unit(office: Office, code: str | None) -> Unit | None:
    return optional(office.units.all(), Unit._meta.verbose_name, code, code=code)


def staff(viewer: Any, username: str | None) -> User | None:
    """A staff member of an office the viewer may see."""
    queryset = User.objects.filter(office__in=offices_for(viewer))
    return optional(queryset, User._meta.verbose_name, username, username=username)


def cases(viewer: Any, ids: Iterable[int]) -> list[Case]:
    ids = list(dict.fromkeys(ids))
    found = {case.pk: case for case in selectors.cases_for(viewer).filter(pk__in=ids)}
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise _unknown(Case._meta.verbose_name, ", ".join(missing))
    return [found[pk] for pk in ids]


def _record(queryset: QuerySet[M], pk: int, what: Any) -> M:
    """A record of the case (a clarification request, summons, corrective action...)."""
    item = queryset.filter(pk=pk).first()
    if item is None:
        raise NotFound(
            _("This case has no %(what)s with number %(id)s.") % {"what": what, "id": pk}
        )
    return item


def clarification(case: Case, pk: int) -> ClarificationRequest:
    return _record(case.clarifications.all(), pk, _("clarification request"))


def summons(case: Case, pk: int) -> Summons:
    return _record(case.summonses.all(), pk, _("summons"))


def corrective_action(case: Case, pk: int) -> CorrectiveAction:
    return _record(case.corrective_actions.all(), pk, _("corrective action"))


def recommendation(case: Case, pk: int) -> Recommendation:
    return _record(case.recommendations.all(), pk, _("recommendation"))


def latest_lahp(case: Case) -> Lahp:
    """The latest LAHP of the case (the service refuses it if it is no longer a draft)."""
    lahp = case.lahps.order_by("version").last()
    if lahp is None:
        raise WrongState(_("No draft LAHP was sent for this case."))
    return lahp


def reply_template(code: str | None) -> Any:
    if not code:
        return None
    from aduan.messaging.models import ReplyTemplate

    return one(ReplyTemplate.objects.filter(active=True), _("standard reply"), code, code=code)


def institution(institution_id: int) -> Institution:
    """An active institution (a referral comes only from one), or NotFound (404)."""
    found = Institution.objects.filter(pk=institution_id).first()
    if found is None:
        raise NotFound(
            _("No institution has the id %(id)s; GET /referrals/institutions lists them.")
            % {"id": institution_id}
        )
    if not found.active:
        raise NotFound(
            _("The institution %(name)s (id %(id)s) is no longer active.")
            % {"name": found.name, "id": institution_id}
        )
    return found
