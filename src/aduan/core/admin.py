from django.contrib import admin

from aduan.core import changes
from aduan.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by service functions only."""

    list_display = ("at", "actor_label", "description", "target_label", "office")
    list_filter = ("action", "office")
    search_fields = ("target_label", "actor_label", "action")
    date_hierarchy = "at"

    def get_queryset(self, request):  # noqa: ANN001, ANN201
        from aduan.directory.scoping import limit_to_offices

        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return limit_to_offices(queryset, request.user)

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


class OfficeScoped:
    """An admin mixin for a model with an ``office``: the list holds the rows of the offices
    the user may see, and the office field offers only those offices."""

    def get_queryset(self, request):  # noqa: ANN001, ANN201
        from aduan.directory.scoping import limit_to_offices

        return limit_to_offices(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # noqa: ANN001, ANN201
        from aduan.directory.scoping import offices_for

        if db_field.name == "office":
            kwargs["queryset"] = offices_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StoredBeforeEdit:
    """An admin mixin: ``save_form`` keeps the object as stored before the edit in
    ``obj._audit_before`` (None for a new one), for the audited save that follows."""

    def save_form(self, request, form, change):  # noqa: ANN001, ANN201
        before = changes.stored(form.instance) if change else None
        obj = super().save_form(request, form, change)
        obj._audit_before = before
        return obj


class AuditedAdmin(StoredBeforeEdit, admin.ModelAdmin):
    """A model edited in the admin through an audited save: one audit event per saved object
    with the changed fields old → new (``aduan.core.changes``), inline rows included. Nothing is
    deleted here: deactivate instead."""

    audit_private: frozenset[str] = frozenset()

    def audit_office(self, obj):  # noqa: ANN001, ANN201
        """The office an event about ``obj`` belongs to (its chain)."""
        office = getattr(obj, "office", None)
        return office if office is not None and obj._meta.model_name != "office" else None

    def save_model(self, request, obj, form, change):  # noqa: ANN001, ANN201
        obj.save()

    def save_related(self, request, form, formsets, change):  # noqa: ANN001, ANN201
        super().save_related(request, form, formsets, change)
        obj = form.instance
        changes.record_changes(
            obj=obj,
            actor=request.user,
            before=getattr(obj, "_audit_before", None),
            private=self.audit_private,
            office=self.audit_office(obj),
        )

    def save_formset(self, request, form, formset, change):  # noqa: ANN001, ANN201
        private = getattr(formset, "audit_private", frozenset())
        for inline_form in formset.forms:
            instance = inline_form.instance
            inline_form._audit_before = changes.stored(instance) if instance.pk else None
        formset.save()
        for inline_form in formset.forms:
            if inline_form.has_changed() and inline_form.instance.pk:
                changes.record_changes(
                    obj=inline_form.instance,
                    actor=request.user,
                    before=inline_form._audit_before,
                    private=private,
                    office=self.audit_office(inline_form.instance),
                )

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
