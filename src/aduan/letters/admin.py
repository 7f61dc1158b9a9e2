"""Letter templates and each office's letter settings, for administrators.

A template is uploaded, tried with sample values for every addressee (a broken one is refused
with the reason), and put in use through ``services.template_upload``, which retires the one it
replaces. Templates are never edited in place. The add page lists every placeholder and links
to the default template of each kind, to start from.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import FileResponse, Http404, HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.core.admin import OfficeScoped
from aduan.core.errors import DomainError
from aduan.directory.scoping import limit_to_offices, offices_for
from aduan.letters import services
from aduan.letters.context import PLACEHOLDERS
from aduan.letters.kinds import Kind
from aduan.letters.models import LetterSettings, LetterTemplate
from aduan.letters.render import check_template, default_template_path

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


class LetterTemplateForm(forms.ModelForm):
    user: Any = None

    class Meta:
        model = LetterTemplate
        fields = ("kind", "office", "file", "note")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload, kind = data.get("file"), data.get("kind")
        if not upload or not kind:
            return data
        if upload.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError(_("The template is larger than 5 MB."))
        upload.seek(0)
        content = upload.read()
        upload.seek(0)
        if not services.may_manage_templates(self.user, data.get("office")):
            raise forms.ValidationError(
                _("Only an administrator of the office may change its letter templates.")
            )
        try:
            check_template(content, kind)
        except DomainError as exc:
            raise forms.ValidationError(str(exc)) from exc
        data["content"] = content
        return data


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    form = LetterTemplateForm
    list_display = ("kind", "office", "active", "updated_at", "updated_by", "download")
    list_filter = ("kind", "active", "office")
    readonly_fields = ("placeholders", "defaults")
    actions = ["retire"]

    def get_form(self, request, obj=None, change=False, **kwargs):  # noqa: ANN001, ANN201
        form = super().get_form(request, obj, change=change, **kwargs)
        return type("ScopedLetterTemplateForm", (form,), {"user": request.user})

    def get_fields(self, request, obj=None):  # noqa: ANN001, ANN201
        if obj is None:
            return ("kind", "office", "file", "note", "placeholders", "defaults")
        return ("kind", "office", "note", "active", "updated_by", "updated_at", "download")

    def get_readonly_fields(self, request, obj=None):  # noqa: ANN001, ANN201
        if obj is None:
            return self.readonly_fields
        return ("kind", "office", "note", "active", "updated_by", "updated_at", "download")

    def get_queryset(self, request):  # noqa: ANN001, ANN201
        queryset = super().get_queryset(request).select_related("office", "updated_by")
        mine = limit_to_offices(queryset, request.user)
        return (mine | queryset.filter(office__isnull=True)).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # noqa: ANN001, ANN201
        if db_field.name == "office":
            kwargs["queryset"] = offices_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def save_model(self, request, obj, form, change):  # noqa: ANN001, ANN201
        created = services.template_upload(
            actor=request.user,
            kind=obj.kind,
            office=obj.office,
            data=form.cleaned_data["content"],
            name=form.cleaned_data["file"].name,
            note=obj.note,
        )
        obj.pk, obj.file, obj.active = created.pk, created.file, True
        obj._state.adding = False

    @admin.action(description=gettext_lazy("Stop using the selected templates"))
    def retire(self, request, queryset):  # noqa: ANN001, ANN201
        done = 0
        for template in queryset:
            try:
                services.template_retire(actor=request.user, template=template)
                done += 1
            except DomainError as exc:
                messages.error(request, f"{template}: {exc}")
        if done:
            messages.info(request, _("%(n)s templates retired.") % {"n": done})

    # --- read-only displays and downloads
    @admin.display(description=gettext_lazy("placeholders"))
    def placeholders(self, obj: Any = None) -> str:
        rows = format_html_join(
            "", "<li><code>{}</code>: {}</li>", ((name, str(text)) for name, text in PLACEHOLDERS)
        )
        return format_html(
            "<p>{}</p><ul>{}</ul>",
            _(
                "Write {{ case.reference }} for a value; a paragraph holding only "
                "{%p for line in detail.questions %} … {%p endfor %} or {%p if … %} … "
                "{%p endif %} repeats or hides the paragraphs between. In letters to anyone but "
                "the reporter, reporter.name and the other identity fields are empty."
            ),
            rows,
        )

    @admin.display(description=gettext_lazy("default templates"))
    def defaults(self, obj: Any = None) -> str:
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                (
                    (reverse("admin:letters_lettertemplate_default", args=[kind]), label)
                    for kind, label in Kind.choices
                ),
            ),
        )

    @admin.display(description=gettext_lazy("file"))
    def download(self, obj: LetterTemplate) -> str:
        url = reverse("admin:letters_lettertemplate_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("download"))

    def get_urls(self):  # noqa: ANN201
        view = self.admin_site.admin_view
        return [
            path(
                "default/<slug:kind>/",
                view(self.default_file),
                name="letters_lettertemplate_default",
            ),
            path("<int:pk>/file/", view(self.template_file), name="letters_lettertemplate_file"),
            *super().get_urls(),
        ]

    def default_file(self, request: HttpRequest, kind: str) -> FileResponse:
        if kind not in Kind.values or not self.has_view_or_change_permission(request):
            raise Http404
        return FileResponse(
            default_template_path(kind).open("rb"),
            as_attachment=True,
            filename=f"{kind}-bawaan.docx",
        )

    def template_file(self, request: HttpRequest, pk: int) -> FileResponse:
        template = self.get_queryset(request).filter(pk=pk).first()
        if template is None or not self.has_view_or_change_permission(request, template):
            raise Http404
        try:
            handle = template.file.open("rb")
        except OSError as exc:
            raise Http404 from exc
        where = template.office.code if template.office else "nasional"
        return FileResponse(
            handle, as_attachment=True, filename=f"{template.kind}-{where}-{pk}.docx"
        )


@admin.register(LetterSettings)
class LetterSettingsAdmin(OfficeScoped, admin.ModelAdmin):
    list_display = ("office", "city", "signatory_name", "number_format")
