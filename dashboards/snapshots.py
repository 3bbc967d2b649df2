"""Board snapshots (dashboards.models.BoardSnapshot): publishing, revoking, and what the
public page shows, exactly the parts the lead chose, as the district's own team reads them."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from dashboards.models import BoardSnapshot
from dashboards.selectors import Standing, district_standing
from districts.access import as_the_board_reads
from districts.services import hash_token
from measures.selectors import shown_measures
from measures.status import rule_text
from planning.selectors import action_plans, plan_grid, plan_of
from rubrics.models import ConsensusRating

MAX_DAYS = 365
VIEWS_PER_MINUTE = 30  # per address: a board meeting's audience, not a crawler


def snapshot_publish(
    *, district, title: str, parts: dict, days: int, acting_user, measures=()
) -> tuple[BoardSnapshot, str]:
    """A new snapshot and its link's token (shown once), with the chosen measures of the
    district (each with its chart)."""
    title = title.strip()
    errors = {}
    if not title:
        errors["title"] = "Give it a title, for example “Report to the school board, March”."
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = f"Choose between 1 and {MAX_DAYS} days."
    if any(m.district_id != district.pk for m in measures):
        errors["measures"] = "Choose among the district's own measures."
    if not any(parts.values()) and not measures:
        errors["show_levels"] = "Choose at least one part to show."
    if errors:
        raise ValidationError(errors)
    token = secrets.token_urlsafe(32)
    snapshot = BoardSnapshot.objects.create(
        district=district,
        title=title[:200],
        token_hash=hash_token(token),
        expires_at=timezone.now() + timedelta(days=days),
        created_by=acting_user,
        **{key: bool(value) for key, value in parts.items()},
    )
    snapshot.measures.set(measures)
    return snapshot, token


def snapshot_revoke(*, snapshot: BoardSnapshot, acting_user) -> None:
    if snapshot.revoked_at is None:
        BoardSnapshot.objects.filter(pk=snapshot.pk).update(
            revoked_at=timezone.now(), revoked_by=acting_user
        )


def snapshot_by_token(token: str) -> BoardSnapshot | None:
    """The live snapshot of a link (None for an unknown, revoked or expired one)."""
    found = (
        BoardSnapshot.objects.filter(token_hash=hash_token(token))
        .select_related("district")
        .first()
    )
    return found if found is not None and found.live else None


def this_minute() -> int:
    """The window views are counted in: the minutes since the epoch."""
    return int(timezone.now().timestamp() // 60)


def too_many_views(address: str) -> bool:
    """More than VIEWS_PER_MINUTE from one address in the current minute."""
    key = f"board-views:{address}:{this_minute()}"
    cache.add(key, 0, 120)
    try:
        return cache.incr(key) > VIEWS_PER_MINUTE
    except ValueError:
        return False


def snapshot_viewed(snapshot: BoardSnapshot) -> None:
    BoardSnapshot.objects.filter(pk=snapshot.pk).update(
        views=F("views") + 1, last_viewed_at=timezone.now()
    )


@dataclass
class SnapshotContent:
    standing: Standing | None
    evidence: list[tuple[str, str, str]]  # (dimension, level, evidence)
    grid: list | None
    plans: list | None
    measures: list = ()  # (measure, its points, its chart)
    rule: str = ""


def snapshot_content(snapshot: BoardSnapshot) -> SnapshotContent:
    """The chosen parts, as the district's team reads them (its latest submitted round, its
    plan); nothing that was not chosen is read at all."""
    access = as_the_board_reads(snapshot.district)
    standing = district_standing(access) if snapshot.show_levels or snapshot.show_evidence else None
    evidence = []
    if snapshot.show_evidence and standing:
        evidence = [
            (c.dimension.name, c.level.name if c.level else "Not rated", c.evidence)
            for c in ConsensusRating.objects.filter(round=standing.round)
            .select_related("dimension", "level")
            .order_by("dimension__domain__position", "dimension__position")
            if c.evidence
        ]
    grid = plan_grid(plan_of(access)) if snapshot.show_plan else None
    plans = list(action_plans(snapshot.district)) if snapshot.show_actions else None
    return SnapshotContent(
        standing=standing if snapshot.show_levels else None,
        evidence=evidence,
        grid=grid,
        plans=plans,
        measures=shown_measures(access, snapshot.measures.all()),
        rule=rule_text(),
    )
