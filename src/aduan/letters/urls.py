"""Included by the back office under laporan/<pk>/surat/ (namespace backoffice:letters)."""

from django.urls import path, re_path

from aduan.letters import views

app_name = "letters"

urlpatterns = [
    path("", views.case_letters, name="list"),
    re_path(r"^(?P<letter_pk>[0-9]{1,18})/(?P<fmt>docx|pdf)/$", views.download, name="download"),
]
