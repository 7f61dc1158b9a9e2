"""Finding cases from one search box: by reference, words of the case file, the reported agency,
and (for those allowed to see identities) the reporter's name; ranked, and tolerant of typos and
Indonesian spelling variants.

How a query runs (docs/decisions/0003-search.md):

1. The box is normalised like the index (``aduan.search.normalize``) and cut to a few words.
2. Each word of four letters or more is widened with the nearest words of the vocabulary
   (trigram similarity), so "pukesmas" also looks for "puskesmas".
3. One full-text query (PostgreSQL tsvector + GIN, SQLite FTS5) finds the cases having every word
   (or one of its variants; a word of three letters or more also as a prefix), inside the
   queryset it was given; cases with the words as typed rank above the others. Only the newest
   ``POOL`` matches are ranked, and the best ``LIMIT`` are kept, so a very common word costs no
   more than a rare one. If no case has every word, any word is enough.
4. A reference typed in full, or its beginning, is looked up on the reference column and ranked
   first.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import F, Func, IntegerField, Q, QuerySet, Value

from aduan.cases import permissions
from aduan.cases.models import Case
from aduan.cases.selectors import cases_for
from aduan.directory.models import Agency
from aduan.directory.scoping import offices_for, sees_all_offices
from aduan.search.normalize import normalize

MAX_QUERY = 200  # characters of the box that are read
MAX_WORDS = 6  # words of the box that are used
POOL = 1_000  # newest matching cases that are ranked
LIMIT = 500  # best-ranked cases returned
WORK_MEM = "32MB"  # PostgreSQL: memory for the search statement's bitmaps and sorts
FUZZY_SHORTEST = 4  # shorter words are taken as typed (and as a prefix)
FUZZY_SIMILARITY = 0.4  # trigram similarity a vocabulary word needs to stand in for a word
FUZZY_VARIANTS = 4  # vocabulary words that may stand in for one word
FUZZY_SPREAD = 0.2  # ... and they are at most this much less similar than the closest one
# Rank tiers, each above any full-text rank (ts_rank is at most 1, -bm25 a few dozen).
EXACT_REFERENCE = 3_000_000.0
REFERENCE_PREFIX = 2_000_000.0
AS_TYPED = 1_000_000.0
AGENCY_NAME = AS_TYPED  # a case of the agency named, newest first
AGENCIES = 50  # agencies a typed name may stand for
# Words so common in Indonesian complaints that they narrow nothing; dropped unless alone.
STOPWORDS = frozenset(
    "yang dan di ke dari untuk dengan pada dalam atau ini itu juga sudah akan ada".split()
)
REFERENCE_LIKE = re.compile(r"^[\w./-]*\d[\w./-]*$")


def search_cases(queryset: QuerySet[Case], words: str, *, user: Any) -> QuerySet[Case]:
    """The cases of ``queryset`` (already scoped to what ``user`` may see) that match
    ``words``, annotated with ``search_rank`` and ordered best first.

    Reporter names are searched only if ``user`` may see identities; a confidential case's
    reporter is never in the index. Anything typed is safe: empty, punctuation only, very long,
    or full-text syntax (quotes, ``*``, ``NEAR``, ``AND``/``OR``) just finds less.
    """
    raw = (words or "")[:MAX_QUERY].strip()
    terms = query_words(raw)
    # The name of a reported agency, typed out: its cases, newest first, straight from the
    # agency index (the words of a long agency name are each common, and the full-text query
    # for all of them is the slowest a person can type).
    scores = _agency_cases(queryset, raw)
    if not scores:
        scores = _words(queryset, terms, user=user) if terms else {}
    for pk, bonus in _references(queryset, raw).items():
        scores[pk] = scores.get(pk, 0.0) + bonus
    if not scores:
        return queryset.none().annotate(search_rank=Value(0, output_field=IntegerField()))
    best = [pk for pk, _ in sorted(scores.items(), key=lambda item: (-item[1], -item[0]))]
    best = best[:LIMIT]
    return queryset.filter(pk__in=best).annotate(search_rank=RankIn(best)).order_by("-search_rank")


class RankIn(Func):
    """The rank of a case in a list of case ids, best first: higher is better, and a case not in
    the list ranks 0. One expression with one parameter, however long the list (a CASE with a
    branch per case costs more to build than the search itself)."""

    output_field = IntegerField()

    def __init__(self, ids: list[int]) -> None:
        self.ids = [int(pk) for pk in ids]
        super().__init__(F("pk"))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        listed = "," + ",".join(map(str, self.ids)) + ","
        # The position of ",id," in ",12,5,9,": smaller for better cases; 0 when absent.
        sql = f"COALESCE(%s - NULLIF(instr(%s, ',' || {column} || ','), 0), 0)"
        return sql, [len(listed), listed, *params]

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        sql = f"COALESCE(%s - array_position(%s::bigint[], {column}), 0)"
        return sql, [len(self.ids) + 1, self.ids, *params]


def _agency_cases(queryset: QuerySet[Case], raw: str) -> dict[int, float]:
    """{case id: score} of the cases reported against the agencies whose name holds every word
    typed, or against the agencies under them (two words at least, so one common word is not
    taken for an agency); {} if none."""
    typed = [w for w in re.split(r"[^\w]+", raw) if len(w) >= 2][:MAX_WORDS]
    if len(typed) < 2:
        return {}
    named = Q()
    for word in typed:
        named &= Q(name__icontains=word)
    paths = list(Agency.objects.filter(named).values_list("path", flat=True)[:AGENCIES])
    if not paths:
        return {}
    below = Q()
    for path in paths:  # the agency and the agencies under it (treebeard's materialised path)
        below |= Q(path__startswith=path)
    agencies = list(Agency.objects.filter(below).values_list("pk", flat=True))
    ids = queryset.filter(agency_id__in=agencies).order_by("-pk").values_list("pk", flat=True)
    return {pk: AGENCY_NAME - n for n, pk in enumerate(ids[:LIMIT])}


def query_words(raw: str) -> list[str]:
    """The words of the box that are searched: normalised, two characters or more, without
    repeats and common stopwords, at most MAX_WORDS."""
    found = [w for w in dict.fromkeys(normalize(raw).split()) if 2 <= len(w) <= 40]
    meaningful = [w for w in found if w not in STOPWORDS]
    return (meaningful or found)[:MAX_WORDS]


def may_search_names(user: Any) -> bool:
    """Whether ``user`` may find cases by the reporter's name: whoever may see identities in
    their office (assistants, heads, members; not administrators)."""
    return permissions.can(user, "view_identity", office=getattr(user, "office", None))


def _words(queryset: QuerySet[Case], terms: list[str], *, user: Any) -> dict[int, float]:
    """Full-text scores of the cases having every word (as typed, or a stand-in for it), or
    failing that any word. Cases with the words as typed rank above the others."""
    connection = connections[queryset.db]
    groups = [[term, *similar_words(term, connection)] for term in terms]
    offices = (
        None if sees_all_offices(user) else list(offices_for(user).values_list("pk", flat=True))
    )
    search = FullText(
        queryset,
        groups,
        names=may_search_names(user),
        offices=offices,
        just_scoped=_same_query(queryset, cases_for(user)),
    )
    return search.run(every=True) or (search.run(every=False) if len(groups) > 1 else {})


# --- typo tolerance: the vocabulary
def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word (padded with two spaces before and one after)."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity: shared trigrams over all trigrams of the two words."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb)


def similar_words(term: str, connection: Any) -> list[str]:
    """Up to FUZZY_VARIANTS vocabulary words close enough to ``term`` to be the word meant;
    words that ``term`` already finds as a prefix are left out."""
    if len(term) < FUZZY_SHORTEST or not term.isalpha():
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT word FROM search_searchword WHERE word %% %s"
                " ORDER BY similarity(word, %s) DESC, word LIMIT 50",
                [term, term],
            )
        else:
            # The trigram tokenizer matches any substring of three letters or more. For a long
            # word, pieces of four ("pukesmas": puke, ukes, kesm, esma, smas) find the same close
            # words as trigrams among far fewer candidates (a quarter of the time with 500,000
            # words); a short one has too few of them ("seblum" shares none with "sebelum").
            size = 3 if len(term) <= 7 else 4
            pieces = sorted({term[i : i + size] for i in range(len(term) - size + 1)})
            cursor.execute(
                "SELECT w.word FROM search_wordtrigram t JOIN search_searchword w ON w.id = t.rowid"
                " WHERE search_wordtrigram MATCH %s ORDER BY t.rank LIMIT 200",
                [" OR ".join(f'"{piece}"' for piece in pieces)],
            )
        candidates = [row[0] for row in cursor.fetchall()]
    scored = sorted(
        ((similarity(term, word), word) for word in candidates if not word.startswith(term)),
        key=lambda item: (-item[0], item[1]),
    )
    if not scored:
        return []
    # Only the closest words: "morokembangan" means "morokrembangan", not "perkembangan".
    floor = max(FUZZY_SIMILARITY, scored[0][0] - FUZZY_SPREAD)
    return [word for score, word in scored if score >= floor][:FUZZY_VARIANTS]


# --- the full-text query
class FullText:
    """One full-text query over the index, on PostgreSQL or SQLite. ``groups``: for each word
    of the query, the word itself and the vocabulary words standing in for it."""

    def __init__(
        self,
        queryset: QuerySet[Case],
        groups: list[list[str]],
        *,
        names: bool,
        offices: list[int] | None,
        just_scoped: bool = False,
    ) -> None:
        self.queryset, self.groups, self.names, self.offices = queryset, groups, names, offices
        self.just_scoped = just_scoped
        self.connection = connections[queryset.db]
        self.widened = any(len(group) > 1 for group in groups)

    def run(self, *, every: bool) -> dict[int, float]:
        """{case id: score}, best first, at most LIMIT; ``every``: all words, else any."""
        try:
            if self.connection.vendor == "postgresql":
                return self._postgresql(every)
            if self.connection.vendor == "sqlite":
                return self._sqlite(every)
        except EmptyResultSet:
            return {}
        raise NotImplementedError(f"No full-text search for {self.connection.vendor}")

    def _alternatives(self, group: list[str], *, typed_only: bool) -> list[tuple[str, bool]]:
        """(word, as a prefix?) for a query word and its stand-ins. Numbers are taken whole:
        the beginning of a reference is looked up on the reference itself."""
        term, *similar = group
        # Only the last word is also a prefix (it may be unfinished): a prefix of a common word
        # in every position multiplies the index lists PostgreSQL merges.
        last = group is self.groups[-1]
        prefix = last and len(term) >= 3 and term.isalpha()
        return [(term, prefix)] + ([] if typed_only else [(word, False) for word in similar])

    def _scope(self, column: str) -> tuple[str, list[Any]]:
        """``AND column IN (<the queryset's ids>)``, or nothing for an unfiltered queryset."""
        if not self.queryset.query.where:
            return "", []
        inner = self.queryset.order_by().values("pk").query
        sql, params = inner.get_compiler(self.queryset.db).as_sql()
        return f" AND {column} IN ({sql})", list(params)

    def _postgresql(self, every: bool) -> dict[int, float]:
        weight = "" if self.names else "A"  # weight A: the case text; B: reporter names

        def lexeme(word: str, prefix: bool) -> str:
            quoted = "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"
            return f"{quoted}:{'*' if prefix else ''}{weight}" if (prefix or weight) else quoted

        def tsquery(typed_only: bool) -> str:
            return (" & " if every else " | ").join(
                "("
                + " | ".join(lexeme(w, p) for w, p in self._alternatives(g, typed_only=typed_only))
                + ")"
                for g in self.groups
            )

        # The user's offices on the index row itself: PostgreSQL can walk one office's newest
        # rows (index on office, case) or combine the GIN index with it (BitmapAnd), and checks
        # the queryset's own filters on the few rows left.
        office, office_args = "", []
        if self.offices is not None and len(self.offices) == 1:
            office, office_args = " AND t.office_id = %s::bigint", self.offices
        elif self.offices is not None:
            office, office_args = " AND t.office_id = ANY(%s::bigint[])", [self.offices]
        # A queryset that is just the user's cases needs no check beyond the office: the
        # final query applies the queryset anyway, so a stale office can only hide a case.
        scope, params = ("", []) if self.just_scoped else self._scope("t.case_id")
        # The pool holds ids only (a sort carrying the tsvectors spills to disk); its few rows
        # are ranked afterwards. The tsquery is written out where it filters, so the planner
        # sees it as a constant and estimates from the index statistics whether walking the
        # newest rows or the GIN index is cheaper.
        sql = f"""
            WITH pool AS MATERIALIZED (
                SELECT t.case_id FROM search_casetext t
                WHERE t.vector @@ to_tsquery('simple', %s) {office} {scope}
                ORDER BY t.case_id DESC LIMIT {POOL}
            )
            SELECT t.case_id,
                   ts_rank(t.vector, to_tsquery('simple', %s))
                   + CASE WHEN t.vector @@ to_tsquery('simple', %s) THEN {AS_TYPED} ELSE 0 END
            FROM pool JOIN search_casetext t ON t.case_id = pool.case_id
            ORDER BY 2 DESC, 1 DESC LIMIT {LIMIT}
        """  # noqa: S608 - only constants and the queryset's own compiled SQL are formatted in
        wide, typed = tsquery(False), tsquery(True)
        args = [wide, *office_args, *params, wide, typed]
        # For this statement only: with the default 4 MB the bitmap of one office's rows turns
        # lossy (whole pages) and the heap visits triple; JIT compiling costs more than it saves.
        with transaction.atomic(using=self.queryset.db), self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('work_mem'), current_setting('jit'),"
                " set_config('work_mem', %s, true), set_config('jit', 'off', true)",
                [WORK_MEM],
            )
            work_mem, jit, *_ = cursor.fetchone()
            cursor.execute(sql, args)
            scores = {pk: float(score) for pk, score in cursor.fetchall()}
            cursor.execute(
                "SELECT set_config('work_mem', %s, true), set_config('jit', %s, true)",
                [work_mem, jit],
            )
        return scores

    def _sqlite(self, every: bool) -> dict[int, float]:
        def phrase(word: str, prefix: bool) -> str:
            return '"' + word.replace('"', '""') + '"' + ("*" if prefix else "")

        def match(typed_only: bool) -> str:
            expression = (" AND " if every else " OR ").join(
                "("
                + " OR ".join(phrase(w, p) for w, p in self._alternatives(g, typed_only=typed_only))
                + ")"
                for g in self.groups
            )
            return expression if self.names else f"text : ({expression})"

        # "+rowid": offered to FTS5 as a constraint, the IN list would run the MATCH once per id.
        scope, params = self._scope("+rowid")
        sql = f"""
            SELECT rowid, score FROM (
                SELECT rowid, -bm25(search_casefts, 1.0, 0.5) AS score FROM search_casefts
                WHERE search_casefts MATCH %s {scope}
                ORDER BY rowid DESC LIMIT {POOL}
            ) ORDER BY score DESC, rowid DESC LIMIT {LIMIT}
        """  # noqa: S608 - only constants and the queryset's own compiled SQL are formatted in
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [match(True), *params])
            scores = {pk: float(score) + AS_TYPED for pk, score in cursor.fetchall()}
            if self.widened:  # FTS5 ranks one MATCH per query: the stand-ins are a second one
                cursor.execute(sql, [match(False), *params])
                for pk, score in cursor.fetchall():
                    scores.setdefault(pk, float(score))
        return scores


