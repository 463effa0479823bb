"""Two empty pages, measured by the benchmark beside the real ones: what any page costs here
before its own work (issue 18, item 3). Served only by the benchmark, through
``override_settings(ROOT_URLCONF="tests.perf.plancher")``; the application never routes them.

- ``/plancher/session/``: the whole middleware stack, the session and the account read, a
  two-byte answer: Django's floor for a signed-in page.
- ``/plancher/gabarit/``: the same behind the worker's scope check, with the base template
  (menu, roles, search bar) around an empty content: the floor of every page of the worker.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path

from accueil.views import intervenant_requis


def session(request):
    return HttpResponse(str(request.user.pk))


@intervenant_requis
def gabarit(request):
    return render(request, "base.html")


urlpatterns = [
    path("plancher/session/", session),
    path("plancher/gabarit/", gabarit),
    path("", include("config.urls")),
]
