from django import template

from ..formatting import vn_number, vn_percent

register = template.Library()


@register.filter
def vn(value, digits=0):
    return vn_number(value, int(digits))


@register.filter
def percent(value, digits=2):
    return vn_percent(value, int(digits))
