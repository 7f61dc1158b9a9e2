"""What taking a report reads every time, kept in each process (decision 0020).

The place list (provinces, regencies and cities), the office covering a place, the intake types
and channels, each office's PVL unit, the deadline rules and each office's calendar change a few
times a year, but a report read them all on every POST. ``current()`` returns this process's
copy after one cheap check: a generation token in the shared cache (``CACHES``). Saving or
deleting any row these come from (admin, services, ``aduan load-regions``, ``migrate``) drops
this process's copy at once and, after the commit, replaces the token, so every other process
reloads on its next report. A missing token (an emptied or evicted cache) also reloads, and no
copy is used longer than ``MAX_AGE`` seconds whatever the token says.

Instances handed out are shared by the requests of a process: read them, never change them.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
import time
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

GENERATION_KEY = "aduan:intake:lookups:generation"
log = logging.getLogger(__name__)
MAX_AGE = 300.0  # seconds a process keeps its copy at most, whatever the token says
_current: Lookups | None = None
_request = threading.local()  # per thread: inside a request, and the copy it checked


class Lookups:
    """One generation of what intake reads. Each part is loaded the first time it is asked."""

    def __init__(self, generation: str) -> None:
        self.generation = generation
        self.loaded_at = time.monotonic()
        self._regions: dict[str, Any] | None = None
        self._choices: dict[str, list[Any]] = {}
        self._covering: dict[str, Any] = {}
        self._refs: dict[Any, dict[str, Any]] = {}
        self._pvl: dict[int, Any] = {}
        self._rules: dict[str, list[Any]] | None = None
        self._calendars: dict[int | None, Any] = {}
        # A lower bound for the calendars kept (a year and a day back, whatever the zone): a
        # clock starting earlier reads its calendar afresh.
        self._since = timezone.now().date() - dt.timedelta(days=367)
        self._memo: dict[Any, Any] = {}

    def memo(self, key: Any, make: Any) -> Any:
        """``make()``, kept for this generation under ``key`` (at most 64 keys: drawn HTML
        such as the empty place select, per language and attributes)."""
        if key not in self._memo:
            if len(self._memo) >= 64:
                self._memo.clear()
            self._memo[key] = make()
        return self._memo[key]

    # --- places -------------------------------------------------------------------------
    def regions(self) -> dict[str, Any]:
        """Provinces, regencies and cities by code (the 552 places of the report form)."""
        if self._regions is None:
            from aduan.regions.models import Region

            levels = [Region.Level.PROVINSI, Region.Level.KABUPATEN_KOTA]
            self._regions = {r.code: r for r in Region.objects.filter(level__in=levels)}
        return self._regions

    def region(self, code: Any) -> Any:
        """The region of ``code`` (a Region passes through); a district or village, which the
        place list does not hold, is read from the database."""
        from aduan.regions.models import Region

        if code is None or isinstance(code, Region):
            return code
        if not code:
            return None
        found = self.regions().get(code)
        if found is None:
            found = Region.objects.filter(code=code).first()
        return found

    def place_choices(self) -> list[Any]:
        """The report form's place list in the active language: regencies and cities grouped
        by province; each province also stands for itself."""
        language = translation.get_language() or ""
        choices = self._choices.get(language)
        if choices is None:
            choices = self._choices[language] = self._place_choices()
        return choices

    def _place_choices(self) -> list[Any]:
        from aduan.regions.models import Region

        provinces: dict[str, tuple[str, list[tuple[str, str]]]] = {}
        cities: list[tuple[str, str]] = []
        for code, region in self.regions().items():
            if region.level == Region.Level.PROVINSI:
                provinces[code] = (
                    region.name,
                    [(code, _("%(province)s (regency not known)") % {"province": region.name})],
                )
            else:
                cities.append((code, region.name))
        for code, name in sorted(cities):
            province = provinces.get(code.split(".")[0])
            if province is not None:
                province[1].append((code, name))
        groups = [(name, options) for _code, (name, options) in sorted(provinces.items())]
        return [("", _("Choose the regency or city")), *groups]

    def place_codes(self) -> frozenset[str]:
        """The codes the place list offers (a province, or a regency or city in one)."""
        key = "codes"
        codes = self._refs.get(key)
        if codes is None:
            regions = self.regions()
            codes = self._refs[key] = frozenset(
                code for code in regions if code.split(".")[0] in regions
            )
        return codes  # type: ignore[return-value]

    def covering_office(self, region: Any) -> Any:
        """The office covering ``region`` (the most specific kind first), or None."""
        if region.code not in self._covering:
            from aduan.directory.models import Office

            office = Office.objects.covering(region).order_by("-kind").first()
            self._covering[region.code] = office
        return self._covering[region.code]

    def default_office(self, code: str) -> Any:
        """The active office of ``code`` (``ADUAN_INTAKE_OFFICE``), else the central office."""
        key = ("default", code)
        if key not in self._covering:
            from aduan.directory.models import Office

            found = Office.objects.filter(code=code, active=True).first() if code else None
            found = found or Office.objects.filter(kind=Office.Kind.PUSAT, active=True).first()
            self._covering[key] = found  # type: ignore[index]
        return self._covering[key]  # type: ignore[index]

    # --- reference items, units, rules, calendars ---------------------------------------
    def ref(self, model: Any, code: Any) -> Any:
        """The active item of a reference list by code (an item passes through), or None."""
        if not isinstance(code, str):
            return code
        items = self._refs.get(model)
        if items is None:
            items = self._refs[model] = {i.code: i for i in model.objects.filter(active=True)}
        return items.get(code)

    def pvl_unit(self, office: Any) -> Any:
        """The office's active PVL unit (where every report starts), or None."""
        if office.pk not in self._pvl:
            from aduan.directory.models import Unit

            units = Unit.objects.filter(office_id=office.pk, kind=Unit.Kind.PVL, active=True)
            self._pvl[office.pk] = units.first()
        return self._pvl[office.pk]

    def _all_rules(self) -> dict[str, list[Any]]:
        if self._rules is None:
            from aduan.deadlines.models import DeadlineRule

            rules: dict[str, list[Any]] = {}
            for rule in DeadlineRule.objects.filter(active=True).order_by("-effective_from"):
                rules.setdefault(rule.code, []).append(rule)
            self._rules = rules
        return self._rules

    def rule_exists(self, code: str) -> bool:
        return code in self._all_rules()

    def rule_in_force(self, code: str, on: dt.date) -> Any:
        """As ``deadlines.services.rule_in_force``: the active version in force on ``on``."""
        for rule in self._all_rules().get(code, []):
            if rule.effective_from <= on:
                return rule
        return None

    def calendar(self, office: Any, from_date: dt.date) -> Any:
        """The office's working calendar for counting from ``from_date`` (its closures and
        those of every office, from a year back; an older start is read afresh)."""
        from aduan.deadlines.workdays import calendar_for

        since = self._since
        if from_date < since:
            return calendar_for(office, from_date=from_date)
        key = getattr(office, "pk", None)
        if key not in self._calendars:
            self._calendars[key] = calendar_for(office, from_date=since)
        return self._calendars[key]


