"""`manage.py seed_scale`: a district-sized data set for benchmarks (make bench).

By default 1,000 districts, each with a lead, two members and a viewer; four submitted rounds
of the district self-assessment with every member's own ratings and the team's; a full
long-term plan, two action plans with steps, the policy checklist, a set of graduation
competencies. Shaped as the country is, whatever its size: cohorts of 8 to 40 districts (as
many as the districts fill: about 540 for 13,000), each with a facilitator, five meetings and
problems of practice; coaches of 5 to 200 districts each, between them coaching every
district (about 130 for 13,000), besides the bench's two coaches of exactly 20 and exactly 200
districts (`coach1@`, `coach2@`: no more than there are districts); and a staff member and an
administrator over all districts (`staff@`, `admin@`). The same --seed gives the same data,
codes included. Rows go in with bulk inserts, so 1,000 districts take well under two minutes.
Meant for a database of its own: it refuses to run where it has run before.
"""

import random
import time
import uuid
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from competencies.models import Competency, Criterion, Indicator, Objective, ScoringScale
from devtools.guard import refused_in_production
from districts.models import (
    CoachAssignment,
    Cohort,
    CohortDistrict,
    CohortFacilitator,
    District,
    Membership,
    Role,
)
from districts.selectors import people_generation
from meetings.models import Meeting, ProblemOfPractice
from planning.models import (
    ActionPlan,
    ActionStep,
    LongTermPlan,
    PlanCell,
    PolicyReview,
    Strand,
)
from planning.policies import STANDARD_POLICIES
from rubrics.models import AssessmentRound, ConsensusRating, Dimension, Framework, Rating

NAME = "Scale District {:04d}"
PASSWORD = "waypoint-scale-2026"  # noqa: S105 (benchmark accounts of a throwaway database)
BATCH = 5000
COHORT_SIZES = (8, 40)  # districts a cohort, from the smallest to the largest
COACH_SIZES = (5, 200)  # districts a coach
# Schools a district: log-normal about a median of 6 (most US districts run a handful; a
# few cities hundreds), at most MOST_SCHOOLS; the first district, whose lead the bench signs
# in as, has BENCH_SCHOOLS (its rollout page is measured at that size).
SCHOOLS_MEDIAN, SCHOOLS_SPREAD, MOST_SCHOOLS = 6, 1.0, 600
BENCH_SCHOOLS = 1000
SCHOOL_KINDS = (  # name, lowest and highest grade (0: kindergarten), how often
    ("Elementary School", 0, 5, 6),
    ("Middle School", 6, 8, 2),
    ("High School", 9, 12, 2),
)
SCHOOL_NAMES = ("Lincoln", "Washington", "Riverside", "Oak Grove", "Maple", "Hillside", "Lakeview")
ROUNDS = ["Fall 2024", "Spring 2025", "Fall 2025", "Spring 2026"]
TEXTS = [
    "Board minutes adopt the graduation policy; staff survey shows broad agreement.",
    "Two schools piloted common scoring criteria in ELA and science this year.",
    "Department heads review proficiency data each quarter with the principal.",
    "Family forum attendance doubled; translated materials now go home.",
    "",
]


