from django.urls import re_path

from . import views

app_name = "dossiers"

urlpatterns = [
    re_path(
        r"^so-theo-doi\.(?P<fmt>pdf|docx)$", views.tracking_book_download, name="tracking_book"
    ),
    re_path(
        r"^(?P<dossier_id>[0-9]+)/bieu-mau/(?P<form>[a-z0-9]+)\.(?P<fmt>pdf|docx)$",
        views.dossier_form_download,
        name="form",
    ),
]
