from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventKind(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logout")
    LOCKED_OUT = "locked_out", _("Locked out after failed logins")
    OTP_VERIFIED = "otp_verified", _("Two-factor code confirmed")
    OTP_FAILED = "otp_failed", _("Wrong two-factor code")
    OTP_DEVICE_ADDED = "otp_device_added", _("Two-factor device added")
    OTP_DEVICE_REMOVED = "otp_device_removed", _("Two-factor device removed")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_ENDED = "role_ended", _("Role ended")
    USER_CREATED = "user_created", _("User created")
    USER_DEACTIVATED = "user_deactivated", _("User deactivated")
    API_TOKEN_CREATED = "api_token_created", _("API token created")
    API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")
    CALENDAR_CHANGED = "calendar_changed", _("Working calendar changed")
    AGENCY_CHANGED = "agency_changed", _("Agency changed")
    # Written by the domain apps; listed here so the audit log names them.
    RESULT_SIGNED = "result_signed", _("Electronic result signed")
    FILE_RETENTION_REMOVED = "file_retention_removed", _("File removed after its retention period")
    FILE_ORPHAN_REMOVED = "file_orphan_removed", _("Stored bytes without a record removed")
    FEEDBACK_RATING_RECORDED = "feedback_rating_recorded", _("Satisfaction rating recorded")
    FEEDBACK_RATING_CHANGED = "feedback_rating_changed", _("Satisfaction rating changed")
    FEEDBACK_TICKET_ACTED = "feedback_ticket_acted", _("Feedback ticket handled")
    FEEDBACK_CONTACT_VIEWED = "feedback_contact_viewed", _("Feedback contact details viewed")
    FEEDBACK_CONFIG_CHANGED = "feedback_config_changed", _("Feedback rules or scale changed")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """An append-only record of a security-relevant event (Nhật ký an toàn thông tin).

    Rows are never updated or deleted by the application; retention is an operator's job
    at the database level.
    """

    kind = models.CharField(_("kind"), max_length=32, choices=AuditEventKind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who did it; empty for anonymous attempts."),
    )
    actor_label = models.CharField(
        _("actor label"),
        max_length=150,
        blank=True,
        help_text=_("Username as typed or at the time, kept even if the account goes away."),
    )
    target_type = models.CharField(_("target type"), max_length=64, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} {self.actor_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")