class Command(BaseCommand):
    help = "Load a large, repeatable data set for benchmarks (a database of its own)."

    def add_arguments(self, parser):
        parser.add_argument("--districts", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=2026)

    @refused_in_production
    def handle(self, *args, districts, seed, **options):
        if District.objects.filter(name=NAME.format(1)).exists():
            raise CommandError("This database has the scale data already; use a fresh one.")
        if districts < 1:
            raise CommandError("Use at least one district.")
        started = time.monotonic()
        self.rng = random.Random(seed)  # noqa: S311 (benchmark data, not secrets)
        self.password = make_password(PASSWORD)
        call_command("load_frameworks", verbosity=0, stdout=self.stdout)
        with transaction.atomic():
            rows = self._districts(districts)
            self._people(rows)
            self._rounds(rows)
            self._plans(rows)
            self._competencies(rows)
            cohorts = self._cohorts(rows)
            coaches = self._coaches(rows)
            self._staff()
            self._measures(rows)
            self._schools(rows)
            people_generation.bump()
        if connection.vendor == "postgresql":
            # The planner's statistics and the tables' visibility maps, as a live database's
            # autovacuum keeps them (index-only scans need the maps): a bench run started
            # on freshly written tables measured them being vacuumed. A VACUUM cannot run in
            # a transaction (a test's): there, the statistics only.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(
            f"Seeded {len(rows)} districts, {cohorts} cohorts and {coaches} coaches in "
            f"{time.monotonic() - started:.0f} s (seed {seed}; password {PASSWORD})."
        )

    # ------------------------------------------------------------------ helpers

    def code(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def bulk(self, model, objects) -> list:
        return model.objects.bulk_create(objects, batch_size=BATCH)

    def people(self, role: str, n: int) -> list[User]:
        """`n` people of `role` (no district's), e.g. coach1@scale.example.org, "Coach 1"."""
        return self.bulk(
            User,
            (
                User(
                    email=f"{role}{k}@scale.example.org",
                    full_name=f"{role.capitalize()} {k}",
                    password=self.password,
                )
                for k in range(1, n + 1)
            ),
        )

    def say(self, what: str) -> None:
        self.stdout.write(f"  {what}")

    # ------------------------------------------------------------------ the data

    def _districts(self, n: int) -> list[District]:
        states = ["ME", "NH", "VT", "MA", "CT", "RI", "NY"]
        districts = self.bulk(
            District,
            (
                District(
                    name=NAME.format(i),
                    state=self.rng.choice(states),
                    code=f"{self.rng.getrandbits(48):012x}",
                    plan_sharing=self.rng.choice(["coaches", "cohort"]),
                )
                for i in range(1, n + 1)
            ),
        )
        # bulk_create sends no signals: the policy checklist every district starts with.
        self.bulk(
            PolicyReview,
            (
                PolicyReview(
                    district=d,
                    position=p,
                    area=area,
                    policy_codes=codes,
                    is_standard=True,
                    status=self.rng.choice(PolicyReview.Status.values),
                )
                for d in districts
                for p, (area, codes) in enumerate(STANDARD_POLICIES, start=1)
            ),
        )
        self.say(f"{n} districts with their policy checklists")
        return districts

    def _people(self, districts: list[District]) -> None:
        users, memberships = [], []
        for d in districts:
            number = d.name.rsplit(" ", 1)[1]
            for role, count in ((Role.LEAD, 1), (Role.MEMBER, 2), (Role.VIEWER, 1)):
                for k in range(count):
                    user = User(
                        email=f"{role}{k + 1}.d{number}@scale.example.org",
                        full_name=f"{role.label} {k + 1} of district {number}",
                        password=self.password,
                    )
                    users.append(user)
                    memberships.append((d, user, role))
        self.bulk(User, users)
        self.bulk(
            Membership,
            (Membership(district=d, user=u, role=r, code=self.code()) for d, u, r in memberships),
        )
        self.team = {}
        for d, user, role in memberships:
            if role != Role.VIEWER:
                self.team.setdefault(d.pk, []).append(user)
        self.say(f"{len(users)} people in the districts")

    def _rounds(self, districts: list[District]) -> None:
        framework = Framework.objects.filter(slug="district-self-assessment").latest("version")
        dimensions = list(
            Dimension.objects.filter(domain__framework=framework).order_by(
                "domain__position", "position"
            )
        )
        levels = list(framework.levels.order_by("position"))
        now = timezone.now()
        rounds, plan = [], []
        for d in districts:
            level = [self.rng.randrange(2) for _ in dimensions]
            for r, title in enumerate(ROUNDS):
                sharing = self.rng.choice(["coaches", "cohort"])
                round_ = AssessmentRound(
                    district=d,
                    code=self.code(),
                    title=title,
                    framework=framework,
                    status="submitted",
                    sharing=sharing,
                    shared_with=sharing,
                    # districts submit over a month, not at one instant
                    submitted_at=now
                    - timedelta(days=182 * (len(ROUNDS) - 1 - r) + 3)
                    - timedelta(minutes=self.rng.randrange(30 * 24 * 60)),
                    submitted_by=self.team[d.pk][0],
                    reviewed_at=None if r == len(ROUNDS) - 1 else now,
                )
                rounds.append(round_)
                level = [min(v + (self.rng.random() < 0.3), len(levels) - 1) for v in level]
                plan.append((round_, list(level)))
        self.bulk(AssessmentRound, rounds)
        consensus, ratings = [], []
        for round_, level in plan:
            for dimension, v in zip(dimensions, level, strict=True):
                consensus.append(
                    ConsensusRating(
                        district_id=round_.district_id,
                        round=round_,
                        dimension=dimension,
                        level=levels[v],
                        evidence=self.rng.choice(TEXTS),
                        next_steps=self.rng.choice(TEXTS),
                        updated_by=round_.submitted_by,
                    )
                )
                for rater in self.team[round_.district_id]:
                    mine = max(0, min(len(levels) - 1, v + self.rng.choice((-1, 0, 0, 1))))
                    ratings.append(
                        Rating(
                            district_id=round_.district_id,
                            round=round_,
                            dimension=dimension,
                            rater=rater,
                            level=levels[mine],
                            evidence=self.rng.choice(TEXTS),
                        )
                    )
        self.bulk(ConsensusRating, consensus)
        self.bulk(Rating, ratings)
        self.say(f"{len(rounds)} rounds, {len(consensus)} team and {len(ratings)} own ratings")

    def _plans(self, districts: list[District]) -> None:
        today = date.today()
        plans = self.bulk(
            LongTermPlan, (LongTermPlan(district=d, first_year=2026, years=4) for d in districts)
        )
        self.bulk(
            PlanCell,
            (
                PlanCell(
                    district_id=p.district_id,
                    plan=p,
                    code=self.code(),
                    year=year,
                    strand=strand,
                    target=self.rng.choice(TEXTS) or "Common scoring criteria in every school.",
                    status=self.rng.choice(PlanCell.Status.values),
                )
                for p in plans
                for year in p.horizon
                for strand in Strand.values
            ),
        )
        actions = self.bulk(
            ActionPlan,
            (
                ActionPlan(district=d, code=self.code(), goal=goal, strands=[Strand.PRACTICE.value])
                for d in districts
                for goal in ("Adopt common scoring criteria", "Engage families in the change")
            ),
        )
        self.bulk(
            ActionStep,
            (
                ActionStep(
                    district_id=a.district_id,
                    plan=a,
                    code=self.code(),
                    position=s,
                    description=f"Step {s}: draft, norm and publish criteria, part {s}",
                    due_date=today + timedelta(days=self.rng.randrange(-120, 240)),
                    coordinator=self.rng.choice(self.team[a.district_id]),
                    status=self.rng.choice(ActionStep.Status.values),
                )
                for a in actions
                for s in range(1, 6)
            ),
        )
        self.say(f"{len(plans)} long-term plans, {len(actions)} action plans with steps")

    def _competencies(self, districts: list[District]) -> None:
        self.bulk(
            ScoringScale,
            (
                ScoringScale(
                    district=d, labels=["Does Not Meet", "Partially Meets", "Meets", "Exceeds"]
                )
                for d in districts
            ),
        )
        competencies = self.bulk(
            Competency,
            (
                Competency(
                    district=d,
                    code=self.code(),
                    kind=Competency.Kind.CROSS_CURRICULAR,
                    title=f"Graduation competency {c}",
                    statement="Students communicate clearly and effectively for a purpose.",
                    position=c,
                )
                for d in districts
                for c in range(1, 6)
            ),
        )
        indicators = self.bulk(
            Indicator,
            (
                Indicator(
                    district_id=c.district_id,
                    competency=c,
                    code=self.code(),
                    label=f"{c.position}.{i}",
                    text="Construct an explanation using evidence and scientific reasoning.",
                    standards="HS-PS1-1",
                    position=i,
                )
                for c in competencies
                for i in range(1, 5)
            ),
        )
        self.bulk(
            Objective,
            (
                Objective(
                    district_id=i.district_id,
                    indicator=i,
                    code=self.code(),
                    text=f"Learning objective {o}",
                    position=o,
                )
                for i in indicators
                for o in range(1, 3)
            ),
        )
        self.bulk(
            Criterion,
            (
                Criterion(
                    district_id=i.district_id,
                    indicator=i,
                    level=level,
                    text=f"Explains with {level} pieces of evidence",
                )
                for i in indicators
                for level in range(1, 5)
            ),
        )
        self.say(f"{len(competencies)} competencies, {len(indicators)} indicators")

    def _cohorts(self, districts: list[District]) -> int:
        """Cohorts of 8 to 40 districts in name order (district 1 in the first), as many as
        the districts fill; the few left over (fewer than 8) belong to none."""
        sizes, left = [], len(districts)
        while left >= COHORT_SIZES[0]:
            sizes.append(min(self.rng.randint(*COHORT_SIZES), left))
            left -= sizes[-1]
        cohorts = self.bulk(
            Cohort,
            (
                Cohort(name=f"Scale cohort {c:04d}", code=self.code().hex[:12])
                for c in range(1, len(sizes) + 1)
            ),
        )
        facilitators = self.people("facilitator", len(cohorts))
        self.bulk(
            CohortFacilitator,
            (
                CohortFacilitator(cohort=c, user=f)
                for c, f in zip(cohorts, facilitators, strict=True)
            ),
        )
        links, meetings, members = [], [], {}
        start = 0
        for cohort, size in zip(cohorts, sizes, strict=True):
            members[cohort.pk] = districts[start : start + size]
            start += size
            links += [CohortDistrict(cohort=cohort, district=d) for d in members[cohort.pk]]
            meetings += [
                Meeting(
                    cohort=cohort,
                    code=self.code(),
                    title=f"Meeting {m}",
                    first_date=date(2026, 9, 15) + timedelta(days=60 * m),
                )
                for m in range(1, 6)
            ]
        self.bulk(CohortDistrict, links)
        self.bulk(Meeting, meetings)
        today = date.today()
        upcoming = {}
        for meeting in meetings:
            if meeting.first_date >= today and meeting.cohort_id not in upcoming:
                upcoming[meeting.cohort_id] = meeting
        self.bulk(
            ProblemOfPractice,
            (
                ProblemOfPractice(
                    district=d,
                    meeting=upcoming[cohort_id],
                    code=self.code(),
                    kind=self.rng.choice(ProblemOfPractice.Kind.values),
                    topics=["criteria"],
                    text="How do we norm scoring across our schools?",
                    share_with_cohort=self.rng.random() < 0.5,
                    submitted_by=self.team[d.pk][1],
                )
                for cohort_id, ds in members.items()
                if cohort_id in upcoming
                for d in ds
            ),
        )
        self.say(
            f"{len(cohorts)} cohorts of {min(sizes, default=0)} to {max(sizes, default=0)} "
            "districts with five meetings each"
        )
        return len(cohorts)

    def _coaches(self, districts: list[District]) -> int:
        """The bench's two coaches (exactly 20 and exactly 200 districts, or all there are),
        then coaches of 5 to 200 districts each over the districts in a shuffled order, so
        that every district has a coach."""
        counts = [min(20, len(districts)), min(200, len(districts))]
        picks = [self.rng.sample(districts, n) for n in counts]
        order = self.rng.sample(districts, len(districts))
        least, most = COACH_SIZES
        while order:
            n = self.rng.randint(least, most)
            if len(order) - n < least:  # no coach of fewer than 5 left at the end
                n = len(order) if len(order) <= most else len(order) - least
            picks.append(order[:n])
            order = order[n:]
        coaches = self.people("coach", len(picks))
        assignments = self.bulk(
            CoachAssignment,
            (
                CoachAssignment(district=d, coach=coach)
                for coach, mine in zip(coaches, picks, strict=True)
                for d in mine
            ),
        )
        self.say(f"{len(coaches)} coaches with {len(assignments)} assignments")
        return len(coaches)

    def _schools(self, districts: list[District]) -> None:
        """Each district's schools (see SCHOOLS_MEDIAN), open, with a principal's name; one
        in twenty closed."""
        from schools.models import School

        kinds = [kind for kind in SCHOOL_KINDS for _ in range(kind[3])]
        now = timezone.now()

        def how_many(d: District) -> int:
            if d.name == NAME.format(1):
                return BENCH_SCHOOLS
            drawn = self.rng.lognormvariate(0, SCHOOLS_SPREAD) * SCHOOLS_MEDIAN
            return max(1, min(MOST_SCHOOLS, round(drawn)))

        def schools_of(d: District):
            for k in range(1, how_many(d) + 1):
                kind, lowest, highest, _ = self.rng.choice(kinds)
                closed = self.rng.random() < 0.05
                yield School(
                    district=d,
                    code=self.code(),
                    name=f"{self.rng.choice(SCHOOL_NAMES)} {kind} {k}",
                    lowest_grade=lowest,
                    highest_grade=highest,
                    principal_name=f"Principal {k}",
                    closed_at=now - timedelta(days=self.rng.randrange(30, 900)) if closed else None,
                )

        made = self.bulk(School, (school for d in districts for school in schools_of(d)))
        self.say(f"{len(made)} schools")
        self._school_rollout([school for school in made if school.closed_at is None])

    def _school_rollout(self, schools: list) -> None:
        """The rollout of the open schools: their implementation stages on practice (and on
        policy for some), moving forward over two years; and, for half of them, a submitted
        self-assessment of the Mastery Collaborative framework, with its team's levels."""
        from schools.models import SchoolStage, Stage

        framework = Framework.objects.filter(slug="mastery-collaborative-implementation").latest(
            "version"
        )
        dimensions = list(Dimension.objects.filter(domain__framework=framework))
        levels = list(framework.levels.order_by("position"))
        today, now = date.today(), timezone.now()
        stages, rounds = [], []
        for school in schools:
            policy = self.rng.randrange(1, 3) if self.rng.random() < 0.3 else 0
            for strand, reached in (("practice", self.rng.randrange(5)), ("policy", policy)):
                for k, stage in enumerate(Stage.values[:reached]):
                    stages.append(
                        SchoolStage(
                            district_id=school.district_id,
                            school=school,
                            code=self.code(),
                            strand=strand,
                            stage=stage,
                            as_of=today - timedelta(days=700 - 170 * k),
                        )
                    )
            if self.rng.random() < 0.5:
                rounds.append(
                    AssessmentRound(
                        district_id=school.district_id,
                        school=school,
                        code=self.code(),
                        title="Spring 2026 school self-assessment",
                        framework=framework,
                        status="submitted",
                        sharing="coaches",
                        shared_with="coaches",
                        submitted_at=now - timedelta(days=self.rng.randrange(20, 200)),
                        submitted_by=self.team[school.district_id][0],
                    )
                )
        self.bulk(SchoolStage, stages)
        self.bulk(AssessmentRound, rounds)
        self.bulk(
            ConsensusRating,
            (
                ConsensusRating(
                    district_id=round_.district_id,
                    round=round_,
                    dimension=dimension,
                    level=self.rng.choice(levels),
                    updated_by=round_.submitted_by,
                )
                for round_ in rounds
                for dimension in dimensions
            ),
        )
        self.say(f"{len(stages)} stages recorded and {len(rounds)} school rounds submitted")

    def _staff(self) -> None:
        """Staff, who see every district, and an administrator of the site."""
        for email, name, superuser in (
            ("staff@scale.example.org", "Staff member", False),
            ("admin@scale.example.org", "Site administrator", True),
        ):
            User.objects.create(
                email=email,
                full_name=name,
                password=self.password,
                is_staff=True,
                is_superuser=superuser,
            )
        self.say("a staff member and an administrator over all districts")

    def _measures(self, districts: list[District]) -> None:
        """Three measures of success per district, each with two June targets and four
        quarterly points (statuses of every kind, by the random values)."""
        from measures.models import DataPoint, Measure, Target

        today = date.today()
        plans = LongTermPlan.objects.filter(district__in=districts)
        measures = self.bulk(
            Measure,
            (
                Measure(
                    district_id=p.district_id,
                    plan=p,
                    code=self.code(),
                    name=name,
                    strand=strand,
                    kind=kind,
                    unit="percent",
                    baseline_value=self.rng.randrange(5, 40),
                    baseline_date=today - timedelta(days=365),
                    cadence="quarterly",
                )
                for p in plans
                for name, strand, kind in (
                    ("Courses with common scoring criteria", "practice", "leading"),
                    ("Seniors meeting every graduation competency", "practice", "lagging"),
                    ("Schools issuing competency-based transcripts", "policy", "lagging"),
                )
            ),
        )
        self.bulk(
            Target,
            (
                Target(district_id=m.district_id, measure=m, year=year, value=value)
                for m in measures
                for year, value in ((2027, 60), (2028, 80))
            ),
        )
        self.bulk(
            DataPoint,
            (
                DataPoint(
                    district_id=m.district_id,
                    measure=m,
                    code=self.code(),
                    value=min(100, m.baseline_value + self.rng.randrange(0, 8) * q),
                    as_of=today - timedelta(days=92 * (4 - q) + self.rng.randrange(0, 60)),
                )
                for m in measures
                for q in range(4)
            ),
        )
        self.say(f"{len(measures)} measures with targets and a year of data")
