"""The named cast every test uses (after healthchecks' hc/test.py and Zulip's example_user).

Riverside (the home district): lead Lena, member Milo, viewer Vera.
Hillcrest: a second district coached by Cora and in the same cohort as Riverside.
Outer: a third district, led by Otto, the outsider; in no cohort, not coached by Cora.
Cora coaches Riverside and Hillcrest. Fay facilitates the cohort "Moving to Implementation"
(Riverside and Hillcrest). Stan is staff.
Riverside High School's team (a school of Riverside): its lead Sasha, member Sam, viewer
Sid. They are in the cast from the start, but belong to the school only once a test makes
it (`school_team(cast)`: the isolation matrix, the relation tests), since most tests want a
district without schools.
"""

from dataclasses import dataclass

from accounts.models import User
from districts.models import Cohort, District, Membership, Role
from tests.factories import (
    CoachAssignmentFactory,
    CohortFactory,
    DistrictFactory,
    MembershipFactory,
    UserFactory,
)

ROLES = (
    "anonymous",
    "lead",
    "member",
    "viewer",
    "coach",
    "facilitator",
    "outsider",
    "staff",
    "school_lead",
    "school_member",
    "school_viewer",
)
SCHOOL_ROLES = ("school_lead", "school_member", "school_viewer")


@dataclass
class Cast:
    riverside: District
    hillcrest: District
    outer: District
    cohort: Cohort
    lead: User
    member: User
    viewer: User
    coach: User
    facilitator: User
    outsider: User
    staff: User
    school_lead: User
    school_member: User
    school_viewer: User
    lead_membership: Membership
    member_membership: Membership
    viewer_membership: Membership
    outsider_membership: Membership

    def person(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


def make_cast() -> Cast:
    riverside = DistrictFactory(name="Riverside School District", state="ME")
    hillcrest = DistrictFactory(name="Hillcrest Regional School Unit", state="ME")
    outer = DistrictFactory(name="Outer School District", state="NH")
    lead = UserFactory(email="lena@example.org", full_name="Lena Lead")
    member = UserFactory(email="milo@example.org", full_name="Milo Member")
    viewer = UserFactory(email="vera@example.org", full_name="Vera Viewer")
    coach = UserFactory(email="cora@example.org", full_name="Cora Coach")
    facilitator = UserFactory(email="fay@example.org", full_name="Fay Facilitator")
    outsider = UserFactory(email="otto@example.org", full_name="Otto Outsider")
    staff = UserFactory(
        email="stan@example.org", full_name="Stan Staff", is_staff=True, is_superuser=True
    )
    school_lead = UserFactory(email="sasha@example.org", full_name="Sasha School-Lead")
    school_member = UserFactory(email="sam@example.org", full_name="Sam School-Member")
    school_viewer = UserFactory(email="sid@example.org", full_name="Sid School-Viewer")
    lead_membership = MembershipFactory(district=riverside, user=lead, role=Role.LEAD)
    member_membership = MembershipFactory(district=riverside, user=member, role=Role.MEMBER)
    viewer_membership = MembershipFactory(district=riverside, user=viewer, role=Role.VIEWER)
    outsider_membership = MembershipFactory(district=outer, user=outsider, role=Role.LEAD)
    CoachAssignmentFactory(district=riverside, coach=coach)
    CoachAssignmentFactory(district=hillcrest, coach=coach)
    cohort = CohortFactory(name="Moving to Implementation")
    cohort.districts.add(riverside, hillcrest)
    cohort.facilitators.add(facilitator)
    return Cast(
        riverside=riverside,
        hillcrest=hillcrest,
        outer=outer,
        cohort=cohort,
        lead=lead,
        member=member,
        viewer=viewer,
        coach=coach,
        facilitator=facilitator,
        outsider=outsider,
        staff=staff,
        school_lead=school_lead,
        school_member=school_member,
        school_viewer=school_viewer,
        lead_membership=lead_membership,
        member_membership=member_membership,
        viewer_membership=viewer_membership,
        outsider_membership=outsider_membership,
    )


def school_team(cast: Cast):
    """Riverside High School (the school the isolation matrix aims at: tests/routes.py
    matrix_school) with its team from the cast: its lead, member and viewer."""
    from districts.models import SchoolMembership, SchoolRole
    from schools.models import School
    from schools.services import school_create

    school = School.objects.filter(district=cast.riverside, name="Riverside High School").first()
    school = school or school_create(
        district=cast.riverside,
        acting_user=cast.lead,
        name="Riverside High School",
        lowest_grade=9,
        highest_grade=12,
    )
    for role in SCHOOL_ROLES:
        SchoolMembership.objects.get_or_create(
            district=cast.riverside,
            school=school,
            user=cast.person(role),
            defaults={"role": SchoolRole(role)},
        )
    return school
