"""Peer matching across a cohort: for each dimension where a district is Initiating or
Developing (its latest submitted round), the districts of its cohorts that rate Performing on
it in their latest round shared with the cohort: levels only, as the cohort reads them, with
their problems of practice on related topics that they shared with the cohort.

The district's team reads its own peers (dashboards:peers); a cohort's facilitators read the
same as pairing suggestions for the cohort and put pairs on a meeting's agenda
(dashboards:cohort).
"""

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
    peers: list[Peer]


def _latest(rounds) -> dict[int, AssessmentRound]:
    latest = {}
    for round_ in rounds:  # newest first
        latest.setdefault(round_.district_id, round_)
    return latest


def _strong_peers(cohorts, exclude: set[int]):
    """The other districts of the cohorts with, for each, its latest round shared with the
    cohort and that round's levels by dimension key; and their problems shared with the
    cohort, by district (four queries)."""
    others = District.objects.filter(cohorts__in=cohorts).exclude(pk__in=exclude).distinct()
    shared = _latest(
        AssessmentRound.objects.filter(
            district__in=others,
            status=AssessmentRound.Status.SUBMITTED,
            shared_with=Audience.COHORT,
            framework__slug=RUBRIC,
        )
        .select_related("district")
        .order_by("-submitted_at", "-pk")
    )
    levels = consensus_levels([r.pk for r in shared.values()])
    problems = defaultdict(list)
    for problem in ProblemOfPractice.objects.filter(
        district_id__in=list(shared), share_with_cohort=True, meeting__cohort__in=cohorts
    ).order_by("-pk"):
        problems[problem.district_id].append(problem)
    return shared, levels, problems


def _rows(own_levels: dict, shared, levels, problems, top: int) -> list[PeerRow]:
    columns, _ = rubric_columns()
    rows = []
    for column in columns:
        mine = own_levels.get(column.key)
        if mine is None or mine[0] >= top:
            continue  # not rated, or already Performing
        related = {str(t) for t in TOPICS_OF.get(column.key, [])}
        peers = [
            Peer(
                district=round_.district,
                level=levels[round_.pk][column.key][1],
                round_title=round_.title,
                problems=[p for p in problems.get(district_id, []) if related & set(p.topics)],
            )
            for district_id, round_ in shared.items()
            if levels.get(round_.pk, {}).get(column.key, (0, ""))[0] >= top
        ]
        if peers:
            rows.append(PeerRow(column=column, level=mine[1], peers=peers))
    return rows


def _top() -> int:
    _, levels = rubric_columns()
    return max((level.position for level in levels), default=0)


def peers_of(access) -> list[PeerRow]:
    """The district's own peers (its team): by the levels of its latest submitted round."""
    own = (
        AssessmentRound.objects.readable_in(access)
        .filter(status=AssessmentRound.Status.SUBMITTED, framework__slug=RUBRIC)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    cohorts = list(Cohort.objects.filter(districts=access.district))
    if own is None or not cohorts:
        return []
    shared, levels, problems = _strong_peers(cohorts, {access.district.pk})
    return _rows(consensus_levels([own.pk]).get(own.pk, {}), shared, levels, problems, _top())


@dataclass
class Pairing:
    district: District  # who may learn
    rows: list[PeerRow]


def pairings(cohort: Cohort) -> list[Pairing]:
    """For the cohort's facilitators: every district's peers within the cohort, by what each
    shares with the cohort (the same levels only; a few queries however many districts)."""
    shared, levels, problems = _strong_peers([cohort], set())
    top = _top()
    found = []
    for district_id, round_ in sorted(shared.items(), key=lambda item: item[1].district.name):
        others = {k: v for k, v in shared.items() if k != district_id}
        rows = _rows(levels.get(round_.pk, {}), others, levels, problems, top)
        if rows:
            found.append(Pairing(district=round_.district, rows=rows))
    return found
