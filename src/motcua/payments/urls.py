from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("ho-so/<int:dossier_id>/", views.dossier_pay, name="dossier_pay"),
    path("giao-dich/<str:reference>/", views.attempt_detail, name="attempt"),
    path("paygov/tro-ve/", views.paygov_return, name="paygov_return"),
    path("paygov/callback/", views.paygov_callback, name="paygov_callback"),
    path("vietqr/callback/", views.vietqr_callback, name="vietqr_callback"),
    path("can-bo/", views.desk, name="desk"),
    path("can-bo/ho-so/<int:dossier_id>/yeu-cau/", views.request_create, name="request_create"),
    path("can-bo/thu-tien-mat/<int:request_id>/", views.cash_record, name="cash_record"),
    path(
        "can-bo/xac-nhan-chuyen-khoan/<str:reference>/",
        views.transfer_confirm,
        name="transfer_confirm",
    ),
    path("can-bo/hoan-phi/<int:request_id>/", views.refund_record, name="refund_record"),
    path(
        "can-bo/hoan-tien-trung/<str:reference>/",
        views.duplicate_refund,
        name="duplicate_refund",
    ),
]
