"""/open311/v2/: the GeoReport v2 resources, each as .json or .xml."""

from django.urls import re_path

from aduan.intake.channels.open311 import views

FMT = r"\.(?P<fmt>json|xml)$"

app_name = "open311"
urlpatterns = [
    re_path(r"^services" + FMT, views.services, name="services"),
    re_path(r"^services/(?P<service_code>[-\w]+)" + FMT, views.service_definition, name="service"),
    re_path(r"^requests" + FMT, views.requests, name="requests"),
    re_path(r"^requests/(?P<service_request_id>[^/]+)" + FMT, views.request_detail, name="request"),
    re_path(r"^tokens/(?P<token_id>[^/]+)" + FMT, views.token, name="token"),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
