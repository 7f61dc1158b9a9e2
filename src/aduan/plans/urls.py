from django.urls import path

from aduan.plans import views as v

app_name = "plans"
urlpatterns = [
    path("", v.index, name="index"),
    path("target/", v.target_set, name="target_set"),
    path("target/<int:pk>/hapus/", v.target_remove, name="target_remove"),
    path("program/", v.item_create, name="item_create"),
    path("program/<int:pk>/status/", v.item_status, name="item_status"),
]
