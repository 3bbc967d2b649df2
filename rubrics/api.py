"""Self-assessment endpoints: frameworks, rounds, the team's and the person's own ratings,
comments. The same roles and sharing rules as the pages (districts.access)."""

import uuid

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from api.base import (
    DISTRICT,
    ConditionalWrites,
    DistrictScopedViewSet,
    ThrottledFirst,
)
from districts.access import NOT_FOUND_MESSAGE
from districts.models import Audience
from meetings.models import Meeting
from rubrics.calibration import comparisons, readable_calibrations
from rubrics.models import (
    AssessmentRound,
    CoachCalibration,
    Comment,
    ConsensusRating,
    Descriptor,
    Dimension,
    Domain,
    Framework,
    Level,
    Rating,
)
from rubrics.selectors import current_frameworks, own_schools_only, readable_rounds
from rubrics.services import comment_add, consensus_save, rating_save, round_open

ROUND = OpenApiParameter(
    "round_code", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The round's code."
)
DIMENSION = OpenApiParameter(
    "dimension",
    OpenApiTypes.UUID,
    OpenApiParameter.PATH,
    description="The dimension's code (see the framework).",
)

# ---------------------------------------------------------------- frameworks


class DescriptorSerializer(serializers.ModelSerializer):
    level = serializers.IntegerField(source="level.position")

    class Meta:
        model = Descriptor
        fields = ["level", "text"]


class DimensionSerializer(serializers.ModelSerializer):
    descriptors = DescriptorSerializer(many=True)

    class Meta:
        model = Dimension
        fields = ["code", "position", "name", "descriptors"]


class DomainSerializer(serializers.ModelSerializer):
    dimensions = DimensionSerializer(many=True)

    class Meta:
        model = Domain
        fields = ["position", "name", "dimensions"]


class LevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Level
        fields = ["position", "name"]


class FrameworkSerializer(serializers.ModelSerializer):
    levels = LevelSerializer(many=True)
    domains = DomainSerializer(many=True)

    class Meta:
        model = Framework
        fields = ["code", "slug", "version", "name", "description", "levels", "domains"]


class FrameworkViewSet(ThrottledFirst, viewsets.ReadOnlyModelViewSet):
    """Rubric frameworks, with their levels, domains, dimensions and descriptors."""

    serializer_class = FrameworkSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9a-f-]{36}"
    queryset = Framework.objects.prefetch_related(
        "levels", "domains__dimensions__descriptors__level"
    ).order_by("slug", "-version")
    filterset_fields = ["slug"]


# ---------------------------------------------------------------- rounds


