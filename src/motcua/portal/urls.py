from django.urls import path

from . import views, views_account, views_submission, views_tracking

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_list, name="procedure_list"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
    # The receipt's QR code prints /tra-cuu/<code>/ (dossiers.forms.builders.TRACKING_PATH).
    path("tra-cuu/", views_tracking.tracking, name="tracking"),
    path("tra-cuu/<str:code>/", views_tracking.tracking, name="tracking_code"),
    path("dang-ky/", views_account.register, name="register"),
    path("ca-nhan/ho-so/", views_account.my_dossier_list, name="my_dossiers"),
    path("ca-nhan/ho-so/<int:dossier_id>/", views_account.my_dossier_detail, name="my_dossier"),
    path(
        "ca-nhan/ho-so/<int:dossier_id>/bo-sung/",
        views_account.supplement,
        name="supplement",
    ),
    path(
        "nop-truc-tuyen/<int:case_id>/",
        views_submission.submission_start,
        name="submission_start",
    ),
    path("ho-so-nhap/<int:draft_id>/", views_submission.draft_edit, name="draft_edit"),
    path("ho-so-nhap/<int:draft_id>/luu/", views_submission.draft_autosave, name="draft_autosave"),
    path("ho-so-nhap/<int:draft_id>/xem-lai/", views_submission.draft_review, name="draft_review"),
    path("ho-so-nhap/<int:draft_id>/xoa/", views_submission.draft_discard, name="draft_discard"),
    path("ho-so-nhap/<int:draft_id>/tep/", views_submission.draft_file, name="draft_file"),
    path(
        "ho-so-nhap/<int:draft_id>/tai-len/",
        views_submission.upload_create,
        name="upload_create",
    ),
    path("tai-len/<uuid:upload_id>/", views_submission.upload_chunk, name="upload_chunk"),
    path("tai-len/<uuid:upload_id>/xoa/", views_submission.upload_delete, name="upload_delete"),
]
