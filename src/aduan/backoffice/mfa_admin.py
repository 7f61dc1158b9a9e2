"""The admin of second-factor devices: who has one, and removing it (a lost phone). No secret
is ever shown or edited there, and removal goes through ``mfa.second_factor_remove`` (audited).
Replaces django-otp's own admin, which shows TOTP keys, QR codes and recovery codes."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from aduan.backoffice import mfa


class SecondFactorAdmin(admin.ModelAdmin):
    list_display = ("user", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username",)
    fields = ("user", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        mfa.second_factor_remove(user=obj.user, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for user in {device.user for device in queryset.select_related("user")}:
            mfa.second_factor_remove(user=user, actor=request.user)


def install() -> None:
    """Put this admin in place of django-otp's (called from BackofficeConfig.ready)."""
    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
    admin.site.register(TOTPDevice, SecondFactorAdmin)
