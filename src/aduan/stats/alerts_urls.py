from django.urls import path

from aduan.stats import alerts_views as views
from aduan.stats import groups_views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("<int:pk>/", views.alert_detail, name="detail"),
    path("<int:pk>/tindak/", views.alert_act, name="act"),
    # Mass complaints (pengaduan massal): from alerts, found automatically, or made by hand.
    path("kelompok/", groups_views.group_list, name="groups"),
    path("kelompok/baru/", groups_views.group_create, name="group_create"),
    path("kelompok/<int:pk>/", groups_views.group_detail, name="group"),
    path("kelompok/<int:pk>/tindak/", groups_views.group_act, name="group_act"),
]
