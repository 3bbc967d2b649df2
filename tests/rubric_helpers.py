import json

from django.urls import reverse

from rubrics.management.commands.load_frameworks import FRAMEWORKS_DIR
from rubrics.models import AssessmentRound, Dimension, Framework, Level
from rubrics.services import consensus_save, framework_load, round_open, round_submit


def load_rubric(slug: str = "district-self-assessment") -> Framework:
    data = json.loads((FRAMEWORKS_DIR / f"{slug}.json").read_text(encoding="utf-8"))
    return framework_load(data=data)[0]


def dimensions_of(framework: Framework) -> list[Dimension]:
    return list(
        Dimension.objects.filter(domain__framework=framework)
        .select_related("domain")
        .order_by("domain__position", "position")
    )


def level(framework: Framework, position: int) -> Level:
    return framework.levels.get(position=position)


def rate(round_, person, dimension, position: int, *, evidence=""):
    """One person's own rating of one dimension, at the level of that position."""
    from rubrics.services import rating_save

    return rating_save(
        round_=round_,
        dimension=dimension,
        expected_version=0,
        level=level(round_.framework, position),
        evidence=evidence,
        next_steps="",
        acting_user=person,
    )


def agree_all(round_, lead, *, default: int = 1, positions: dict | None = None, evidence=""):
    """Record a team rating for every dimension: level `default`, or positions[i] for the
    i-th dimension."""
    framework = round_.framework
    for i, dimension in enumerate(dimensions_of(framework)):
        consensus_save(
            round_=round_,
            dimension=dimension,
            expected_version=0,
            level=level(framework, (positions or {}).get(i, default)),
            evidence=evidence,
            next_steps="",
            acting_user=lead,
        )


def open_round(
    district, lead, framework, title: str, *, sharing: str = "coaches", due_date=None
) -> AssessmentRound:
    """A draft round the lead opens (to be shared with `sharing` on submission)."""
    return round_open(
        district=district,
        title=title,
        framework=framework,
        due_date=due_date,
        sharing=sharing,
        acting_user=lead,
    )


def submitted_round(
    district, lead, framework, *, title: str, sharing: str = "coaches", **agree
) -> AssessmentRound:
    """A round opened, agreed on every dimension and submitted by the lead."""
    round_ = open_round(district, lead, framework, title, sharing=sharing)
    agree_all(round_, lead, **agree)
    return round_submit(round_=round_, sharing=sharing, acting_user=lead)


def url(round_, name="round", **kwargs):
    """A URL of the round's pages."""
    return reverse(
        f"rubrics:{name}",
        kwargs={"district": round_.district.code, "round_code": round_.code, **kwargs},
    )


def save(client, round_, dimension, *, version, level=None, evidence="", mode="rate", json=True):
    """A rating (or, mode="consensus", the team's) posted as the page's form or autosave does."""
    prefix = f"d{dimension.code}"
    data = {
        f"{prefix}-version": version,
        f"{prefix}-level": level.position if level else "",
        f"{prefix}-evidence": evidence,
        f"{prefix}-next_steps": "",
    }
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    name = "rate_dimension" if mode == "rate" else "consensus_dimension"
    return client.post(url(round_, name, dimension=dimension.code), data, **headers)
