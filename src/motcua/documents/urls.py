from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("<int:file_id>/", views.stored_file_download, name="download"),
    path("kho/", views.store_list, name="store"),
    path("xac-minh/", views.result_verify, name="verify"),
    path("kho/<int:entry_id>/hien-thi/", views.store_entry_visibility, name="store_visibility"),
]
