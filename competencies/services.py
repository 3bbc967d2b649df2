"""Writes of the graduation competencies. Callers have checked access (the district's leads and
members); these keep the set consistent and say why when they refuse."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from accounts.models import User
from competencies.models import (
    SCALE_PRESETS,
    Competency,
    Criterion,
    Indicator,
    Objective,
    ScoringScale,
)
from districts.models import District

STARTER = Path(__file__).resolve().parent / "starter.json"


def scale_for(district: District) -> ScoringScale:
    """The district's scale, Does Not Meet / Partially Meets / Meets / Exceeds by default."""
    scale, _ = ScoringScale.objects.get_or_create(
        district=district, defaults={"labels": SCALE_PRESETS["meets"]}
    )
    return scale


@transaction.atomic
def scale_set(
    *, district: District, labels: list[str], acting_user: User, taxonomy: str = ""
) -> ScoringScale:
    """Choose the scale's labels, lowest first (2 to 6). Fewer levels than criteria already
    written for is refused, so no criterion is lost."""
    labels = [label.strip() for label in labels if label.strip()]
    if not 2 <= len(labels) <= 6:
        raise ValidationError("A scale has 2 to 6 levels.")
    if len({label.lower() for label in labels}) != len(labels):
        raise ValidationError("Each level needs its own name.")
    written = Criterion.objects.filter(district=district, level__gt=len(labels)).exclude(text="")
    if written.exists():
        raise ValidationError(
            f"Criteria are written for level {written.order_by('-level').first().level}; "
            f"a scale of {len(labels)} levels would lose them. Clear them first."
        )
    scale = scale_for(district)
    scale.labels = labels
    if taxonomy:
        scale.taxonomy = taxonomy
    scale.save()
    return scale


def _next_position(queryset) -> int:
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


def _check_competency(district, kind, content_area, title, exclude=None) -> None:
    errors = {}
    if kind == Competency.Kind.CONTENT_AREA and not content_area.strip():
        errors["content_area"] = "Name the content area, e.g. Science."
    if kind == Competency.Kind.CROSS_CURRICULAR and content_area.strip():
        errors["content_area"] = "Cross-curricular competencies have no content area."
    same = Competency.objects.filter(
        district=district,
        kind=kind,
        content_area__iexact=content_area.strip(),
        title__iexact=title.strip(),
    )
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        errors["title"] = "There is already a competency with this title here."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def competency_save(
    *,
    district: District,
    acting_user: User,
    kind: str,
    title: str,
    content_area: str = "",
    statement: str = "",
    competency: Competency | None = None,
) -> Competency:
    """Add (competency None) or change a graduation competency."""
    _check_competency(district, kind, content_area, title, exclude=competency)
    if competency is None:
        competency = Competency(
            district=district,
            position=_next_position(Competency.objects.filter(district=district)),
        )
    competency.kind, competency.content_area = kind, content_area.strip()
    competency.title, competency.statement = title.strip(), statement
    competency.save()
    return competency


@transaction.atomic
def indicator_save(
    *,
    competency: Competency,
    acting_user: User,
    text: str,
    label: str = "",
    standards: str = "",
    pathway: int | None = None,
    required_for_graduation: bool = False,
    indicator: Indicator | None = None,
) -> Indicator:
    """Add (indicator None) or change a performance indicator of the competency."""
    if indicator is None:
        indicator = Indicator(
            district_id=competency.district_id,
            competency=competency,
            position=_next_position(competency.indicators.all()),
        )
    indicator.label, indicator.text = label.strip(), text.strip()
    indicator.standards = ", ".join(c.strip() for c in standards.split(",") if c.strip())
    if pathway is not None and pathway not in range(1, 6):
        raise ValidationError({"pathway": "Choose a pathway from 1 to 5."})
    indicator.pathway, indicator.required_for_graduation = pathway, required_for_graduation
    indicator.save()
    return indicator


def objective_save(
    *, indicator: Indicator, acting_user: User, text: str, objective: Objective | None = None
) -> Objective:
    """Add (objective None) or change a learning objective of the indicator."""
    if "\n" in text.strip():
        raise ValidationError({"text": "A learning objective is one line."})
    if objective is None:
        objective = Objective(
            district_id=indicator.district_id,
            indicator=indicator,
            position=_next_position(indicator.objectives.all()),
        )
    objective.text = text.strip()
    objective.save()
    return objective


@transaction.atomic
def criteria_save(*, indicator: Indicator, texts: list[str], acting_user: User) -> None:
    """The indicator's scoring criteria, one text per level of the district's scale."""
    labels = scale_for(indicator.district).labels
    if len(texts) != len(labels):
        raise ValidationError(f"Write one criterion per level ({len(labels)}).")
    for level, text in enumerate(texts, start=1):
        Criterion.objects.update_or_create(
            indicator=indicator,
            level=level,
            defaults={"text": text.strip(), "district_id": indicator.district_id},
        )


@transaction.atomic
def starter_copy(*, district: District, acting_user: User) -> int:
    """Copy the seed's sample indicators and criteria into the district's set. Competencies
    it already has (by title) are left alone. Returns how many competencies were added."""
    data = json.loads(STARTER.read_text(encoding="utf-8"))
    scale = scale_for(district)
    added = 0
    for item in data["competencies"]:
        exists = Competency.objects.filter(
            district=district,
            kind=item["kind"],
            content_area=item["content_area"],
            title=item["title"],
        ).exists()
        if exists:
            continue
        competency = competency_save(
            district=district,
            acting_user=acting_user,
            kind=item["kind"],
            content_area=item["content_area"],
            title=item["title"],
            statement=item["statement"],
        )
        for indicator_data in item["indicators"]:
            indicator = indicator_save(
                competency=competency,
                acting_user=acting_user,
                label=indicator_data["label"],
                text=indicator_data["text"],
                standards=indicator_data["standards"],
            )
            texts = indicator_data["criteria"][: len(scale.labels)]
            texts += [""] * (len(scale.labels) - len(texts))
            criteria_save(indicator=indicator, texts=texts, acting_user=acting_user)
        added += 1
    return added
