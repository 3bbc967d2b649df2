"""Every URL pattern of the project, from the resolver, with concrete URLs for the cast."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from districts.models import Invitation
from districts.services import hash_token
from tests.documents import PDF

INVITATION_TOKEN = "matrix-invitation-token"


@dataclass(frozen=True)
class Route:
    key: str  # the URL name with its namespace, or the pattern for an unnamed route
    name: str | None
    params: tuple[str, ...]


def _params(pattern) -> list[str]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return list(converters)
    regex = getattr(pattern.pattern, "regex", None)
    return list(regex.groupindex) if regex is not None else []


def _walk(patterns, prefix: str, namespace: str | None, params: list[str]):
    for entry in patterns:
        here = [*params, *_params(entry)]
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns, here)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            key = name or prefix + str(entry.pattern)
            yield Route(key=key, name=name, params=tuple(here))


def all_routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns, "", None, []):
        seen.setdefault(route.key, route)
    return sorted(seen.values(), key=lambda r: r.key)


def _admin_rows(cast) -> None:
    """One row of each model the admin lists that the cast itself does not create, so that
    every admin change, delete and history page has a real object to show."""
    from rubrics.models import Comment, RoundReopening

    round_ = matrix_round(cast)
    matrix_job(cast)
    if not Comment.objects.exists():
        Comment.objects.create(
            district=round_.district, round=round_, author=cast.coach, body="Matrix comment"
        )
    if not RoundReopening.objects.exists():
        RoundReopening.objects.create(
            district=round_.district, round=round_, reopened_by=cast.lead, reason="Matrix"
        )
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    from accounts.models import SecurityEvent

    Group.objects.get_or_create(name="Support organisation")
    if not SecurityEvent.objects.exists():
        SecurityEvent.objects.create(kind=SecurityEvent.Kind.LOGIN_FAILED, username="x@example.org")
    attempt = {"username": "x@example.org", "ip_address": "127.0.0.1", "user_agent": "test"}
    if not AccessAttempt.objects.exists():
        AccessAttempt.objects.create(failures_since_start=1, **attempt)
    if not AccessFailureLog.objects.exists():
        AccessFailureLog.objects.create(**attempt)
    if not AccessLog.objects.exists():
        AccessLog.objects.create(**attempt)


def _admin_object_id(route: Route, cast) -> str:
    """admin:<app>_<model>_<action> → the pk of a row of that model."""
    _admin_rows(cast)
    _, _, rest = route.name.partition(":")
    if rest == "auth_user_password_change":  # UserAdmin names this route so, whatever the model
        rest = "accounts_user_password_change"
    for model in apps.get_models():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if rest.startswith(prefix):
            obj = model._default_manager.order_by("pk").first()
            return str(obj.pk) if obj else "999999"
    raise KeyError(f"no model for {route.name}")


def matrix_trashed(cast):
    """A district of the lead's in the trash (for the trash's own routes)."""
    from django.utils import timezone

    from districts.models import District, Membership, Role

    found = District.with_trashed.filter(name="Trashed School District").first()
    if found is None:
        found = District.with_trashed.create(
            name="Trashed School District", state="ME", trashed_at=timezone.now()
        )
        Membership.objects.create(district=found, user=cast.lead, role=Role.LEAD)
    return found


def url_for(route: Route, cast) -> str:
    """A concrete URL of the route, aimed at the cast's home district (Riverside)."""
    if route.name is None:
        assert route.key.startswith("admin/"), f"unnamed route outside the admin: {route.key}"
        if "<path:object_id>" in route.key:
            # the admin's old-style object URL, which redirects to the change page
            _admin_rows(cast)
            app_label, model_name = route.key.split("/")[1:3]
            model = apps.get_model(app_label, model_name)
            obj = model._default_manager.order_by("pk").first()
            return "/" + route.key.replace("<path:object_id>", str(obj.pk if obj else 999999))
        return "/admin/no-such-page/"  # the admin's catch-all
    kwargs = {}
    if route.name.startswith(("evidence:", "api:item-evidence", "api:attachment-")):
        found = {**matrix_evidence(cast), "code": matrix_evidence(cast)["attachment"]}
        return reverse(route.name, kwargs={param: found[param] for param in route.params})
    if route.name == "meetings:meeting_file":
        return reverse(route.name, kwargs=matrix_problem_file(cast))
    if route.name == "dashboards:board":  # the public page of Riverside's snapshot
        return reverse(route.name, kwargs={"token": matrix_snapshot(cast)[1]})
    if route.name in (
        "meetings:note_file_remove",
        "api:meeting-note-file",
        "api:meeting-note-file-download",
    ):
        return reverse(route.name, kwargs=matrix_note_file(cast))
    if route.name.startswith("api:"):
        matrix_plan(cast)  # so that the plan and its cells exist for the plan endpoints
    for param in route.params:
        if param == "district":
            kwargs[param] = cast.riverside.code
        elif param == "trashed":
            kwargs[param] = matrix_trashed(cast).code
        elif param == "membership":
            kwargs[param] = cast.viewer_membership.code
        elif param == "coach":  # Riverside's coach
            kwargs[param] = cast.coach.code
        elif param == "invitation":
            kwargs[param] = matrix_invitation(cast).code
        elif param == "token":
            matrix_invitation(cast)
            kwargs[param] = INVITATION_TOKEN
        elif param == "feed_token":  # the lead's feed: the address is the credential
            from calendars.models import CalendarFeed

            kwargs[param] = CalendarFeed.issue(user=cast.lead)[1]
        elif param == "unsubscribe_token":  # the lead's emails about comments
            from notifications.services import unsubscribe_link

            kwargs[param] = unsubscribe_link(cast.lead, "comment")
        elif param == "code" and route.name == "notifications:open":  # the lead's notice
            kwargs[param] = matrix_notice(cast).code
        elif param == "round_code":
            kwargs[param] = matrix_round(cast).code
        elif param == "dimension":
            kwargs[param] = matrix_round(cast).framework.domains.first().dimensions.first().code
        elif param in ("competency", "indicator", "objective"):
            kwargs[param] = matrix_competencies(cast)[param]
        elif param == "fmt":
            kwargs[param] = "csv"
        elif param == "code" and route.name == "api:framework-detail":
            kwargs[param] = matrix_round(cast).framework.code
        elif param == "code" and route.name.startswith("api:"):
            kwargs[param] = matrix_api_code(cast, route.name)
        elif param == "slot":
            matrix_plan(cast)
            kwargs[param] = "2026-practice"
        elif param == "api_token":
            from api.models import ApiToken

            kwargs[param] = ApiToken.issue(user=cast.lead, name="Matrix")[0].code
        elif param in (
            "meeting",
            "item",
            "problem",
            "note",
            "commitment",
            "question",
            "signup",
            "protocol",
        ):
            kwargs[param] = matrix_meeting(cast)[param]
        elif param == "job":
            kwargs[param] = matrix_job(cast).code
        elif param == "kind":
            kwargs[param] = "heatmap"
        elif param == "cohort":
            kwargs[param] = cast.cohort.code
        elif param in ("measure", "point"):
            kwargs[param] = matrix_measure(cast)[param]
        elif param == "school":
            kwargs[param] = matrix_school(cast).code
        elif param == "member":  # a person of the school's team: its viewer
            kwargs[param] = matrix_school_member(cast).code
        elif param in ("plan", "step", "policy", "activity", "year", "strand"):
            kwargs[param] = matrix_plan(cast)[param]
        elif param == "uidb64":
            kwargs[param] = "MQ"
        elif param == "provider_id":  # the district's OpenID Connect provider (none set here)
            kwargs[param] = "district"
        elif param == "snapshot":
            kwargs[param] = matrix_snapshot(cast)[0].code
        elif param in ("domain", "join_request"):
            kwargs[param] = matrix_joining(cast)[param]
        elif param == "session":  # another of the lead's sessions (a tablet)
            kwargs[param] = matrix_session(cast).pk
        elif param == "app_label":
            kwargs[param] = "districts"
        elif param == "content_type_id":
            kwargs[param] = ContentType.objects.get_for_model(cast.riverside).pk
        elif param in ("object_id", "id"):
            if route.name == "admin:view_on_site":
                kwargs[param] = cast.riverside.pk
            else:
                kwargs[param] = _admin_object_id(route, cast)
        else:
            raise KeyError(f"tests/routes.py does not know how to fill <{param}> of {route.key}")
    if route.name == "password_reset_confirm":
        kwargs["token"] = "set-password"
    return reverse(route.name, kwargs=kwargs)


