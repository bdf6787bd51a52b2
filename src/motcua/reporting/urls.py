from django.urls import path

from . import cycle_views, views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ho-so/", views.dossier_list, name="dossiers"),
    path("ky-bao-cao/", cycle_views.cycle_list, name="cycles"),
    path("ky-bao-cao/<int:cycle_id>/", cycle_views.cycle_detail, name="cycle"),
    path("bao-cao/<int:report_id>/", cycle_views.report_detail, name="report"),
    path(
        "bao-cao/<int:report_id>/tai-ve/<slug:kind>/", cycle_views.report_download, name="download"
    ),
]
