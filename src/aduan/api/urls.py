"""Included by the project's URLconf at ``api/v1/``."""

from django.urls import path

from aduan.api.api import api

urlpatterns = [path("", api.urls)]
