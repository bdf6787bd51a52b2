from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("gui/", views.submit, name="submit"),
    path("da-gui/", views.submitted, name="submitted"),
    path("theo-doi/", views.follow, name="follow"),
    path("cua-toi/", views.my_tickets, name="my_tickets"),
    path("cong-khai/", views.published_list, name="published_list"),
    path("cong-khai/<str:code>/", views.published_detail, name="published_detail"),
    path("danh-gia/tra-cuu/", views.rate_by_code, name="rate_by_code"),
    path("danh-gia/<int:dossier_id>/", views.rate, name="rate"),
    path("can-bo/", views.staff_list, name="staff_list"),
    path("can-bo/<int:ticket_id>/", views.staff_detail, name="staff_detail"),
    path("can-bo/<int:ticket_id>/<str:action>/", views.staff_act, name="staff_act"),
]
