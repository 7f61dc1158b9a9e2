"""The user guide: ``/panduan/`` and ``/panduan/<slug>/``."""

from django.urls import path

from aduan.guide import views

app_name = "guide"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.page, name="page"),
]
