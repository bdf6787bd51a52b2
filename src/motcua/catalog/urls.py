from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path(
        "thu-tuc/bieu-mau/<int:component_id>/", views.form_template_download, name="form_template"
    ),
]
