"""Competency endpoints: competencies, performance indicators (with their scoring criteria,
one text per level of the district's scale) and learning objectives."""

from django.core.exceptions import ValidationError
from rest_framework import serializers, viewsets

from api.base import DistrictFields, DistrictScopedViewSet, as_api_error, district_schema
from competencies.models import Competency, Indicator, Objective
from competencies.services import (
    competency_save,
    criteria_save,
    indicator_save,
    objective_save,
    scale_for,
)
from districts.validators import one_line


class CompetencySerializer(serializers.ModelSerializer):
    title = serializers.CharField(max_length=300, validators=[one_line])
    content_area = serializers.CharField(
        max_length=100, allow_blank=True, required=False, validators=[one_line]
    )
    statement = serializers.CharField(max_length=10_000, allow_blank=True, required=False)

    class Meta:
        model = Competency
        fields = ["code", "kind", "content_area", "title", "statement", "position"]
        read_only_fields = ["code", "position"]


@district_schema
class CompetencyViewSet(viewsets.ModelViewSet, DistrictScopedViewSet):
    """The district's graduation competencies."""

    model = Competency
    serializer_class = CompetencySerializer
    filterset_fields = ["kind", "content_area"]
    ordering = ["-kind", "content_area", "position"]

    def perform_create(self, serializer):
        serializer.instance = self._save(serializer.validated_data)

    def perform_update(self, serializer):
        data = {
            "kind": serializer.instance.kind,
            "content_area": serializer.instance.content_area,
            "title": serializer.instance.title,
            "statement": serializer.instance.statement,
            **serializer.validated_data,
        }
        serializer.instance = self._save(data, competency=serializer.instance)

    def _save(self, data, competency=None):
        try:
            return competency_save(
                district=self.access.district,
                acting_user=self.request.user,
                competency=competency,
                **data,
            )
        except ValidationError as error:
            raise as_api_error(error) from error


class CriteriaField(serializers.ListField):
    """The indicator's criteria as a list, one text per level of the district's scale."""

    def __init__(self, **kwargs):
        super().__init__(
            child=serializers.CharField(max_length=10_000, allow_blank=True),
            source="*",
            required=False,
            max_length=6,
            help_text="One text per level of the district's scale, lowest first.",
            **kwargs,
        )

    def to_representation(self, indicator):
        texts = {c.level: c.text for c in indicator.criteria.all()}
        return [texts.get(level, "") for level in range(1, self.context["levels"] + 1)]

    def to_internal_value(self, data):
        return {"criteria": super().to_internal_value(data)}


class IndicatorSerializer(DistrictFields, serializers.ModelSerializer):
    district_fields = {"competency": Competency}
    competency = serializers.SlugRelatedField(slug_field="code", queryset=Competency.objects.none())
    text = serializers.CharField(max_length=10_000)
    criteria = CriteriaField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "competency",
            "label",
            "text",
            "standards",
            "pathway",
            "required_for_graduation",
            "position",
            "criteria",
        ]
        read_only_fields = ["code", "position"]


@district_schema
class IndicatorViewSet(viewsets.ModelViewSet, DistrictScopedViewSet):
    """Performance indicators with their scoring criteria."""

    model = Indicator
    serializer_class = IndicatorSerializer
    filterset_fields = ["competency__code"]
    ordering = ["competency", "position"]

    def scope(self, queryset):
        return queryset.select_related("competency").prefetch_related("criteria")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "district" in context:
            context["levels"] = len(scale_for(context["district"]).labels)
        return context

    def _save(self, data, indicator=None):
        criteria = data.pop("criteria", None)
        competency = data.pop("competency", indicator.competency if indicator else None)
        if indicator and competency != indicator.competency:
            raise serializers.ValidationError(
                {"competency": ["An indicator cannot move to another competency."]}
            )
        fields = {
            "label": indicator.label if indicator else "",
            "text": indicator.text if indicator else "",
            "standards": indicator.standards if indicator else "",
            "pathway": indicator.pathway if indicator else None,
            "required_for_graduation": bool(indicator and indicator.required_for_graduation),
            **data,
        }
        try:
            saved = indicator_save(
                competency=competency,
                acting_user=self.request.user,
                indicator=indicator,
                **fields,
            )
            if criteria is not None:
                criteria_save(indicator=saved, texts=criteria, acting_user=self.request.user)
        except ValidationError as error:
            raise as_api_error(error) from error
        return saved

    def perform_create(self, serializer):
        serializer.instance = self._save(dict(serializer.validated_data))

    def perform_update(self, serializer):
        serializer.instance = self._save(
            dict(serializer.validated_data), indicator=serializer.instance
        )


class ObjectiveSerializer(DistrictFields, serializers.ModelSerializer):
    district_fields = {"indicator": Indicator}
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.none())
    text = serializers.CharField(max_length=1000, validators=[one_line])

    class Meta:
        model = Objective
        fields = ["code", "indicator", "text", "position"]
        read_only_fields = ["code", "position"]


@district_schema
class ObjectiveViewSet(viewsets.ModelViewSet, DistrictScopedViewSet):
    """Learning objectives of the indicators."""

    model = Objective
    serializer_class = ObjectiveSerializer
    filterset_fields = ["indicator__code"]
    ordering = ["indicator", "position"]

    def scope(self, queryset):
        return queryset.select_related("indicator")

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, objective=serializer.instance)

    def _save(self, serializer, objective=None):
        data = serializer.validated_data
        indicator = data.get("indicator", objective.indicator if objective else None)
        if objective and indicator != objective.indicator:
            raise serializers.ValidationError(
                {"indicator": ["An objective cannot move to another indicator."]}
            )
        try:
            serializer.instance = objective_save(
                indicator=indicator,
                acting_user=self.request.user,
                objective=objective,
                text=data.get("text", objective.text if objective else ""),
            )
        except ValidationError as error:
            raise as_api_error(error) from error
