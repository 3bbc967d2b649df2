"""What of the self-assessment keeps a history of its changes (the history app): a person's
own rating and the team's rating of a dimension, each read by whoever reads it (a rating by
the district alone, a team rating as its round is shared), evidence text only by who reads
evidence."""

from history.kinds import Kind
from rubrics.models import ConsensusRating, Rating

RATING_FIELDS = ("level", "evidence", "next_steps")
EVIDENCE = frozenset({"evidence", "next_steps"})

KINDS = (
    Kind(
        key="rating",
        model=Rating,
        label="Rating",
        title=lambda r: f"{r.dimension.name}: {r.rater}’s own rating, {r.round.title}",
        fields=RATING_FIELDS,
        evidence=EVIDENCE,
    ),
    Kind(
        key="team-rating",
        model=ConsensusRating,
        label="Team rating",
        title=lambda c: f"{c.dimension.name}: the team’s rating, {c.round.title}",
        fields=RATING_FIELDS,
        evidence=EVIDENCE,
    ),
)
