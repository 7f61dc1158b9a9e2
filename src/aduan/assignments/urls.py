from django.urls import path

from aduan.assignments import views as v

app_name = "assignments"
urlpatterns = [
    path("", v.index, name="index"),
    path("baru/", v.create, name="create"),
    path("<int:pk>/", v.detail, name="detail"),
    path("<int:pk>/<slug:step>/keputusan/", v.decide, name="decide"),
    path("<int:pk>/kunjungan/", v.visit, name="visit"),
    path("<int:pk>/kunjungan/<int:visit_pk>/bukti/", v.evidence, name="evidence"),
    path("<int:pk>/laporan/", v.report, name="report"),
    path("<int:pk>/laporan/<int:report_pk>/<slug:step>/", v.review, name="review"),
    path("<int:pk>/tautkan/", v.link, name="link"),
]
