"""Peer matching across a cohort: for each dimension where a district is Initiating or
Developing (its latest submitted round), the districts of its cohorts that rate Performing on
it in their latest round shared with the cohort: levels only, as the cohort reads them, with
their problems of practice on related topics that they shared with the cohort.

The district's team reads its own peers (dashboards:peers); a cohort's facilitators read the
same as pairing suggestions for the cohort and put pairs on a meeting's agenda
(dashboards:cohort).

A cohort of two hundred districts has tens of thousands of such pairs, so nothing here pairs
every district with every other: the districts strong on each dimension are listed once
(`SharedLevels.strong`), a district's candidates on a dimension are that list, ranked
(`ranked`), and pages show the best few of each with a way to the rest. Every read is a few
queries whatever the size of the cohort, and the work grows with the districts times the
dimensions.
"""

import zlib
from collections import defaultdict
from dataclasses import dataclass, field

from districts.models import Audience, Cohort, District
from meetings.models import ProblemOfPractice, Topic
from rubrics.models import AssessmentRound
from rubrics.selectors import RUBRIC, Column, consensus_levels, rubric_columns

# The problems of practice related to each dimension (by its key), from the seed's list of
# topics: which issues a district working on that dimension raises.
TOPICS_OF = {
    "1.1": [Topic.STANDARDS],
    "1.2": [Topic.STANDARDS],
    "1.3": [Topic.ENGAGEMENT],
    "1.4": [Topic.HIGHER_ED],
    "2.1": [Topic.CRITERIA, Topic.NORMING],
    "2.2": [Topic.CRITERIA],
    "2.3": [Topic.CRITERIA, Topic.NORMING],
    "2.4": [Topic.POPULATIONS],
    "2.5": [Topic.HIGHER_ED, Topic.POPULATIONS],
    "2.6": [Topic.POPULATIONS],
    "2.7": [Topic.INTERVENTION, Topic.POPULATIONS],
    "2.8": [Topic.INTERVENTION],
    "3.1": [Topic.ENGAGEMENT],
    "3.2": [Topic.ENGAGEMENT],
    "3.3": [Topic.ENGAGEMENT, Topic.CRITERIA],
}

PEERS_SHOWN = 5  # a dimension's peers on a district's page before "all N"
PAIRS_SHOWN = 3  # a district's pairs among the facilitators' suggestions before "all N"


@dataclass
class Peer:
    district: District
    level: str
    round_title: str
    problems: list[ProblemOfPractice] = field(default_factory=list)


@dataclass
class PeerRow:
    column: Column
    level: str  # the district's own
    peers: list[Peer]  # the best few (PEERS_SHOWN), or all when one dimension is asked for
    total: int  # how many districts are strong on it


@dataclass
class SharedLevels:
    """What the districts of some cohorts share with them: each district's latest round
    shared with the cohort (with its district), that round's levels by dimension key, the
    problems of practice they shared, and per dimension the districts rating the top level
    on it, by name."""

    rounds: dict[int, AssessmentRound]  # district id → its latest shared round
    levels: dict[int, dict[str, tuple[int, str]]]  # round id → key → (position, name)
    problems: dict[int, list[ProblemOfPractice]]  # district id → shared problems, newest first
    strong: dict[str, list[int]]  # dimension key → district ids at the top level, by name
    top: int
    _grouped: dict = field(default_factory=dict)

    def level(self, district_id: int, key: str) -> tuple[int, str] | None:
        round_ = self.rounds.get(district_id)
        return self.levels.get(round_.pk, {}).get(key) if round_ else None

    def related(self, district_id: int, key: str) -> list[ProblemOfPractice]:
        topics = {str(t) for t in TOPICS_OF.get(key, [])}
        return [p for p in self.problems.get(district_id, []) if topics & set(p.topics)]

    def peer(self, district_id: int, key: str) -> Peer:
        round_ = self.rounds[district_id]
        return Peer(
            district=round_.district,
            level=self.levels[round_.pk][key][1],
            round_title=round_.title,
            problems=self.related(district_id, key),
        )

    def _groups(self, key: str) -> tuple[list[int], list[int]]:
        """The districts strong on a dimension: those that shared a problem of practice on
        a related topic, then the rest (each by name); worked out once a dimension."""
        if key not in self._grouped:
            strong = self.strong.get(key, [])
            with_problems = [pk for pk in strong if self.related(pk, key)]
            chosen = set(with_problems)
            self._grouped[key] = (with_problems, [pk for pk in strong if pk not in chosen])
        return self._grouped[key]

    def ranked(self, key: str, learner: District) -> list[int]:
        """The districts strong on a dimension, best first for this learner: those that
        shared a problem of practice on a related topic first (there is something to read),
        then the rest; each group starts at a place that depends on the learner, so that the
        same few districts are not the first suggestion of everyone."""
        ranked = []
        for group in self._groups(key):
            group = [pk for pk in group if pk != learner.pk]
            if group:
                start = _start(learner, key, len(group))
                ranked += group[start:] + group[:start]
        return ranked

    def first(self, key: str, learner: District, avoid: set[int] = frozenset()) -> int | None:
        """The first of ranked(key, learner) not in `avoid` (the first of all when every one
        is), without ranking them all: a few steps, since `avoid` is a few districts (the
        learner is not strong on a dimension it is learning)."""
        fallback = None
        for group in self._groups(key):
            if not group:
                continue
            start = _start(learner, key, len(group))
            for step in range(min(len(group), len(avoid) + 1)):
                found = group[(start + step) % len(group)]
                if found not in avoid:
                    return found
            fallback = fallback or group[start]
        return fallback


def _start(learner: District, key: str, size: int) -> int:
    return zlib.crc32(f"{learner.code}:{key}".encode()) % size


