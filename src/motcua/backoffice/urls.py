from django.urls import path

from . import counter, files, staff, views

app_name = "backoffice"

urlpatterns = [
    path("", views.home, name="home"),
    path("hang-doi/", views.queue_list, name="queues"),
    path("ho-so/<int:dossier_id>/", views.dossier_detail, name="dossier"),
    path("ho-so/<int:dossier_id>/thao-tac/<slug:action>/", views.dossier_act, name="act"),
    path("ho-so/<int:dossier_id>/ghi-chu/", views.dossier_note, name="note"),
    path("ho-so/<int:dossier_id>/so-hoa/<int:row_id>/", files.component_scan, name="scan"),
    path("ho-so/<int:dossier_id>/kho/<int:row_id>/", files.component_reuse_view, name="reuse"),
    path(
        "ho-so/<int:dossier_id>/ket-qua/<int:result_id>/tep/",
        files.result_attach,
        name="result_attach",
    ),
    path(
        "ho-so/<int:dossier_id>/ket-qua/<int:result_id>/ky/", files.result_sign, name="result_sign"
    ),
    path("ho-so/<int:dossier_id>/giay-tiep-nhan/", views.receipt, name="receipt"),
    path("lanh-dao/", views.leader_desk, name="leader"),
    path("bang-dieu-khien/", views.dashboard, name="dashboard"),
    path("nhan-su/", staff.staff_list, name="staff"),
    path("nhan-su/vai-tro/<int:assignment_id>/ket-thuc/", staff.role_end_view, name="role_end"),
    path("quay/", counter.counter_desk, name="counter"),
    path("quay/thu-tuc/", counter.procedure_picker, name="procedure_picker"),
    path("quay/tiep-nhan/<int:case_id>/", counter.intake, name="intake"),
    path("quay/nguoi-nop/", counter.applicant_lookup, name="applicant_lookup"),
    path("quay/tra-ket-qua/", counter.result_lookup, name="result_lookup"),
]
