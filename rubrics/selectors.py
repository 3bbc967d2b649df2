"""Reads of the self-assessment. Callers pass objects opened through districts.access."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.safestring import SafeString

from accounts.models import User
from config.compiled import compiled
from districts.access import SCHOOL_TEAM, relation_rows
from districts.models import District
from rubrics.models import (
    AssessmentRound,
    Comment,
    CommentsSeen,
    ConsensusRating,
    Descriptor,
    Dimension,
    Domain,
    Framework,
    Level,
    Rating,
    framework_generation,
)


@dataclass
class DimensionRow:
    dimension: Dimension
    descriptors: list[Descriptor]
    rating: Rating | ConsensusRating | None = None
    spread: list[int] = field(default_factory=list)  # raters per level, in level order
    divergent: bool = False
    # Each teammate's own rating (the team rating page: the district's team only), each with
    # its files and links (`files`, set by rubrics.views._with_teammates_files).
    teammates: list[Rating] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    # Set with a rating form (rubrics.views._rating_forms): what the form shows.
    form: object = None
    chosen_level: int | None = None
    evidence: str = ""
    next_steps: str = ""
    version: int | str | None = 0
    conflict: object = None  # the newer saved version, when a save lost a race
    # The rating's files and links (evidence.selectors.ItemEvidence), and who may add.
    files: object = None
    files_may_change: bool = False

    @property
    def rater_count(self) -> int:
        """How many teammates chose a level of this dimension on their own."""
        return sum(self.spread)

    @property
    def spread_summary(self) -> str:
        """The levels teammates chose, with how many chose each ("Initiating 2, Performing 1");
        levels nobody chose are left out."""
        return ", ".join(
            f"{descriptor.level.name} {count}" for descriptor, count in self.choices if count
        )

    @property
    def choices(self) -> list[tuple[Descriptor, int | None]]:
        """Each level's descriptor with how many raters chose it (None: spread not shown)."""
        spread = self.spread or [None] * len(self.descriptors)
        return list(zip(self.descriptors, spread, strict=True))

    @property
    def level_cards(self) -> SafeString:
        """The level cards of the rating form (a radio, its label, the descriptor, the spread)
        made in Python: the template loop over 15 dimensions × 3 levels cost more than the
        rest of the rating page."""
        code, prefix = _escaped(self.dimension.code), _escaped(self.form.prefix)
        cards = []
        for descriptor, count in self.choices:
            level = int(descriptor.level.position)
            described = f"d{code}-t{level}" if descriptor.text else ""
            checked = " checked" if self.chosen_level == level else ""
            aria = f' aria-describedby="{described}"' if described else ""
            text = (
                f'<p id="{described}" class="descriptor">{_escaped(descriptor.text)}</p>'
                if described
                else ""
            )
            spread = (
                f'<p class="spread">{int(count)} rater{"" if count == 1 else "s"}</p>'
                if count is not None
                else ""
            )
            cards.append(
                f'<div class="level-card"><input type="radio" name="{prefix}-level" '
                f'value="{level}" id="d{code}-l{level}"{checked}{aria}><label '
                f'for="d{code}-l{level}">{_escaped(descriptor.level.name)}</label>{text}{spread}'
                "</div>"
            )
        return SafeString("".join(cards))


def _escaped(value) -> str:
    """What django.utils.html.escape makes of a value, without its wrappers for lazy text
    (the level cards escape some 150 values a page: the wrappers cost more than escaping)."""
    return escape(str(value))


@dataclass
class Sheet:
    framework: Framework
    levels: list[Level]
    domains: list[tuple[Domain, list[DimensionRow]]]

    @property
    def rows(self) -> list[DimensionRow]:
        return [row for _, rows in self.domains for row in rows]

    @property
    def rated_count(self) -> int:
        return sum(1 for row in self.rows if row.rating is not None and row.rating.level_id)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def divergent_count(self) -> int:
        return sum(1 for row in self.rows if row.divergent)


