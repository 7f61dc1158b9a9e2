from django.contrib import admin

from aduan.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by service functions only."""

    list_display = ("at", "actor_label", "description", "target_label", "office")
    list_filter = ("action", "office")
    search_fields = ("target_label", "actor_label", "action")
    date_hierarchy = "at"

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
