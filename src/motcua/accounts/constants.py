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
    MONITORING_OFFICER = "monitoring_officer", _("Monitoring officer")  # giám sát (VP UBND, Sở Nội vụ)
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")  # quản trị đơn vị
    SYSTEM_ADMIN = "system_admin", _("System administrator")  # quản trị hệ thống
