from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("<int:file_id>/", views.stored_file_download, name="download"),
]
