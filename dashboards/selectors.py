"""Reads across districts for coaches, facilitators and staff. Every read goes through the
models' visible_to(), so a dashboard shows only what each district shares with the person.
The number of queries does not depend on the number of districts, rounds or steps."""

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property, lru_cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from accounts.models import User
from config.compiled import compiled
from config.generations import digest, kept
from config.reversing import reverse_fast
from districts.access import Relation, assigned_coaches, related_district_ids
from districts.models import (
    Cohort,
    CohortDistrict,
    District,
    Membership,
    Role,
    work_generation,
)
from districts.selectors import people_generation
from districts.tables import Filled
from evidence.models import Attachment
from measures.selectors import MeasureTally, needing_attention, tallies_by_district
from measures.status import CADENCE_DAYS, Status
from meetings.selectors import open_commitments_in
from planning.models import ActionStep, PlanCell
from rubrics.calibration import agreement_by_district
from rubrics.levels import level_colour
from rubrics.models import (
    AssessmentRound,
    CoachRating,
    Comment,
    CommentsSeen,
    ConsensusRating,
    Level,
    Rating,
)
from rubrics.peers import SharedLevels
from rubrics.selectors import (
    RUBRIC,
    Column,
    consensus_levels,
    dimension_counts,
    framework_generation,
    rubric_columns,
)
from schools.selectors import implementing_by_district

STALE_AFTER = timedelta(days=182)


CHANGE_MARKS = {"up": ("↑", "grew"), "down": ("↓", "went back"), "same": ("=", "same")}


@dataclass
class Cell:
    level: int | None
    level_name: str
    change: str  # "up", "down", "same" or "" when there is nothing to compare with

    @property
    def td(self) -> SafeString:
        """The heatmap cell: the level as colour and text, the change as an arrow that is
        read out in words. Made here, not in the template: a dashboard has hundreds of
        cells but a dozen kinds of cell, and a template's conditionals cost far more."""
        return _heat_cell(self.level, self.level_name, self.change)


@lru_cache(maxsize=256)
def _heat_cell(level: int | None, name: str, change: str) -> SafeString:
    """Compact, so that all the dimensions fit on one screen: the level's initial and the
    arrow show; the level's name and the change in words are read out, and show on hover."""
    if not level:
        return SafeString(
            '<td class="heat" title="Not rated"><span aria-hidden="true" class="subtle">—</span>'
            '<span class="visually-hidden">not rated</span></td>'
        )
    mark = CHANGE_MARKS.get(change)
    said = f"{name}, {mark[1]}" if mark else name
    return format_html(
        '<td class="heat level-{}" title="{}"><span aria-hidden="true">{}{}</span>'
        '<span class="visually-hidden">{}</span></td>',
        level,
        said,
        name[:1],
        mark[0] if mark else "",
        said,
    )


@dataclass
class HeatRow:
    district: District
    round: dict | None
    cells: list[Cell]
    overdue: int = 0
    at_risk: int = 0
    last_activity: datetime | None = None
    round_open: bool = False  # a round of the district is being rated (a draft)
    # The coach's latest published calibration, as figures (rubrics.calibration.Agreement).
    calibration: object = None
    measures: MeasureTally | None = None  # its measures of success by status
    # Its open schools and how many implement (schools.selectors.implementing_by_district).
    schools: dict | None = None

    @property
    def cells_html(self) -> SafeString:
        """The row's cells as one string: a template loop over 15 cells × 50 rows costs more
        than the rest of the page."""
        return SafeString("".join(cell.td for cell in self.cells))

    @property
    def round_url(self) -> str:
        return reverse_fast(
            "rubrics:round", district=self.district.code, round_code=self.round["code"]
        )

    @property
    def review_state(self) -> str:
        if self.round is None:
            return "round in progress" if self.round_open else "no round"
        return "reviewed" if self.round["reviewed_at"] else "awaiting review"


def coached_districts(
    user: User, *, cohort: str = "", state: str = "", coach: str = ""
) -> QuerySet[District]:
    """The districts a coach is assigned to (staff: every district), optionally of a cohort,
    of a state, and (for staff) of another coach, given by their code."""
    coached = (Relation.COACH,)
    districts = (
        District.objects.all()
        if user.is_staff
        else District.objects.filter(pk__in=related_district_ids(user, coached))
    )
    if cohort:
        districts = districts.filter(
            pk__in=CohortDistrict.objects.filter(cohort__code=cohort).values("district_id")
        )
    if state:
        districts = districts.filter(state=state)
    if coach and user.is_staff:
        their = User.objects.filter(code=coach).values("pk")[:1]  # a code names one person
        districts = districts.filter(pk__in=related_district_ids(their, coached))
    return districts.order_by("name")


