"""The status of a measure, by one written rule (the pages print RULE_TEXT beside every
status): compare its latest value with the straight line from its baseline to its next
target, allowing a tolerance of a share of that span (settings.MEASURE_TOLERANCE).

Pure functions of values already read: callers read every measure's latest point and
targets in a fixed number of queries (measures.selectors), never one per measure."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models


class Status(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    NEEDS_DATA = "needs_data", "Needs data"
    NO_TARGET = "no_target", "No target yet"


# Each status with a word and a sign, so that none is told by colour alone.
SIGNS = {
    Status.ON_TRACK: "✓",
    Status.AT_RISK: "!",
    Status.OFF_TRACK: "✗",
    Status.NEEDS_DATA: "?",
    Status.NO_TARGET: "–",
}

CADENCE_DAYS = {"monthly": 31, "quarterly": 92, "twice_a_year": 183, "yearly": 366}


def tolerance_share() -> Decimal:
    return Decimal(str(settings.MEASURE_TOLERANCE))


def rule_text() -> str:
    share = f"{(tolerance_share() * 100).normalize():f} %"
    return (
        "Each measure is compared with the straight line from its baseline to its next "
        f"June target. On track: at or ahead of the line, or behind it by at most {share} "
        "of the distance from the baseline to the target. At risk: behind by up to twice "
        "that. Off track: further behind. Needs data: no value newer than its cadence "
        "(a month, a quarter, half a year or a year)."
    )


@dataclass(frozen=True)
class Standing:
    status: Status
    latest_value: Decimal | None
    latest_date: date | None
    expected: Decimal | None = None  # the line's value on the latest point's date
    target: object | None = None  # the Target it was judged against

    @property
    def label(self) -> str:
        return self.status.label

    @property
    def sign(self) -> str:
        return SIGNS[self.status]


def next_target(targets, on: date):
    """The first target whose June is not over on `on`, else the last one (None: none)."""
    ordered = sorted(targets, key=lambda t: t.year)
    for target in ordered:
        if target.due >= on:
            return target
    return ordered[-1] if ordered else None


def expected_on(measure, target, on: date) -> Decimal:
    """The straight line from the baseline (its date) to the target (its June), on a day."""
    start, end = measure.baseline_date, target.due
    if on <= start or end <= start:
        return measure.baseline_value if on < end else target.value
    if on >= end:
        return target.value
    share = Decimal((on - start).days) / Decimal((end - start).days)
    return measure.baseline_value + (target.value - measure.baseline_value) * share


def standing(measure, targets, latest_value, latest_date, *, today: date) -> Standing:
    """The measure's status from its latest point (None: none yet) and its targets."""
    due_within = timedelta(days=CADENCE_DAYS[measure.cadence])
    if latest_date is None or today - latest_date > due_within:
        return Standing(Status.NEEDS_DATA, latest_value, latest_date)
    target = next_target(targets, latest_date)
    if target is None:
        return Standing(Status.NO_TARGET, latest_value, latest_date)
    expected = expected_on(measure, target, latest_date)
    behind = expected - latest_value
    if measure.direction == "lower":
        behind = -behind
    allowed = abs(target.value - measure.baseline_value) * tolerance_share()
    if behind <= allowed:
        status = Status.ON_TRACK
    elif behind <= 2 * allowed:
        status = Status.AT_RISK
    else:
        status = Status.OFF_TRACK
    return Standing(status, latest_value, latest_date, expected, target)