class RoundSerializer(serializers.ModelSerializer):
    framework = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Framework.objects.all(),
        help_text="The code of the current version of a framework.",
    )
    meeting = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Meeting.objects.none(),
        required=False,
        allow_null=True,
        help_text="The code of a meeting of one of the district's cohorts.",
    )
    agreed = serializers.IntegerField(read_only=True, help_text="Dimensions with a team rating.")
    school = serializers.UUIDField(
        source="school.code",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="The code of the school whose round this is; null for the district's own "
        "round. Schools' rounds are opened for many schools at once on the schools' rounds "
        "page.",
    )
    school_name = serializers.CharField(
        source="school.name", read_only=True, default="", help_text="The school's name."
    )

    class Meta:
        model = AssessmentRound
        fields = [
            "code",
            "title",
            "school",
            "school_name",
            "framework",
            "due_date",
            "meeting",
            "sharing",
            "status",
            "shared_with",
            "created_at",
            "submitted_at",
            "reviewed_at",
            "agreed",
        ]
        read_only_fields = [
            "code",
            "status",
            "shared_with",
            "created_at",
            "submitted_at",
            "reviewed_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        district = self.context.get("district")
        if district is not None:
            self.fields["meeting"].queryset = Meeting.objects.filter(cohort__districts=district)

    def validate_framework(self, framework):
        if framework.pk not in {f.pk for f in current_frameworks()}:
            raise serializers.ValidationError("Choose the current version of a framework.")
        return framework


class RoundFilter(django_filters.FilterSet):
    school = django_filters.CharFilter(
        method="of_school",
        help_text="A school's code: that school's rounds; `none`: the district's own rounds.",
    )

    class Meta:
        model = AssessmentRound
        fields = ["status"]

    def of_school(self, queryset, name, value):
        if value == "none":
            return queryset.of_district()
        try:
            code = uuid.UUID(value)
        except ValueError:
            return queryset.none()
        return queryset.filter(school__code=code)


@extend_schema_view(
    list=extend_schema(parameters=[DISTRICT]),
    retrieve=extend_schema(parameters=[DISTRICT]),
    create=extend_schema(parameters=[DISTRICT]),
)
class RoundViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    DistrictScopedViewSet,
):
    """The district's self-assessment rounds the person may see; leads open new ones."""

    model = AssessmentRound
    audience = Audience.COHORT
    write_right = "can_lead"
    lookup_url_kwarg = "round_code"
    serializer_class = RoundSerializer
    filterset_class = RoundFilter
    ordering_fields = ["created_at", "submitted_at", "title"]
    ordering = ["-created_at"]

    def scope(self, queryset):
        return (
            own_schools_only(self.access, queryset)
            .select_related("meeting", "school", "framework")
            .annotate(agreed=Count("consensus", filter=Q(consensus__level__isnull=False)))
        )

    def perform_create(self, serializer):
        serializer.instance = round_open(
            district=self.access.district,
            acting_user=self.request.user,
            title=serializer.validated_data["title"],
            framework=serializer.validated_data["framework"],
            due_date=serializer.validated_data.get("due_date"),
            sharing=serializer.validated_data.get("sharing", Audience.COACHES),
            meeting=serializer.validated_data.get("meeting"),
        )
        serializer.instance.agreed = 0


# ---------------------------------------------------------------- ratings


class RatingSerializer(serializers.Serializer):
    code = serializers.UUIDField(
        read_only=True,
        allow_null=True,
        help_text="The rating's code, for its files and links (/evidence/…/{code}/); null "
        "until it is first saved.",
    )
    dimension = serializers.UUIDField(read_only=True)
    dimension_name = serializers.CharField(read_only=True)
    level = serializers.IntegerField(
        allow_null=True,
        min_value=1,
        max_value=20,
        help_text="The level's position (1 is the first level); null: not rated.",
    )
    level_name = serializers.CharField(read_only=True)
    evidence = serializers.CharField(allow_blank=True, max_length=10_000, required=False)
    next_steps = serializers.CharField(allow_blank=True, max_length=10_000, required=False)
    version = serializers.IntegerField(read_only=True)


def _rating_data(dimension: Dimension, row, *, with_text: bool = True) -> dict:
    data = {
        "code": row.code if row else None,
        "dimension": dimension.code,
        "dimension_name": dimension.name,
        "level": row.level.position if row and row.level_id else None,
        "level_name": row.level.name if row and row.level_id else "",
        "evidence": row.evidence if row and with_text else "",
        "next_steps": row.next_steps if row and with_text else "",
        "version": row.version if row else 0,
    }
    return data


