from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from aduan.directory.models import Agency, Liaison, Office, Unit, User


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ("kind", "code", "name", "active")


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "time_zone", "parent", "active")
    list_filter = ("kind", "time_zone", "active")
    search_fields = ("code", "name", "short_name")
    autocomplete_fields = ("jurisdiction", "agency")
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "office", "active")
    list_filter = ("kind", "office")
    search_fields = ("name", "code")
    filter_horizontal = ("substances",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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


class LiaisonInline(admin.TabularInline):
    model = Liaison
    extra = 0
    fields = ("name", "position", "email", "phone", "whatsapp", "active")


@admin.register(Agency)
class AgencyAdmin(TreeAdmin):
    form = movenodeform_factory(Agency)
    list_display = ("name", "group", "level", "region", "active")
    list_filter = ("group", "level", "active")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("region",)
    inlines = [LiaisonInline]


@admin.register(Liaison)
class LiaisonAdmin(admin.ModelAdmin):
    list_display = ("name", "agency", "position", "email", "phone", "active")
    list_filter = ("active",)
    search_fields = ("name", "agency__name", "email")
    autocomplete_fields = ("agency", "user")
