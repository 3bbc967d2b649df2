"""Plan endpoints: the long-term plan and its cells, action plans and steps, the policy
checklist and engagement activities. Leads and members write; viewers and coaches read."""

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
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
from planning.forms import ENGAGEMENT_FIELDS, STEP_FIELDS
from planning.models import (
    ActionPlan,
    ActionStep,
    EngagementActivity,
    LongTermPlan,
    PlanCell,
    PolicyReview,
    Strand,
)
from planning.selectors import plan_of
from planning.services import (
    action_step_add,
    action_step_remove,
    action_step_update,
    plan_cell_save,
    plan_set_horizon,
    policy_add,
    policy_remove,
    policy_update,
)
from schools.api import SchoolsField
from schools.models import School


class PlanSerializer(serializers.ModelSerializer):
    horizon = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    first_year = serializers.IntegerField(min_value=2000, max_value=2100)
    years = serializers.IntegerField(min_value=1, max_value=10)

    class Meta:
        model = LongTermPlan
        fields = ["first_year", "years", "horizon"]


@extend_schema_view(
    retrieve=extend_schema(parameters=[DISTRICT]), update=extend_schema(parameters=[DISTRICT])
)
class PlanViewSet(DistrictScopedViewSet):
    """The long-term plan's horizon: the Junes it looks ahead to."""

    audience = staticmethod(District.plan_audience)

    model = LongTermPlan
    serializer_class = PlanSerializer
    pagination_class = None
    filter_backends = []

    def pick_object(self, queryset):
        return queryset.first()  # one plan per district

    def retrieve(self, request, *args, **kwargs):
        return Response(PlanSerializer(self.get_object()).data)

    def update(self, request, *args, **kwargs):
        serializer = PlanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            plan = plan_set_horizon(
                district=self.access.district,
                acting_user=request.user,
                **serializer.validated_data,
            )
        except ValidationError as error:
            raise as_api_error(error) from error
        return Response(PlanSerializer(plan).data)


class CellSerializer(DistrictFields, serializers.ModelSerializer):
    district_fields = {"schools": School}
    slot = serializers.SerializerMethodField(help_text="{year}-{strand}: the cell's address.")
    year = serializers.IntegerField(read_only=True)
    strand = serializers.ChoiceField(choices=Strand.choices, read_only=True)
    target = serializers.CharField(allow_blank=True, max_length=10_000, required=False)
    notes = serializers.CharField(allow_blank=True, max_length=10_000, required=False)
    schools = SchoolsField()

    class Meta:
        model = PlanCell
        fields = ["slot", "year", "strand", "target", "status", "notes", "schools", "version"]
        read_only_fields = ["version"]

    def get_slot(self, cell) -> str:
        return f"{cell.year}-{cell.strand}"


@extend_schema_view(
    list=extend_schema(parameters=[DISTRICT], responses=CellSerializer(many=True)),
    retrieve=extend_schema(parameters=[DISTRICT]),
    update=extend_schema(parameters=[DISTRICT]),
    partial_update=extend_schema(parameters=[DISTRICT]),
)
class PlanCellViewSet(ConditionalWrites, DistrictScopedViewSet):
    """The grid of the long-term plan: one cell per June of the horizon and strand, addressed
    as {year}-{strand}. A cell not written yet has version 0 (write it with If-Match: "0")."""

    audience = staticmethod(District.plan_audience)

    model = PlanCell
    serializer_class = CellSerializer
    lookup_field = "slot"
    lookup_value_regex = r"\d{4}-[a-z_]+"
    pagination_class = None
    filter_backends = []

    def _plan(self) -> LongTermPlan:
        plan = plan_of(self.access)
        if plan is None:
            raise Http404(NOT_FOUND_MESSAGE)
        return plan

    def _grid(self, plan) -> dict[tuple[int, str], PlanCell]:
        cells = {(c.year, c.strand): c for c in self.get_queryset().filter(plan=plan)}
        return {
            (year, strand): cells.get((year, strand))
            or PlanCell(plan=plan, year=year, strand=strand, version=0)
            for year in plan.horizon
            for strand in Strand.values
        }

    def scope(self, queryset):
        return queryset.prefetch_related("schools")

    def list(self, request, *args, **kwargs):
        cells = self._grid(self._plan()).values()
        return Response(
            CellSerializer(cells, many=True, context=self.get_serializer_context()).data
        )

    def pick_object(self, queryset):
        year, _, strand = self.kwargs["slot"].partition("-")
        return self._grid(self._plan()).get((int(year), strand))  # unwritten: version 0

    def retrieve(self, request, *args, **kwargs):
        return Response(
            CellSerializer(self.get_object(), context=self.get_serializer_context()).data
        )

    def update(self, request, *args, partial=False, **kwargs):
        cell = self.get_object()
        expected = self.check_if_match(cell.version)
        context = self.get_serializer_context()
        serializer = CellSerializer(data=request.data, partial=partial, context=context)
        serializer.is_valid(raise_exception=True)
        values = {"target": "", "status": PlanCell.Status.NOT_STARTED, "notes": "", "schools": []}
        if partial:  # what it leaves out stays as it is
            values = {"target": cell.target, "status": cell.status, "notes": cell.notes}
        values.update(serializer.validated_data)
        saved = self.save_versioned(
            lambda: plan_cell_save(
                plan=cell.plan,
                year=cell.year,
                strand=cell.strand,
                expected_version=expected,
                acting_user=request.user,
                **values,
            )
        )
        return Response(CellSerializer(saved, context=context).data)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