def _latest(rounds) -> dict[int, AssessmentRound]:
    latest = {}
    for round_ in rounds:  # newest first
        latest.setdefault(round_.district_id, round_)
    return latest


def shared_levels(cohorts: list[Cohort]) -> SharedLevels:
    """The districts of the cohorts as they share with them: levels only (three queries, and
    the rubric's columns when they are not in memory)."""
    _, levels = rubric_columns()
    top = max((level.position for level in levels), default=0)
    members = District.objects.filter(cohorts__in=cohorts).values("pk")
    rounds = _latest(
        AssessmentRound.objects.of_district()
        .filter(
            district__in=members,
            status=AssessmentRound.Status.SUBMITTED,
            shared_with=Audience.COHORT,
            framework__slug=RUBRIC,
        )
        .select_related("district")
        .order_by("-submitted_at", "-pk")
    )
    by_round = consensus_levels([r.pk for r in rounds.values()])
    problems = defaultdict(list)
    for problem in ProblemOfPractice.objects.filter(
        district_id__in=list(rounds), share_with_cohort=True, meeting__cohort__in=cohorts
    ).order_by("-pk"):
        problems[problem.district_id].append(problem)
    strong: dict[str, list[int]] = defaultdict(list)
    for district_id, round_ in sorted(rounds.items(), key=lambda item: item[1].district.name):
        for key, (position, _) in by_round.get(round_.pk, {}).items():
            if position >= top:
                strong[key].append(district_id)
    return SharedLevels(rounds, by_round, problems, strong, top)


def _weak(own: dict, top: int) -> list[Column]:
    """The dimensions where a district is below the top level, its weakest first (then in the
    rubric's order)."""
    columns, _ = rubric_columns()
    weak = [c for c in columns if c.key in own and own[c.key][0] < top]
    return sorted(weak, key=lambda c: own[c.key][0])


def peers_of(access, *, dimension: str = "") -> list[PeerRow]:
    """The district's own peers (its team), by the levels of its latest submitted round: per
    dimension the best few, or every one for the `dimension` asked for (its key)."""
    own_round = (
        AssessmentRound.objects.readable_in(access)
        .of_district()
        .filter(status=AssessmentRound.Status.SUBMITTED, framework__slug=RUBRIC)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    cohorts = list(Cohort.objects.filter(districts=access.district))
    if own_round is None or not cohorts:
        return []
    shared = shared_levels(cohorts)
    own = consensus_levels([own_round.pk]).get(own_round.pk, {})
    rows = []
    for column in _weak(own, shared.top):
        if dimension and column.key != dimension:
            continue
        ranked = shared.ranked(column.key, access.district)
        shown = ranked if dimension else ranked[:PEERS_SHOWN]
        if ranked:
            peers = [shared.peer(pk, column.key) for pk in shown]
            rows.append(PeerRow(column, own[column.key][1], peers, len(ranked)))
    return rows


@dataclass
class Pair:
    column: Column
    level: str  # the learner's
    peer: Peer
    learner: District | None = None  # named where the pair stands alone (suggested_pair)


@dataclass
class Pairing:
    district: District  # who may learn
    pairs: list[Pair]  # the best few (PAIRS_SHOWN), or all when the district is asked for
    total: int  # every pair suggested for it


def pairings(cohort: Cohort, *, shared: SharedLevels | None = None) -> list[Pairing]:
    """For the cohort's facilitators: each district that shares a round with the cohort and
    could learn from another, by name, with its best few pairs: on its weakest dimensions
    first, one suggestion a dimension (a few queries however many districts; the work grows
    with the districts times the dimensions)."""
    shared = shared or shared_levels([cohort])
    found = []
    for round_ in sorted(shared.rounds.values(), key=lambda r: r.district.name):
        own = shared.levels.get(round_.pk, {})
        pairs, total = [], 0
        for column in _weak(own, shared.top):
            total += len(shared.strong.get(column.key, []))
            if len(pairs) >= PAIRS_SHOWN:
                continue
            chosen = {pair.peer.district.pk for pair in pairs}  # a different district each
            if best := shared.first(column.key, round_.district, chosen):
                pairs.append(Pair(column, own[column.key][1], shared.peer(best, column.key)))
        if total:
            found.append(Pairing(round_.district, pairs, total))
    return found


def pairs_of(cohort: Cohort, district: District, *, shared: SharedLevels | None = None) -> list:
    """Every pair suggested for one district of the cohort, its weakest dimensions first, each
    dimension's peers ranked (empty when it shares no round with the cohort)."""
    shared = shared or shared_levels([cohort])
    round_ = shared.rounds.get(district.pk)
    if round_ is None:
        return []
    own = shared.levels.get(round_.pk, {})
    return [
        Pair(column, own[column.key][1], shared.peer(pk, column.key))
        for column in _weak(own, shared.top)
        for pk in shared.ranked(column.key, round_.district)
    ]


def suggested_pair(cohort: Cohort, district: str, peer: str, dimension: str) -> Pair | None:
    """The pair (district, peer, dimension key: as posted) if it is suggested now: the
    district below the top level on the dimension, the peer at it, both by what they share
    with the cohort; None otherwise."""
    shared = shared_levels([cohort])
    by_code = {r.district.code: pk for pk, r in shared.rounds.items()}
    learner, strong = by_code.get(district), by_code.get(peer)
    if learner is None or strong is None or learner == strong:
        return None
    own, theirs = shared.level(learner, dimension), shared.level(strong, dimension)
    if own is None or theirs is None or own[0] >= shared.top or theirs[0] < shared.top:
        return None
    columns, _ = rubric_columns()
    column = next((c for c in columns if c.key == dimension), None)
    if column is None:
        return None
    return Pair(column, own[1], shared.peer(strong, dimension), shared.rounds[learner].district)