_SNAPSHOT_TOKENS = {}


def matrix_snapshot(cast):
    """Riverside's board snapshot (levels only) and its link's token."""
    from dashboards.models import BoardSnapshot
    from dashboards.snapshots import snapshot_publish

    found = BoardSnapshot.objects.filter(district=cast.riverside).first()
    if found is None or found.pk not in _SNAPSHOT_TOKENS:
        found, token = snapshot_publish(
            district=cast.riverside,
            title="Matrix",
            parts={"show_levels": True},
            days=30,
            acting_user=cast.lead,
        )
        _SNAPSHOT_TOKENS[found.pk] = token
    return found, _SNAPSHOT_TOKENS[found.pk]


def matrix_joining(cast) -> dict:
    """Riverside's unverified email domain, and someone asking to join it."""
    from districts.models import EmailDomain, JoinRequest
    from tests.factories import UserFactory

    domain = EmailDomain.objects.filter(district=cast.riverside).first()
    if domain is None:
        domain = EmailDomain.objects.create(district=cast.riverside, domain="riverside.example")
        JoinRequest.objects.create(
            district=cast.riverside, user=UserFactory(email="pat@riverside.example")
        )
    request = JoinRequest.objects.get(district=cast.riverside)
    return {"domain": domain.code, "join_request": request.code}


