from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .constants import Role, UserKind
from .identity import parse_personal_id, validate_tax_code


class UserManager(DjangoUserManager):
    @transaction.atomic
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """``manage.py createsuperuser`` makes a staff account holding the system-admin role.

        Access decisions read roles, not the ``is_superuser`` flag, so a bare superuser
        could not use the admin site.
        """
        from .services import role_grant, user_create  # services import this module

        user = user_create(
            username=username,
            password=password,
            kind=UserKind.STAFF,
            email=email or "",
            full_name=extra_fields.get("full_name", ""),
        )
        role_grant(user=user, role=Role.SYSTEM_ADMIN, agency=None, note="createsuperuser")
        return user


class User(AbstractUser):
    """Anyone who signs in: staff, citizens and organisations share one table.

    A citizen is identified by the 12-digit personal identification number (số định danh
    cá nhân); an organisation by its tax/enterprise code (mã số thuế/mã số doanh nghiệp).
    """

    kind = models.CharField(
        _("kind"), max_length=20, choices=UserKind.choices, default=UserKind.CITIZEN
    )
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    identification_number = models.CharField(
        _("identification number"),
        max_length=20,
        blank=True,
        help_text=_("Personal identification number (12 digits) or tax code for organisations."),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["identification_number"],
                condition=~Q(identification_number=""),
                name="user_identification_number_unique",
                violation_error_message=_(
                    "Another account already uses this identification number."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        self.identification_number = self.identification_number.strip()
        number = self.identification_number
        try:
            if self.kind == UserKind.ORGANISATION:
                if not number:
                    raise ValidationError(_("An organisation account needs its tax code."))
                validate_tax_code(number)
            elif self.kind == UserKind.CITIZEN:
                if not number:
                    raise ValidationError(
                        _("A citizen account needs the personal identification number.")
                    )
                parse_personal_id(number)
            elif number:  # staff may leave it empty
                parse_personal_id(number)
        except ValidationError as error:
            raise ValidationError({"identification_number": error.error_list}) from error

    @property
    def is_staff_member(self) -> bool:
        return self.kind == UserKind.STAFF

    # The superuser flag opens every model permission of Django's admin. It follows roles
    # only when they are granted or ended, so on its own it may outlive a role that ran out
    # or precede one that has not started, and it knows nothing of the second factor: let it
    # count only while a system-administrator role is in force and, when required, verified.
    def _superuser_in_force(self) -> bool:
        from .access import is_system_admin

        # An admin page asks for dozens of permissions; the user object lives one request.
        if not hasattr(self, "_superuser_in_force_cache"):
            self._superuser_in_force_cache = is_system_admin(self)
        return self._superuser_in_force_cache

    def has_perm(self, perm, obj=None) -> bool:
        if self.is_active and self.is_superuser and not self._superuser_in_force():
            return False
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        if self.is_active and self.is_superuser and not self._superuser_in_force():
            return False
        return super().has_module_perms(app_label)


class RoleAssignmentQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> RoleAssignmentQuerySet:
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class RoleAssignment(models.Model):
    """A role a staff member holds in one agency (and optionally one department) for a period.

    Moving to another unit ends this row (``valid_to``) and creates a new one: the history
    of who could do what, where and when is kept.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="roles",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        help_text=_("Empty only for system administrators."),
    )
    department = models.ForeignKey(
        "agencies.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("Decision or reason.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="role_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(role=Role.SYSTEM_ADMIN) | Q(agency__isnull=False),
                name="role_agency_required",
            ),
        ]

    def __str__(self) -> str:
        where = self.agency.short_name or self.agency.name if self.agency else "*"
        return f"{self.user} — {self.get_role_display()} @ {where}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.user_id is not None and self.user.kind != UserKind.STAFF:
            errors["user"] = _("Only staff accounts can hold roles.")
        if self.role == Role.SYSTEM_ADMIN and self.agency_id is not None:
            errors["agency"] = _("A system administrator is not tied to an agency.")
        elif self.role and self.role != Role.SYSTEM_ADMIN and self.agency_id is None:
            errors["agency"] = _("Choose the agency this role is held in.")
        if self.department_id is not None and self.department.agency_id != self.agency_id:
            errors["department"] = _("The department must belong to the chosen agency.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("A role cannot end before it starts.")
        if errors:
            raise ValidationError(errors)
        if self.user_id is not None and self.valid_from and self._overlapping().exists():
            raise ValidationError(
                _("This person already holds this role in this unit for part of this period.")
            )

    def _overlapping(self) -> RoleAssignmentQuerySet:
        same = RoleAssignment.objects.filter(
            user_id=self.user_id,
            role=self.role,
            agency_id=self.agency_id,
            department_id=self.department_id,
        ).exclude(pk=self.pk)
        same = same.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
        return same.filter(valid_from__lte=self.valid_to) if self.valid_to else same

    def is_active_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class ApiToken(models.Model):
    """A bearer token for a system calling the REST API on behalf of a staff account.

    Only a SHA-256 of the token is stored; the token itself is shown once, at creation.
    The account's roles decide what the token may do, exactly as for a person.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Which system uses it, e.g. LGSP.")
    )
    prefix = models.CharField(
        _("prefix"), max_length=12, help_text=_("First characters, to recognise it.")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
