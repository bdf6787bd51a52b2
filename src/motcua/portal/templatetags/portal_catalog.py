"""How catalogue data reads on the public pages: times, amounts, labels of stored values."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from motcua.catalog.constants import DeliveryChannel, ReuseSource
from motcua.catalog.search import amount_plain, online_level_best
from motcua.workcalendar.constants import DeadlineUnit

register = template.Library()


@register.simple_tag
def processing_time(amount: Decimal | None, unit: str) -> str:
    """``5, working_days`` → "5 ngày làm việc"; ``same_day`` needs no number."""
    if unit == DeadlineUnit.SAME_DAY:
        return _("Same day")
    number = number_format(Decimal(amount_plain(amount) or 0))
    if unit == DeadlineUnit.WORKING_DAYS:
        return _("%(amount)s working days") % {"amount": number}
    if unit == DeadlineUnit.CALENDAR_DAYS:
        return _("%(amount)s days") % {"amount": number}
    if unit == DeadlineUnit.WORKING_HOURS:
        return _("%(amount)s working hours") % {"amount": number}
    return f"{number} {unit}"


@register.simple_tag
def processing_times(cases) -> str:
    """The distinct times of a version's cases, in case order: "Trong ngày; 3 ngày làm việc"."""
    texts = [processing_time(case.processing_amount, case.processing_unit) for case in cases]
    return "; ".join(dict.fromkeys(texts))


@register.filter
def vnd(amount: Decimal) -> str:
    return _("%(amount)s VND") % {
        "amount": number_format(amount, decimal_pos=0, force_grouping=True)
    }


@register.filter
def best_online_level(cases) -> str:
    return online_level_best(cases)


@register.filter
def channel_labels(values: list[str]) -> list[str]:
    return [_label(DeliveryChannel, value) for value in values]


@register.filter
def reuse_labels(values: list[str]) -> list[str]:
    return [_label(ReuseSource, value) for value in values]


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value
