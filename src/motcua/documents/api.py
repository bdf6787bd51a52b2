"""REST API of the documents app."""

from ninja import Router

router = Router()
