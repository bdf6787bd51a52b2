from django.urls import path

from .root import api

urlpatterns = [path("v1/", api.urls)]