def _same_query(a: QuerySet[Case], b: QuerySet[Case]) -> bool:
    """Whether two querysets select the same cases (same SQL, same parameters)."""
    try:
        return _ids_sql(a) == _ids_sql(b)
    except EmptyResultSet:
        return False


def _ids_sql(queryset: QuerySet[Case]) -> tuple[str, tuple[Any, ...]]:
    sql, params = queryset.order_by().values("pk").query.get_compiler(queryset.db).as_sql()
    return sql, tuple(params)


# --- references
def _references(queryset: QuerySet[Case], raw: str) -> dict[int, float]:
    """Cases whose reference is what was typed (ranked first) or begins with it (next)."""
    if not (2 <= len(raw) <= 80 and REFERENCE_LIKE.match(raw)):
        return {}
    typed = {raw, raw.upper()}
    if connections[queryset.db].vendor == "sqlite":
        # LIKE cannot use the index on SQLite (it is case-insensitive); a range can.
        prefix = Q()
        for value in typed:
            prefix |= Q(reference__gte=value, reference__lt=value + "\U0010ffff")
    else:
        prefix = Q()
        for value in typed:
            prefix |= Q(reference__startswith=value)
    found = queryset.order_by().filter(prefix).values_list("pk", "reference")[:LIMIT]
    return {
        pk: EXACT_REFERENCE if reference in typed else REFERENCE_PREFIX for pk, reference in found
    }
