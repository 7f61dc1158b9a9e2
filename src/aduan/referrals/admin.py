"""Institutions and referrals for administrators. Referrals are read here; they change only
through ``referrals.services`` (the case page)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from aduan.directory.scoping import limit_to_offices
from aduan.referrals.models import Institution, Referral


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "email", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["agency"]
    raw_id_fields = ["office"]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["case", "institution", "direction", "status", "sent_at", "answered_at"]
    list_filter = ["direction", "status", "institution__kind"]
    search_fields = ["case__reference", "institution__name", "letter_reference"]
    readonly_fields = [f.name for f in Referral._meta.fields]

    def get_queryset(self, request: HttpRequest) -> Any:
        return limit_to_offices(super().get_queryset(request), request.user, "case__office")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