def matrix_session(cast):
    """The lead's session on another device, recorded as a sign-in records it."""
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.backends.db import SessionStore

    found = UserSession.objects.filter(user=cast.lead, user_agent="Matrix tablet").first()
    if found is None:
        store = SessionStore()
        store["_auth_user_id"] = str(cast.lead.pk)
        store.create()
        found = UserSession.objects.create(
            user=cast.lead,
            session_key=store.session_key,
            ip="127.0.0.1",
            user_agent="Matrix tablet",
        )
    return found


def matrix_invitation(cast) -> Invitation:
    """A pending invitation of Riverside for someone without an account."""
    from datetime import timedelta

    from django.utils import timezone

    invitation, _ = Invitation.objects.get_or_create(
        token_hash=hash_token(INVITATION_TOKEN),
        defaults={
            "district": cast.riverside,
            "email": "newcomer@example.org",
            "role": "member",
            "invited_by": cast.lead,
            "expires_at": timezone.now() + timedelta(days=7),
        },
    )
    return invitation


def matrix_round(cast):
    """A submitted round of Riverside shared with its coaches and cohort, so that the coach
    and the facilitator can see it and the table shows what each role may do with it."""
    from rubrics.models import AssessmentRound
    from tests.rubric_helpers import load_rubric, submitted_round

    existing = AssessmentRound.objects.filter(district=cast.riverside, title="Matrix").first()
    return existing or submitted_round(
        cast.riverside, cast.lead, load_rubric(), title="Matrix", sharing="cohort"
    )


def matrix_measure(cast) -> dict:
    """Riverside's measure with one data point, for the measures routes."""
    from measures.models import Measure
    from tests.measure_helpers import add_point, make_measure

    measure = Measure.objects.filter(district=cast.riverside).first()
    if measure is None:
        matrix_plan(cast)
        measure = make_measure(cast.riverside, cast.lead, name="Matrix measure")
        add_point(measure, cast.lead, 30)
    return {"measure": measure.code, "point": measure.points.first().code}


def matrix_school(cast):
    """Riverside's high school, open, with its team (the cast's school lead, member and
    viewer)."""
    from tests.cast import school_team

    return school_team(cast)


def matrix_school_member(cast):
    """The school viewer's place in Riverside High School's team."""
    from districts.models import SchoolMembership

    return SchoolMembership.objects.get(school=matrix_school(cast), user=cast.school_viewer)


def matrix_other_school(cast) -> dict:
    """Riverside Middle School, another school of the school team's district (not theirs),
    and a teacher of its own team: the codes its routes name."""
    from districts.models import SchoolMembership, SchoolRole
    from schools.models import School
    from schools.services import school_create
    from tests.factories import UserFactory

    matrix_school(cast)
    school = School.objects.filter(district=cast.riverside, name="Riverside Middle School").first()
    if school is None:
        school = school_create(
            district=cast.riverside, acting_user=cast.lead, name="Riverside Middle School"
        )
        SchoolMembership.objects.create(
            district=cast.riverside,
            school=school,
            user=UserFactory(full_name="Teresa Teacher"),
            role=SchoolRole.SCHOOL_MEMBER,
        )
    member = SchoolMembership.objects.filter(school=school).first()
    return {"school": school.code, "member": member.code}


def other_school_url(route, cast, *, missing: bool = False) -> str:
    """The route aimed at Riverside Middle School (or, `missing`, at a school that does not
    exist, with a person of it that does not either)."""
    nothing = "00000000-0000-0000-0000-000000000000"
    found = matrix_other_school(cast)
    kwargs = {"district": cast.riverside.code}
    which = "member" if "school" in route.params else "school"
    for param in route.params:
        if param in ("school", "member"):
            kwargs[param] = nothing if missing else found[param]
        elif param == "code":  # the API's school, or the person of its team
            kwargs[param] = nothing if missing else found[which]
    return reverse(route.name, kwargs=kwargs)


