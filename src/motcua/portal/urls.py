from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("thu-tuc/", views.procedure_list, name="procedure_list"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
]
