from django.contrib import admin

from aduan.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)
    list_select_related = ("parent",)
    show_full_result_count = False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
