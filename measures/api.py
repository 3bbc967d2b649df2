"""Measure endpoints: the plan's measures with their targets and status, and their data
points. They follow the plan's audience; leads and members write. A measure and a data point
are edited together: changing one needs If-Match (412 when stale). Every answer carries the
measure's status, worked out once per request."""

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.response import Response

from api.base import (
    DISTRICT,
    ConditionalWrites,
    DistrictFields,
    DistrictScopedViewSet,
    MemberField,
    as_api_error,
    district_schema,
)
from districts.access import NOT_FOUND_MESSAGE
from districts.models import District
from districts.validators import one_line
from measures.models import VALUE, DataPoint, Measure
from measures.selectors import judge, judged, with_latest
from measures.services import (
    MEASURE_FIELDS,
    measure_create,
    measure_remove,
    measure_update,
    point_add,
    point_correct,
)
from measures.status import Status
from planning.models import ActionPlan, PlanCell
from planning.selectors import plan_of
from rubrics.models import Dimension
from schools.models import School


class TargetSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    value = serializers.DecimalField(**VALUE)


class StandingSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    label = serializers.CharField(read_only=True)
    latest_value = serializers.DecimalField(**VALUE, allow_null=True)
    latest_date = serializers.DateField(allow_null=True)
    expected = serializers.DecimalField(
        max_digits=20,
        decimal_places=2,
        allow_null=True,
        help_text="Where the line from the baseline to the next target is on the latest date.",
    )
    target_year = serializers.IntegerField(allow_null=True)


def standing_data(standing) -> dict:
    """The status as the schema says it (values as decimal strings)."""
    return StandingSerializer(
        {
            "status": standing.status.value,
            "label": standing.label,
            "latest_value": standing.latest_value,
            "latest_date": standing.latest_date,
            "expected": round(standing.expected, 2) if standing.expected is not None else None,
            "target_year": standing.target.year if standing.target else None,
        }
    ).data


# What the API answers of an edited row's version and times, never written through it.
STAMPS = ["version", "created_at", "updated_at"]


class MeasureSerializer(DistrictFields, serializers.ModelSerializer):
    district_fields = {"milestone": PlanCell, "action_plan": ActionPlan}
    name = serializers.CharField(max_length=200, validators=[one_line])
    counts = serializers.CharField(max_length=10_000, allow_blank=True, required=False)
    milestone = serializers.SlugRelatedField(
        slug_field="code", queryset=PlanCell.objects.none(), required=False, allow_null=True
    )
    action_plan = serializers.SlugRelatedField(
        slug_field="code", queryset=ActionPlan.objects.none(), required=False, allow_null=True
    )
    dimension = serializers.SlugRelatedField(
        slug_field="code", queryset=Dimension.objects.all(), required=False, allow_null=True
    )
    owner = MemberField()
    targets = TargetSerializer(many=True, required=False)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Measure
        fields = [
            "code",
            *MEASURE_FIELDS,
            "targets",
            "status",
            *STAMPS,
        ]
        read_only_fields = ["code", *STAMPS]

    @extend_schema_field(StandingSerializer)
    def get_status(self, measure) -> dict:
        return standing_data(measure.standing)

    def to_representation(self, measure):
        data = super().to_representation(measure)
        data["targets"] = [{"year": t.year, "value": f"{t.value:.2f}"} for t in measure.target_list]
        return data


@district_schema
class MeasureViewSet(
    ConditionalWrites,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    DistrictScopedViewSet,
):
    """The plan's measures of success. Changing or deleting one needs If-Match."""

    audience = staticmethod(District.plan_audience)

    model = Measure
    serializer_class = MeasureSerializer
    filterset_fields = ["strand", "kind"]
    ordering = ["strand", "name"]

    def scope(self, queryset):
        return with_latest(queryset).prefetch_related("targets")

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        judge(rows, {m.pk: sorted(m.targets.all(), key=lambda t: t.year) for m in rows})
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def get_serializer(self, *args, **kwargs):
        if args and isinstance(args[0], Measure) and not hasattr(args[0], "standing"):
            judge([args[0]], {args[0].pk: sorted(args[0].targets.all(), key=lambda t: t.year)})
        return super().get_serializer(*args, **kwargs)

    @staticmethod
    def _values(data: dict) -> dict:
        data = dict(data)
        data["targets"] = {t["year"]: t["value"] for t in data.pop("targets", [])}
        return data

    def perform_create(self, serializer):
        plan = plan_of(self.access)
        if plan is None:
            raise serializers.ValidationError(
                {"detail": ["Set the plan's years first: a measure has a target for each June."]}
            )
        try:
            measure = measure_create(
                district=self.access.district,
                plan=plan,
                acting_user=self.request.user,
                **self._values(serializer.validated_data),
            )
        except ValidationError as error:
            raise as_api_error(error) from error
        serializer.instance = judged(measure)

    def perform_update(self, serializer):
        measure = serializer.instance
        expected = self.check_if_match(measure.version)
        values = self._values(serializer.validated_data)
        if "targets" not in serializer.validated_data:
            values["targets"] = {t.year: t.value for t in measure.target_list}
        saved = self.save_versioned(
            lambda: measure_update(
                measure=measure,
                expected_version=expected,
                acting_user=self.request.user,
                **values,
            )
        )
        serializer.instance = judged(saved)

    def perform_destroy(self, instance):
        self.check_if_match(instance.version)
        measure_remove(measure=instance, acting_user=self.request.user)


