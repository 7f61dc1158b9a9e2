"""The peer's URLs: helpdesk at the root (its public submit form is ``/tickets/submit/``)."""

from django.http import HttpResponse
from django.urls import include, path


def alive(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("sehat/", alive),
    path("", include("helpdesk.urls", namespace="helpdesk")),
]
