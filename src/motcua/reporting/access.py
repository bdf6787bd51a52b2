"""Who may see which reporting scope: the agencies a person may view, all of them."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from motcua.accounts.access import agencies_in_scope
from motcua.accounts.selectors import active_roles

from .selectors import Scope, ScopeError, scope_resolve


def access_scope(user, text: str) -> Scope:
    """The scope named by ``text`` if every agency in it is in the user's view; else 404.

    Missing and forbidden answer alike, so a scope's existence is not disclosed.
    """
    try:
        scope = scope_resolve(text)
    except ScopeError:
        raise Http404(_("No such scope.")) from None
    allowed = set(agencies_in_scope(user).values_list("pk", flat=True))
    if not scope.agency_ids or not scope.agency_ids <= allowed:
        raise Http404(_("No such scope."))
    return scope


def default_scope_key(user) -> str | None:
    """The widest scope the user holds: the province when they see all of it."""
    allowed = set(agencies_in_scope(user).values_list("pk", flat=True))
    for role in active_roles(user).select_related("agency__administrative_unit"):
        unit = role.agency.administrative_unit
        province = unit.parent if unit.parent_id else unit
        try:
            scope = scope_resolve(f"province:{province.code}")
        except ScopeError:
            continue
        if scope.agency_ids and scope.agency_ids <= allowed:
            return scope.key
    for role in active_roles(user).select_related("agency"):
        if role.agency_id in allowed:
            return f"agency:{role.agency.code}"
    return None