def matrix_plan(cast) -> dict:
    """Riverside's plan pieces, one of each, for the planning routes."""
    from datetime import date

    from planning.models import ActionPlan, EngagementActivity, LongTermPlan, PolicyReview
    from planning.services import plan_set_horizon
    from tests.plan_helpers import add_step, milestone

    plan = LongTermPlan.objects.filter(district=cast.riverside).first()
    if plan is None:
        plan = plan_set_horizon(
            district=cast.riverside, first_year=2026, years=4, acting_user=cast.lead
        )
        milestone(plan, cast.lead, 2026, "practice", "Matrix")
        action = ActionPlan.objects.create(district=cast.riverside, goal="Matrix goal")
        add_step(action, cast.lead, "Matrix step")
        EngagementActivity.objects.create(
            district=cast.riverside,
            title="Matrix forum",
            date=date(2026, 9, 1),
            spectrum="informing",
        )
    action = ActionPlan.objects.get(district=cast.riverside, goal="Matrix goal")
    return {
        "year": 2026,
        "strand": "practice",
        "plan": action.code,
        "step": action.steps.get().code,
        "policy": PolicyReview.objects.get(district=cast.riverside, policy_codes="IKF").code,
        "activity": EngagementActivity.objects.get(district=cast.riverside).code,
    }


def matrix_evidence(cast) -> dict:
    """A file on the team rating of the matrix round's first dimension (shared with the
    cohort: its coach reads the evidence, its facilitators never)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence.models import Attachment
    from evidence.services import attachment_add_files
    from rubrics.models import ConsensusRating

    consensus = ConsensusRating.objects.filter(round=matrix_round(cast)).order_by("pk").first()
    attachment = Attachment.objects.filter(item_id=consensus.pk).first()
    if attachment is None:
        pdf = SimpleUploadedFile("minutes.pdf", PDF)
        attachment = attachment_add_files(item=consensus, files=[pdf], acting_user=cast.lead)[0]
    return {
        "district": cast.riverside.code,
        "kind": "team-rating",
        "item": consensus.code,
        "attachment": attachment.code,
    }


def matrix_problem_file(cast) -> dict:
    """A file on the matrix meeting's problem of practice (Riverside's, kept from the cohort's
    other districts)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence.models import Attachment
    from evidence.services import attachment_add_files
    from meetings.models import ProblemOfPractice

    found = matrix_meeting(cast)
    problem = ProblemOfPractice.objects.get(code=found["problem"])
    attachment = Attachment.objects.filter(item_id=problem.pk, name="problem.pdf").first()
    if attachment is None:
        pdf = SimpleUploadedFile("problem.pdf", PDF)
        attachment = attachment_add_files(item=problem, files=[pdf], acting_user=cast.member)[0]
    return {
        "meeting": found["meeting"],
        "part": "problems",
        "item": problem.code,
        "attachment": attachment.code,
    }


def matrix_note_file(cast) -> dict:
    """A file on the matrix meeting's note (the facilitators', not shared with the cohort)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence.models import Attachment
    from evidence.services import attachment_add_files
    from meetings.models import MeetingNote

    found = matrix_meeting(cast)
    note = MeetingNote.objects.get(code=found["note"])
    attachment = Attachment.objects.filter(cohort=cast.cohort, item_id=note.pk).first()
    if attachment is None:
        pdf = SimpleUploadedFile("agenda.pdf", PDF)
        attachment = attachment_add_files(item=note, files=[pdf], acting_user=cast.facilitator)[0]
    return {"meeting": found["meeting"], "note": note.code, "attachment": attachment.code}


def matrix_competencies(cast) -> dict:
    """Riverside's starter competencies with one learning objective."""
    from competencies.models import Competency, Indicator, Objective
    from competencies.services import objective_save, starter_copy

    if not Competency.objects.filter(district=cast.riverside).exists():
        starter_copy(district=cast.riverside, acting_user=cast.lead)
        indicator = Indicator.objects.filter(district=cast.riverside).first()
        objective_save(indicator=indicator, acting_user=cast.lead, text="Matrix objective")
    objective = Objective.objects.get(district=cast.riverside)
    return {
        "competency": objective.indicator.competency.code,
        "indicator": objective.indicator.code,
        "objective": objective.code,
    }


