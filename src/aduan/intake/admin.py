from django.contrib import admin

from aduan.intake.models import Inbound


@admin.register(Inbound)
class InboundAdmin(admin.ModelAdmin):
    """Read-only: the record of what arrived. Raw content is not shown (it may identify a
    confidential reporter); the case link leads to the scoped case page."""

    list_display = ["channel", "external_id", "received_at", "status", "attempts", "case"]
    list_filter = ["channel", "status"]
    search_fields = ["external_id"]
    fields = [
        "channel",
        "external_id",
        "received_at",
        "status",
        "attempts",
        "error",
        "note",
        "case",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False
