from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GovernmentLevel(models.TextChoices):
    """Which level of government decides the procedure (cấp thực hiện)."""

    PROVINCE = "province", pgettext_lazy("government level", "Province")  # cấp tỉnh
    COMMUNE = "commune", pgettext_lazy("government level", "Commune")  # cấp xã
    MINISTRY_DELEGATED = "ministry_delegated", _("Ministry, delegated to the locality")
    VERTICAL = "vertical", _("Vertical agency")  # thuế, BHXH, công an tại địa phương


class Handling(models.TextChoices):
    LOCAL = "local", _("On this system")
    MINISTRY_SYSTEM = "ministry_system", _("On a ministry's centralised system")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("not final", "Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")  # replaced by a newer published version
    ABOLISHED = "abolished", _("Abolished")  # bãi bỏ: no successor


class DecisionKind(models.TextChoices):
    """What a publication decision (quyết định công bố) does to a procedure."""

    NEW = "new", _("Newly issued")  # công bố mới
    AMENDED = "amended", _("Amended or supplemented")  # sửa đổi, bổ sung
    ABOLISHED = "abolished", _("Abolished")  # bãi bỏ


class SupplementClock(models.TextChoices):
    """What the processing clock does while the citizen supplements the dossier (sector law)."""

    PAUSE = "pause", _("Pause, resume with the time left")
    RESTART = "restart", _("Restart from the full time")
    NONE = "none", _("Keep running")


class OnlineLevel(models.TextChoices):
    """Online public-service level, NĐ 42/2022/NĐ-CP Điều 11."""

    FULL = "full", _("Full online")  # toàn trình
    PARTIAL = "partial", _("Partial online")  # một phần
    NONE = "none", _("Not online")


class DeliveryChannel(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    POST = "post", _("By public post")  # bưu chính công ích
    ONLINE = "online", _("Online")


class FeeKind(models.TextChoices):
    FEE = "fee", _("Fee")  # phí
    CHARGE = "charge", _("Charge")  # lệ phí


class FeeCollection(models.TextChoices):
    BEFORE = "before", _("Paid when submitting")
    AFTER = "after", _("Paid when receiving the result")


class CopyType(models.TextChoices):
    ORIGINAL = "original", _("Original")  # bản chính
    COPY = "copy", _("Copy")  # bản sao
    CERTIFIED_COPY = "certified_copy", _("Certified copy")  # bản sao chứng thực
    ORIGINAL_OR_CERTIFIED = "original_or_certified", _("Original or certified copy")
    SHOWN = "shown", _("Original shown for checking")  # xuất trình


class Requirement(models.TextChoices):
    MANDATORY = "mandatory", _("Mandatory")
    CONDITIONAL = "conditional", _("Conditional")


class ReuseSource(models.TextChoices):
    CITIZEN_STORE = "citizen_store", _("Citizen's data store")  # Kho quản lý dữ liệu điện tử
    NATIONAL_DATABASE = "national_database", _("National or sector database")


class Performer(models.TextChoices):
    """Who performs a workflow step, relative to the dossier, so one template serves every commune."""

    RECEIVING_CENTRE = "receiving_centre", _("The receiving one-stop centre")
    COMPETENT_AGENCY = "competent_agency", _("The competent agency")
    SPECIFIC_AGENCY = "specific_agency", _("A named agency")


class StepAction(models.TextChoices):
    FORWARD = "forward", _("Forward")
    RETURN = "return", _("Return to the previous step")
    REQUEST_SUPPLEMENT = "request_supplement", _("Request supplement")
    CONSULT = "consult", _("Consult another agency")
    APPROVE = "approve", _("Approve")
    REFUSE = "refuse", _("Refuse")


class FormFieldType(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")
    PERSONAL_ID = "personal_id", _("Personal identification number")
    ADDRESS = "address", _("Address")
    FILE = "file", _("File")