class PointSerializer(DistrictFields, serializers.ModelSerializer):
    district_fields = {"school": School}
    value = serializers.DecimalField(**VALUE)
    school = serializers.SlugRelatedField(
        slug_field="code",
        queryset=School.objects.none(),
        required=False,
        allow_null=True,
        help_text="For a measure kept per school: the code of the school the value is of "
        "(given when it is added; a point stays its school's).",
        error_messages={"does_not_exist": "No school of this district has the code {value}."},
    )
    reported = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="A point of the district's series rolled up from its schools': how many "
        "schools it rolls up (null for any other point).",
    )
    source = serializers.CharField(
        max_length=300, allow_blank=True, required=False, validators=[one_line]
    )
    note = serializers.CharField(max_length=10_000, allow_blank=True, required=False)
    from_round = serializers.BooleanField(
        source="from_round_id", read_only=True, help_text="Made from a submitted round."
    )
    measure_status = serializers.SerializerMethodField(
        help_text="The measure's status with this point."
    )

    class Meta:
        model = DataPoint
        fields = [
            "code",
            "value",
            "as_of",
            "source",
            "note",
            "school",
            "reported",
            "from_round",
            "measure_status",
            *STAMPS,
        ]
        read_only_fields = ["code", *STAMPS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        access = self.context.get("access")
        if access is not None and not access.reads_evidence:
            self.fields.pop("note")  # the cohort's facilitators read no notes beside data

    @extend_schema_field(StandingSerializer)
    def get_measure_status(self, point) -> dict:
        return standing_data(self.context["measure"].standing)

    def to_representation(self, point):
        data = super().to_representation(point)
        data["from_round"] = point.from_round_id is not None
        return data


@extend_schema_view(
    list=extend_schema(parameters=[DISTRICT]),
    create=extend_schema(parameters=[DISTRICT]),
    retrieve=extend_schema(parameters=[DISTRICT]),
    partial_update=extend_schema(parameters=[DISTRICT]),
)
class PointViewSet(
    ConditionalWrites,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    DistrictScopedViewSet,
):
    """A measure's data points, oldest first. Correcting one needs If-Match; the measure's
    page keeps every change."""

    audience = staticmethod(District.plan_audience)

    model = DataPoint
    serializer_class = PointSerializer
    lookup_url_kwarg = "point"
    ordering = ["as_of", "pk"]
    filterset_fields = ["school__code"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _measure(self) -> Measure:
        if not hasattr(self, "_the_measure"):
            found = (
                with_latest(Measure.objects.readable_in(self.access))
                .filter(code=self.kwargs["measure"])
                .first()
            )
            if found is None:
                raise Http404(NOT_FOUND_MESSAGE)
            self._the_measure = judge([found], {found.pk: list(found.targets.order_by("year"))})[0]
        return self._the_measure

    def scope(self, queryset):
        return queryset.filter(measure=self._measure()).select_related("school")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and hasattr(self, "access"):
            context["measure"] = self._measure()
        return context

    def _rejudge(self):
        del self._the_measure
        return self._measure()

    def perform_create(self, serializer):
        measure = self._measure()
        if measure.follows_dimension:
            raise serializers.ValidationError(
                {"detail": ["This measure follows a rubric dimension: its data come from rounds."]}
            )
        try:
            serializer.instance = point_add(
                measure=measure, acting_user=self.request.user, **serializer.validated_data
            )
        except ValidationError as error:
            raise as_api_error(error) from error
        serializer.context["measure"] = self._rejudge()

    def perform_update(self, serializer):
        point = serializer.instance
        if point.from_round_id:
            raise serializers.ValidationError(
                {"detail": ["A point made from a submitted round changes with the round."]}
            )
        expected = self.check_if_match(point.version)
        if serializer.validated_data.pop("school", point.school) != point.school:
            raise serializers.ValidationError({"school": ["A point stays its school's."]})
        values = {
            "value": point.value,
            "as_of": point.as_of,
            "source": point.source,
            "note": point.note,
        } | dict(serializer.validated_data)
        point.measure = self._measure()
        serializer.instance = self.save_versioned(
            lambda: point_correct(
                point=point, expected_version=expected, acting_user=self.request.user, **values
            )
        )
        serializer.context["measure"] = self._rejudge()
