from django.contrib.auth import views as auth_views
from django.urls import path

from aduan.assignments import views as assignment_views
from aduan.core.forms import SignInForm
from aduan.liaison import views

app_name = "liaison"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="liaison/login.html",
            next_page="liaison:inbox",
            authentication_form=SignInForm,
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(next_page="liaison:login"), name="logout"),
    path("aktivasi/<str:token>/", views.activate, name="activate"),
    path("laporan/<int:pk>/", views.case_detail, name="case_detail"),
    path("klarifikasi/<int:pk>/jawab/", views.answer, name="answer"),
    path("tindakan/<int:pk>/lapor/", views.report_action, name="report_action"),
    path("rekomendasi/<int:pk>/lapor/", views.report_recommendation, name="report_recommendation"),
    path("panggilan/<int:pk>/jawab/", views.reply_summons, name="reply_summons"),
    path("laporan/<int:pk>/tindak-lanjut/", views.sp4n_followup, name="sp4n_followup"),
    path("tenggat/<int:pk>/perpanjangan/", views.request_extension, name="request_extension"),
    path("laporan/<int:pk>/dokumen/<int:document_pk>/", views.document, name="document"),
    path("saran/<int:pk>/", views.suggestion, name="suggestion"),
    path("pedoman/", views.guidelines, name="guidelines"),
    path("penugasan/", assignment_views.liaison_list, name="assignments"),
    path(
        "penugasan/<int:pk>/kunjungan/<int:visit_pk>/bukti/",
        assignment_views.liaison_evidence,
        name="assignment_evidence",
    ),
    path("pedoman/<int:pk>/", views.guideline, name="guideline"),
    path(
        "saran/<int:pk>/laporan/<int:report_pk>/bukti/",
        views.suggestion_report_evidence,
        name="suggestion_report_evidence",
    ),
    path("kinerja/", views.my_scorecard, name="my_scorecard"),
    path("kantor/kinerja/", views.office_scorecard, name="office_scorecard"),
    path("kantor/focal-point/", views.focal_points, name="focal_points"),
    path("kantor/focal-point/<int:pk>/undang/", views.invite, name="invite"),
    path("kantor/focal-point/<int:pk>/nonaktifkan/", views.deactivate, name="deactivate"),
    path("kantor/tinjau/", views.reviews, name="reviews"),
    path("kantor/tinjau/laporan/<int:pk>/", views.decide_report, name="decide_report"),
    path("kantor/tinjau/perpanjangan/<int:pk>/", views.decide_extension, name="decide_extension"),
    path(
        "kantor/tinjau/saran/<int:pk>/",
        views.decide_suggestion_report,
        name="decide_suggestion_report",
    ),
]
