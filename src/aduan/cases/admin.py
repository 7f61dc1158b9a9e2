"""A read-only look at cases for administrators. State changes happen only through the
services (the back office and the API); reporters' identities are not shown here."""

from django.contrib import admin

from aduan.cases.models import Case
from aduan.directory.scoping import limit_to_offices


class TransitionInline(admin.TabularInline):
    from aduan.cases.models import Transition

    model = Transition
    fields = ("at", "from_state", "to_state", "action", "actor", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "title",
        "state",
        "intake_type",
        "office",
        "unit",
        "assignee",
        "received_at",
    )
    list_filter = ("state", "intake_type", "channel", "office", "confidential")
    search_fields = ("reference", "title")
    date_hierarchy = "received_at"
    list_select_related = ("intake_type", "office", "unit", "assignee")
    exclude = ("access_code", "intake_key")
    inlines = [TransitionInline]
    show_full_result_count = False

    def get_queryset(self, request):  # noqa: ANN001, ANN201
        return limit_to_offices(super().get_queryset(request), request.user)

    def get_readonly_fields(self, request, obj=None):  # noqa: ANN001, ANN201
        return [f.name for f in Case._meta.fields if f.name not in self.exclude] + [
            "maladministration_forms",
            "linked_reports",
        ]

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
