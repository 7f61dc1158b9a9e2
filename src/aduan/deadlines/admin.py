from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.core.admin import AuditedAdmin
from aduan.core.errors import DomainError
from aduan.deadlines import services
from aduan.deadlines.models import Deadline, DeadlineRule, HolidayChange, OfficeClosure
from aduan.directory.scoping import limit_to_offices


class OfficeClosureForm(forms.ModelForm):
    why_moved = forms.CharField(
        label=gettext_lazy("Why it moves (only when changing the days)"),
        max_length=200,
        required=False,
    )

    class Meta:
        model = OfficeClosure
        fields = ("office", "start_date", "end_date", "kind", "reason")

    def clean(self):  # noqa: ANN201
        data = super().clean()
        if self.instance.pk and not (data.get("why_moved") or "").strip():
            raise forms.ValidationError(_("Say why the non-working day moves."))
        if data.get("start_date") and data.get("kind"):
            try:
                services.validate_closure(
                    start_date=data["start_date"],
                    end_date=data.get("end_date") or data["start_date"],
                    kind=data["kind"],
                    reason=data.get("reason", ""),
                )
            except DomainError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return data


@admin.register(OfficeClosure)
class OfficeClosureAdmin(admin.ModelAdmin):
    """Adding, moving (changing the days) or removing goes through the services, so it is
    audited and the running deadlines are recomputed at once, each moved due date on its case's
    timeline. Only the days of an existing one change; for anything else remove it and add."""

    list_display = ("start_date", "end_date", "reason", "kind", "office")
    list_filter = ("kind", "office")
    form = OfficeClosureForm
    date_hierarchy = "start_date"

    def get_readonly_fields(self, request, obj=None):  # noqa: ANN001, ANN201
        return ("office", "kind", "reason") if obj is not None else ()

    def save_model(self, request, obj, form, change):  # noqa: ANN001, ANN201
        if change:
            services.closure_shift(
                actor=request.user,
                closure=obj,
                start_date=obj.start_date,
                end_date=obj.end_date,
                reason=form.cleaned_data["why_moved"],
            )
            messages.info(request, _("Running deadlines were recomputed."))
            return
        created = services.closure_add(
            actor=request.user,
            office=obj.office,
            start_date=obj.start_date,
            end_date=obj.end_date,
            kind=obj.kind,
            reason=obj.reason,
        )
        obj.pk = created.pk
        obj._state.adding = False
        messages.info(request, _("Running deadlines were recomputed."))

    def delete_model(self, request, obj):  # noqa: ANN001, ANN201
        services.closure_remove(actor=request.user, closure=obj)

    def delete_queryset(self, request, queryset):  # noqa: ANN001, ANN201
        for closure in queryset:
            services.closure_remove(actor=request.user, closure=closure)
        messages.info(request, _("Running deadlines were recomputed."))


class HolidayChangeForm(forms.ModelForm):
    class Meta:
        model = HolidayChange
        fields = ("date", "kind", "new_date", "reason")

    def clean(self):  # noqa: ANN201
        data = super().clean()
        if data.get("date") and data.get("kind"):
            try:
                services.validate_holiday_change(
                    day=data["date"],
                    kind=data["kind"],
                    new_day=data.get("new_date"),
                    reason=data.get("reason", ""),
                )
            except DomainError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return data


@admin.register(HolidayChange)
class HolidayChangeAdmin(admin.ModelAdmin):
    """Cancel or move a national holiday or cuti bersama of the holiday data. Through the
    services: audited, and the running deadlines are recomputed at once. A change is withdrawn
    by deleting it (the holiday data applies again)."""

    list_display = ("date", "kind", "new_date", "reason", "actor", "created_at")
    list_filter = ("kind",)
    form = HolidayChangeForm
    date_hierarchy = "date"

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):  # noqa: ANN001, ANN201
        if obj.kind == HolidayChange.Kind.SHIFT:
            created = services.holiday_shift(
                actor=request.user, day=obj.date, new_day=obj.new_date, reason=obj.reason
            )
        else:
            created = services.holiday_cancel(actor=request.user, day=obj.date, reason=obj.reason)
        obj.pk = created.pk
        obj._state.adding = False
        messages.info(request, _("Running deadlines were recomputed."))

    def delete_model(self, request, obj):  # noqa: ANN001, ANN201
        services.holiday_change_undo(actor=request.user, change=obj)

    def delete_queryset(self, request, queryset):  # noqa: ANN001, ANN201
        for change in queryset:
            services.holiday_change_undo(actor=request.user, change=change)
        messages.info(request, _("Running deadlines were recomputed."))


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(AuditedAdmin):
    """Rules are changed through an audited save (``admin.deadlinerule_changed``, old → new)
    and never deleted: deactivate one instead."""

    list_display = (
        "code",
        "name",
        "days",
        "basis",
        "legal_source",
        "effective_from",
        "extendable",
        "rule_set",
        "active",
    )
    list_filter = ("rule_set", "basis", "extendable", "active")
    search_fields = ("code", "name", "legal_source")


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    """Read-only here: deadlines are started and closed by the case workflow's services."""

    list_display = ("rule", "office", "start_date", "due_date", "state")
    list_filter = ("state", "office", "rule")
    readonly_fields = [f.name for f in Deadline._meta.fields] + ["how_computed"]
    exclude = ("explanation",)

    def get_queryset(self, request):  # noqa: ANN001, ANN201
        return limit_to_offices(super().get_queryset(request), request.user)

    @admin.display(description=gettext_lazy("how it was computed"))
    def how_computed(self, obj: Deadline) -> str:
        from aduan.deadlines.workdays import explain

        return " ".join(explain(obj.explanation)) if obj.explanation else ""

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