def current_frameworks() -> list[Framework]:
    """The latest version of each framework, for opening a new round."""
    latest = Framework.objects.filter(slug=OuterRef("slug")).order_by("-version").values("pk")[:1]
    return list(Framework.objects.filter(pk=Subquery(latest)).order_by("name"))


# A framework's text (levels, domains, dimensions, descriptors) is loaded from data files and
# changes only through the admin, before rounds use it: every page that shows a rubric reads
# it from this process's memory, under the frameworks' cache generation (a save or delete of
# any of those rows starts a new one; see RubricsConfig.ready).
_kept: dict[tuple, object] = {}
_KEPT_LIMIT = 64


def framework_text_forget() -> None:
    """Drop this process's copies of the frameworks' text (tests: "nothing kept")."""
    _kept.clear()


def _kept_or_made(name: str, make):
    key = (name, framework_generation.current())
    value = _kept.get(key)
    if value is None:
        value = make()
        if len(_kept) >= _KEPT_LIMIT:
            _kept.clear()
        _kept[key] = value
    return value


def _framework_text(framework_id: int):
    levels = tuple(Level.objects.filter(framework_id=framework_id).order_by("position"))
    domains = (
        Domain.objects.filter(framework_id=framework_id)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "dimensions",
                queryset=Dimension.objects.order_by("position").prefetch_related(
                    Prefetch(
                        "descriptors",
                        queryset=Descriptor.objects.select_related("level").order_by(
                            "level__position"
                        ),
                    )
                ),
            )
        )
    )
    return levels, tuple(
        (domain, tuple((dim, tuple(dim.descriptors.all())) for dim in domain.dimensions.all()))
        for domain in domains
    )


def dimension_counts() -> dict[int, int]:
    """The number of dimensions of each framework (kept in memory; 1 query when not)."""
    return _kept_or_made(
        "dimension-counts",
        lambda: dict(
            Dimension.objects.order_by()
            .values("domain__framework")
            .annotate(n=Count("pk"))
            .values_list("domain__framework", "n")
        ),
    )


def framework_sheet(framework: Framework) -> Sheet:
    """The framework's levels, domains, dimensions and descriptors in order (kept in memory;
    4 queries when not)."""
    levels, domains = _kept_or_made(f"sheet:{framework.pk}", lambda: _framework_text(framework.pk))
    return Sheet(
        framework=framework,
        levels=list(levels),
        domains=[
            (domain, [DimensionRow(dimension=dim, descriptors=list(texts)) for dim, texts in rows])
            for domain, rows in domains
        ],
    )


def rating_sheet(round_: AssessmentRound, rater: User) -> Sheet:
    """The rubric with the person's own ratings of the round (district team only)."""
    sheet = framework_sheet(round_.framework)
    ratings = compiled(
        ("rating-sheet",),
        lambda round_id, rater_id: Rating.objects.filter(
            round_id=round_id, rater_id=rater_id
        ).select_related("level"),
    ).objects(round_id=round_.pk, rater_id=rater.pk)
    mine = {r.dimension_id: r for r in ratings}
    for row in sheet.rows:
        row.rating = mine.get(row.dimension.pk)
    return sheet


def consensus_sheet(
    round_: AssessmentRound, *, with_spread: bool, with_comments: bool = False
) -> Sheet:
    """The rubric with the team's consensus; with_spread adds how many raters chose each level
    (no names), flags dimensions whose raters are two or more levels apart, and lists each
    teammate's own rating (level, evidence, next steps) beside the team's. All of it comes
    from individual ratings and is only for the district's own team (never coaches or the
    cohort: the caller opens the consensus page for the district's audience only)."""
    sheet = framework_sheet(round_.framework)
    consensus = {
        c.dimension_id: c
        for c in ConsensusRating.objects.filter(round=round_).select_related("level", "updated_by")
    }
    counts: dict[int, Counter] = defaultdict(Counter)
    teammates: dict[int, list[Rating]] = defaultdict(list)
    if with_spread:
        for rating in (
            Rating.objects.filter(round=round_)
            .select_related("level", "rater")
            .order_by("rater__full_name", "rater__email")
        ):
            if rating.level_id is None and not (rating.evidence or rating.next_steps):
                continue  # opened, nothing written
            teammates[rating.dimension_id].append(rating)
            if rating.level_id is not None:
                counts[rating.dimension_id][rating.level.position] += 1
    comments: dict[int | None, list[Comment]] = defaultdict(list)
    if with_comments:
        for comment in round_comments(round_):
            comments[comment.dimension_id].append(comment)
    for row in sheet.rows:
        row.rating = consensus.get(row.dimension.pk)
        if with_spread:
            spread = counts.get(row.dimension.pk, Counter())
            row.spread = [spread.get(level.position, 0) for level in sheet.levels]
            chosen = [position for position, n in spread.items() if n]
            row.divergent = bool(chosen) and max(chosen) - min(chosen) >= 2
            row.teammates = teammates.get(row.dimension.pk, [])
        row.comments = comments.get(row.dimension.pk, [])
    sheet.round_comments = comments.get(None, [])
    return sheet


