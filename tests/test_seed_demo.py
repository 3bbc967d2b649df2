import secrets

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from accounts.models import User
from devtools.management.commands.seed_demo import DEMO_PASSWORD
from districts.models import CoachAssignment, Cohort, District, Membership, SchoolMembership
from tests.process_helpers import run_manage, run_manage_in_production

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
    # Riverside High School's principal, of the school only
    "principal@example.org": {"Riverside School District"},
}


def counts():
    models = (User, District, Membership, CoachAssignment, Cohort, SchoolMembership)
    return [m.objects.count() for m in models]


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == first == [9, 3, 5, 2, 1, 3]
    assert Cohort.objects.get().name == "Moving to Implementation"


def test_every_demo_person_signs_in_and_sees_exactly_their_districts(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for email, districts in EXPECTED.items():
        client = Client()
        response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        user = User.objects.get(email=email)
        seen = set(District.objects.visible_to(user).values_list("name", flat=True))
        assert seen == districts, email
        for district in District.objects.all():
            status = client.get(district.get_absolute_url()).status_code
            assert status == (200 if district.name in districts else 404), (email, district)


def test_the_demo_tells_a_meeting_that_carries_on(db):
    """The README's story: meeting 5 with its own norms, a shared decision, Riverside's
    commitment that became a step of its action plan, and two anonymous evaluation answers."""
    from meetings.models import Commitment, EvaluationResponse, Meeting, PresentationSignup

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    meeting = Meeting.objects.get(title="Moving to Implementation, meeting 5")
    assert meeting.norms_lines[0] == "Lean into discomfort"
    assert meeting.notes.get().share_with_cohort
    commitment = Commitment.objects.get(meeting=meeting)
    assert commitment.step.plan.district == commitment.district
    assert EvaluationResponse.objects.filter(meeting=meeting).count() == 2
    assert PresentationSignup.objects.count() == 2
    client = Client()
    client.post("/accounts/login/", {"login": "facilitator@example.org", "password": DEMO_PASSWORD})
    page = client.get(f"/meetings/{meeting.code}/evaluation/results/").content.decode()
    assert "2 answers, anonymous" in page


def test_the_demo_shows_the_leads_and_the_coachs_notifications(db):
    """The coach's question on the spring round reaches Riverside's team; the lead's reply
    reaches the coach (once, however often the demo is seeded)."""
    from notifications.models import Kind, Notice

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    comments = Notice.objects.filter(kind=Kind.COMMENT)
    lead = comments.get(recipient__email="lead@example.org")
    assert lead.title == "Colleen Brooks commented on Grading and Feedback: Spring 2026"
    coach = comments.get(recipient__email="coach@example.org")
    assert coach.title == "Dana Whitfield replied on Grading and Feedback: Spring 2026"
    client = Client()
    client.post("/accounts/login/", {"login": "coach@example.org", "password": DEMO_PASSWORD})
    page = client.get("/notifications/").content.decode()
    assert "Dana Whitfield replied" in page and "submitted Spring 2026" in page


def test_the_demo_coach_gets_a_digest(db, mailoutbox):
    """The coach chose one email a day for submitted rounds and comments: the demo makes
    today's digest, which the outbox's sweep emails (the console under `make run`)."""
    from notifications.models import Kind, Notice
    from notifications.services import deliveries_sweep

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    digest = Notice.objects.get(kind=Kind.DIGEST, recipient__email="coach@example.org")
    assert {n.kind for n in digest.items.all()} == {Kind.ROUND_SUBMITTED, Kind.COMMENT}
    deliveries_sweep()
    [email] = [m for m in mailoutbox if m.to == ["coach@example.org"]]
    assert email.subject.startswith("Your Waypoint digest: ")
    assert "Dana Whitfield replied on Grading and Feedback" in email.body


def test_the_demo_coach_reads_the_board_minutes_behind_a_team_rating(db):
    from evidence.models import Attachment

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    minutes = Attachment.objects.get(type="file", district__isnull=False)
    assert minutes.name == "Board minutes, March 2026.pdf"
    assert Attachment.objects.filter(type="link").count() == 1
    coach = Client()
    coach.force_login(User.objects.get(email="coach@example.org"))
    riverside = District.objects.get(name="Riverside School District")
    response = coach.get(f"/d/{riverside.code}/evidence/files/{minutes.code}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    facilitator = Client()
    facilitator.force_login(User.objects.get(email="facilitator@example.org"))
    assert facilitator.get(f"/d/{riverside.code}/evidence/files/{minutes.code}/").status_code == 404
    # the facilitator's one-page template, on meeting 5's decision shared with the cohort
    template = Attachment.objects.get(cohort__isnull=False)
    note = template.item
    lead = Client()
    lead.force_login(User.objects.get(email="lead@example.org"))
    meeting = lead.get(f"/meetings/{note.meeting.code}/").content.decode()
    assert "Long-term plan, one-page draft.pdf" in meeting
    response = lead.get(f"/meetings/{note.meeting.code}/notes/{note.code}/files/{template.code}/")
    assert response.status_code == 200


@pytest.mark.parametrize("command", ["seed_demo", "seed_scale"])
def test_the_demo_data_is_refused_under_settings_that_do_not_allow_it(db, settings, command):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match=f"{command} refuses to run under the production"):
        call_command(command, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == [0, 0, 0, 0, 0, 0]


def test_the_production_settings_refuse_the_demo_data():
    result = run_manage_in_production("seed_demo", DJANGO_ALLOWED_HOSTS="waypoint.example.org")
    assert result.returncode != 0
    assert "seed_demo refuses to run under the production settings" in result.stderr
    assert "published in the README" in result.stderr


def test_the_demo_riverside_has_five_measures_one_off_track_and_one_needing_data(db):
    from districts.access import DistrictAccess, Relation
    from measures.selectors import district_tally, measures_of
    from measures.selectors import tally as tally_of

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    riverside = District.objects.get(name="Riverside School District")
    access = DistrictAccess(riverside, Relation.LEAD)
    assert district_tally(access).total == 6  # and one kept per school (issue 34, part 5)
    tally = tally_of([m.standing for m in measures_of(access) if not m.per_school])
    assert tally.total == 5
    assert (tally.count("on_track"), tally.count("at_risk")) == (2, 1)
    assert (tally.count("off_track"), tally.count("needs_data")) == (1, 1)


def test_the_demo_riverside_schools_have_stages_over_two_years_two_implementing(db):
    from districts.access import DistrictAccess, Relation
    from schools.models import SchoolStage
    from schools.selectors import school_counts

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    recorded = SchoolStage.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SchoolStage.objects.count() == recorded == 16  # once
    riverside = District.objects.get(name="Riverside School District")
    counts = school_counts(DistrictAccess(riverside, Relation.COACH))
    assert (counts["implementing"], counts["open"]) == (2, 4)
    dates = SchoolStage.objects.values_list("as_of", flat=True)
    assert (max(dates) - min(dates)).days > 365 + 180
    assert SchoolStage.objects.values("school").distinct().count() == 4


def test_the_bench_settings_seed_the_benchs_own_database():
    """make bench seeds its own database on first use (bench_web calls seed_scale) under the
    bench settings, which stand on production's: they allow it, or a fresh clone's bench
    stops before it measures anything."""
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEMO_DATA_ALLOWED)",
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True"


def test_the_demo_riverside_assigns_work_to_its_schools(db):
    """A step naming two schools, and a measure kept per school whose latest quarter two of
    the four schools reported (issue 34, part 5)."""
    from measures.models import Measure
    from planning.models import ActionStep

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    step = ActionStep.objects.get(description__startswith="Share the criteria with the middle")
    assert sorted(s.name for s in step.schools.all()) == [
        "Riverside High School",
        "Riverside Middle School",
    ]
    measure = Measure.objects.get(name="Students with a graduation portfolio started")
    assert measure.kept == Measure.Kept.WEIGHTED
    assert measure.points.filter(school__isnull=False).count() == 10
    latest = measure.points.filter(reported__isnull=False).latest("as_of")
    assert latest.reported == 2