@dataclass(frozen=True)
class Selection:
    """Which of the person's districts a page over many districts shows: the filters of the
    coach dashboard, the queue and the exports, each kept only when it is one of the values
    that exist (so that made-up parameters neither grow the cache nor cost a query)."""

    cohort: str = ""
    state: str = ""
    coach: str = ""

    @classmethod
    def of(cls, user: User, params) -> "Selection":
        options = filter_options(user)
        cohort, state, coach = (params.get(name, "") for name in ("cohort", "state", "coach"))
        return cls(
            cohort=cohort if cohort in dict(options["cohorts"]) else "",
            state=state if state in options["states"] else "",
            coach=coach if coach in dict(options["coaches"]) else "",
        )

    @property
    def key(self) -> str:
        return f"{self.cohort}:{self.state}:{self.coach}"

    @property
    def query(self) -> dict:
        """The filters in a URL's query string (those that are set)."""
        return {k: v for k, v in vars(self).items() if v}

    def districts(self, user: User) -> QuerySet[District]:
        return coached_districts(user, cohort=self.cohort, state=self.state, coach=self.coach)


def _latest_rounds(user, district_ids) -> dict[int, list[dict]]:
    rounds = (
        AssessmentRound.objects.visible_to(user)
        .of_district()
        .filter(district_id__in=district_ids, status="submitted", framework__slug=RUBRIC)
        .order_by("district_id", "-submitted_at")
        .values("id", "code", "title", "district_id", "submitted_at", "reviewed_at", "shared_with")
    )
    by_district: dict[int, list[dict]] = defaultdict(list)
    for row in rounds:
        by_district[row["district_id"]].append(row)
    return by_district


def _count_by_district(queryset) -> dict[int, int]:
    return dict(queryset.values_list("district_id").annotate(n=Count("pk")))


def _last_activity(district_ids) -> tuple[dict[int, datetime], set[int]]:
    """Each district's latest change to ratings, consensus, plan cells or action steps, and
    the districts with a round open (a draft), in one query: per district and table, the
    newest row through its (district, updated_at) index."""

    def newest(model):
        return Subquery(
            model.objects.filter(district_id=OuterRef("pk"))
            .order_by("-updated_at")
            .values("updated_at")[:1]
        )

    latest, open_rounds = {}, set()
    for pk, is_open, *moments in (
        District.objects.filter(pk__in=district_ids)
        .annotate(
            e=Exists(_open_rounds().filter(district_id=OuterRef("pk"))),
            a=newest(Rating),
            b=newest(ConsensusRating),
            c=newest(PlanCell),
            d=newest(ActionStep),
        )
        .values_list("pk", "e", "a", "b", "c", "d")
        .order_by()
    ):
        if is_open:
            open_rounds.add(pk)
        if moments := [moment for moment in moments if moment]:
            latest[pk] = max(moments)
    return latest, open_rounds


def heatmap(
    user: User, districts: list[District], judged=None
) -> tuple[list[Column], list[Level], list[HeatRow]]:
    """Districts × dimensions from each district's latest round the person may see, with the
    change since the round before, overdue steps, cells at risk, last activity and its
    schools implementing (one query for all the districts); their
    measures from `judged` when the page reads them for more (measures.selectors)."""
    columns, levels = rubric_columns()
    ids = [d.pk for d in districts]
    rounds = _latest_rounds(user, ids)
    wanted = [r["id"] for rs in rounds.values() for r in rs[:2]]
    levels_by_round = consensus_levels(wanted)
    overdue = _count_by_district(ActionStep.objects.filter(district_id__in=ids).overdue())
    at_risk = _count_by_district(PlanCell.objects.filter(district_id__in=ids, status="at_risk"))
    activity, open_rounds = _last_activity(ids)
    agreement = agreement_by_district(user, ids)
    measures = tallies_by_district(ids, judged)
    schools = implementing_by_district(ids)
    rows = []
    for district in districts:
        latest, previous = [*rounds.get(district.pk, []), None, None][:2]
        now = levels_by_round.get(latest["id"], {}) if latest else {}
        before = levels_by_round.get(previous["id"], {}) if previous else {}
        cells = _cells(columns, now, before)
        rows.append(
            HeatRow(
                district=district,
                round=latest,
                cells=cells,
                overdue=overdue.get(district.pk, 0),
                at_risk=at_risk.get(district.pk, 0),
                last_activity=activity.get(district.pk),
                round_open=district.pk in open_rounds,
                calibration=agreement.get(district.pk),
                measures=measures.get(district.pk),
                schools=schools.get(district.pk),
            )
        )
    return columns, levels, rows


def _cells(columns, now: dict, before: dict) -> list[Cell]:
    """One round's level on each column, with the change since the round before."""
    cells = []
    for column in columns:
        level, name = now.get(column.key, (None, ""))
        then = before.get(column.key, (None, ""))[0]
        change = ""
        if level is not None and then is not None:
            change = "up" if level > then else "down" if level < then else "same"
        cells.append(Cell(level, name, change))
    return cells


def coached_ids(user: User, selection: "Selection" = None) -> list[int]:
    """The coach's districts (of the selection), by name: kept under the person's relations
    version (a new assignment) and people_generation (a district renamed, a cohort's
    districts). For a coach's few hundred districts at most: staff's pages over every district
    page them in the database instead (large_selection)."""
    selection = selection or Selection()
    key = (
        f"coached:{people_generation.current()}:{user.pk}:{user.relations_version}:"
        f"{int(user.is_staff)}:{selection.key}"
    )
    return kept(key, lambda: list(selection.districts(user).values_list("pk", flat=True)))


