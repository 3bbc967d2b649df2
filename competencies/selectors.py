"""Reads of the graduation competencies. Callers pass districts opened through the access layer."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from competencies.checks import Finding, count_findings, criterion_findings
from competencies.models import Competency, Indicator
from competencies.services import scale_for
from districts.models import District


def competency_set(district: District) -> QuerySet[Competency]:
    """The district's competencies in outline order, with indicators, objectives and criteria
    (4 queries)."""
    return (
        Competency.objects.filter(district=district)
        .order_by("-kind", "content_area", "position", "pk")  # school-wide first
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("position", "pk").prefetch_related(
                    "objectives", "criteria"
                ),
            )
        )
    )


@dataclass
class Area:
    """A run of competencies of one kind and content area, with the findings about it."""

    kind: str
    name: str
    findings: list[Finding]
    competencies: list[Competency]


@dataclass
class Review:
    """The set with the design guide applied: findings per item and a summary."""

    labels: list[str]
    competencies: list[Competency]
    by_item: dict = field(default_factory=dict)

    @property
    def areas(self) -> list[Area]:
        areas: list[Area] = []
        for competency in self.competencies:
            key = competency.content_area or None
            if not areas or (areas[-1].kind, areas[-1].name) != (
                competency.get_kind_display(),
                competency.content_area,
            ):
                areas.append(
                    Area(
                        competency.get_kind_display(),
                        competency.content_area,
                        self.findings_of(key),
                        [],
                    )
                )
            areas[-1].competencies.append(competency)
        return areas

    def findings_of(self, item) -> list[Finding]:
        return self.by_item.get(item, [])

    @property
    def all_findings(self) -> list[tuple[object, Finding]]:
        return [(item, f) for item, findings in self.by_item.items() for f in findings]

    @property
    def summary(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for _, finding in self.all_findings:
            counts[finding.title] = counts.get(finding.title, 0) + 1
        return sorted(counts.items())


def review(district: District) -> Review:
    """Apply every check of the design guide to the district's whole set."""
    scale = scale_for(district)
    labels = scale.labels
    competencies = list(competency_set(district))
    result = Review(labels=labels, competencies=competencies)
    result.by_item.update(count_findings(competencies))
    for competency in competencies:
        competency.findings = result.findings_of(competency)
        competency.indicator_list = list(competency.indicators.all())
        for indicator in competency.indicator_list:
            texts = {c.level: c.text for c in indicator.criteria.all()}
            indicator.criteria_texts = [texts.get(level, "") for level in range(1, len(labels) + 1)]
            indicator.criteria_cells = list(zip(labels, indicator.criteria_texts, strict=True))
            indicator.findings = criterion_findings(
                indicator.criteria_texts, labels, indicator.text, scale.taxonomy
            )
            if indicator.findings:
                result.by_item[indicator] = indicator.findings
    return result
