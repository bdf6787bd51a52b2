"""Calling the dossier REST API in tests: as a signed-in person, with a token, or anonymously."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from motcua.accounts.tokens import api_token_create

from .conftest import CITIZEN_ID

BASE = "/api/v1/dossiers"


class Caller:
    """One party calling the API. CSRF is enforced, as in a browser."""

    def __init__(self, user=None, *, token: str | None = None) -> None:
        self.client = Client(enforce_csrf_checks=True)
        self.headers: dict[str, str] = {}
        if user is not None:
            self.client.force_login(user)
            # A browser session sends the CSRF cookie and header, as the UI does.
            self.client.cookies["csrftoken"] = "a" * 32
            self.headers["HTTP_X_CSRFTOKEN"] = "a" * 32
        if token is not None:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    def get(self, path: str = "/", **params: Any):
        return self.client.get(f"{BASE}{path}", params, **self.headers)

    def post(self, path: str, body: Any = None, **headers: str):
        data = json.dumps({} if body is None else body, ensure_ascii=False)
        return self.client.post(
            f"{BASE}{path}",
            data=data,
            content_type="application/json",
            **self.headers,
            **headers,
        )


def caller_with_token(user) -> Caller:
    """A system calling with a real token of ``user`` (no session, no CSRF token)."""
    _token, raw = api_token_create(user=user, name="LGSP", created_by=None)
    return Caller(token=raw)


def application_body(world, **changes: Any) -> dict[str, Any]:
    """The licence at the provincial centre, handed in at the counter (as conftest.application)."""
    body = {
        "case_id": world.licence_case.pk,
        "channel": "counter",
        "receiving_agency": world.centre.code,
        "competent_agency": world.justice.code,
        "applicant": {
            "kind": "person",
            "name": "Trần Thị Bình",
            "id_number": CITIZEN_ID,
            "phone": "0912 345 678",
            "email": "binh@example.test",
            "address": "Ấp Hòa Long, xã Cái Nhum, tỉnh Vĩnh Long",
        },
        "components": [
            {"component_id": world.form.pk},
            {"component_id": world.id_copy.pk, "copies": 2},
        ],
        "form_data": {"organisation_name": "Văn phòng công chứng Cái Nhum", "staff_count": 3},
        "delivery_channel": "counter",
    }
    return {**body, **changes}


def online_body(world, **changes: Any) -> dict[str, Any]:
    return application_body(world, channel="online", delivery_channel="online", **changes)
