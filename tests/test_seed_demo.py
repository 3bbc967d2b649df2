from django.core.management import call_command
from django.test import Client

from accounts.models import User
from devtools.management.commands.seed_demo import DEMO_PASSWORD
from districts.models import CoachAssignment, Cohort, District, Membership

# What each demo person sees (the README's demo table says the same).
EXPECTED = {
    "lead@example.org": {"Riverside School District"},
    "member@example.org": {"Riverside School District"},
    "viewer@example.org": {"Riverside School District"},
    "coach@example.org": {"Riverside School District", "Hillcrest Regional School Unit"},
    "facilitator@example.org": {"Riverside School District", "Hillcrest Regional School Unit"},
    "staff@example.org": {
        "Riverside School District",
        "Hillcrest Regional School Unit",
        "Lakeview School District",
    },
    "hillcrest.lead@example.org": {"Hillcrest Regional School Unit"},
    "lakeview.lead@example.org": {"Lakeview School District"},
}


def counts():
    return [m.objects.count() for m in (User, District, Membership, CoachAssignment, Cohort)]


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == first == [8, 3, 5, 2, 1]
    assert Cohort.objects.get().name == "Moving to Implementation"


def test_every_demo_person_signs_in_and_sees_exactly_their_districts(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for email, districts in EXPECTED.items():
        client = Client()
        response = client.post("/accounts/login/", {"username": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        user = User.objects.get(email=email)
        seen = set(District.objects.visible_to(user).values_list("name", flat=True))
        assert seen == districts, email
        for district in District.objects.all():
            status = client.get(district.get_absolute_url()).status_code
            assert status == (200 if district.name in districts else 404), (email, district)