def matrix_api_code(cast, name: str):
    """The code of the Riverside object an API detail route names."""
    from competencies.models import Competency, Indicator, Objective
    from planning.models import ActionPlan, ActionStep, EngagementActivity, PolicyReview

    resource = name.removeprefix("api:").removesuffix("-detail")
    if resource == "district":
        return cast.riverside.code
    if resource == "cohort":
        return cast.cohort.code
    if resource == "meeting":
        return matrix_meeting(cast)["meeting"]
    if resource in ("job", "job-download"):
        return matrix_job(cast).code
    if resource in ("notice", "notice-read"):  # the lead's notice
        return matrix_notice(cast).code
    if resource == "snapshot":
        return matrix_snapshot(cast)[0].code
    if resource == "measure":
        return matrix_measure(cast)["measure"]
    if resource == "school":
        return matrix_school(cast).code
    if resource == "school-member":
        return matrix_school_member(cast).code
    matrix_plan(cast)
    matrix_competencies(cast)
    model = {
        "competency": Competency,
        "indicator": Indicator,
        "objective": Objective,
        "action-plan": ActionPlan,
        "action-step": ActionStep,
        "policy": PolicyReview,
        "engagement": EngagementActivity,
    }[resource]
    return model.objects.filter(district=cast.riverside).order_by("pk").first().code


def matrix_meeting(cast) -> dict:
    """A meeting of the cohort with one agenda item, one problem of practice of Riverside, a
    facilitators' note and a commitment of Riverside."""
    from datetime import date

    from meetings.models import Meeting
    from meetings.services import signup_add
    from tests.meeting_helpers import (
        cohort_meeting,
        district_record,
        facilitators_note,
        quick_fire_item,
        submit_problem,
    )

    meeting = Meeting.objects.filter(cohort=cast.cohort).first()
    if meeting is None:
        meeting = cohort_meeting(cast, "Matrix meeting", date(2026, 12, 15), evaluation_open=True)
        item = quick_fire_item(meeting, "Welcome", slots=3)
        signup_add(item=item, district=cast.riverside, topic="Our plan", acting_user=cast.lead)
        submit_problem(meeting, cast.riverside, cast.member, "Matrix problem")
        facilitators_note(meeting, cast.facilitator, "Matrix note")
        district_record(meeting, cast.riverside, cast.lead, "Matrix commitment", owner=cast.member)
    return {
        "meeting": meeting.code,
        "question": meeting.questions.first().code,
        "item": meeting.agenda.get().code,
        "problem": meeting.problems.get().code,
        "note": meeting.notes.get().code,
        "commitment": meeting.commitments.get().code,
        "signup": meeting.agenda.get().signups.get().code,
        "protocol": meeting.agenda.get().protocol.code,
    }


def _finished_job(requester, content: bytes, **fields):
    """The requester's finished job of this kind (made once), its file a stand-in: the
    matrix checks who reaches it; what is in one is tested apart."""
    from django.core.files.base import ContentFile

    from reports.models import ReportJob

    job = ReportJob.objects.filter(requested_by=requester, kind=fields["kind"]).first()
    if job is None:
        job = ReportJob.objects.create(
            requested_by=requester, status=ReportJob.Status.DONE, progress=100, **fields
        )
        job.file.save(f"{job.code}.{job.extension}", ContentFile(content))
    return job


def matrix_job(cast):
    """The facilitator's finished packet of the matrix meeting (tests/test_reports.py checks
    what is in one)."""
    from meetings.models import Meeting
    from reports.services import packet_subject

    matrix_meeting(cast)
    meeting = Meeting.objects.get(cohort=cast.cohort)
    return _finished_job(
        cast.facilitator,
        b"%PDF-1.7 matrix stand-in",
        kind="packet",
        subject=packet_subject(meeting),
        meeting=meeting,
        page_count=1,
    )


def matrix_export_job(cast):
    """The coach's finished export of the heatmap of their districts (tests/test_exports.py
    checks what is in one)."""
    from reports.services import export_subject

    params = {"export": "heatmap", "fmt": "csv"}
    return _finished_job(
        cast.coach,
        b"\xef\xbb\xbfDistrict\r\n",
        kind="export",
        subject=export_subject(params),
        params=params,
    )


def matrix_notice(cast):
    from notifications.models import Notice
    from notifications.services import notify

    notice = Notice.objects.filter(recipient=cast.lead).first()
    if notice is None:
        notify(
            kind="comment",
            recipients=[cast.lead],
            key="matrix",
            title="A comment",
            url=cast.riverside.get_absolute_url(),
            district=cast.riverside,
        )
        notice = Notice.objects.get(recipient=cast.lead)
    return notice