class StepSerializer(DistrictFields, serializers.ModelSerializer):
    district_fields = {"plan": ActionPlan, "schools": School}
    plan = serializers.SlugRelatedField(slug_field="code", queryset=ActionPlan.objects.none())
    coordinator = MemberField()
    schools = SchoolsField()
    description = serializers.CharField(max_length=10_000)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ActionStep
        fields = [
            "code",
            "plan",
            "position",
            *STEP_FIELDS,
            "is_overdue",
            "version",
            "updated_at",
        ]
        read_only_fields = ["code", "position", "version", "updated_at"]
        extra_kwargs = {
            name: {"max_length": 10_000}
            for name in ("evidence", "participants", "external_support", "resources")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        access = self.context.get("access")
        if access is not None and not access.reads_evidence:
            self.fields.pop("evidence")  # the cohort's facilitators read no evidence text


class ActionPlanSerializer(serializers.ModelSerializer):
    strands = serializers.ListField(
        child=serializers.ChoiceField(choices=Strand.choices), required=False
    )
    goal = serializers.CharField(max_length=300, validators=[one_line])
    rationale = serializers.CharField(max_length=10_000, allow_blank=True, required=False)
    strategy = serializers.CharField(max_length=10_000, allow_blank=True, required=False)

    class Meta:
        model = ActionPlan
        fields = ["code", "goal", "rationale", "strategy", "strands", "created_at", "updated_at"]
        read_only_fields = ["code", "created_at", "updated_at"]


@district_schema
class ActionPlanViewSet(viewsets.ModelViewSet, DistrictScopedViewSet):
    """Action plans after the seed's template."""

    audience = staticmethod(District.plan_audience)

    model = ActionPlan
    serializer_class = ActionPlanSerializer
    ordering = ["created_at"]

    def perform_create(self, serializer):
        serializer.save(district=self.access.district, created_by=self.request.user)


@district_schema
class ActionStepViewSet(ConditionalWrites, viewsets.ModelViewSet, DistrictScopedViewSet):
    """Steps of the district's action plans. Changing or deleting one needs If-Match."""

    audience = staticmethod(District.plan_audience)

    model = ActionStep
    serializer_class = StepSerializer
    ordering_fields = ["due_date", "position"]
    ordering = ["plan", "position"]

    filterset_fields = ["status", "plan__code", "schools__code"]

    def scope(self, queryset):
        return queryset.select_related("plan", "coordinator").prefetch_related("schools")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        plan = data.pop("plan")
        try:
            serializer.instance = action_step_add(plan=plan, acting_user=self.request.user, **data)
        except ValidationError as error:
            raise as_api_error(error) from error

    def perform_update(self, serializer):
        step = serializer.instance
        expected = self.check_if_match(step.version)
        data = dict(serializer.validated_data)
        if data.pop("plan", step.plan) != step.plan:
            raise serializers.ValidationError({"plan": ["A step cannot move to another plan."]})
        serializer.instance = self.save_versioned(
            lambda: action_step_update(
                step=step, expected_version=expected, acting_user=self.request.user, **data
            )
        )

    def perform_destroy(self, instance):
        self.check_if_match(instance.version)
        action_step_remove(step=instance, acting_user=self.request.user)


class PolicySerializer(serializers.ModelSerializer):
    area = serializers.CharField(max_length=200, validators=[one_line])
    notes = serializers.CharField(max_length=10_000, allow_blank=True, required=False)
    link = serializers.URLField(
        max_length=200, allow_blank=True, required=False, validators=[one_line]
    )

    class Meta:
        model = PolicyReview
        fields = [
            "code",
            "area",
            "policy_codes",
            "is_standard",
            "status",
            "last_reviewed",
            "notes",
            "link",
            "version",
            "updated_at",
        ]
        read_only_fields = ["code", "is_standard", "version", "updated_at"]


@district_schema
class PolicyViewSet(ConditionalWrites, viewsets.ModelViewSet, DistrictScopedViewSet):
    """The policy review checklist. Changes need If-Match; the seed's areas stay."""

    audience = staticmethod(District.plan_audience)

    model = PolicyReview
    serializer_class = PolicySerializer
    filterset_fields = ["status", "is_standard"]
    ordering = ["position"]

    def perform_create(self, serializer):
        try:
            serializer.instance = policy_add(
                district=self.access.district,
                acting_user=self.request.user,
                **serializer.validated_data,
            )
        except ValidationError as error:
            raise as_api_error(error) from error

    def perform_update(self, serializer):
        policy = serializer.instance
        expected = self.check_if_match(policy.version)
        serializer.instance = self.save_versioned(
            lambda: policy_update(
                policy=policy,
                expected_version=expected,
                acting_user=self.request.user,
                **serializer.validated_data,
            )
        )

    def perform_destroy(self, instance):
        self.check_if_match(instance.version)
        try:
            policy_remove(policy=instance, acting_user=self.request.user)
        except ValidationError as error:
            raise as_api_error(error) from error


class EngagementSerializer(serializers.ModelSerializer):
    title = serializers.CharField(max_length=200, validators=[one_line])

    class Meta:
        model = EngagementActivity
        fields = [
            "code",
            *ENGAGEMENT_FIELDS,
            "created_at",
        ]
        read_only_fields = ["code", "created_at"]
        extra_kwargs = {
            name: {"max_length": 10_000} for name in ("participants", "missing_voices", "outcome")
        }


@district_schema
class EngagementViewSet(viewsets.ModelViewSet, DistrictScopedViewSet):
    """Community engagement activities on the spectrum Informing → Deciding Together."""

    audience = staticmethod(District.plan_audience)

    model = EngagementActivity
    serializer_class = EngagementSerializer
    filterset_fields = ["spectrum"]
    ordering = ["-date"]

    def perform_create(self, serializer):
        serializer.save(district=self.access.district, created_by=self.request.user)