# A selection of more districts than this is paged in the database and sorted by name only:
# sorting by a level, a date or a count needs every district's row made (a few hundred
# milliseconds for 500 districts cold); a filter (state, cohort, coach) narrows it first.
SORTABLE_UP_TO = 500


def large_selection(user: User) -> bool:
    """Whether the person's pages over their districts are paged in the database: staff's
    (every district) always, whatever the filter, so that the page costs the same whether it
    shows 13 or 13,000 districts; a coach's few hundred never."""
    return user.is_staff


def filter_options(user: User) -> dict:
    """What the filters of the person's pages over many districts offer: the cohorts (code,
    name) and states of their districts, and for staff the coaches (code, name) who have a
    district. Kept under people_generation and the person's relations."""
    key = (
        f"coached-options:{people_generation.current()}:{user.pk}:{user.relations_version}:"
        f"{int(user.is_staff)}"
    )

    def read() -> dict:
        districts = coached_districts(user).order_by()
        coaches = []
        if user.is_staff:
            coaches = list(assigned_coaches().values_list("code", "full_name", "email"))
            coaches = sorted(
                ((str(code), name or email) for code, name, email in coaches),
                key=lambda option: option[1].lower(),
            )
        return {
            "cohorts": list(
                Cohort.objects.filter(
                    pk__in=CohortDistrict.objects.filter(district__in=districts).values("cohort_id")
                )
                .order_by("name")
                .values_list("code", "name")
            ),
            "states": sorted(set(districts.values_list("state", flat=True).distinct())),
            "coaches": coaches,
        }

    return kept(key, read)


def coached_cohorts(user: User) -> list[tuple[str, str]]:
    """The cohorts (code, name) of the coach's districts, for the dashboard's filter."""
    return filter_options(user)["cohorts"]


@dataclass(frozen=True, slots=True)
class KeptRow:
    """A heatmap row as kept: its HTML and what the dashboard sorts by, as plain values
    (unpickling model instances for 50 rows cost more than the rest of the page)."""

    name: str
    submitted: float
    review_state: str
    overdue: int
    at_risk: int
    activity: float
    levels: tuple
    html: str

    @classmethod
    def of(cls, row: HeatRow, html: str) -> "KeptRow":
        return cls(
            name=row.district.name.lower(),
            submitted=row.round["submitted_at"].timestamp() if row.round else 0,
            review_state=row.review_state,
            overdue=row.overdue,
            at_risk=row.at_risk,
            activity=row.last_activity.timestamp() if row.last_activity else 0,
            levels=tuple(cell.level or 0 for cell in row.cells),
            html=html,
        )


def kept_heat_rows(
    user: User, district_ids: list[int], *, versions: dict | None = None, judged=None
) -> list[KeptRow]:
    """The heatmap's rows of these districts, each kept rendered under the generation of its
    district's work (and of people, the frameworks, the day): a change in one district makes
    only its row again. `judged`: the page's measures, read once (heatmap)."""
    generations = versions if versions is not None else work_generation.current_many(district_ids)
    common = (
        f"{user.pk}:{int(user.is_staff)}:{people_generation.current()}:"
        f"{user.relations_version}:{framework_generation.current()}:"
        f"{timezone.localdate().isoformat()}"
    )
    keys = {pk: f"heat-row:{pk}:{generations[pk]}:{common}" for pk in district_ids}
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk in district_ids if keys[pk] not in found]
    if missing:
        _, _, made = heatmap(user, list(District.objects.filter(pk__in=missing)), judged)
        row_template = get_template("dashboards/_heat_row.html")
        fresh = {}
        for row in made:
            fresh[keys[row.district.pk]] = KeptRow.of(row, row_template.render({"row": row}))
        cache.set_many(fresh, settings.KEPT_TIMEOUT)
        found.update(fresh)
    return [found[keys[pk]] for pk in district_ids]


SORTS = {
    "name": lambda row: row.name,
    "round": lambda row: row.submitted,
    "review": lambda row: row.review_state,
    "overdue": lambda row: row.overdue,
    "at_risk": lambda row: row.at_risk,
    "activity": lambda row: row.activity,
}


def sort_rows(rows: list[KeptRow], key: str, descending: bool) -> list[KeptRow]:
    if key.startswith("dim-") and key[4:].isdigit():
        index = int(key[4:]) - 1
        sorter = lambda row: (  # noqa: E731
            row.levels[index] if index < len(row.levels) else 0
        )
    else:
        sorter = SORTS.get(key, SORTS["name"])
    return sorted(rows, key=sorter, reverse=descending)


# ---------------------------------------------------------------- needs attention


@dataclass(frozen=True)
class Link:
    """A URL reversed only when it is shown: a coach's queue is counted far more often than
    it is listed, and reversing costs more than the rest of an item."""

    name: str
    kwargs: dict
    fragment: str = ""

    def __str__(self) -> str:
        return reverse_fast(self.name, **self.kwargs) + self.fragment


@dataclass(order=True)
class Item:
    when: datetime
    kind: str = field(compare=False)
    district: District = field(compare=False)
    text: str = field(compare=False)
    url: Link = field(compare=False)


