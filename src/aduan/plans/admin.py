"""Targets and programme items for administrators, limited to their offices; they change
through ``plans.services`` (the pages under /kantor/rencana/)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from aduan.directory.scoping import limit_to_offices
from aduan.plans.models import Target, WorkItem


class _Scoped(admin.ModelAdmin):
    def get_queryset(self, request: HttpRequest) -> Any:
        return limit_to_offices(super().get_queryset(request), request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Target)
class TargetAdmin(_Scoped):
    list_display = ["metric", "activity_kind", "unit", "year", "quarter", "value", "office"]
    list_filter = ["metric", "year", "office"]


@admin.register(WorkItem)
class WorkItemAdmin(_Scoped):
    list_display = ["title", "year", "quarter", "due_date", "status", "owner", "office"]
    list_filter = ["status", "year", "office"]
    search_fields = ["title"]
