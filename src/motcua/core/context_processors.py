from django.http import HttpRequest

from motcua import __version__


def site(request: HttpRequest) -> dict:
    return {"MOTCUA_VERSION": __version__}
