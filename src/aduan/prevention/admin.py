"""Prevention records for administrators, limited to their offices. State and snapshots are
read here; they change only through ``prevention.services`` (the pages under
/kantor/pencegahan/): a mapping is never edited, a review's status and a suggestion's
follow-up are not set by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from aduan.directory.scoping import limit_to_offices
from aduan.prevention.models import (
    Activity,
    ActivityDocument,
    ActivityFinding,
    ActivityKind,
    Agreement,
    AssistanceSession,
    Contact,
    Partner,
    StandardMapping,
    Suggestion,
    SuggestionReport,
    SystemicReview,
)


class ScopedAdmin(admin.ModelAdmin):
    office_field = "office"

    def get_queryset(self, request: HttpRequest) -> Any:
        return limit_to_offices(super().get_queryset(request), request.user, self.office_field)


class ActivityDocumentInline(admin.TabularInline):
    model = ActivityDocument
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    list_display = ["title", "kind", "start_date", "place", "reports_taken", "office"]
    list_filter = ["kind", "office"]
    search_fields = ["title", "place", "event_tag", "topic"]
    date_hierarchy = "start_date"
    raw_id_fields = ["cases", "agencies", "staff", "created_by"]
    inlines = [ActivityDocumentInline]


@admin.register(ActivityKind)
class ActivityKindAdmin(admin.ModelAdmin):
    """The kinds of activity (national reference data). A kind in use is retired with
    "active", never deleted: its activities still count under it."""

    list_display = ["code", "name", "name_en", "category", "records_findings", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["category", "active"]
    search_fields = ["code", "name", "name_en"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and Activity.objects.filter(kind=obj.code).exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code"] if obj is not None else []  # activities refer to the code


@admin.register(ActivityFinding)
class ActivityFindingAdmin(ScopedAdmin):
    office_field = "activity__office"
    list_display = ["place", "activity", "created_at"]
    search_fields = ["place", "finding"]
    raw_id_fields = ["activity", "agencies", "created_by", "region"]


class SuggestionInline(admin.TabularInline):
    model = Suggestion
    extra = 0
    raw_id_fields = ["agency"]
    # The due date is the follow-up clock's (set when the review is published).
    readonly_fields = ["due_date", "status", "agency_response", "responded_at"]


@admin.register(SystemicReview)
class SystemicReviewAdmin(ScopedAdmin):
    list_display = ["title", "topic", "period_start", "period_end", "status", "office"]
    list_filter = ["status", "office"]
    search_fields = ["title", "topic"]
    raw_id_fields = ["agencies"]
    readonly_fields = ["status", "published_at", "published_by", "created_by"]
    inlines = [SuggestionInline]


@admin.register(Suggestion)
class SuggestionAdmin(ScopedAdmin):
    office_field = "review__office"
    list_display = ["agency", "review", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["text", "agency__name"]
    readonly_fields = [
        "review",
        "due_date",
        "status",
        "agency_response",
        "responded_at",
        "evidence",
    ]
    raw_id_fields = ["agency"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(SuggestionReport)
class SuggestionReportAdmin(ScopedAdmin):
    """Read only: a liaison's report and the office's decision happen in the portal."""

    office_field = "suggestion__review__office"
    list_display = ["suggestion", "status", "at", "by", "decision", "decided_at"]
    list_filter = ["decision", "status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StandardMapping)
class StandardMappingAdmin(ScopedAdmin):
    list_display = ["agency", "as_of", "met_count", "office"]
    list_filter = ["office"]
    search_fields = ["agency__name"]
    readonly_fields = [f.name for f in StandardMapping._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AssistanceSession)
class AssistanceSessionAdmin(ScopedAdmin):
    list_display = ["agency", "date", "topic", "office"]
    list_filter = ["office"]
    search_fields = ["agency__name", "topic"]
    raw_id_fields = ["agency", "staff", "created_by"]


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Partner)
class PartnerAdmin(ScopedAdmin):
    list_display = ["name", "kind", "office", "active"]
    list_filter = ["kind", "active", "office"]
    search_fields = ["name"]
    inlines = [AgreementInline, ContactInline]


@admin.register(Agreement)
class AgreementAdmin(ScopedAdmin):
    office_field = "partner__office"
    list_display = ["number", "title", "partner", "valid_from", "valid_until"]
    search_fields = ["number", "title", "partner__name"]
