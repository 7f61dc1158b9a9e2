"""Included by the back office under terima/ (namespace backoffice:desk)."""

from django.urls import path

from aduan.intake.channels.desk import views

app_name = "desk"

urlpatterns = [
    path("", views.desk_form, name="form"),
    path("massal/", views.batch, name="batch"),
    path("tanda-terima/<int:pk>/", views.receipt, name="receipt"),
    path("tanda-terima/massal/<slug:token>/", views.batch_receipts, name="batch_receipts"),
]
