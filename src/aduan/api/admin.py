from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.api.models import ApiToken
from aduan.api.services import token_revoke
from aduan.core.errors import DomainError


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made with ``aduan create-token`` (the secret is shown once there) and revoked
    here; nothing else is edited, and the key hash is read-only."""

    list_display = (
        "name",
        "user",
        "prefix",
        "scope",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked",
    )
    list_filter = ("revoked", "scope")
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = (
        "user",
        "name",
        "prefix",
        "key_hash",
        "scope",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked",
    )
    actions = ["revoke"]

    def has_add_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        done = 0
        for token in queryset:
            try:
                token_revoke(token=token, actor=request.user)
            except DomainError as refusal:
                self.message_user(request, f"{token}: {refusal}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(
                request, _("%(count)d token(s) revoked.") % {"count": done}, messages.SUCCESS
            )
