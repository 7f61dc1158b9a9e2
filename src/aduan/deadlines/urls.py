"""The public rules page: ``/aturan-tenggat/``."""

from django.urls import path

from aduan.deadlines import views

app_name = "public_rules"

urlpatterns = [path("", views.public_rules, name="index")]
