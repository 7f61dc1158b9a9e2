from django.urls import path

from aduan.privacy import views as v

app_name = "privacy"

urlpatterns = [
    path("", v.index, name="index"),
    path("retensi/", v.policy_set, name="policy_set"),
    path("permintaan/baru/", v.request_create, name="request_create"),
    path("permintaan/<int:pk>/", v.request_detail, name="request_detail"),
    path("permintaan/<int:pk>/tautkan/", v.request_link, name="request_link"),
    path("permintaan/<int:pk>/verifikasi/", v.request_verify, name="request_verify"),
    path("permintaan/<int:pk>/jawab/", v.request_answer, name="request_answer"),
    path("permintaan/<int:pk>/tolak/", v.request_refuse, name="request_refuse"),
    path(
        "permintaan/<int:pk>/perbaiki/<int:reporter_pk>/",
        v.request_correct,
        name="request_correct",
    ),
    path(
        "permintaan/<int:pk>/ekspor.<str:fmt>",
        v.request_export,
        name="request_export",
    ),
    path("insiden/", v.breach_list, name="breach_list"),
    path("insiden/baru/", v.breach_create, name="breach_create"),
    path("insiden/<int:pk>/", v.breach_detail, name="breach_detail"),
    path("insiden/<int:pk>/subjek/", v.breach_subjects, name="breach_subjects"),
    path("insiden/<int:pk>/lembaga/", v.breach_authority, name="breach_authority"),
    path("insiden/<int:pk>/tutup/", v.breach_close, name="breach_close"),
]
