"""Assignments for administrators, read-only and limited to their offices; they change through
``assignments.services`` (the pages under /kantor/penugasan/)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from aduan.assignments.models import Assignment
from aduan.directory.scoping import limit_to_offices


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["agency", "staff", "start_date", "end_date", "status", "office"]
    list_filter = ["status", "office"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return limit_to_offices(super().get_queryset(request), request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
