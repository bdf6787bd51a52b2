from django import template

from motcua.accounts.constants import Role
from motcua.accounts.selectors import active_roles

register = template.Library()


@register.inclusion_tag("backoffice/includes/nav.html", takes_context=True)
def backoffice_nav(context, current: str = ""):
    """Links to the desks this user has a role for (one query)."""
    roles = {r.role for r in active_roles(context["request"].user)}
    return {
        "current": current,
        "counter": Role.COUNTER_OFFICER in roles,
        "leader": Role.AGENCY_LEADER in roles,
        "staff": bool(roles & {Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN}),
    }
