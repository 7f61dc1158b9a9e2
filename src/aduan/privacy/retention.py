"""The retention schedule (UU 27/2022 Ps.43–44): reporters' identities of cases closed longer
ago than the office's archive period are anonymised.

``retention_run`` replaces each such reporter's identity with neutral values and marks
``Reporter.anonymised_at``, deletes the case's documents flagged ``identifies_reporter`` (and
their files, after commit), refreshes the case's search row, and writes one audit event per case
(``privacy.anonymised``, with counts only). Before the reporters' rows are emptied, the identity
guard takes their identity, in any spelling, out of the case's free text (title, chronology, the
remedy sought, the earlier complaint), its notes and the messages sent to them. The case itself
(reference, decisions, the redacted text), its transitions and the audit log are kept: they are
the office's record. Run by
``aduan retention`` and daily by the worker; a second run does nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import DateTimeField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy

from aduan.cases.models import Case, Document, Reporter, Transition
from aduan.cases.states import State
from aduan.core import audit
from aduan.deadlines.workdays import local_date
from aduan.directory.models import Office
from aduan.privacy.models import DEFAULT_ARCHIVE_YEARS, RetentionPolicy

AUDIT_ACTIONS = {
    "privacy.anonymised": gettext_lazy(
        "Reporters' identities anonymised at the end of the archive period"
    ),
}
ANONYMOUS_NAME = "[dianonimkan]"
NEUTRAL: dict[str, Any] = {
    "name": ANONYMOUS_NAME,
    "birth_place": "",
    "birth_date": None,
    "marital_status": "",
    "occupation": "",
    "address": "",
    "region": None,
    "id_type": "",
    "id_number": "",
    "phone": "",
    "email": "",
    "represents": "",
    "members": "",
    "deed_number": "",
}
Progress = Callable[[str], None]


@dataclass
class OfficeRetention:
    office: str
    archive_years: int
    cutoff: dt.date
    cases: list[str] = field(default_factory=list)
    reporters: int = 0
    documents: int = 0


@dataclass
class RetentionResult:
    dry_run: bool
    offices: list[OfficeRetention] = field(default_factory=list)

    @property
    def cases(self) -> int:
        return sum(len(o.cases) for o in self.offices)

    @property
    def reporters(self) -> int:
        return sum(o.reporters for o in self.offices)

    @property
    def documents(self) -> int:
        return sum(o.documents for o in self.offices)


def archive_years(office: Office) -> int:
    policy = RetentionPolicy.objects.filter(office=office).first()
    return policy.archive_years if policy else DEFAULT_ARCHIVE_YEARS


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def due_cases(office: Office, cutoff: dt.date) -> Any:
    """Closed cases of ``office`` closed before ``cutoff`` (the office's day) that still hold
    an identity: a reporter not anonymised, or a document that identifies the reporter. The
    time of closure is ``Case.closed_at``, else the last move to *selesai*."""
    start_of_cutoff = dt.datetime.combine(cutoff, dt.time.min, tzinfo=ZoneInfo(office.time_zone))
    last_closure = (
        Transition.objects.filter(case=OuterRef("pk"), to_state=State.CLOSED)
        .order_by("-at")
        .values("at")[:1]
    )
    holds_identity = Q(
        Exists(Reporter.objects.filter(case=OuterRef("pk"), anonymised_at__isnull=True))
    ) | Q(Exists(Document.objects.filter(case=OuterRef("pk"), identifies_reporter=True)))
    return (
        Case.objects.filter(office=office, state=State.CLOSED)
        .annotate(
            closed_on=Coalesce("closed_at", Subquery(last_closure), output_field=DateTimeField())
        )
        .filter(closed_on__lt=start_of_cutoff)
        .filter(holds_identity)
        .order_by("closed_on", "pk")
    )


def _redact_texts(case: Case) -> int:
    """The reporters' identity taken out of what was written about the case, as the identity
    guard finds it in any spelling (``cases.identity.redact``), before the reporters' rows are
    emptied: the case's free text, its notes and the messages sent to the reporters. Returns how
    many texts changed."""
    from aduan.cases.identity import redact
    from aduan.cases.models import Note
    from aduan.cases.services import FREE_TEXT_FIELDS
    from aduan.messaging.models import OutgoingMessage

    changed = 0
    fields = [f for f in sorted(FREE_TEXT_FIELDS) if getattr(case, f, None)]
    updates = {f: redact(case, getattr(case, f), always=True) for f in fields}
    updates = {f: v for f, v in updates.items() if v != getattr(case, f)}
    if updates:
        Case.objects.filter(pk=case.pk).update(**updates)
        for name, value in updates.items():
            setattr(case, name, value)
        changed += len(updates)
    for note in Note.objects.filter(case=case).only("pk", "text"):
        text = redact(case, note.text, always=True)
        if text != note.text:
            Note.objects.filter(pk=note.pk).update(text=text)
            changed += 1
    for message in OutgoingMessage.objects.filter(case=case).only("pk", "subject", "body"):
        subject = redact(case, message.subject, always=True)
        body = redact(case, message.body, always=True)
        if (subject, body) != (message.subject, message.body):
            OutgoingMessage.objects.filter(pk=message.pk).update(subject=subject, body=body)
            changed += 1
    return changed


def _anonymise_case(
    case_id: int, years: int, now: dt.datetime, office: Office, cutoff: dt.date
) -> tuple[int, int] | None:
    """Anonymise one case in its own transaction; None if it no longer qualifies."""
    from aduan.search.services import refresh_index
    from aduan.triage.models import ReporterKey

    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("office").get(pk=case_id)
        if not due_cases(office, cutoff).filter(pk=case.pk).exists():
            return None  # reopened (and perhaps closed again) since it was listed
        reporters = Reporter.objects.filter(case=case, anonymised_at__isnull=True)
        texts = _redact_texts(case) if reporters.exists() else 0
        reporter_count = reporters.update(**NEUTRAL, anonymised_at=now)
        # The duplicate finder's hashed phone, e-mail and NIK keys would still tie the case to
        # a person (aduan.triage.matching): they go with the identity.
        ReporterKey.objects.filter(case=case).delete()
        documents = list(Document.objects.filter(case=case, identifies_reporter=True))
        names = [d.file.name for d in documents if d.file]
        storage = Document._meta.get_field("file").storage
        Document.objects.filter(pk__in=[d.pk for d in documents]).delete()
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
        audit.record(
            "privacy.anonymised",
            target=case,
            office=case.office,
            actor_label="sistem",
            new={
                "reporters": reporter_count,
                "documents": len(documents),
                "texts": texts,
                "archive_years": years,
            },
        )
        refresh_index(case)
    return reporter_count, len(documents)


def retention_run(
    *,
    office: Office | None = None,
    today: dt.date | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> RetentionResult:
    """Anonymise the identities of reporters of cases closed longer ago than each office's
    archive period (``RetentionPolicy``, default 5 years). ``dry_run`` changes nothing and
    reports what would be done."""
    say = progress or (lambda line: None)
    result = RetentionResult(dry_run=dry_run)
    offices = [office] if office is not None else list(Office.objects.order_by("code"))
    now = timezone.now()
    for each in offices:
        years = archive_years(each)
        day = today or local_date(now, each)
        report = OfficeRetention(
            office=each.code, archive_years=years, cutoff=_years_before(day, years)
        )
        cases = list(due_cases(each, report.cutoff).values_list("pk", "reference"))
        if cases:
            say(
                f"{each.code}: {len(cases)} cases closed before {report.cutoff:%Y-%m-%d} "
                f"({years} years)"
            )
        for number, (case_id, reference) in enumerate(cases, start=1):
            if dry_run:
                report.reporters += Reporter.objects.filter(
                    case_id=case_id, anonymised_at__isnull=True
                ).count()
                report.documents += Document.objects.filter(
                    case_id=case_id, identifies_reporter=True
                ).count()
                report.cases.append(reference)
            else:
                done = _anonymise_case(case_id, years, now, each, report.cutoff)
                if done is None:
                    continue
                report.reporters += done[0]
                report.documents += done[1]
                report.cases.append(reference)
            if number % 100 == 0 or number == len(cases):
                say(f"  {each.code}: {number}/{len(cases)}")
        result.offices.append(report)
    return result
