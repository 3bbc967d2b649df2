"""Demo data: three districts, the PLG cohort of the seed, and one person per role.

Idempotent: running it again updates the same rows (and resets the demo passwords).
"""

from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from devtools.guard import refused_in_production
from districts.models import CoachAssignment, Cohort, District, Membership, Role

DEMO_PASSWORD = "waypoint-demo-2026"  # noqa: S105 — public demo credentials, listed in README

DISTRICTS = [
    ("Riverside School District", "ME"),
    ("Hillcrest Regional School Unit", "ME"),
    ("Lakeview School District", "NH"),
]

# (email, full name, staff?)
PEOPLE = [
    ("lead@example.org", "Dana Whitfield", False),
    ("member@example.org", "Marcus Reyes", False),
    ("viewer@example.org", "Priya Shah", False),
    ("coach@example.org", "Colleen Brooks", False),
    ("facilitator@example.org", "Frank Osei", False),
    ("staff@example.org", "Sam Porter", True),
    ("hillcrest.lead@example.org", "Hannah Cole", False),
    ("lakeview.lead@example.org", "Luis Ortega", False),
    ("principal@example.org", "James Whitcomb", False),
]

MEMBERSHIPS = [
    ("lead@example.org", "Riverside School District", Role.LEAD),
    ("member@example.org", "Riverside School District", Role.MEMBER),
    ("viewer@example.org", "Riverside School District", Role.VIEWER),
    ("hillcrest.lead@example.org", "Hillcrest Regional School Unit", Role.LEAD),
    ("lakeview.lead@example.org", "Lakeview School District", Role.LEAD),
]

COACHING = [
    ("coach@example.org", "Riverside School District"),
    ("coach@example.org", "Hillcrest Regional School Unit"),
]

COHORT_NAME = "Moving to Implementation"
COHORT_DISTRICTS = ["Riverside School District", "Hillcrest Regional School Unit"]
COHORT_FACILITATORS = ["facilitator@example.org"]

# Problems of practice, each (its meeting: the number of a past one, or "next"; district;
# submitted by; kind; topics; shared with the cohort?; text)
PROBLEMS = [
    (
        5,
        "Riverside School District",
        "member@example.org",
        "how",
        ["norming", "criteria"],
        True,
        "How do we norm teachers’ scoring across our two high schools?",
    ),
    (
        "next",
        "Riverside School District",
        "member@example.org",
        "how",
        ["criteria", "norming"],
        True,
        "How do we write scoring criteria that describe complexity rather than "
        "frequency, and norm them across departments?",
    ),
    (
        "next",
        "Hillcrest Regional School Unit",
        "hillcrest.lead@example.org",
        "concern",
        ["engagement", "higher_ed"],
        False,
        "Families worry that colleges will not read a proficiency-based transcript.",
    ),
]


def draft_round(*, district, lead, title, framework, sharing="coaches"):
    """A round the lead opens, with no due date, to be shared with `sharing` when submitted
    (used by bench_web too)."""
    from rubrics.services import round_open

    return round_open(
        district=district,
        title=title,
        framework=framework,
        due_date=None,
        sharing=sharing,
        acting_user=lead,
    )


def submitted_round(*, district, lead, title, framework, levels, evidence=""):
    """A round the lead opens, rates as the team (one level per dimension, in order) and
    submits to the cohort."""
    from rubrics.models import Dimension
    from rubrics.services import consensus_save, round_submit

    round_ = draft_round(
        district=district, lead=lead, title=title, framework=framework, sharing="cohort"
    )
    dimensions = Dimension.objects.filter(domain__framework=framework).order_by(
        "domain__position", "position"
    )
    first_saves(
        consensus_save,
        round_,
        [
            (lead, dimension, level, evidence)
            for dimension, level in zip(dimensions, levels, strict=True)
        ],
    )
    round_submit(round_=round_, sharing="cohort", acting_user=lead)
    return round_


def first_saves(save, round_, rows):
    """The first save (version 0) of each (person, dimension, level, evidence) of `rows`, by
    `save`: rating_save for each person's own, consensus_save for the team's."""
    for person, dimension, level, evidence in rows:
        save(
            round_=round_,
            dimension=dimension,
            expected_version=0,
            level=level,
            evidence=evidence,
            next_steps="",
            acting_user=person,
        )


