"""The national public-service portal's dossier status codes (``TrangThaiHoSo``), in one place.

Each business state maps to one code from 1 to 10, as the portal's dossier sync expects
(reference note §1.3). A draft has never been submitted and is not sent. Inter-agency
processing is "in processing" (4) for the portal; completion asked at intake and
supplement asked during processing are both "supplement requested" (5). A dossier that
was not resolved ("không giải quyết") is still "processed" (9) with a negative result.
The sync adapter (integrations) reads ``national_status``; nothing else should.
"""

from __future__ import annotations

from enum import IntEnum

from django.utils.translation import gettext_lazy as _

from .constants import DossierStatus


class NationalStatus(IntEnum):
    SUBMITTED = 1  # Mới đăng ký
    RECEIVED = 2  # Được tiếp nhận
    REFUSED = 3  # Không được tiếp nhận
    PROCESSING = 4  # Đang xử lý
    SUPPLEMENT_REQUESTED = 5  # Yêu cầu bổ sung giấy tờ
    PAYMENT_REQUESTED = 6  # Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWN = 7  # Công dân yêu cầu rút hồ sơ
    STOPPED = 8  # Dừng xử lý
    PROCESSED = 9  # Đã xử lý xong
    RETURNED = 10  # Đã trả kết quả


NATIONAL_LABELS = {
    NationalStatus.SUBMITTED: _("Newly registered"),
    NationalStatus.RECEIVED: _("Received"),
    NationalStatus.REFUSED: _("Not received"),
    NationalStatus.PROCESSING: _("Being processed"),
    NationalStatus.SUPPLEMENT_REQUESTED: _("Supplement requested"),
    NationalStatus.PAYMENT_REQUESTED: _("Financial obligation requested"),
    NationalStatus.WITHDRAWN: _("Withdrawn at the citizen's request"),
    NationalStatus.STOPPED: _("Processing stopped"),
    NationalStatus.PROCESSED: _("Processed"),
    NationalStatus.RETURNED: _("Result returned"),
}

STATUS_TO_NATIONAL: dict[DossierStatus, NationalStatus | None] = {
    DossierStatus.DRAFT: None,
    DossierStatus.SUBMITTED: NationalStatus.SUBMITTED,
    DossierStatus.AWAITING_COMPLETION: NationalStatus.SUPPLEMENT_REQUESTED,
    DossierStatus.RECEIVED: NationalStatus.RECEIVED,
    DossierStatus.PROCESSING: NationalStatus.PROCESSING,
    DossierStatus.INTER_AGENCY: NationalStatus.PROCESSING,
    DossierStatus.AWAITING_SUPPLEMENT: NationalStatus.SUPPLEMENT_REQUESTED,
    DossierStatus.AWAITING_PAYMENT: NationalStatus.PAYMENT_REQUESTED,
    DossierStatus.RESOLVED: NationalStatus.PROCESSED,
    DossierStatus.RETURNED: NationalStatus.RETURNED,
    DossierStatus.REFUSED: NationalStatus.REFUSED,
    DossierStatus.WITHDRAWN: NationalStatus.WITHDRAWN,
    DossierStatus.STOPPED: NationalStatus.STOPPED,
}


def national_status(status: str) -> NationalStatus | None:
    """The portal's code for a business state; ``None`` for a draft, which is never sent."""
    return STATUS_TO_NATIONAL[DossierStatus(status)]
