from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth import signals as auth_signals

        from axes.signals import user_locked_out

        from . import signals
        from .admin_site import MotcuaAdminSite

        auth_signals.user_logged_in.connect(
            signals.on_logged_in, dispatch_uid="accounts_audit_login"
        )
        auth_signals.user_login_failed.connect(
            signals.on_login_failed, dispatch_uid="accounts_audit_login_failed"
        )
        auth_signals.user_logged_out.connect(
            signals.on_logged_out, dispatch_uid="accounts_audit_logout"
        )
        user_locked_out.connect(signals.on_locked_out, dispatch_uid="accounts_audit_locked_out")
        # The default site object keeps its registry and URLs; only its access checks change.
        admin.site.__class__ = MotcuaAdminSite
