import datetime as dt
import io

from django.core.management import call_command

import pytest

from motcua.agencies.constants import AgencyKind
from motcua.agencies.models import AdministrativeUnit
from motcua.agencies.services import agency_create


@pytest.fixture(scope="package")
def admin_units(django_db_setup, django_db_blocker):
    """The real 34 provinces and 3,321 communes, loaded once for this package's tests.

    Tests run in transactions on top of it; the rows are removed afterwards so that other
    apps' tests start from an empty table.
    """
    with django_db_blocker.unblock():
        call_command("load_admin_units", stdout=io.StringIO())
        yield
        AdministrativeUnit.objects.filter(parent__isnull=False).delete()
        AdministrativeUnit.objects.all().delete()


@pytest.fixture
def vinh_long(admin_units, db) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code="86", valid_to__isnull=True)


@pytest.fixture
def make_agency(vinh_long):
    """Create an agency in Vĩnh Long through the service; keyword arguments override."""

    def make(code: str, name: str, **fields):
        defaults = {
            "kind": AgencyKind.DEPARTMENT,
            "administrative_unit": vinh_long,
            "valid_from": dt.date(2025, 7, 1),
        }
        return agency_create(code=code, name=name, **{**defaults, **fields})

    return make
