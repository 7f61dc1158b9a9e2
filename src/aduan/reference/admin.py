from django.contrib import admin

from aduan.reference.models import REFERENCE_MODELS


class ReferenceItemAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "legal_basis", "order", "active")
    list_editable = ("order", "active")
    list_filter = ("active",)
    search_fields = ("code", "name", "name_en")
    ordering = ("order", "name")

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        # Rows may be referred to by cases; retire them with "active" instead.
        return False


for _model in REFERENCE_MODELS:
    admin.site.register(_model, ReferenceItemAdmin)
