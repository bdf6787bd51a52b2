from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IndicatorKind(models.TextChoices):
    """How an indicator relates to its window (W / S / C in the CCHC reporting notes)."""

    WINDOW = "window", _("Count over the window")
    SNAPSHOT = "snapshot", _("Snapshot at the cut-off")
    CUMULATIVE = "cumulative", _("Cumulative since the start of the reporting year")


class IndexGroup(models.TextChoices):
    """The six groups of the 766 index (QĐ 766/QĐ-TTg), with their maximum points."""

    PUBLICITY = "publicity", _("Publicity and transparency")  # CKMB, 18
    PROGRESS = "progress", _("Resolution progress")  # TDGQ, 20
    ONLINE = "online", _("Online public services")  # 12
    PAYMENT = "payment", _("Online payment")  # TTTT, 10
    SATISFACTION = "satisfaction", _("Satisfaction")  # MDHL, 18
    DIGITISATION = "digitisation", _("Digitisation")  # MDSH, 22


GROUP_MAX_POINTS = {
    IndexGroup.PUBLICITY: 18,
    IndexGroup.PROGRESS: 20,
    IndexGroup.ONLINE: 12,
    IndexGroup.PAYMENT: 10,
    IndexGroup.SATISFACTION: 18,
    IndexGroup.DIGITISATION: 22,
}


class ScopeKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    AGENCY = "agency", _("Agency")
    COMMUNE = "commune", _("Commune")


# Counters kept per (day, competent agency, receiving centre, procedure, channel).
# Each is "how many dossiers had this happen on that day"; snapshots at a cut-off are
# running sums of them (in progress = received - resolved - withdrawn - stopped so far).
ROLLUP_METRICS: tuple[str, ...] = (
    "received",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "withdrawn",
    "stopped",
    "returned",
    "apologised",
    # a dossier becomes overdue the day after its due date, and leaves the overdue set the
    # day it is finished late
    "overdue_start",
    "overdue_end",
    "pause_start",
    "pause_end",
    # facts about the dossiers received that day
    "received_digitised",
    "received_reused",
    "received_synced",
    "received_fee",
    "received_paid",
    "received_paid_online",
    # facts about the dossiers resolved that day
    "resolved_e_result",
    # the dossier's satisfaction rating, on the day it was first given (payments and
    # feedback are read by reporting, never the other way round)
    "rated",
    "satisfied",
)

# The flows that take a dossier out of the open stock (received adds it).
FINISHING_METRICS: tuple[str, ...] = (
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "withdrawn",
    "stopped",
)

# Payment providers whose confirmations are not online payments (766 "thanh toán trực
# tuyến"): money taken at the counter. Any other provider (PayGov, a VietQR transfer, a
# future bank) is online. A fixed set rather than the provider registry, so a provider
# switched off later still counts its past payments the same way.
OFFLINE_PAYMENT_PROVIDERS: frozenset[str] = frozenset({"cash"})


class CycleStatus(models.TextChoices):
    OPEN = "open", _("Open: agencies are drafting")
    CONSOLIDATING = "consolidating", _("Consolidating the province report")
    COMMENTING = "commenting", _("Province draft out for comments")
    FINAL = "final", _("Final")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned with comments")
    COMMENTING = "commenting", _("Out for comments")
    FINAL = "final", _("Final")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Taken into account")
    EXPLAINED = "explained", _("Explained")


class SigningPrefix(models.TextChoices):
    """Signing authority prefixes (NĐ 30/2020 Điều 13)."""

    NONE = "", _("Signed by the head")
    TM = "TM.", _("TM. (on behalf of a collective body)")
    KT = "KT.", _("KT. (deputy signing for the head)")
    Q = "Q.", _("Q. (acting head)")
    TL = "TL.", _("TL. (by order)")
    TUQ = "TUQ.", _("TUQ. (under delegated authority)")


class SectionKind(models.TextChoices):
    HEADING = "heading", _("Heading only")
    NARRATIVE = "narrative", _("Narrative written by the author")
    FIGURES = "figures", _("Standard sentences with the figures, then narrative")