class RatingsOfRound(ConditionalWrites, DistrictScopedViewSet):
    """Base of the two rating resources: one entry per dimension of the round's framework."""

    serializer_class = RatingSerializer
    lookup_field = "dimension"
    lookup_value_regex = r"\d+"
    pagination_class = None
    filter_backends = []
    service = None

    def round(self) -> AssessmentRound:
        round_ = (
            readable_rounds(self.access)
            .filter(code=self.kwargs["round_code"])
            .select_related("framework")
            .first()
        )
        if round_ is None:
            raise Http404(NOT_FOUND_MESSAGE)
        return round_

    def rows(self, round_) -> dict[int, object]:
        raise NotImplementedError

    def dimensions(self, round_):
        return list(
            Dimension.objects.filter(domain__framework=round_.framework).order_by(
                "domain__position", "position"
            )
        )

    def list(self, request, *args, **kwargs):
        round_ = self.round()
        rows = self.rows(round_)
        return Response([self.present(d, rows.get(d.pk)) for d in self.dimensions(round_)])

    def _dimension(self, round_) -> Dimension:
        dimension = Dimension.objects.filter(
            code=self.kwargs["dimension"], domain__framework=round_.framework
        ).first()
        if dimension is None:
            raise Http404(NOT_FOUND_MESSAGE)
        return dimension

    def retrieve(self, request, *args, **kwargs):
        round_ = self.round()
        dimension = self._dimension(round_)
        return Response(self.present(dimension, self.rows(round_).get(dimension.pk)))

    def present(self, dimension, row) -> dict:
        return _rating_data(dimension, row)

    def update(self, request, *args, partial=False, **kwargs):
        round_ = self.round()
        dimension = self._dimension(round_)
        current = self.rows(round_).get(dimension.pk)
        expected = self.check_if_match(current.version if current else 0)
        serializer = RatingSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        level = current.level if (partial and "level" not in values and current) else None
        if "level" in values and values["level"] is not None:
            level = round_.framework.levels.filter(position=values["level"]).first()
            if level is None:
                raise serializers.ValidationError({"level": ["No such level in this framework."]})
        saved = self.save_versioned(
            lambda: type(self).service(
                round_=round_,
                dimension=dimension,
                expected_version=expected,
                level=level,
                evidence=values.get("evidence", current.evidence if partial and current else ""),
                next_steps=values.get(
                    "next_steps", current.next_steps if partial and current else ""
                ),
                acting_user=request.user,
            )
        )
        return Response(self.present(dimension, saved))

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


# The schema of both views of a round's ratings, one row a dimension.
ratings_schema = extend_schema_view(
    list=extend_schema(parameters=[DISTRICT, ROUND], responses=RatingSerializer(many=True)),
    retrieve=extend_schema(parameters=[DISTRICT, ROUND, DIMENSION]),
    update=extend_schema(parameters=[DISTRICT, ROUND, DIMENSION]),
    partial_update=extend_schema(parameters=[DISTRICT, ROUND, DIMENSION]),
)


@ratings_schema
class ConsensusViewSet(RatingsOfRound):
    """The team's rating of each dimension of a round; leads record it (If-Match required).
    The cohort sees levels only, never the evidence text."""

    model = ConsensusRating
    audience = Audience.COHORT
    write_right = "can_lead"
    service = staticmethod(consensus_save)

    def rows(self, round_):
        return {
            c.dimension_id: c
            for c in ConsensusRating.objects.readable_in(self.access)
            .filter(round=round_)
            .select_related("level")
        }

    def present(self, dimension, row):
        return _rating_data(dimension, row, with_text=self.access.reads_evidence)


@ratings_schema
class MyRatingsViewSet(RatingsOfRound):
    """The person's own rating of each dimension (leads and members; If-Match required)."""

    model = Rating
    audience = Audience.DISTRICT
    write_right = "can_write"
    service = staticmethod(rating_save)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.access.require(self.access.can_write)

    def rows(self, round_):
        return {
            r.dimension_id: r
            for r in Rating.objects.readable_in(self.access)
            .filter(round=round_, rater=self.request.user)
            .select_related("level")
        }


# ---------------------------------------------------------------- comments


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.full_name", read_only=True, default="")
    dimension = serializers.UUIDField(source="dimension.code", required=False, allow_null=True)
    reply_to = serializers.UUIDField(source="reply_to.code", required=False, allow_null=True)
    body = serializers.CharField(max_length=10_000)

    class Meta:
        model = Comment
        fields = ["code", "dimension", "reply_to", "author", "body", "created_at"]
        read_only_fields = ["code", "created_at"]


