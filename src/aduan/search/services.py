"""Keeping the search index in step with the case file.

The case services call ``refresh_index(case)`` where the text a case is found by may change
(IAPS, KNL conversion, transfer, edits), inside their transaction: the index changes
with the case or not at all. A new report is indexed by its follow-up task once committed
(``intake.tasks.case_received_task``, decision 0020), or in its transaction without a
worker. ``aduan reindex`` rebuilds everything (after an agency is renamed, say).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.db import DatabaseError, transaction
from django.db.models import QuerySet

from aduan.cases.models import Case, Reporter
from aduan.directory.models import Agency
from aduan.search.models import CaseText, SearchWord
from aduan.search.normalize import normalize

MAX_TEXT = 20_000  # characters of normalised text kept per case (a chronology is rarely longer)
BATCH_SIZE = 500
# Words worth correcting a typo towards: letters only, not too short, not absurdly long.
VOCABULARY_LENGTH = (4, 40)

Progress = Callable[[str], None]
log = logging.getLogger(__name__)


def refresh_index(case: Case) -> None:
    """Bring the index row of ``case`` up to date, inside the caller's transaction when there
    is one, so the index commits or rolls back with the change itself. A failure is logged,
    never raised: it must not cost a report, and ``aduan reindex`` repairs the index."""
    index_case_logged(case.pk)


def index_case_logged(case_id: int) -> None:
    """``index_case``, logging a database failure instead of raising it."""
    try:
        index_case(case_id)
    except DatabaseError:
        log.exception("Could not index case %s for search", case_id)


def index_case(case_id: int) -> CaseText | None:
    """Write (or rewrite) the index row of one case; remove it if the case is gone. Idempotent."""
    with transaction.atomic():
        cases = list(_cases(Case.objects.filter(pk=case_id)))
        if not cases:
            CaseText.objects.filter(case_id=case_id).delete()
            return None
        return _index(cases)[0]


def reindex(
    queryset: QuerySet[Case] | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> int:
    """Index every case of ``queryset`` (all cases by default) in batches of ``batch_size``,
    each in its own transaction; returns how many were indexed. Index rows of cases that no
    longer exist go with their case (ON DELETE CASCADE)."""
    say = progress or (lambda line: None)
    queryset = (Case.objects.all() if queryset is None else queryset).order_by("pk")
    total = queryset.count()
    done, last_pk = 0, 0
    known_words: set[str] = set()
    say(f"{total:,} cases to index")
    while True:
        batch = list(_cases(queryset.filter(pk__gt=last_pk)[:batch_size]))
        if not batch:
            break
        with transaction.atomic():
            _index(batch, known_words)
        done += len(batch)
        last_pk = batch[-1].pk
        if done % (batch_size * 20) < batch_size or done == total:
            say(f"{done:,} / {total:,}")
    return done


def case_text(
    case: Case, agency_names: Iterable[str] = (), reporter_names: Iterable[str] = ()
) -> tuple[str, str]:
    """The (text, names) a case is found by, normalised. Reporter names stay out of the index
    of a confidential case."""
    parts = [
        case.reference,
        case.title,
        case.event_tag,
        *agency_names,
        case.official_name,
        case.official_position,
        case.chronology,
    ]
    text = _cut(normalize(" ".join(p for p in parts if p)))
    names = "" if case.confidential else _cut(normalize(" ".join(reporter_names)))
    return text, names


def _cut(text: str) -> str:
    """At most MAX_TEXT characters, cut between words."""
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT + 1].rsplit(" ", 1)[0]


# --- internals
def _cases(queryset: QuerySet[Case]) -> QuerySet[Case]:
    return queryset.select_related("agency").only(
        "pk",
        "office_id",
        "reference",
        "title",
        "event_tag",
        "official_name",
        "official_position",
        "chronology",
        "confidential",
        "agency__path",
        "agency__name",
        "agency__short_name",
    )


def _agency_names(cases: list[Case]) -> dict[str, list[str]]:
    """Names of each agency and its parents, by path (one query for the batch)."""
    step = Agency.steplen
    paths = set()
    for case in cases:
        if case.agency_id:
            path = case.agency.path
            paths.update(path[:end] for end in range(step, len(path) + 1, step))
    found = {
        a.path: [a.name, a.short_name]
        for a in Agency.objects.filter(path__in=paths).only("path", "name", "short_name")
    }
    return {
        path: [
            name for end in range(step, len(path) + 1, step) for name in found.get(path[:end], [])
        ]
        for path in paths
    }


def _index(cases: list[Case], known_words: set[str] | None = None) -> list[CaseText]:
    agencies = _agency_names(cases)
    reporters: dict[int, list[str]] = {}
    for case_id, name in Reporter.objects.filter(case__in=cases).values_list("case_id", "name"):
        reporters.setdefault(case_id, []).append(name)
    rows = []
    for case in cases:
        agency = agencies.get(case.agency.path, []) if case.agency_id else []
        text, names = case_text(case, agency, reporters.get(case.pk, []))
        rows.append(CaseText(case_id=case.pk, office_id=case.office_id, text=text, names=names))
    CaseText.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["case"],
        update_fields=["office", "text", "names"],
    )
    _add_words(rows, known_words if known_words is not None else set())
    return rows


def _add_words(rows: list[CaseText], known: set[str]) -> None:
    shortest, longest = VOCABULARY_LENGTH
    new = {
        word
        for row in rows
        for word in f"{row.text} {row.names}".split()
        if shortest <= len(word) <= longest and word.isalpha() and word not in known
    }
    if new:
        SearchWord.objects.bulk_create(
            [SearchWord(word=w) for w in sorted(new)], ignore_conflicts=True, batch_size=1000
        )
        known.update(new)
