from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from motcua.core import views as core_views

admin.site.site_header = "motcua"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("motcua.api.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("motcua.accounts.urls")),
    path("documents/", include("motcua.documents.urls")),
    path("ho-so/", include("motcua.dossiers.urls")),
    path("can-bo/", include("motcua.backoffice.urls")),
    path("thanh-toan/", include("motcua.payments.urls")),
    path("phan-anh/", include("motcua.feedback.urls")),
    path("bao-cao/", include("motcua.reporting.urls")),
    path("", include("motcua.catalog.urls")),
    path("", include("motcua.portal.urls")),
]
