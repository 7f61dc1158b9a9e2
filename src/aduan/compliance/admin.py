"""Administrators define instruments here. A frozen version (used by a campaign) is shown read
only; the action "Make a new version" copies it into an editable version."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from aduan.compliance import services
from aduan.compliance.models import (
    Assessment,
    Band,
    Campaign,
    Delivery,
    Dimension,
    Indicator,
    Instrument,
)
from aduan.core.errors import DomainError


def _frozen(obj) -> bool:  # noqa: ANN001
    instrument = None
    if isinstance(obj, Instrument):
        instrument = obj
    elif isinstance(obj, Dimension):
        instrument = obj.instrument
    return bool(instrument is not None and instrument.frozen_at)


class FrozenInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return not _frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return not _frozen(obj) and super().has_delete_permission(request, obj)


class DimensionInline(FrozenInline):
    model = Dimension
    fields = ["order", "code", "name", "weight"]
    show_change_link = True


class BandInline(FrozenInline):
    model = Band
    fields = ["code", "label", "min_score", "max_score", "zone"]


class IndicatorInline(FrozenInline):
    model = Indicator
    fields = [
        "order",
        "code",
        "text",
        "kind",
        "max_points",
        "weight",
        "evidence_required",
        "allows_not_applicable",
    ]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "version", "first_year", "last_year", "frozen_at"]
    list_filter = ["code"]
    readonly_fields = ["frozen_at", "based_on", "created_at"]
    inlines = [DimensionInline, BandInline]
    actions = ["new_version"]

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return not _frozen(obj) and super().has_delete_permission(request, obj)

    @admin.action(description=_("Make a new version (copy) of the selected instruments"))
    def new_version(self, request, queryset):  # noqa: ANN001, ANN201
        for instrument in queryset:
            try:
                copy = services.instrument_new_version(instrument=instrument, actor=request.user)
            except DomainError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
            self.message_user(
                request,
                _("%(instrument)s created; edit it before a campaign uses it.")
                % {"instrument": copy},
            )


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "instrument", "weight", "order"]
    list_filter = ["instrument"]
    inlines = [IndicatorInline]

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return not _frozen(obj) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # noqa: ANN001, ANN201
        if db_field.name == "instrument":
            kwargs["queryset"] = Instrument.objects.filter(frozen_at__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Campaigns and results change only through the services (the pages at /kantor/kepatuhan/)."""

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "office", "instrument"]
    list_filter = ["office", "year"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["agency", "campaign", "state", "score", "category", "zone"]
    list_filter = ["state", "zone", "office"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["agency", "campaign", "recipient_name", "delivered_on"]
