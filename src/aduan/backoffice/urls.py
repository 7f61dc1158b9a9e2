from django.contrib.auth import views as auth_views
from django.urls import include, path

from aduan.backoffice import signin, views
from aduan.core.forms import SignInForm
from aduan.referrals import views as referral_views

app_name = "backoffice"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="backoffice/login.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(next_page="backoffice:login"), name="logout"),
    path("masuk/kode/", signin.verify, name="mfa_verify"),
    path("keamanan/", signin.security, name="mfa_settings"),
    path("keamanan/daftar/", signin.enrol, name="mfa_enrol"),
    path("keamanan/kode-pemulihan/", signin.renew_codes, name="mfa_renew_codes"),
    path("keamanan/hapus/", signin.remove, name="mfa_remove"),
    path("laporan/", views.case_list, name="case_list"),
    path("laporan/massal/", views.bulk, name="bulk"),
    path("terima/", include("aduan.intake.channels.desk.urls")),
    path("limpahan/masuk/", referral_views.incoming, name="referral_incoming"),
    path("laporan/<int:pk>/", views.case_detail, name="case_detail"),
    path("laporan/<int:pk>/aksi/<slug:name>/", views.case_action, name="case_action"),
    path("laporan/<int:pk>/ambil/", views.take_case, name="take_case"),
    path("laporan/<int:pk>/hadir/", views.case_presence, name="case_presence"),
    path("laporan/<int:pk>/surat/", include("aduan.letters.urls")),
    path(
        "laporan/<int:pk>/dokumen/<int:document_pk>/",
        views.document_file,
        name="document_file",
    ),
    path(
        "laporan/<int:pk>/pelapor/<int:reporter_pk>/tampilkan/",
        views.reveal_identity,
        name="reveal_identity",
    ),
]