class Command(BaseCommand):
    help = "Create or refresh the demo districts, cohort and people (one per role)."

    @refused_in_production
    @transaction.atomic
    def handle(self, *args, **options):
        districts = {
            name: District.objects.get_or_create(name=name, state=state)[0]
            for name, state in DISTRICTS
        }
        people = {}
        for email, full_name, is_staff in PEOPLE:
            user, _ = User.objects.update_or_create(
                email=email,
                defaults={"full_name": full_name, "is_staff": is_staff, "is_superuser": is_staff},
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            people[email] = user
        for email, district_name, role in MEMBERSHIPS:
            Membership.objects.update_or_create(
                district=districts[district_name], user=people[email], defaults={"role": role}
            )
        for email, district_name in COACHING:
            CoachAssignment.objects.get_or_create(
                district=districts[district_name], coach=people[email]
            )
        cohort, _ = Cohort.objects.get_or_create(name=COHORT_NAME)
        cohort.districts.add(*(districts[name] for name in COHORT_DISTRICTS))
        cohort.facilitators.add(*(people[email] for email in COHORT_FACILITATORS))
        # the frameworks' lines only when asked for more than the summary (-v2)
        call_command("load_frameworks", stdout=self.stdout, verbosity=options["verbosity"] - 1)
        self._coach_chooses_a_digest(people)
        self._rounds(districts["Riverside School District"], people)
        self._conversation(districts["Riverside School District"], people)
        self._history(districts, people)
        self._meetings(cohort, districts, people)
        self._plan(districts["Riverside School District"], people)
        self._measures(districts["Riverside School District"], people)
        self._schools(districts["Riverside School District"], people)
        self._school_team(districts["Riverside School District"], people)
        self._school_rounds(districts["Riverside School District"], people)
        self._stages(districts["Riverside School District"], people)
        self._school_work(districts["Riverside School District"], people)
        self._meeting_record(cohort, districts, people)
        self._evidence(districts["Riverside School District"], people)
        self._calibration(districts["Riverside School District"], people)
        self._digests()
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo ready: {len(districts)} districts, {len(people)} people "
                    f"(password {DEMO_PASSWORD!r})."
                )
            )

    def _calibration(self, district, people):
        """The coach rated Riverside's spring round on her own and published it: two
        dimensions far from the team's rating make the next coaching conversation's agenda."""
        from django.utils import timezone

        from rubrics.models import AssessmentRound, CoachCalibration, CoachRating, Dimension

        spring = AssessmentRound.objects.filter(district=district, title="Spring 2026").first()
        coach = people["coach@example.org"]
        if spring is None or CoachCalibration.objects.filter(round=spring).exists():
            return
        levels = list(spring.framework.levels.order_by("position"))
        calibration = CoachCalibration.objects.create(
            district=district, round=spring, coach=coach, published_at=timezone.now()
        )
        dimensions = Dimension.objects.filter(domain__framework=spring.framework).order_by(
            "domain__position", "position"
        )
        reasons = {
            1: ("In the March walkthroughs, every classroom posted its learning targets.", 2),
            2: ("The draft grading policy still averages across the term.", 1),
        }
        for i, dimension in enumerate(dimensions):
            reason, level = reasons.get(i, ("", 1 if i % 3 == 0 else 0))
            CoachRating.objects.create(
                district=district,
                calibration=calibration,
                dimension=dimension,
                level=levels[level],
                rationale=reason,
                evidence_differs=i == 2,
            )

    def _evidence(self, district, people):
        """Riverside's lead attached the board minutes behind the spring round's first team
        rating (its coach reads them) and a link to the criteria drafts on a step."""
        from django.core.files.uploadedfile import SimpleUploadedFile
        from weasyprint import HTML

        from evidence.models import Attachment
        from evidence.services import attachment_add_files, attachment_add_link
        from planning.models import ActionStep
        from rubrics.models import ConsensusRating

        if Attachment.objects.filter(district=district).exists():
            return
        lead = people["lead@example.org"]
        consensus = (
            ConsensusRating.objects.filter(round__district=district, round__title="Spring 2026")
            .order_by("dimension__domain__position", "dimension__position")
            .first()
        )
        minutes = HTML(
            string="<html lang='en'><body><h1>Riverside School Board</h1><h2>Minutes, March "
            "12, 2026</h2><p>The board heard the leadership team's report on the district's "
            "graduation standards and asked for a work session on the grading policy (IKA)."
            "</p></body></html>"
        ).write_pdf()
        attachment_add_files(
            item=consensus,
            files=[SimpleUploadedFile("Board minutes, March 2026.pdf", minutes)],
            acting_user=lead,
        )
        step = ActionStep.objects.filter(district=district).order_by("due_date").first()
        if step is not None:
            attachment_add_link(
                item=step,
                title="Grading policy drafts (shared drive)",
                url="https://drive.example.org/riverside/grading-policy",
                acting_user=lead,
            )

    def _coach_chooses_a_digest(self, people):
        """The coach gets submitted rounds and comments in one email a day (the others'
        choices stay the defaults): the demo's digest."""
        from notifications.models import Frequency, Kind, Preference

        for kind in (Kind.ROUND_SUBMITTED, Kind.COMMENT):
            Preference.objects.update_or_create(
                user=people["coach@example.org"],
                kind=kind,
                defaults={"frequency": Frequency.DAILY},
            )

    def _digests(self):
        """Today's digests, now rather than tomorrow morning: the coach's is emailed by the
        outbox's next sweep (on the console under `make run`)."""
        from notifications.services import digests_make

        digests_make()

    def _conversation(self, district, people):
        """The coach's comment on Riverside's spring round and the lead's reply: each is told
        to the other side (their notifications pages, and emails on the console)."""
        from rubrics.models import AssessmentRound, Comment, Dimension
        from rubrics.services import comment_add

        spring = AssessmentRound.objects.get(district=district, title="Spring 2026")
        if Comment.objects.filter(round=spring).exists():
            return
        dimension = Dimension.objects.get(
            domain__framework=spring.framework, name="Grading and Feedback"
        )
        question = comment_add(
            round_=spring,
            dimension=dimension,
            body="Which walkthrough tool gave you this evidence? Could you attach it?",
            acting_user=people["coach@example.org"],
        )
        comment_add(
            round_=spring,
            reply_to=question,
            body="The grading practices walkthrough from March: we will bring it to the meeting.",
            acting_user=people["lead@example.org"],
        )

    def _rounds(self, district, people):
        """Riverside: a submitted spring round (shared with coaches and cohort) and a fall
        round in progress, so that comparison and rating have something to show."""
        from rubrics.models import AssessmentRound, Dimension, Framework
        from rubrics.services import rating_save

        framework = Framework.objects.filter(slug="district-self-assessment").latest("version")
        dimensions = list(
            Dimension.objects.filter(domain__framework=framework).order_by(
                "domain__position", "position"
            )
        )
        levels = list(framework.levels.order_by("position"))
        lead = people["lead@example.org"]
        spring = AssessmentRound.objects.filter(district=district, title="Spring 2026").first()
        if spring is None:
            submitted_round(
                district=district,
                lead=lead,
                title="Spring 2026",
                framework=framework,
                levels=[levels[0] if i % 3 else levels[1] for i in range(len(dimensions))],
                evidence="Discussed at the March leadership team meeting.",
            )
        if not AssessmentRound.objects.filter(district=district, title="Fall 2026").exists():
            fall = draft_round(district=district, lead=lead, title="Fall 2026", framework=framework)
            member = people["member@example.org"]
            ratings = [
                (
                    member,
                    dimension,
                    levels[1 if i % 2 else 2],
                    "Walkthroughs in four schools this fall." if i == 0 else "",
                )
                for i, dimension in enumerate(dimensions[:5])
            ]
            # The lead sees the first dimension two levels lower: the team rating page marks
            # it in the navigator, the place to start the conversation.
            ratings += [
                (lead, dimension, level, "")
                for dimension, level in zip(dimensions[:3], levels[:2] + levels[1:2], strict=True)
            ]
            first_saves(rating_save, fall, ratings)

    def _plan(self, district, people):
        """Riverside's plan: a June 2026–2029 horizon, milestones, an action plan with an
        overdue step, policy reviews under way and two engagement activities."""
        from datetime import date

        from planning.models import ActionPlan, EngagementActivity, PlanCell, PolicyReview
        from planning.services import (
            action_step_add,
            plan_cell_save,
            plan_set_horizon,
            plan_sharing_set,
        )

        lead, member = people["lead@example.org"], people["member@example.org"]
        # Riverside shares its plan with its cohort: its facilitator and packets read it.
        plan_sharing_set(district=district, sharing="cohort", acting_user=lead)
        plan = plan_set_horizon(district=district, first_year=2026, years=4, acting_user=lead)
        milestones = {
            (2026, "practice"): "Every school has drafted graduation competencies.",
            (2026, "policy"): "Board reviews graduation requirements (IKF).",
            (2027, "public_will"): "Community forums on what a diploma should mean.",
        }
        for (year, strand), target in milestones.items():
            if not PlanCell.objects.filter(plan=plan, year=year, strand=strand).exists():
                plan_cell_save(
                    plan=plan,
                    year=year,
                    strand=strand,
                    expected_version=0,
                    target=target,
                    status="on_track",
                    notes="",
                    acting_user=lead,
                )
        goal = "Adopt common scoring criteria across the high school"
        if not ActionPlan.objects.filter(district=district, goal=goal).exists():
            action = ActionPlan.objects.create(
                district=district,
                goal=goal,
                created_by=lead,
                strands=["practice"],
                rationale="Students meet different expectations from classroom to classroom.",
                strategy="Department teams draft and norm criteria for each indicator.",
            )
            steps = [
                {
                    "description": "Draft criteria for ELA and math",
                    "due_date": date(2026, 10, 31),
                    "coordinator": member,
                    "status": "in_progress",
                    "evidence": "Drafts collected in the shared folder, reviewed monthly.",
                },
                {
                    "description": "Norm scoring with student work",
                    "due_date": date(2027, 3, 15),
                    "coordinator": lead,
                },
            ]
            for step in steps:
                action_step_add(plan=action, acting_user=lead, **step)
        PolicyReview.objects.filter(district=district, area="Graduation Requirements").update(
            status="under_review"
        )
        PolicyReview.objects.filter(district=district, area="Transcripts").update(
            status="adopted", last_reviewed=date(2026, 6, 10)
        )
        activities = [
            {
                "title": "Mastery-based learning night",
                "date": date(2026, 9, 17),
                "spectrum": "informing",
                "audience_description": "Families of grades 8–12",
            },
            {
                "title": "Graduate profile design workshop",
                "date": date(2026, 10, 22),
                "spectrum": "deciding_together",
                "audience_description": "Students, families, employers",
                "missing_voices": "Families of English learners",
            },
        ]
        if not EngagementActivity.objects.filter(district=district).exists():
            for activity in activities:
                EngagementActivity.objects.create(district=district, created_by=lead, **activity)

    def _measures(self, district, people):
        """Riverside's five measures of success, with baselines a year ago, June targets and a
        year of data up to recent weeks (dates from today, so that the demo keeps its story):
        two on track, one at risk, one off track, one needing data."""
        from datetime import timedelta
        from decimal import Decimal

        from django.utils import timezone

        from measures.models import Measure
        from measures.services import measure_create, point_add
        from planning.models import LongTermPlan, PlanCell

        if Measure.objects.filter(district=district).exists():
            return
        lead, member = people["lead@example.org"], people["member@example.org"]
        plan = LongTermPlan.objects.get(district=district)
        today = timezone.localdate()
        milestone = PlanCell.objects.filter(plan=plan, year=2026, strand="practice").first()
        measures = [
            # the measure's fields, its targets by June, its points (days ago, value)
            (
                {
                    "name": "Courses with common scoring criteria",
                    "strand": "practice",
                    "kind": "leading",
                    "unit": "percent",
                    "unit_word": "",
                    "cadence": "quarterly",
                    "baseline_value": Decimal(15),
                },
                {2026: 30, 2027: 60, 2028: 85, 2029: 100},
                [(330, 18), (240, 25), (150, 33), (60, 41), (10, 48)],
            ),
            (
                {
                    "name": "Teachers giving feedback on proficiency scales each week",
                    "strand": "practice",
                    "kind": "leading",
                    "unit": "percent",
                    "unit_word": "",
                    "cadence": "monthly",
                    "baseline_value": Decimal(22),
                },
                {2027: 50, 2028: 70},
                [(300, 24), (240, 27), (180, 31), (120, 33), (70, 36)],
            ),
            (
                {
                    "name": "Seniors meeting every graduation competency",
                    "strand": "practice",
                    "kind": "lagging",
                    "unit": "percent",
                    "unit_word": "",
                    "cadence": "yearly",
                    "baseline_value": Decimal(42),
                },
                {2027: 60, 2028: 70, 2029: 80},
                [(20, 44)],
            ),
            (
                {
                    "name": "Policies revised for mastery-based learning and adopted",
                    "strand": "policy",
                    "kind": "leading",
                    "unit": "number",
                    "unit_word": "policies",
                    "cadence": "twice_a_year",
                    "baseline_value": Decimal(0),
                },
                {2027: 4, 2028: 8},
                [(180, 1), (30, 3)],
            ),
            (
                {
                    "name": "Families at engagement activities",
                    "strand": "public_will",
                    "kind": "leading",
                    "unit": "count",
                    "unit_word": "",
                    "cadence": "quarterly",
                    "baseline_value": Decimal(120),
                },
                {2027: 300, 2028: 400},
                [(270, 135), (150, 160), (40, 200)],
            ),
        ]
        for fields, targets, points in measures:
            leading_practice = fields["strand"] == "practice" and fields["kind"] == "leading"
            measure = measure_create(
                district=district,
                plan=plan,
                acting_user=lead,
                baseline_date=today - timedelta(days=365),
                baseline_source="District data office",
                owner=member,
                milestone=milestone if leading_practice else None,
                targets={year: Decimal(value) for year, value in targets.items()},
                **fields,
            )
            for days_ago, value in points:
                point_add(
                    measure=measure,
                    value=Decimal(value),
                    as_of=today - timedelta(days=days_ago),
                    source="District data office",
                    acting_user=member,
                )

    def _schools(self, district, people):
        """Riverside's four schools, each with its principal: two elementary schools, a
        middle school and a high school (seed_scale makes none yet: issue 34, part 7)."""
        from schools.models import School
        from schools.services import school_create

        for name, lowest, highest, principal in (
            ("Alder Street Elementary School", -1, 5, "Ruth Callahan"),
            ("Meadowbrook Elementary School", 0, 5, "Daniel Okafor"),
            ("Riverside Middle School", 6, 8, "Teresa Lindqvist"),
            ("Riverside High School", 9, 12, "James Whitcomb"),
        ):
            if not School.objects.filter(district=district, name=name).exists():
                school_create(
                    district=district,
                    acting_user=people["lead@example.org"],
                    name=name,
                    lowest_grade=lowest,
                    highest_grade=highest,
                    principal_name=principal,
                )

    def _school_rounds(self, district, people):
        """Riverside's schools' first self-assessment (issue 34, part 3), with the Mastery
        Collaborative framework: opened for the four schools at once; the high school's
        submitted, the middle school's in progress (partly rated by the member), the two
        elementary schools' not begun. The rollout page shows the high school's levels."""
        from rubrics.models import AssessmentRound, Dimension, Framework
        from rubrics.services import consensus_save, rating_save, round_submit, school_rounds_open
        from schools.models import School

        title = "Spring 2027 school self-assessment"
        if AssessmentRound.objects.filter(district=district, title=title).exists():
            return
        framework = Framework.objects.filter(slug="mastery-collaborative-implementation").latest(
            "version"
        )
        dimensions = list(
            Dimension.objects.filter(domain__framework=framework).order_by(
                "domain__position", "position"
            )
        )
        levels = list(framework.levels.order_by("position"))
        lead, member = people["lead@example.org"], people["member@example.org"]
        rounds = {
            round_.school.name: round_
            for round_ in school_rounds_open(
                district=district,
                title=title,
                framework=framework,
                due_date=timezone.localdate() + timedelta(days=30),
                schools=list(School.objects.filter(district=district, closed_at=None)),
                acting_user=lead,
            )
        }
        high = rounds["Riverside High School"]
        first_saves(
            consensus_save,
            high,
            [
                (lead, dimension, levels[min(i % 3, len(levels) - 1)], "")
                for i, dimension in enumerate(dimensions)
            ],
        )
        round_submit(round_=high, sharing="coaches", acting_user=lead)
        first_saves(
            rating_save,
            rounds["Riverside Middle School"],
            [(member, dimension, levels[1], "") for dimension in dimensions[:3]],
        )

    def _stages(self, district, people):
        """Riverside's schools' implementation stages over two years: Alder Street ahead (in
        full implementation on practice), the high school implementing, the middle school
        installing, Meadowbrook exploring; a school's stages only once."""
        from datetime import timedelta

        from django.utils import timezone

        from schools.models import School
        from schools.services import school_stage_record

        lead, member = people["lead@example.org"], people["member@example.org"]
        today = timezone.localdate()
        stages = {
            "Alder Street Elementary School": [
                ("practice", "exploration", 700, "The staff read the mastery framework together."),
                ("practice", "installation", 480, "Grade-level teams wrote the first criteria."),
                ("practice", "initial", 300, "K–2 classrooms report against competencies."),
                ("practice", "full", 40, "Every classroom, and the report card follows."),
                ("policy", "exploration", 520, ""),
                ("policy", "installation", 160, "The school's grading guide drafted."),
                ("public_will", "exploration", 400, "Family nights on what mastery means."),
            ],
            "Meadowbrook Elementary School": [
                ("practice", "exploration", 90, "A new principal; the team is forming."),
            ],
            "Riverside Middle School": [
                ("practice", "exploration", 600, ""),
                ("practice", "installation", 150, "Two teams pilot the scoring criteria."),
                ("public_will", "exploration", 200, ""),
            ],
            "Riverside High School": [
                ("practice", "exploration", 690, "The design team visited two mastery schools."),
                ("practice", "installation", 420, ""),
                ("practice", "initial", 120, "Ninth grade uses the common criteria."),
                ("policy", "exploration", 360, ""),
                ("policy", "installation", 60, "Reassessment policy before the board."),
            ],
        }
        for school in School.objects.filter(district=district, stages__isnull=True):
            for i, (strand, stage, days_ago, note) in enumerate(stages.get(school.name, [])):
                school_stage_record(
                    school=school,
                    strand=strand,
                    stage=stage,
                    as_of=today - timedelta(days=days_ago),
                    note=note,
                    acting_user=lead if i % 2 == 0 else member,
                )

    def _school_work(self, district, people):
        """Work assigned to Riverside's schools (issue 34, part 5): the schools' enrolments, a
        step of the high-school plan that names the middle and the high school, and a measure
        kept per school (weighted by enrolment) with three quarters of its schools' data, the
        elementary schools' latest quarter not in yet (so "2 of 4 schools reported")."""
        from datetime import date, timedelta
        from decimal import Decimal

        from django.utils import timezone

        from measures.models import Measure
        from measures.services import measure_create, point_add
        from planning.models import ActionPlan, LongTermPlan
        from planning.services import action_step_add
        from schools.models import School
        from schools.services import school_update

        lead, member = people["lead@example.org"], people["member@example.org"]
        schools = {s.name: s for s in School.objects.filter(district=district)}
        for name, enrolment in (
            ("Alder Street Elementary School", 310),
            ("Meadowbrook Elementary School", 265),
            ("Riverside Middle School", 540),
            ("Riverside High School", 820),
        ):
            if schools[name].enrolment is None:
                schools[name] = school_update(
                    school=schools[name],
                    expected_version=schools[name].version,
                    acting_user=lead,
                    enrolment=enrolment,
                )
        middle, high = schools["Riverside Middle School"], schools["Riverside High School"]
        plan = ActionPlan.objects.filter(district=district).order_by("pk").first()
        description = "Share the criteria with the middle school's grade 8 teams"
        if plan and not plan.steps.filter(description=description).exists():
            action_step_add(
                plan=plan,
                acting_user=lead,
                description=description,
                due_date=date(2027, 1, 29),
                coordinator=member,
                schools=[middle, high],
            )
        name = "Students with a graduation portfolio started"
        if Measure.objects.filter(district=district, name=name).exists():
            return
        today = timezone.localdate()
        measure = measure_create(
            district=district,
            plan=LongTermPlan.objects.get(district=district),
            targets={2027: Decimal(50), 2028: Decimal(80)},
            acting_user=lead,
            name=name,
            counts="Students of the school with a portfolio of evidence of at least one "
            "graduation competency.",
            strand="practice",
            kind="lagging",
            unit="percent",
            direction="higher",
            baseline_value=Decimal(12),
            baseline_date=today - timedelta(days=300),
            cadence="quarterly",
            owner=member,
            kept=Measure.Kept.WEIGHTED,
        )
        # (school, days ago, value): the elementary schools have not reported this quarter
        for school, values in (
            ("Alder Street Elementary School", [(200, 14), (110, 21)]),
            ("Meadowbrook Elementary School", [(200, 10), (110, 16)]),
            ("Riverside Middle School", [(200, 18), (110, 27), (15, 35)]),
            ("Riverside High School", [(200, 22), (110, 31), (15, 44)]),
        ):
            for days_ago, value in values:
                point_add(
                    measure=measure,
                    value=Decimal(value),
                    as_of=today - timedelta(days=days_ago),
                    source="School data teams",
                    acting_user=member,
                    school=schools[school],
                )

    def _school_team(self, district, people):
        """Riverside High School's team: its principal James Whitcomb leads it (signing in as
        principal@example.org, of the school only), with the district's member on it and its
        viewer reading it."""
        from districts.models import SchoolMembership, SchoolRole
        from schools.models import School
        from schools.services import school_member_add, school_update

        school = School.objects.filter(district=district, name="Riverside High School").first()
        if school is None or SchoolMembership.objects.filter(school=school).exists():
            return
        lead = people["lead@example.org"]
        principal = people["principal@example.org"]
        # The principal relates to the district by their school only (as the memberships
        # above, made as an accepted invitation would), then is the school's principal.
        SchoolMembership.objects.create(
            district=district, school=school, user=principal, role=SchoolRole.SCHOOL_LEAD
        )
        school = school_update(
            school=school, expected_version=school.version, acting_user=lead, principal=principal
        )
        for person, role in (
            (people["member@example.org"], SchoolRole.SCHOOL_MEMBER),
            (people["viewer@example.org"], SchoolRole.SCHOOL_VIEWER),
        ):
            school_member_add(school=school, person=person, role=role, acting_user=principal)

    def _history(self, districts, people):
        """Earlier submitted rounds, dated in the past, so that the dashboards and the trend
        show change over time: Riverside in fall 2025 and Hillcrest in spring 2026."""
        from datetime import datetime

        from django.utils import timezone

        from rubrics.models import AssessmentRound, Dimension, Framework

        framework = Framework.objects.filter(slug="district-self-assessment").latest("version")
        dimensions = list(
            Dimension.objects.filter(domain__framework=framework).order_by(
                "domain__position", "position"
            )
        )
        levels = list(framework.levels.order_by("position"))
        plans = [
            ("Riverside School District", "lead@example.org", "Fall 2025", 2025, 11, 0),
            (
                "Hillcrest Regional School Unit",
                "hillcrest.lead@example.org",
                "Spring 2026",
                2026,
                4,
                1,
            ),
        ]
        for district_name, lead_email, title, year, month, base in plans:
            district = districts[district_name]
            if AssessmentRound.objects.filter(district=district, title=title).exists():
                continue
            lead = people[lead_email]
            round_ = submitted_round(
                district=district,
                lead=lead,
                title=title,
                framework=framework,
                levels=[
                    levels[min(base + i % 2, len(levels) - 1)] if base else levels[0]
                    for i in range(len(dimensions))
                ],
            )
            moment = timezone.make_aware(datetime(year, month, 20, 12))
            AssessmentRound.objects.filter(pk=round_.pk).update(
                submitted_at=moment, created_at=moment
            )
        spring = AssessmentRound.objects.filter(
            district=districts["Riverside School District"], title="Spring 2026"
        )
        spring.filter(submitted_at__year=timezone.now().year).update(
            submitted_at=timezone.make_aware(datetime(2026, 4, 22, 12))
        )

    def _meetings(self, cohort, districts, people):
        """The seed's series "Moving to Implementation": its outcomes, norms, expectations and
        five meeting dates, the Quick Fire protocol, and a problem of practice."""
        from datetime import date

        from meetings.models import (
            QUICK_FIRE_PROTOCOL,
            QUICK_FIRE_STEPS,
            Meeting,
            Protocol,
        )

        cohort.outcomes = "\n".join(
            [
                "Build capacity to implement mastery-based learning at scale across a school "
                "district",
                "Support specific district implementation efforts through exploration and sharing "
                "of ideas and strategies underway or planned",
                "Create a network of like-minded educators for political and cultural support",
            ]
        )
        cohort.norms = "\n".join(
            [
                "Build on and support one another’s efforts",
                "Acknowledge and encourage different approaches as we collaborate",
                "Trust the integrity of our colleagues",
                "Monitor our air time in group gatherings",
                "Communicate openly, clearly, and directly",
                "Acknowledge and honor different perspectives",
                "Assume positive intentions of all members",
                "Honor confidentiality regarding the conversations held here",
            ]
        )
        cohort.expectations = "\n".join(
            [
                "Follow and support the norms",
                "Attend all PLG meetings",
                "Contribute as able between meetings",
                "District considerations?",
            ]
        )
        cohort.save()
        quick_fire, _ = Protocol.objects.update_or_create(
            name=QUICK_FIRE_PROTOCOL, defaults={"steps": QUICK_FIRE_STEPS}
        )
        dates = [
            (date(2016, 10, 13), None),
            (date(2016, 12, 15), date(2016, 12, 16)),
            (date(2017, 2, 7), date(2017, 2, 8)),
            (date(2017, 4, 27), date(2017, 4, 28)),
            (date(2017, 6, 20), date(2017, 6, 21)),
        ]
        agendas = {
            1: [
                "Welcome & Agenda Overview: Moving to Implementation",
                "What Remains an Issue for You or Your District?",
                "Structure of Presentations & Sign Ups",
                "Closing and Next Steps",
            ],
            2: [
                "Welcome & Agenda Overview: Moving to Implementation",
                "What is your long-term implementation plan?",
                "Reviewing core concepts of Mastery",
                "Closing and Next Steps",
            ],
            5: [
                "Opener, Introductions, Signals, and Norms",
                "Connections: Quick Fire Protocol",
                "Mindset: 3 Types of Sojourners",
                "Actions: District Policy Considerations, 3 Types of Sojourners, Solo Quick "
                "Write, Communication and Community Engagement",
                "GSP: Who We Are; What We Believe",
                "Questions and Next Steps",
                "Series Evaluation Survey",
            ],
        }
        for number, (first, second) in enumerate(dates, start=1):
            meeting, created = Meeting.objects.get_or_create(
                cohort=cohort,
                first_date=first,
                defaults={
                    "title": f"Moving to Implementation, meeting {number}",
                    "second_date": second,
                },
            )
            if not created:
                continue
            if number == 2:
                meeting.outcomes = (
                    "Reengage with Mastery-Based Learning\n"
                    "Draft an initial broad and long-term plan for implementation"
                )
                meeting.save()
            self._agenda(meeting, agendas.get(number, []), quick_fire)
            if number == 5:
                self._problems(meeting, 5, districts, people)
        self._next_meeting(cohort, districts, people, quick_fire)

    def _note_file(self, note, facilitator):
        """The facilitator attached the one-page template the decision asks for (the
        cohort's file: every district of the cohort reads it, as it reads the decision)."""
        from django.core.files.uploadedfile import SimpleUploadedFile
        from weasyprint import HTML

        from evidence.services import attachment_add_files

        cells = "".join(
            f"<tr><th>{year}</th><td></td><td></td><td></td></tr>" for year in range(2026, 2030)
        )
        template = HTML(
            string="<html lang='en'><body><h1>Long-term plan: one-page draft</h1><table>"
            "<tr><th>Year</th><th>Practice</th><th>Policy</th><th>Public Will</th></tr>"
            f"{cells}</table></body></html>"
        ).write_pdf()
        attachment_add_files(
            item=note,
            files=[SimpleUploadedFile("Long-term plan, one-page draft.pdf", template)],
            acting_user=facilitator,
        )

    def _meeting_record(self, cohort, districts, people):
        """After meeting 5 (seed 001): its own norms and signals, the facilitator's shared
        decision, Riverside's commitment made a step of its action plan, two anonymous
        answers to the series evaluation; meeting 1's presentation sign-ups."""
        from datetime import date

        from meetings.models import AgendaItem, Meeting, MeetingNote
        from meetings.services import commitment_add, evaluation_answer, signup_add
        from planning.models import ActionPlan
        from planning.services import step_from_commitment

        last = Meeting.objects.filter(cohort=cohort, title__endswith="meeting 5").first()
        if last is None or MeetingNote.objects.filter(meeting=last).exists():
            return
        riverside = districts["Riverside School District"]
        hillcrest = districts["Hillcrest Regional School Unit"]
        last.norms = "\n".join(
            [
                "Lean into discomfort",
                "Monitor “air time”",
                "Stay “with it”",
                "Respect a diversity of opinions and ideas",
                "Remain open",
                "Freely attend to personal needs",
                "Foster good humor",
                "Maintain anonymity and confidentiality",
                "Limit sidebar conversations",
            ]
        )
        last.evaluation_open = True
        last.save()
        AgendaItem.objects.filter(meeting=last, title__startswith="Opener").update(
            description="Signals: Give Me Five = Attention; Thumbs Up = Yes/Agree; "
            "Thumbs Down = No/Disagree"
        )
        decision = MeetingNote.objects.create(
            meeting=last,
            kind="decision",
            text="Each district brings a one-page draft of its long-term plan to the fall series.",
            share_with_cohort=True,
            written_by=people["facilitator@example.org"],
        )
        self._note_file(decision, people["facilitator@example.org"])
        commitment = commitment_add(
            meeting=last,
            district=riverside,
            acting_user=people["lead@example.org"],
            kind="commitment",
            text="Hold a board work session on the grading policy (IKA) before October",
            owner=people["lead@example.org"],
            due_date=date(2026, 10, 15),
        )
        plan = ActionPlan.objects.filter(district=riverside).first()
        if plan is not None:
            step_from_commitment(
                commitment=commitment,
                plan=plan,
                acting_user=people["lead@example.org"],
                description=commitment.text,
                due_date=commitment.due_date,
                coordinator=people["lead@example.org"],
                status="not_started",
            )
        questions = list(last.questions.all())
        for email, ratings, text in [
            ("lead@example.org", (4, 4), "More time for the Quick Fire protocol"),
            ("hillcrest.lead@example.org", (3, 4), "Share the policy examples before we meet"),
        ]:
            answers = {str(q.code): r for q, r in zip(questions[:2], ratings, strict=True)}
            answers[str(questions[2].code)] = text
            evaluation_answer(meeting=last, acting_user=people[email], answers=answers)
        first = Meeting.objects.filter(cohort=cohort, title__endswith="meeting 1").first()
        slot = first and first.agenda.filter(title__startswith="Structure of Presentations").first()
        if slot is not None:
            slot.slots = 3
            slot.save()
            for district, topic, email in [
                (riverside, "Our first round of the self-assessment rubric", "lead@example.org"),
                (hillcrest, "Hillcrest’s graduation competencies", "hillcrest.lead@example.org"),
            ]:
                signup_add(item=slot, district=district, topic=topic, acting_user=people[email])

    def _agenda(self, meeting, titles, quick_fire):
        """Agenda items half an hour apart from 9:30; the Quick Fire item runs the protocol."""
        from datetime import time

        from meetings.models import AgendaItem

        for position, title in enumerate(titles, start=1):
            AgendaItem.objects.create(
                meeting=meeting,
                position=position,
                title=title,
                time=time(9 + position // 2, 30 * (position % 2)),
                protocol=quick_fire if "Quick Fire" in title else None,
            )

    def _next_meeting(self, cohort, districts, people, quick_fire):
        """The cohort's next meeting, three weeks after the demo is first loaded, with
        problems of practice from both districts, so that its packet has something to show."""
        from datetime import timedelta

        from django.utils import timezone

        from meetings.models import Meeting

        first = timezone.localdate() + timedelta(days=21)
        meeting, created = Meeting.objects.get_or_create(
            cohort=cohort,
            title="Moving to Implementation: winter meeting",
            defaults={
                "first_date": first,
                "second_date": first + timedelta(days=1),
                "location": "Portland, Maine",
                "outcomes": "Share each district's long-term plan and where it stands\n"
                "Work through our problems of practice with the Quick Fire protocol",
            },
        )
        if not created:
            return
        self._agenda(
            meeting,
            [
                "Opener, Introductions, Signals, and Norms",
                "Connections: Quick Fire Protocol",
                "District Policy Considerations",
                "Questions and Next Steps",
            ],
            quick_fire,
        )
        self._problems(meeting, "next", districts, people)

    def _problems(self, meeting, which, districts, people):
        """The problems of practice of PROBLEMS for `which` meeting (its number, or "next")."""
        from meetings.models import ProblemOfPractice

        for number, district, email, kind, topics, shared, text in PROBLEMS:
            if number != which:
                continue
            ProblemOfPractice.objects.create(
                meeting=meeting,
                district=districts[district],
                kind=kind,
                topics=topics,
                share_with_cohort=shared,
                text=text,
                submitted_by=people[email],
            )
