from django.contrib import admin
from django.urls import include, path

from aduan.core import views as core_views
from aduan.core.metrics import metrics_view

admin.site.site_header = "Aduan"
admin.site.site_title = "Aduan"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("sehat/", core_views.health, name="health"),
    path("sehat/hidup/", core_views.alive, name="health_alive"),
    path("sehat/siap/", core_views.ready, name="health_ready"),
    path("healthz", core_views.alive, name="healthz"),
    path("readyz", core_views.ready, name="readyz"),
    # Prometheus (token or allowed addresses only; aduan.core.metrics)
    path("metrics", metrics_view, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("aduan.api.urls")),
    path("kantor/", include("aduan.backoffice.urls")),
    path("instansi/", include("aduan.liaison.urls")),
    path("kantor/statistik/", include("aduan.stats.urls")),
    path("kantor/dasbor/", include("aduan.stats.dashboard")),
    path("kantor/kepatuhan/", include("aduan.compliance.urls")),
    path("kantor/pencegahan/", include("aduan.prevention.urls")),
    path("kantor/rencana/", include("aduan.plans.urls")),
    path("kantor/penugasan/", include("aduan.assignments.urls")),
    path("kantor/privasi/", include("aduan.privacy.urls")),
    path("kantor/lonjakan/", include("aduan.stats.alerts_urls")),
    path("kantor/triase/", include("aduan.triage.urls")),
    path("statistik/", include("aduan.stats.public_urls")),
    path("aturan-tenggat/", include("aduan.deadlines.urls")),
    path("panduan/", include("aduan.guide.urls")),
    path("", include("aduan.intake.channels.portal.urls")),
    path("masuk/sms/", include("aduan.intake.channels.sms.urls")),
    path("masuk/whatsapp/", include("aduan.intake.channels.whatsapp.urls")),
    path("open311/v2/", include("aduan.intake.channels.open311.urls")),
]
# Uploaded files are never served from /media/: a case's documents go out only through the
# scoped, audited views of the back office (and later the reporter's tracking page).
