"""What of the self-assessment can carry files and links (the evidence app): each rater's
own rating (the rater adds to it) and the team rating (the leads add to it). Both are
evidence beside levels: read by whoever reads the rating and reads evidence text."""

from evidence.kinds import Kind, leads
from rubrics.models import ConsensusRating, Rating
from rubrics.services import round_url


def _rating_url(rating: Rating) -> str:
    return round_url(rating.round, "rate") + f"#dimension-{rating.dimension.code}"


def _team_rating_url(rating: ConsensusRating) -> str:
    return round_url(rating.round) + f"#dimension-{rating.dimension.code}"


KINDS = (
    Kind(
        slug="rating",
        model=Rating,
        label="rating",
        may_change=lambda access, rating, user: access.can_write and rating.rater_id == user.pk,
        url=_rating_url,
        title=lambda r: f"{r.dimension.name}: your rating in “{r.round.title}”",
        is_evidence=True,
    ),
    Kind(
        slug="team-rating",
        model=ConsensusRating,
        label="team rating",
        may_change=leads,
        url=_team_rating_url,
        title=lambda r: f"{r.dimension.name}: the team rating of “{r.round.title}”",
        is_evidence=True,
    ),
)
