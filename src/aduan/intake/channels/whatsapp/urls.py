from django.urls import path

from aduan.intake.channels.whatsapp import views

app_name = "whatsapp"
urlpatterns = [path("", views.webhook, name="webhook")]