def round_comments(round_: AssessmentRound) -> QuerySet[Comment]:
    """Top-level comments with their replies, oldest first (2 queries)."""
    return (
        Comment.objects.filter(round=round_, reply_to__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=Comment.objects.select_related("author")))
    )


def rounds_visible(district: District, user: User) -> QuerySet[AssessmentRound]:
    """The district's own rounds (not its schools') the person may see (drafts: the team
    only), newest first, with their progress."""
    return _with_progress(
        AssessmentRound.objects.visible_to(user)
        .of_district()
        .filter(district=district)
        .select_related("framework", "submitted_by", "reviewed_by")
    )


def _with_progress(rounds: QuerySet[AssessmentRound]) -> QuerySet[AssessmentRound]:
    """Each round with how many dimensions have the team's rating (`agreed`) of how many
    (`dimension_total`), newest first: in the rounds' own query."""
    return rounds.annotate(
        agreed=Count("consensus", filter=Q(consensus__level__isnull=False), distinct=True),
        dimension_total=Subquery(
            Dimension.objects.filter(domain__framework=OuterRef("framework"))
            .values("domain__framework")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
    ).order_by("-created_at", "-pk")


def readable_rounds(access) -> QuerySet[AssessmentRound]:
    """The district's rounds (its own and its schools') its opener may read, by their
    sharing; a school's people, of the schools' rounds, only their own schools'."""
    return own_schools_only(access, AssessmentRound.objects.readable_in(access))


def own_schools_only(access, rounds: QuerySet[AssessmentRound]) -> QuerySet[AssessmentRound]:
    """Of these rounds of the district, those its opener reaches: a school's people, of the
    schools' rounds, their own schools' only (as access_school answers); everyone else all."""
    if not access.rule.school_only:
        return rounds
    mine = relation_rows(access.person_id, SCHOOL_TEAM, district=access.district)
    return rounds.filter(Q(school__isnull=True) | Q(school__in=mine.values("school_id")))


def school_rounds_of(access, *, school=None) -> QuerySet[AssessmentRound]:
    """The district's schools' rounds its opener may read (drafts: the district's team and
    the school's people; submitted ones as each is shared; a school's people only their own
    schools'), or one school's, newest first, with their school, framework and progress: one
    query."""
    rounds = readable_rounds(access).of_schools()
    if school is not None:
        rounds = rounds.filter(school=school)
    return _with_progress(rounds.select_related("school", "framework"))


def last_reading(district: District, user: User):
    """When the person last read comments of one of the district's rounds (None: never):
    what they have not read can change only with the comments (the district's work) or this."""
    rows = compiled(
        ("last-reading",),
        lambda district_id, user_id: (
            CommentsSeen.objects.filter(district_id=district_id, user_id=user_id)
            .order_by("-seen_at")
            .values_list("seen_at")[:1]
        ),
    ).rows(district_id=district.pk, user_id=user.pk)
    return rows[0][0] if rows else None


def unread_comment_count(access, user: User) -> int:
    """Comments by others on the rounds of the district (opened through the access layer)
    the person may see, newer than when they last read that round's comments."""
    return compiled(
        access.compiled_key("unread-comments"),
        lambda district_id, user_id: _unread_comments(access.stand_in(district_id), user_id),
    ).count(district_id=access.district.pk, user_id=user.pk)


def _unread_comments(access, user_id: int) -> QuerySet[Comment]:
    seen = CommentsSeen.objects.filter(round=OuterRef("round"), user_id=user_id).values("seen_at")[
        :1
    ]
    rounds = AssessmentRound.objects.readable_in(access).values("pk")
    return (
        Comment.objects.readable_in(access)
        .filter(round__in=rounds)
        .exclude(author_id=user_id)
        .annotate(seen_at=Subquery(seen))
        .filter(Q(seen_at__isnull=True) | Q(created_at__gt=F("seen_at")))
    )


@dataclass
class ComparedDimension:
    dimension: Dimension
    before: Level | None
    after: Level | None

    @property
    def change(self) -> str:
        if self.before is None or self.after is None:
            return "not rated"
        if self.after.position > self.before.position:
            return "growth"
        if self.after.position < self.before.position:
            return "regression"
        return "same"


@dataclass
class ComparedDomain:
    domain: Domain
    rows: list[ComparedDimension]

    def count(self, change: str) -> int:
        return sum(1 for row in self.rows if row.change == change)

    @property
    def growth(self) -> int:
        return self.count("growth")

    @property
    def same(self) -> int:
        return self.count("same")

    @property
    def regression(self) -> int:
        return self.count("regression")


def compare_rounds(
    earlier: AssessmentRound | None,
    later: AssessmentRound,
    *,
    later_ratings: list[ConsensusRating] | None = None,
) -> list[ComparedDomain]:
    """Per dimension the consensus level then and now, by domain (nothing then when there is
    no earlier round). Rounds of different framework versions are matched by the dimension's
    key, which a renamed dimension keeps. `later_ratings`: the later round's consensus ratings
    with their levels, when the caller has them already."""
    sheet = framework_sheet(later.framework)
    if later_ratings is None:
        later_ratings = ConsensusRating.objects.filter(round=later).select_related("level")
    levels = {c.dimension_id: c.level for c in later_ratings}
    before_by_key = (
        {
            c.dimension.key: c.level
            for c in ConsensusRating.objects.filter(round=earlier).select_related(
                "level", "dimension"
            )
        }
        if earlier
        else {}
    )
    return [
        ComparedDomain(
            domain=domain,
            rows=[
                ComparedDimension(
                    dimension=row.dimension,
                    before=before_by_key.get(row.dimension.key),
                    after=levels.get(row.dimension.pk),
                )
                for row in rows
            ],
        )
        for domain, rows in sheet.domains
    ]


# ---------------------------------------------------------------- across rounds

RUBRIC = "district-self-assessment"


@dataclass
class Column:
    key: str  # the dimension's key (Dimension.key): stable across framework versions
    domain: str
    name: str
    position: int

    @property
    def sort_key(self) -> str:
        return f"dim-{self.position}"


def rubric_columns(slug: str = RUBRIC) -> tuple[list[Column], list[Level]]:
    """The dimensions and levels of the current version of a framework (by default the
    district self-assessment rubric), kept in memory like the framework's text; 3 queries
    when not."""
    columns, levels = _kept_or_made(f"columns:{slug}", lambda: _rubric_columns(slug))
    return list(columns), list(levels)


def _rubric_columns(slug: str):
    framework = Framework.objects.filter(slug=slug).order_by("-version").first()
    if framework is None:
        return (), ()
    dims = Dimension.objects.filter(domain__framework=framework).select_related("domain")
    columns = tuple(
        Column(d.key, d.domain.name, d.name, i)
        for i, d in enumerate(dims.order_by("domain__position", "position"), start=1)
    )
    return columns, tuple(framework.levels.order_by("position"))


def consensus_levels(round_ids) -> dict[int, dict[str, tuple[int, str]]]:
    """round id → {dimension key: (level position, level name)}, whatever the version of
    the framework each round was rated on."""
    levels: dict[int, dict] = defaultdict(dict)
    for round_id, key, position, name in _consensus_levels(list(round_ids)):
        levels[round_id][key] = (position, name)
    return levels


def _consensus_levels(round_ids: list[int]) -> list[tuple]:
    """The rows, for one to four rounds (a district's home: its latest two submitted and its
    open ones; a heat row) compiled once for each number of rounds."""
    read = ConsensusRating.objects.filter(level__isnull=False).values_list(
        "round_id", "dimension__key", "level__position", "level__name"
    )
    if not 1 <= len(round_ids) <= 4:
        return list(read.filter(round_id__in=round_ids))
    ids = {f"round_{i}": pk for i, pk in enumerate(round_ids)}
    return compiled(
        ("consensus-levels", len(ids)),
        lambda **ids: read.filter(round_id__in=list(ids.values())),
    ).rows(**ids)


@dataclass
class Trend:
    rounds: list[AssessmentRound]
    columns: list[Column]
    levels: list[Level]
    series: dict[str, list[int | None]]  # per dimension key, a level per round

    def growth(self, column: Column) -> int | None:
        known = [v for v in self.series[column.key] if v is not None]
        return known[-1] - known[0] if len(known) >= 2 else None

    @property
    def domains(self) -> list[tuple[str, list[float | None]]]:
        """Each domain's average level per round."""
        result: dict[str, list[list[int]]] = {}
        for column in self.columns:
            per_round = result.setdefault(column.domain, [[] for _ in self.rounds])
            for i, value in enumerate(self.series[column.key]):
                if value is not None:
                    per_round[i].append(value)
        return [
            (domain, [round(sum(v) / len(v), 1) if v else None for v in values])
            for domain, values in result.items()
        ]

    @property
    def rows(self) -> list[tuple[Column, list[int | None], int | None]]:
        return [(c, self.series[c.key], self.growth(c)) for c in self.columns]


def district_trend(district: District, user: User) -> Trend:
    """Each dimension's team level across the district's submitted rounds that the person may
    see, oldest first (5 queries)."""
    columns, levels = rubric_columns()
    rounds = list(
        AssessmentRound.objects.visible_to(user)
        .of_district()
        .filter(district=district, status="submitted", framework__slug=RUBRIC)
        .order_by("submitted_at")
    )
    by_round = consensus_levels([r.pk for r in rounds])
    series = {
        c.key: [by_round.get(r.pk, {}).get(c.key, (None, ""))[0] for r in rounds] for c in columns
    }
    return Trend(rounds=rounds, columns=columns, levels=levels, series=series)


ANSWER_WINDOW_DAYS = 30


def threads_waiting(user: User, *, team: set[int], coached: set[int], since) -> list[Comment]:
    """Threads of comments waiting for the person's answer, their last message written since
    `since`: in the districts where they reply for the team (`team`: a lead or member), a
    coach's thread whose last message is a coach's (the team has not answered since); in
    the districts they coach (`coached`),
    their own threads whose last message is the team's. Only of rounds the person reads now
    (visible_to), 1 query. Each thread has `last_at`."""
    from django.db.models import DateTimeField, IntegerField
    from django.db.models.functions import Coalesce

    last = Comment.objects.filter(reply_to=OuterRef("pk")).order_by("-created_at", "-pk")
    threads = (
        Comment.objects.visible_to(user)
        .filter(
            reply_to=None,
            district__in=team | coached,
            round__in=AssessmentRound.objects.visible_to(user).values("pk"),
        )
        .annotate(
            last_author=Coalesce(
                Subquery(last.values("author")[:1]), F("author"), output_field=IntegerField()
            ),
            last_at=Coalesce(
                Subquery(last.values("created_at")[:1]),
                F("created_at"),
                output_field=DateTimeField(),
            ),
        )
        .filter(last_at__gte=since)
        .select_related("round__district", "dimension")
    )

    def waits(thread: Comment) -> bool:
        if thread.district_id in team and thread.author_id != user.pk:
            return thread.last_author == thread.author_id  # the coach wrote last
        if thread.district_id in coached and thread.author_id == user.pk:
            return thread.last_author != user.pk  # the team answered
        return False

    return [thread for thread in threads if waits(thread)]
