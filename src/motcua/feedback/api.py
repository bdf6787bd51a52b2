"""REST API of the feedback app."""

from ninja import Router

router = Router()
