"""Local development and the `make run` demo: safe defaults for a laptop, never production."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("LOG_FORMAT", "console")
# The demo ships known passwords; 2FA for admins would lock people out of the demo.
os.environ.setdefault("REQUIRE_2FA_FOR_ADMINS", "false")

from .base import *  # noqa: F403
