from django.urls import path

from aduan.stats import alerts_views as views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("<int:pk>/", views.alert_detail, name="detail"),
    path("<int:pk>/tindak/", views.alert_act, name="act"),
]
