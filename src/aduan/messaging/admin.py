from django.contrib import admin

from aduan.messaging.models import OutgoingMessage, ReplyTemplate


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "active", "order"]
    list_editable = ["active", "order"]
    search_fields = ["title", "code", "body_id", "body_en"]


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    """Read-only: messages are a record of what was sent. The text is not listed, and the
    reporter's identity is not shown here (a confidential reporter's name stays out)."""

    list_display = ["case", "channel", "language", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "channel", "language"]
    fields = ["case", "channel", "language", "status", "error", "attempts", "created_at", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False