def _moment(value) -> datetime:
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, datetime.min.time()))


def _within(queryset: QuerySet, ids) -> QuerySet:
    """The rows of these districts; `ids` None: of every district, with no join to them; a
    list as one parameter (districts.lookups)."""
    if ids is None:
        return queryset
    if isinstance(ids, list):
        return queryset.filter(district_id__any_of=ids)
    return queryset.filter(district_id__in=ids)


def _ids_of(districts: QuerySet[District]):
    """The districts as a subquery of ids, or None when they are every district (staff with
    no filter): joining 13,000 districts to the rows cost a third of staff's queue count."""
    return districts.order_by().values("pk") if districts.query.where else None


def _awaiting_review(user: User, ids) -> QuerySet:
    """Each district's newest submitted round while nobody has reviewed it: a later round
    the district submits settles the older ones (whoever it is shared with: the district's
    current work is what a coach reviews, and an older round is history)."""
    overtaken = AssessmentRound.objects.of_district().filter(
        district=OuterRef("district"),
        status="submitted",
        submitted_at__gt=OuterRef("submitted_at"),
    )
    return _within(
        AssessmentRound.objects.visible_to(user)
        .of_district()
        .filter(status="submitted", reviewed_at__isnull=True)
        .exclude(Exists(overtaken)),
        ids,
    )


def _unread_replies(user: User, ids) -> QuerySet:
    seen = CommentsSeen.objects.filter(round=OuterRef("round"), user=user).values("seen_at")[:1]
    return (
        _within(Comment.objects.visible_to(user), ids)
        .filter(reply_to__author=user)
        .exclude(author=user)
        .annotate(seen_at=Subquery(seen))
        .filter(Q(seen_at__isnull=True) | Q(created_at__gt=F("seen_at")))
    )


def _overdue_steps(ids, today=None) -> QuerySet:
    return _within(ActionStep.objects.all(), ids).overdue(today)


def _cells_at_risk(ids) -> QuerySet:
    return _within(PlanCell.objects.filter(status="at_risk"), ids)


