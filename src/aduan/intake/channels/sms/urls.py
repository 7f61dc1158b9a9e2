from django.urls import path

from aduan.intake.channels.sms import views

app_name = "sms"
urlpatterns = [path("", views.webhook, name="webhook")]
