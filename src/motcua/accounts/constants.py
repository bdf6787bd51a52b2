from enum import Enum, StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    STAFF = "staff", _("Staff")  # cán bộ, công chức, viên chức
    CITIZEN = "citizen", _("Citizen")  # công dân
    ORGANISATION = "organisation", _("Organisation")  # tổ chức, doanh nghiệp


class Role(models.TextChoices):
    COUNTER_OFFICER = "counter_officer", _("Counter officer")  # cán bộ tiếp nhận
    PROCESSING_OFFICER = "processing_officer", _("Processing officer")  # chuyên viên xử lý
    DEPARTMENT_HEAD = "department_head", _("Head of department")  # lãnh đạo phòng
    AGENCY_LEADER = "agency_leader", _("Agency leader")  # lãnh đạo cơ quan
    DOCUMENT_CLERK = "document_clerk", _("Document clerk")  # văn thư
    MONITORING_OFFICER = (
        "monitoring_officer",
        _("Monitoring officer"),
    )  # giám sát (VP UBND, Sở Nội vụ)
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")  # quản trị đơn vị
    SYSTEM_ADMIN = "system_admin", _("System administrator")  # quản trị hệ thống


class AgencyAction(StrEnum):
    """What a role lets its holder do with an agency's data."""

    VIEW = "view"  # read dossiers, reports and settings
    PROCESS = "process"  # receive, appraise, decide and return dossiers
    MANAGE = "manage"  # staff accounts and role assignments


class Scope(Enum):
    """Which agencies a role reaches from the agency it is held in."""

    TREE = "tree"  # the agency, its departments and every agency below it
    PROVINCE = "province"  # every agency of the same province (communes included)
    ALL = "all"  # every agency


_OFFICER = (Scope.TREE, frozenset({AgencyAction.VIEW, AgencyAction.PROCESS}))

# The permission table. docs/accounts.md shows the same table; change both together.
# Administrators manage but do not decide dossiers; monitoring is read-only by design.
ROLE_GRANTS: dict[Role, tuple[Scope, frozenset[AgencyAction]]] = {
    Role.COUNTER_OFFICER: _OFFICER,
    Role.PROCESSING_OFFICER: _OFFICER,
    Role.DEPARTMENT_HEAD: _OFFICER,
    Role.AGENCY_LEADER: _OFFICER,
    Role.DOCUMENT_CLERK: _OFFICER,
    Role.MONITORING_OFFICER: (Scope.PROVINCE, frozenset({AgencyAction.VIEW})),
    Role.AGENCY_ADMIN: (Scope.TREE, frozenset({AgencyAction.VIEW, AgencyAction.MANAGE})),
    Role.SYSTEM_ADMIN: (Scope.ALL, frozenset({AgencyAction.VIEW, AgencyAction.MANAGE})),
}

# Roles that open the Django admin site.
ADMIN_ROLES = frozenset({Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN})