def _count(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of a queryset, as a subquery."""
    counted = queryset.order_by().values(one=Value(1)).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), 0)


def attention_count(user: User, districts: QuerySet[District] | list[int], judged=None) -> int:
    """How many items needs_attention() lists for these districts (or district ids), in one
    query of counts, and the measures' (from `judged` when the page read them already). For
    a list of ids on PostgreSQL (a coach's districts), the query is compiled once
    (config.compiled: building it took longer than running it)."""
    since, today = timezone.now() - STALE_AFTER, timezone.localdate()
    if isinstance(districts, list) and connection.vendor == "postgresql":
        counts = compiled(
            ("attention-count", bool(user.is_staff)),
            lambda user_id, ids, since, today, staff=bool(user.is_staff): _attention_counts(
                User(pk=user_id, is_staff=staff),
                ids,
                District.objects.filter(pk__any_of=ids),
                since=since,
                today=today,
            ),
        ).rows(user_id=user.pk, ids=districts, since=since, today=today)
        counts, ids = (counts[0] if counts else ()), districts
    elif isinstance(districts, list):
        ids, scope = districts, District.objects.filter(pk__any_of=districts)
        counts = _attention_counts(user, ids, scope, since=since, today=today).first()
    else:
        ids = _ids_of(districts)
        counts = _attention_counts(user, ids, districts, since=since, today=today).first()
    queued = _queue_measures(ids if isinstance(ids, list) else districts, judged)
    return sum(counts or ()) + len(queued)


def _attention_counts(user: User, ids, districts: QuerySet[District], *, since, today):
    """The counts of needs_attention()'s kinds of item but measures, as one row."""
    recent = _within(_recent_round_districts(since), ids)
    return (
        User.objects.filter(pk=user.pk)
        .annotate(
            reviews=_count(_awaiting_review(user, ids)),
            replies=_count(_unread_replies(user, ids)),
            stale=_count(districts.exclude(pk__in=recent)),
            overdue=_count(_overdue_steps(ids, today)),
            at_risk=_count(_cells_at_risk(ids)),
        )
        .values_list("reviews", "replies", "stale", "overdue", "at_risk")
    )


def kept_attention_count(
    user: User,
    district_ids: list[int],
    *,
    selection: "Selection" = None,
    versions: dict | None = None,
    judged=None,
) -> int:
    """attention_count(), kept under the generations of the districts' work (and of people)
    for at most an hour (what is overdue or stale changes with time). `judged`: the measures
    of these districts (measures.selectors.judged_across with QUEUE_FIELDS), when the page
    reads them for its rows too."""
    selection = selection or Selection()
    if versions is None:
        versions = work_generation.current_many(district_ids)
    generations = sorted((pk, versions[pk]) for pk in district_ids if pk in versions)
    # Opening a round marks its comments read (moving no version), and the queue lists
    # replies the coach has not read: the coach's last reading is part of the key.
    last_read = CommentsSeen.objects.filter(user=user).aggregate(last=Max("seen_at"))["last"]
    key = (
        f"attention:{user.pk}:{int(user.is_staff)}:{selection.key}:"
        f"{people_generation.current()}:"
        f"{user.relations_version}:"
        f"{digest(generations)}:{last_read.timestamp() if last_read else 0}:"
        f"{timezone.now():%Y%m%d%H}"
    )
    return kept(
        key,
        lambda: attention_count(user, _counted(user, selection, district_ids), judged),
        timeout=3600,
    )


def _open_rounds() -> QuerySet:
    """Rounds being rated (drafts): only their existence is read, never their content, which
    stays inside the district."""
    return AssessmentRound.objects.of_district().filter(status=AssessmentRound.Status.DRAFT)


def _recent_round_districts(since=None) -> QuerySet:
    """The districts at work on their self-assessment: a round submitted in the last six
    months (round_status_submitted; `since`: their start), or one open now (whenever it was
    opened: a district rating a round is never told it has none)."""
    since = since or timezone.now() - STALE_AFTER
    return (
        AssessmentRound.objects.of_district()
        .filter(
            Q(status="submitted", submitted_at__gte=since) | Q(status=AssessmentRound.Status.DRAFT)
        )
        .values("district_id")
    )


def _stale(districts: QuerySet[District]) -> QuerySet[District]:
    """The districts with no round submitted for six months, each with the moment it has
    been waiting since (its last round, or its creation): the recent ones left out first,
    so that only the stale ones look up their last round."""
    last = (
        AssessmentRound.objects.of_district()
        .filter(district=OuterRef("pk"), status="submitted")
        .order_by("-submitted_at")
        .values("submitted_at")[:1]
    )
    return (
        districts.exclude(pk__in=_recent_round_districts())
        .annotate(last=Subquery(last))
        .annotate(since=Coalesce("last", "created_at"))
    )


def _counted(user: User, selection: "Selection", district_ids: list[int]):
    """The districts to count the queue of: a coach's few hundred as their ids, which the
    planner reads through the rows' district indexes (through the assignments, it scanned
    every round of the country); staff's thousands as the selection."""
    if len(district_ids) <= SORTABLE_UP_TO:
        return list(district_ids)
    return selection.districts(user)


def needs_attention(
    user: User, districts: list[District] | QuerySet[District], *, limit: int | None = None
) -> list[Item]:
    """One queue across the coach's districts, newest first. Every item is derived from the
    state of the work, so it leaves the queue when someone acts on it. With `limit`, only the
    newest `limit` items: each kind read newest first up to the limit in the database, so a
    page of staff's queue over 13,000 districts reads a few hundred rows, not every item."""
    if isinstance(districts, QuerySet):
        by_id, ids, scope = {}, _ids_of(districts), districts
    else:
        by_id = {d.pk: d for d in districts}
        ids, scope = list(by_id), District.objects.filter(pk__in=list(by_id))

    def newest(queryset, *fields):
        ordered = queryset.order_by(*(f"-{f}" for f in fields), "-pk")
        return ordered[:limit] if limit is not None else ordered

    rows = {
        "Review": newest(_awaiting_review(user, ids), "submitted_at").values(
            "code", "title", "district_id", "submitted_at"
        ),
        "Reply": newest(_unread_replies(user, ids), "created_at").values(
            "district_id", "round__code", "round__title", "created_at", "author__full_name"
        ),
        "No recent round": newest(_stale(scope), "since").values("pk", "last", "since"),
        "Overdue step": newest(_overdue_steps(ids), "due_date").values(
            "district_id", "description", "due_date", "plan__code", "code"
        ),
        "At risk": newest(_cells_at_risk(ids), "updated_at").values(
            "district_id", "year", "strand", "updated_at", "target"
        ),
    }
    rows = {kind: list(found) for kind, found in rows.items()}
    measures = _queue_measures(districts if isinstance(districts, QuerySet) else ids)
    named = {r.get("district_id") or r["pk"] for found in rows.values() for r in found}
    named |= {m.district_id for m in measures}
    if missing := named - set(by_id):
        by_id.update(District.objects.only("pk", "name", "code").in_bulk(list(missing)))
    strands = dict(PlanCell._meta.get_field("strand").choices)
    items = [
        *(_review_item(r, by_id[r["district_id"]]) for r in rows["Review"]),
        *(_reply_item(c, by_id[c["district_id"]]) for c in rows["Reply"]),
        *(_stale_item(d, by_id[d["pk"]]) for d in rows["No recent round"]),
        *(_overdue_item(step, by_id[step["district_id"]]) for step in rows["Overdue step"]),
        *(_at_risk_item(cell, by_id[cell["district_id"]], strands) for cell in rows["At risk"]),
        *_measure_items(measures, by_id),
    ]
    items.sort(reverse=True)
    return items[:limit] if limit is not None else items


def _review_item(r: dict, district: District) -> Item:
    return Item(
        r["submitted_at"],
        "Review",
        district,
        f"“{r['title']}” was submitted and waits for your review.",
        Link("rubrics:round", {"district": district.code, "round_code": r["code"]}),
    )


def _reply_item(c: dict, district: District) -> Item:
    return Item(
        c["created_at"],
        "Reply",
        district,
        f"{c['author__full_name'] or 'The district'} answered your comment on "
        f"“{c['round__title']}”.",
        Link(
            "rubrics:round",
            {"district": district.code, "round_code": c["round__code"]},
            "#comments",
        ),
    )


def _stale_item(d: dict, district: District) -> Item:
    return Item(
        d["since"],
        "No recent round",
        district,
        "No self-assessment submitted for six months."
        if d["last"]
        else "No self-assessment submitted yet.",
        Link("rubrics:rounds", {"district": district.code}),
    )


def _overdue_item(step: dict, district: District) -> Item:
    return Item(
        _moment(step["due_date"]),
        "Overdue step",
        district,
        f"“{step['description'][:90]}” was due {step['due_date']:%b %-d, %Y}.",
        Link(
            "planning:action_plan",
            {"district": district.code, "plan": step["plan__code"]},
            f"#step-{step['code']}",
        ),
    )


def _at_risk_item(cell: dict, district: District, strands: dict) -> Item:
    return Item(
        cell["updated_at"],
        "At risk",
        district,
        f"{strands[cell['strand']]}, June {cell['year']} is at risk: {cell['target'][:80]}",
        Link(
            "planning:grid",
            {"district": district.code},
            f"#cell-{cell['year']}-{cell['strand']}",
        ),
    )


class AttentionQueue:
    """Staff's (or a coach's) queue as a sequence a Paginator pages: its length counted in
    the database (attention_count, one query of counts, kept), a page read as the newest
    items up to its end (needs_attention with a limit). Pages far back read more; the first
    pages, which people open, read a few hundred rows whatever the number of districts."""

    def __init__(self, user: User, districts: QuerySet[District], *, selection: Selection):
        self.user, self.districts, self.selection = user, districts, selection

    def count(self) -> int:
        """Kept as the dashboard's button keeps it (the same key): under the versions of the
        districts' work, read in one query."""
        versions = dict(self.districts.order_by().values_list("pk", "work_version"))
        return kept_attention_count(
            self.user, list(versions), selection=self.selection, versions=versions
        )

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Item]:
        return needs_attention(self.user, self.districts, limit=window.stop)[window]


def _queue_measures(districts: QuerySet[District] | list[int], judged=None) -> list:
    """The measures off track or with data overdue, for a queue of at most SORTABLE_UP_TO
    districts (a queryset: its first ids read in one query). Their status is worked out in
    Python from their points and targets (measures.status), some 0.1 ms a measure: over every
    district of the country (39,000 measures) that took seconds a page, so, as for sorting,
    staff filter by cohort, state or coach first, and the page says so (measures_listed)."""
    if isinstance(districts, QuerySet):
        districts = list(districts.order_by().values_list("pk", flat=True)[: SORTABLE_UP_TO + 1])
    if len(districts) > SORTABLE_UP_TO:
        return []
    return needing_attention(list(districts), judged)


def measures_listed(user: User, districts: QuerySet[District]) -> bool:
    """Whether the queue lists measures for these districts (_queue_measures): a coach's
    always, staff's once filtered to at most SORTABLE_UP_TO districts."""
    return not large_selection(user) or districts.count() <= SORTABLE_UP_TO


def _measure_items(measures, by_id) -> list[Item]:
    """Measures off track, and measures whose data is overdue (needing_attention: 2 queries)."""
    items = []
    for measure in measures:
        district = by_id[measure.district_id]
        standing = measure.standing
        link = Link("measures:detail", {"district": district.code, "measure": measure.code})
        if standing.status == Status.OFF_TRACK:
            text = f"“{measure.name}” is off track."
            items.append(Item(_moment(standing.latest_date), "Off track", district, text, link))
            continue
        since = standing.latest_date or measure.created_at.date()
        due = since + timedelta(days=CADENCE_DAYS[measure.cadence])
        text = f"“{measure.name}” has had no new data since {since:%b %-d, %Y}."
        if standing.latest_date is None:
            text = f"“{measure.name}” has no data yet."
        items.append(
            Item(_moment(min(due, timezone.localdate())), "Data overdue", district, text, link)
        )
    return items


# ---------------------------------------------------------------- cohorts


@dataclass
class Spread:
    column: Column
    counts: list[int]  # districts per level


def cohort_spread(shared: SharedLevels) -> tuple[list[Level], list[Spread], int]:
    """For each dimension, how the cohort's districts spread over the levels, from each
    district's latest round shared with the cohort (rubrics.peers.shared_levels): a count
    per level, never a district × district grid. Levels only, never evidence text."""
    columns, levels = rubric_columns()
    rated = [shared.levels.get(r.pk, {}) for r in shared.rounds.values()]
    spreads = []
    for column in columns:
        counts = Counter(own[column.key][0] for own in rated if column.key in own)
        spreads.append(Spread(column, [counts.get(level.position, 0) for level in levels]))
    return levels, spreads, len(rated)


def ratings_header(*, with_text: bool) -> list[str]:
    header = ["District", "State", "Round", "Submitted", "Domain", "Dimension", "Level"]
    if with_text:
        header += [
            "Evidence",
            "Next steps",
            "Evidence files and links",
            "Your calibration",
            "Your reason",
        ]
    return header


def ratings_rows(user: User, districts, *, with_text: bool, header: bool = True) -> Iterator[list]:
    """One row per district × round × dimension, of every round the person may see, the
    header first (unless not wanted), read from the database in chunks: for an export that
    is streamed. `districts` may be a list or a queryset of them."""
    if header:
        yield ratings_header(with_text=with_text)
    ids = [d.pk for d in districts]
    files = _team_rating_files(user, ids) if with_text else {}
    # the coach's own calibration rating (rubrics.calibration), never anyone else's
    calibrated = (
        {
            (round_id, dimension_id): (level or "", rationale)
            for round_id, dimension_id, level, rationale in CoachRating.objects.filter(
                calibration__coach=user, district_id__in=ids
            ).values_list("calibration__round_id", "dimension_id", "level__name", "rationale")
        }
        if with_text
        else {}
    )
    consensus = (
        ConsensusRating.objects.visible_to(user)
        .filter(district_id__in=ids, round__status="submitted", round__school__isnull=True)
        .order_by(
            "district__name",
            "round__submitted_at",
            "dimension__domain__position",
            "dimension__position",
        )
        .values_list(
            "district__name",
            "district__state",
            "round__title",
            "round__submitted_at",
            "dimension__domain__name",
            "dimension__name",
            "level__name",
            "evidence",
            "next_steps",
            "pk",
            "round_id",
            "dimension_id",
        )
    )
    for row in consensus.iterator(chunk_size=2000):
        values = [*row[:3], row[3].date().isoformat() if row[3] else "", *row[4:7]]
        if with_text:
            values += [row[7], row[8], "; ".join(files.get(row[9], []))]
            values += calibrated.get((row[10], row[11]), ("", ""))
        yield values


def _team_rating_files(user: User, district_ids: list[int]) -> dict[int, list[str]]:
    """The names of the team ratings' kept files and links the person may read (the evidence
    rule: never through a cohort), by team rating, in one query."""
    named = defaultdict(list)
    rows = (
        Attachment.objects.visible_to(user)
        .filter(
            district_id__in=district_ids,
            item_type=ContentType.objects.get_for_model(ConsensusRating),
            removed_at__isnull=True,
        )
        .order_by("added_at", "pk")
        .values_list("item_id", "name", "type", "url")
    )
    for item_id, name, kind, url in rows:
        named[item_id].append(f"{name} ({url})" if kind == Attachment.Type.LINK else name)
    return named


def heatmap_table(columns, rows: list[HeatRow]) -> list[list]:
    table = [
        ["District", "State", "Round", "Submitted", "Review", "Overdue steps", "Plan cells at risk"]
        + [c.name for c in columns]
    ]
    for row in rows:
        table.append(
            [
                row.district.name,
                row.district.state,
                row.round["title"] if row.round else "",
                timezone.localdate(row.round["submitted_at"]) if row.round else "",
                row.review_state,
                row.overdue,
                row.at_risk,
                *[
                    Filled(cell.level_name, colour)
                    if (colour := level_colour(cell.level))
                    else cell.level_name
                    for cell in row.cells
                ],
            ]
        )
    return table


# ---------------------------------------------------------------- a district's own dashboard


@dataclass
class Standing:
    """Where a district stands: its latest submitted round of the rubric that the person may
    read, a level per dimension with the change since the round before."""

    round: AssessmentRound | None
    previous: AssessmentRound | None
    columns: list
    cells: list[Cell]

    def __bool__(self) -> bool:
        return self.round is not None

    @property
    def strip(self) -> list[tuple]:
        return list(zip(self.columns, self.cells, strict=True))


class HomeReads:
    """What the district home's parts read of its self-assessment, read once however many
    parts use it: the district's rounds the person reads (one query), and, for its team, how
    many dimensions each rater has rated in its open rounds (one). The rounds of a district
    are few (some a year)."""

    def __init__(self, access, user: User | None = None, memberships=None):
        self.access = access
        self.user = user
        # the district's memberships with their people, when the page reads them anyway
        # (districts.selectors.district_people): the team's progress takes its team from them
        self.memberships = memberships

    @cached_property
    def team(self) -> list[Membership]:
        """The district's leads and members, by name."""
        if self.memberships is None:
            return compiled(
                ("home-team",),
                lambda district_id: (
                    Membership.objects.filter(
                        district_id=district_id, role__in=[Role.LEAD, Role.MEMBER]
                    )
                    .select_related("user")
                    .order_by("user__full_name", "user__email")
                ),
            ).objects(district_id=self.access.district.pk)
        team = [m for m in self.memberships() if m.role in (Role.LEAD, Role.MEMBER)]
        return sorted(team, key=lambda m: (m.user.full_name, m.user.email))

    @cached_property
    def rounds(self) -> list[AssessmentRound]:
        access = self.access
        return compiled(
            access.compiled_key("home-rounds"),
            lambda district_id: (
                AssessmentRound.objects.readable_in(access.stand_in(district_id))
                .of_district()
                .filter(status__in=["draft", "submitted"])
                .select_related("framework")
            ),
        ).objects(district_id=access.district.pk)

    @cached_property
    def drafts(self) -> list[AssessmentRound]:
        """The open rounds by due date (those without one last), then as they were opened."""
        drafts = [r for r in self.rounds if r.status == "draft"]
        return sorted(drafts, key=lambda r: (r.due_date is None, r.due_date, r.created_at))

    @cached_property
    def submitted(self) -> list[AssessmentRound]:
        """The latest two submitted rounds of the rubric, newest first (where it stands)."""
        submitted = [
            r for r in self.rounds if r.status == "submitted" and r.framework.slug == RUBRIC
        ]
        return sorted(submitted, key=lambda r: r.submitted_at, reverse=True)[:2]

    @cached_property
    def levels(self) -> dict[int, dict]:
        """The team's levels (rubrics.selectors.consensus_levels) of the rounds the home
        shows, read together: the latest two submitted and the open ones (1 query)."""
        return consensus_levels([r.pk for r in self.submitted] + [r.pk for r in self.drafts])

    @cached_property
    def rated(self) -> dict[tuple[int, int], int]:
        """(round, rater) → dimensions rated, in the open rounds."""
        if not self.drafts:
            return {}
        # Every open round of the district (those the person reads are a part of them).
        rows = compiled(
            ("home-rated",),
            lambda district_id: (
                Rating.objects.filter(
                    district_id=district_id, round__status="draft", level__isnull=False
                )
                .values("round_id", "rater_id")
                .annotate(n=Count("pk"))
                .values_list("round_id", "rater_id", "n")
            ),
        ).rows(district_id=self.access.district.pk)
        return {(round_id, rater_id): n for round_id, rater_id, n in rows}


def district_standing(access, reads: HomeReads | None = None) -> Standing:
    """The latest two submitted rounds the person reads (shared with them), their levels
    (2 queries, or 1 with the rounds already read; 1 when there is none)."""
    reads = reads or HomeReads(access)
    rounds = reads.submitted
    if not rounds:
        return Standing(None, None, [], [])
    columns, _ = rubric_columns()  # kept in memory with the frameworks' text
    levels = reads.levels
    latest, previous = [*rounds, None][:2]
    before = levels.get(previous.pk, {}) if previous else {}
    return Standing(latest, previous, list(columns), _cells(columns, levels[latest.pk], before))


@dataclass
class RoundProgress:
    """An open round as its team sees it: who has rated how many dimensions, and how many
    the team has agreed on."""

    round: AssessmentRound
    total: int
    raters: list[tuple[str, int]]  # each lead and member of the district, by name
    agreed: int

    @property
    def everyone_rated(self) -> bool:
        return bool(self.raters) and all(n >= self.total for _, n in self.raters)


def team_progress(access, reads: HomeReads | None = None) -> list[RoundProgress]:
    """The district's open rounds with each team member's progress (the team's own business:
    only for the district's team; 3 queries with the rounds read, 2 with the district's
    memberships read for the page's people section, none with no open round)."""
    reads = reads or HomeReads(access)
    drafts = reads.drafts
    if not drafts:
        return []
    team = reads.team
    # The dimensions the team has agreed on, of each open round (read with the levels of
    # where the district stands).
    agreed = {r.pk: len(reads.levels.get(r.pk, {})) for r in drafts}
    totals = dimension_counts()
    return [
        RoundProgress(
            round=r,
            total=totals.get(r.framework_id, 0),
            raters=[
                (m.user.full_name or m.user.email, reads.rated.get((r.pk, m.user_id), 0))
                for m in team
            ],
            agreed=agreed.get(r.pk, 0),
        )
        for r in drafts
    ]


# ---------------------------------------------------------------- a district's next steps


@dataclass
class NextSteps:
    rounds_to_rate: list
    steps_due: list
    commitments: list = field(default_factory=list)  # open, of meetings, theirs

    def __bool__(self) -> bool:
        return bool(self.rounds_to_rate or self.steps_due or self.commitments)


def district_next_steps(reads: HomeReads, *, can_write: bool) -> NextSteps:
    """What the person should do next in the district: rounds they have not finished rating,
    their steps overdue or due within two weeks, and the meeting commitments they own still
    open (2 queries with the rounds and ratings read,
    and the frameworks' sizes when they are not in memory; none for readers)."""
    if not can_write:
        return NextSteps([], [])
    user = reads.user
    totals = dimension_counts() if reads.drafts else {}  # kept in memory with the frameworks
    rounds = []
    for r in reads.drafts:
        r.total = totals.get(r.framework_id, 0)
        r.mine = reads.rated.get((r.pk, user.pk), 0)
        if r.mine < r.total:
            rounds.append(r)
    steps = compiled(
        ("home-steps",),
        lambda district_id, user_id, soon: (
            ActionStep.objects.filter(
                district_id=district_id, coordinator_id=user_id, due_date__lte=soon
            )
            .exclude(status=ActionStep.Status.DONE)
            .select_related("plan")
            .order_by("due_date")
        ),
    ).objects(
        district_id=reads.access.district.pk,
        user_id=user.pk,
        soon=timezone.localdate() + timedelta(days=14),
    )
    return NextSteps(rounds, steps, open_commitments_in(reads.access, user))
