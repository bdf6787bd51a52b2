from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """Administrative unit types after the July 2025 two-level reform (Luật 72/2025/QH15)."""

    PROVINCE = "province", _("Province")  # tỉnh
    CENTRAL_CITY = "central_city", _("Centrally-run city")  # thành phố trực thuộc trung ương
    COMMUNE = "commune", _("Commune")  # xã
    WARD = "ward", _("Ward")  # phường
    SPECIAL_ZONE = "special_zone", _("Special zone")  # đặc khu

    @classmethod
    def provincial(cls) -> frozenset[str]:
        return frozenset({cls.PROVINCE, cls.CENTRAL_CITY})


class AgencyKind(models.TextChoices):
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial People's Committee")  # UBND tỉnh
    PROVINCIAL_OFFICE = "provincial_office", _("Office of the Provincial People's Committee")
    PROVINCIAL_SERVICE_CENTRE = (
        "provincial_service_centre",
        _("Provincial Public Administration Service Centre"),
    )
    DEPARTMENT = "department", _("Provincial department")  # sở
    COMMUNE_COMMITTEE = "commune_committee", _("Commune People's Committee")  # UBND xã/phường
    COMMUNE_SERVICE_CENTRE = (
        "commune_service_centre",
        _("Commune Public Administration Service Centre"),
    )
    VERTICAL = "vertical", _("Vertical central agency")  # thuế, BHXH, công an
    OTHER = "other", _("Other")


class CodeFormat(models.TextChoices):
    """Which standard an agency's electronic identifier follows (mã định danh điện tử)."""

    # MX1X2.Y1Y2Y3.Z1Z2, highest level first: H61, H61.17, H61.217 (QĐ 20/2020 as amended, TT 04/2025)
    CURRENT = "current", _("Current (H61.17)")
    # V1V2V3.Z1Z2.Y1Y2.MX1X2, lowest level first (QCVN 102:2016): 000.00.15.H29
    QCVN102 = "qcvn102", _("Legacy QCVN 102 (000.00.15.H29)")
