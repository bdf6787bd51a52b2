from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.otp_verify_view, name="otp_verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("security/", views.security_view, name="security"),
    path("security/authenticator/", views.authenticator_start_view, name="authenticator_start"),
    path(
        "security/authenticator/confirm/",
        views.authenticator_confirm_view,
        name="authenticator_confirm",
    ),
    path("security/backup-codes/", views.backup_codes_view, name="backup_codes"),
    path("security/remove/", views.two_factor_remove_view, name="two_factor_remove"),
    path("password/", views.password_change_view, name="password_change"),
]
