from django.urls import path

from espace import views

app_name = "espace"

urlpatterns = [
    path("", views.espace, name="espace"),
]
