"""The search index: one row of normalised text per case, and the vocabulary behind typo
tolerance. Both are derived data, rebuilt by ``aduan reindex``; the full-text indexes on them are
made by the migrations, per database (see docs/decisions/0003-search.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseText(models.Model):
    """What a case can be found by, normalised (``aduan.search.normalize``).

    ``text``: reference, summary, place of intake, the reported agency and its parents, the
    official, the chronology. ``names``: the reporters' names, left empty for a confidential case,
    so its reporter can never be found by name. On PostgreSQL the table also has a generated
    ``vector`` column (tsvector) with a GIN index; on SQLite the FTS5 table ``search_casefts``
    follows it through triggers. A migration that makes Django rebuild this table on SQLite
    drops those triggers and must create them again (see migration 0001).
    """

    case = models.OneToOneField(
        "cases.Case",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_text",
        verbose_name=_("case"),
    )
    office = models.ForeignKey(
        "directory.Office",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("office"),
        db_index=False,  # the index on (office, case) serves it
    )
    text = models.TextField(_("text"), blank=True)
    names = models.TextField(_("reporter names"), blank=True)

    class Meta:
        indexes = [models.Index(fields=["office", "case"], name="search_casetext_office_case")]
        verbose_name = _("search text of a case")
        verbose_name_plural = _("search texts of cases")

    def __str__(self) -> str:
        return str(self.case_id)


class SearchWord(models.Model):
    """A word seen in the index; a misspelt word in a query is matched to its nearest words here
    (pg_trgm on PostgreSQL, an FTS5 trigram table on SQLite). Words are only added: a word no
    case uses any more costs nothing but a row."""

    word = models.CharField(max_length=40, unique=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word
