from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from aduan.core import audit
from aduan.core.admin import AuditedAdmin, OfficeScoped, StoredBeforeEdit
from aduan.core.errors import DomainError
from aduan.directory import services
from aduan.directory.models import Agency, Liaison, Office, Unit, User
from aduan.directory.scoping import NATIONAL_ROLES, offices_for

LIAISON_PRIVATE = frozenset({"name", "email", "phone", "whatsapp"})


def _superuser(request) -> bool:  # noqa: ANN001
    return bool(request.user.is_active and request.user.is_superuser)


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ("kind", "code", "name", "active")
    can_delete = False


@admin.register(Office)
class OfficeAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "time_zone", "parent", "active")
    list_filter = ("kind", "time_zone", "active")
    search_fields = ("code", "name", "short_name")
    autocomplete_fields = ("jurisdiction", "agency")
    inlines = [UnitInline]

    def get_queryset(self, request):  # noqa: ANN001, ANN201
        return super().get_queryset(request).filter(pk__in=offices_for(request.user))

    def audit_office(self, obj):  # noqa: ANN001, ANN201
        return obj if isinstance(obj, Office) else getattr(obj, "office", None)

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return _superuser(request)


@admin.register(Unit)
class UnitAdmin(OfficeScoped, AuditedAdmin):
    list_display = ("name", "code", "kind", "office", "active")
    list_filter = ("kind", "office")
    search_fields = ("name", "code")
    filter_horizontal = ("substances",)


@admin.register(User)
class UserAdmin(StoredBeforeEdit, DjangoUserAdmin):
    """Accounts: an office administrator sees and manages their office's only, and cannot give
    more than they hold (``directory.services``). Every save is audited old → new. Accounts are
    deactivated, never deleted (the record keeps who did what)."""

    list_display = ("username", "get_full_name", "role", "office", "unit", "is_active")
    list_filter = ("role", "office", "is_active", "is_staff")
    list_select_related = ("office", "unit")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Office and role"), {"fields": ("role", "office", "unit", "position", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Office and role"), {"fields": ("role", "office", "unit")}),
    )

    def get_queryset(self, request):  # noqa: ANN001, ANN201
        return super().get_queryset(request) & services.manageable_users(request.user)

    def get_object(self, request, object_id, from_field=None):  # noqa: ANN001, ANN201
        obj = super().get_object(request, object_id, from_field)
        if obj is None and User.objects.filter(pk=unquote(object_id)).exists():
            raise PermissionDenied  # another office's account: refused, not "not found"
        return obj

    def get_readonly_fields(self, request, obj=None):  # noqa: ANN001, ANN201
        fields = list(super().get_readonly_fields(request, obj))
        if not _superuser(request):
            fields += ["is_superuser", "user_permissions", "last_login", "date_joined"]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # noqa: ANN001, ANN201
        if db_field.name == "office":
            kwargs["queryset"] = services.manageable_offices(request.user)
        elif db_field.name == "unit":
            kwargs["queryset"] = services.manageable_units(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):  # noqa: ANN001, ANN201
        if db_field.name == "groups":
            kwargs["queryset"] = services.grantable_groups(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):  # noqa: ANN001, ANN201
        if db_field.name == "role" and not _superuser(request):
            kwargs["choices"] = [
                (value, label)
                for value, label in db_field.get_choices(include_blank=True)
                if value not in NATIONAL_ROLES
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):  # noqa: ANN001, ANN201
        pass  # saved with its groups in save_related, by the audited service

    def save_related(self, request, form, formsets, change):  # noqa: ANN001, ANN201
        try:
            services.user_save(
                user=form.instance,
                actor=request.user,
                before=getattr(form.instance, "_audit_before", None),
                save_related=lambda: super(UserAdmin, self).save_related(
                    request, form, formsets, change
                ),
            )
        except DomainError as exc:
            raise PermissionDenied(str(exc)) from exc

    @transaction.atomic
    def user_change_password(self, request, id, form_url=""):  # noqa: ANN001, ANN201
        user = self.get_object(request, unquote(id))
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and user is not None:
            try:
                services.user_password_set(user=user, actor=request.user)
            except DomainError as exc:
                raise PermissionDenied(str(exc)) from exc
        return response

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


class LiaisonInline(admin.TabularInline):
    model = Liaison
    extra = 0
    fields = ("name", "position", "email", "phone", "whatsapp", "active")
    can_delete = False


def _parent_id(node: Agency) -> int | None:
    parent = Agency.objects.get_parent(node, update=True)
    return parent.pk if parent is not None else None


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin, TreeAdmin):
    form = movenodeform_factory(Agency)
    list_display = ("name", "group", "level", "region", "active")
    list_filter = ("group", "level", "active")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("region",)
    inlines = [LiaisonInline]

    def save_formset(self, request, form, formset, change):  # noqa: ANN001, ANN201
        formset.audit_private = LIAISON_PRIVATE
        super().save_formset(request, form, formset, change)

    @transaction.atomic
    def move_node(self, request):  # noqa: ANN001, ANN201
        """treebeard's drag-and-drop move, audited like a save: the node's parent old → new
        (its path alone may come out the same when the siblings are renumbered)."""
        node_id = request.POST.get("node", "")
        node = (
            Agency.objects.select_for_update().filter(pk=int(node_id)).first()
            if node_id.isascii() and node_id.isdigit() and len(node_id) <= 18
            else None
        )
        before = _parent_id(node) if node is not None else None
        response = super().move_node(request)
        if node is not None and response.status_code < 400:
            node.refresh_from_db()
            audit.record(
                "admin.agency_changed",
                actor=request.user,
                target=node,
                old={"parent": before},
                new={"parent": _parent_id(node)},
            )
        return response


@admin.register(Liaison)
class LiaisonAdmin(AuditedAdmin):
    """Liaison officers: an office administrator sees those of the agencies their office works
    with (``liaison.selectors.manageable_agencies``)."""

    list_display = ("name", "agency", "position", "email", "phone", "active")
    list_filter = ("active",)
    search_fields = ("name", "agency__name", "email")
    autocomplete_fields = ("agency", "user")
    audit_private = LIAISON_PRIVATE

    def get_queryset(self, request):  # noqa: ANN001, ANN201
        from aduan.liaison.selectors import manageable_agencies

        queryset = super().get_queryset(request)
        if _superuser(request):
            return queryset
        return queryset.filter(agency__in=manageable_agencies(request.user))