@extend_schema_view(
    list=extend_schema(parameters=[DISTRICT, ROUND]),
    create=extend_schema(parameters=[DISTRICT, ROUND]),
)
class CommentViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, DistrictScopedViewSet):
    """Coaches' comments on a round and the district's replies."""

    model = Comment
    serializer_class = CommentSerializer
    write_right = None  # checked below: coaches comment, leads and members reply
    ordering = ["created_at"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method == "POST":
            self.access.require(self.access.can_comment or self.access.can_write)

    def _round(self):
        round_ = readable_rounds(self.access).filter(code=self.kwargs["round_code"]).first()
        if round_ is None:
            raise Http404(NOT_FOUND_MESSAGE)
        return round_

    def scope(self, queryset):
        return queryset.filter(round=self._round()).select_related(
            "author", "reply_to", "dimension"
        )

    def perform_create(self, serializer):
        round_ = self._round()
        data = serializer.validated_data
        dimension = reply_to = None
        if data.get("dimension", {}).get("code"):
            dimension = Dimension.objects.filter(
                code=data["dimension"]["code"], domain__framework=round_.framework
            ).first()
            if dimension is None:
                raise serializers.ValidationError({"dimension": ["Not a dimension of this round."]})
        if data.get("reply_to", {}).get("code"):
            reply_to = (
                Comment.objects.readable_in(self.access)
                .filter(round=round_, code=data["reply_to"]["code"])
                .first()
            )
            if reply_to is None:
                raise serializers.ValidationError({"reply_to": ["No such comment on this round."]})
        try:
            serializer.instance = comment_add(
                round_=round_,
                body=data["body"],
                dimension=dimension,
                reply_to=reply_to,
                acting_user=self.request.user,
            )
        except ValidationError as error:
            raise serializers.ValidationError({"body": error.messages}) from error


class CoachRatingSerializer(serializers.Serializer):
    dimension = serializers.UUIDField(help_text="The dimension's code.")
    level = serializers.CharField(allow_null=True)
    rationale = serializers.CharField(allow_blank=True)
    evidence_differs = serializers.BooleanField()


class CalibrationSerializer(serializers.Serializer):
    code = serializers.UUIDField()
    coach = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    agreeing = serializers.IntegerField(help_text="Dimensions where coach and team agree.")
    compared = serializers.IntegerField(help_text="Dimensions both rated.")
    agenda = serializers.ListField(
        child=serializers.UUIDField(),
        help_text="The dimensions for the next coaching conversation: two levels apart, or "
        "one apart with the coach's evidence pointing the other way.",
    )
    ratings = CoachRatingSerializer(many=True)


class CalibrationViewSet(DistrictScopedViewSet):
    """The coaches' calibration ratings of a round (rubrics.calibration): a coach reads their
    own, draft or published; the district's team, its coaches and staff read those published;
    never the cohort. Coaches rate on the web page."""

    model = CoachCalibration
    serializer_class = CalibrationSerializer
    audience = Audience.COACHES
    pagination_class = None
    filter_backends = []

    @extend_schema(parameters=[DISTRICT, ROUND], responses=CalibrationSerializer(many=True))
    def list(self, request, *args, **kwargs):
        round_ = (
            AssessmentRound.objects.readable_in(self.access)
            .filter(code=self.kwargs["round_code"])
            .select_related("framework")
            .first()
        )
        if round_ is None:
            raise Http404(NOT_FOUND_MESSAGE)
        found = comparisons(round_, list(readable_calibrations(self.access, round_, request.user)))
        return Response(
            [
                {
                    "code": c.calibration.code,
                    "coach": c.calibration.coach.full_name or c.calibration.coach.email,
                    "published_at": c.calibration.published_at,
                    "agreeing": c.agreeing,
                    "compared": len(c.compared),
                    "agenda": [gap.dimension.code for gap in c.agenda],
                    "ratings": [
                        {
                            "dimension": gap.dimension.code,
                            "level": gap.coach.name if gap.coach else None,
                            "rationale": gap.rating.rationale if gap.rating else "",
                            "evidence_differs": bool(gap.rating and gap.rating.evidence_differs),
                        }
                        for gap in c.gaps
                    ],
                }
                for c in found
            ]
        )