def current() -> Lookups:
    """This process's copy, checked against the shared generation token: one cache read, once
    per request (later calls in the same request reuse the answer)."""
    if getattr(_request, "active", False):
        copy = getattr(_request, "lookups", None)
        if copy is None or copy is not _current:
            copy = _request.lookups = _checked()
        return copy
    return _checked()


def _checked() -> Lookups:
    global _current
    try:
        generation = cache.get(GENERATION_KEY)
    except Exception:  # the cache is down: read everything afresh rather than fail a report
        log.warning("the intake lookups' generation token cannot be read", exc_info=True)
        return Lookups(secrets.token_hex(8))
    if generation is None:
        generation = secrets.token_hex(8)
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY) or generation
    copy = _current
    if copy is None or copy.generation != generation or time.monotonic() - copy.loaded_at > MAX_AGE:
        copy = _current = Lookups(generation)
    return copy


def _request_started(**_kwargs: Any) -> None:
    _request.active, _request.lookups = True, None


def _request_finished(**_kwargs: Any) -> None:
    _request.active, _request.lookups = False, None


def changed(**_kwargs: Any) -> None:
    """Something intake reads changed: drop this process's copy now, and after the commit give
    every process a new token (a signal receiver; also called after bulk writes)."""
    global _current
    _current = None
    transaction.on_commit(_bump, robust=True)


def _bump() -> None:
    global _current
    _current = None
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:  # e.g. during migrate, before the cache table exists
        log.warning("could not renew the intake lookups' generation token", exc_info=True)


def watch() -> None:
    """Connect ``changed`` to every model the copy is made of (called by the intake app)."""
    from django.core.signals import request_finished, request_started
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

    from aduan.deadlines.models import DeadlineRule, HolidayChange, HolidayData, OfficeClosure
    from aduan.directory.models import Office, Unit
    from aduan.reference.models import Channel, IntakeType
    from aduan.regions.models import Region

    models = [
        Region,
        Office,
        Unit,
        IntakeType,
        Channel,
        DeadlineRule,
        OfficeClosure,
        HolidayChange,
        HolidayData,
    ]
    for model in models:
        uid = f"aduan.intake.lookups.{model._meta.label_lower}"
        post_save.connect(changed, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(changed, sender=model, dispatch_uid=uid + ".delete")
    m2m_changed.connect(
        changed, sender=Office.jurisdiction.through, dispatch_uid="aduan.intake.lookups.m2m"
    )
    post_migrate.connect(changed, dispatch_uid="aduan.intake.lookups.migrate")
    request_started.connect(_request_started, dispatch_uid="aduan.intake.lookups.started")
    request_finished.connect(_request_finished, dispatch_uid="aduan.intake.lookups.finished")
