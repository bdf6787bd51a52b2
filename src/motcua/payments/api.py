"""REST API of the payments app."""

from ninja import Router

router = Router()
