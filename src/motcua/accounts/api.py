"""Account endpoints of the REST API (mounted at /api/v1/accounts)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest

from ninja import Router, Schema

from .selectors import active_roles

router = Router()


class RoleOut(Schema):
    role: str
    role_label: str
    agency_code: str | None
    agency_name: str | None
    department: str | None
    valid_from: dt.date
    valid_to: dt.date | None


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    kind: str
    two_factor_verified: bool
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="The signed-in account and its roles today")
def me(request: HttpRequest) -> MeOut:
    user = request.auth  # the API's session auth answers 401 for anonymous requests
    roles = [
        RoleOut(
            role=r.role,
            role_label=str(r.get_role_display()),
            agency_code=r.agency.code if r.agency else None,
            agency_name=r.agency.name if r.agency else None,
            department=r.department.name if r.department else None,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
        )
        for r in active_roles(user)
    ]
    return MeOut(
        id=user.pk,
        username=user.username,
        full_name=user.full_name,
        kind=user.kind,
        two_factor_verified=request.user.is_verified(),
        roles=roles,
    )
