"""School endpoints: the district's schools, read by whoever reads what it shares with its
coaches (its team, its coaches, staff), added and changed by its leads. A school is edited
together: changing one needs If-Match (412 when stale). A school's implementation stages,
read as the school is, recorded by the district's leads and members."""

from functools import partial

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import SAFE_METHODS

from accounts.models import User
from api.base import (
    DISTRICT,
    ConditionalWrites,
    DistrictFields,
    DistrictScopedViewSet,
    MemberField,
    SchoolScopedViewSet,
    as_api_error,
    district_schema,
    save_refused,
    school_schema,
)
from districts.access import SchoolAccess, access_school, schools_reached
from districts.models import SchoolMembership, SchoolRole
from districts.validators import one_line
from schools.models import School, SchoolStage
from schools.selectors import district_people
from schools.services import (
    SCHOOL_FIELDS,
    STAGE_FIELDS,
    school_create,
    school_member_add,
    school_member_change,
    school_member_remove,
    school_stage_record,
    school_update,
)


def SchoolsField(**kwargs) -> serializers.ManyRelatedField:
    """The schools a piece of work names (a step's, a milestone's), by their codes. Map it to
    School in the serializer's `district_fields` (api.base.DistrictFields): it chooses among
    the opened district's schools only."""
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=School.objects.none(),
        many=True,
        required=False,
        help_text="The codes of the schools it concerns (none: the district as a whole).",
        error_messages={"does_not_exist": "No school of this district has the code {value}."},
        **kwargs,
    )


class SchoolSerializer(DistrictFields, serializers.ModelSerializer):
    name = serializers.CharField(max_length=200, validators=[one_line])
    principal = MemberField()  # the principal, if they are of the district
    grade_span = serializers.CharField(read_only=True, help_text="“PK–12”, “6–8”, or empty.")
    closed = serializers.BooleanField(source="is_closed", read_only=True)

    class Meta:
        model = School
        fields = [
            "code",
            *SCHOOL_FIELDS,
            "grade_span",
            "sourced_id",
            "closed",
            "closed_at",
            "closed_note",
            "version",
            "updated_at",
        ]
        read_only_fields = [
            "code",
            "sourced_id",
            "closed_at",
            "closed_note",
            "version",
            "updated_at",
        ]
        validators = []  # the services check, with the pages' messages


@district_schema
class SchoolViewSet(ConditionalWrites, viewsets.ModelViewSet, DistrictScopedViewSet):
    """The district's schools, open ones first. Its leads add and change them (a school is
    closed, never deleted: on its page); changing one needs If-Match."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    model = School
    serializer_class = SchoolSerializer
    write_right = "can_lead"
    filterset_fields = ["nces_id"]

    def scope(self, queryset):
        # A school's people reach their own school only; another answers as a missing one.
        return schools_reached(self.access, queryset).select_related("principal")

    def perform_create(self, serializer):
        made = partial(school_create, district=self.access.district, acting_user=self.request.user)
        serializer.instance = self.save_versioned(lambda: made(**serializer.validated_data))

    def perform_update(self, serializer):
        school = serializer.instance
        expected = self.check_if_match(school.version)
        update = partial(
            school_update, school=school, expected_version=expected, acting_user=self.request.user
        )
        serializer.instance = self.save_versioned(lambda: update(**serializer.validated_data))


class StageSerializer(serializers.ModelSerializer):
    note = serializers.CharField(max_length=10_000, allow_blank=True, required=False)
    recorded_by = serializers.SlugRelatedField(slug_field="email", read_only=True)

    class Meta:
        model = SchoolStage
        fields = ["code", *STAGE_FIELDS, "recorded_by", "recorded_at"]
        read_only_fields = ["code", "recorded_by", "recorded_at"]


@extend_schema_view(
    list=extend_schema(parameters=[DISTRICT]), create=extend_schema(parameters=[DISTRICT])
)
class StageViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, DistrictScopedViewSet):
    """A school's implementation stages (NIRN: exploration, installation, initial
    implementation, full implementation), each a recording of the stage on a strand from a
    date, by date; the latest on a strand is the school's current stage there. A recording is
    never changed: a stage recorded for an earlier date corrects the history."""

    model = SchoolStage
    serializer_class = StageSerializer
    ordering = ["as_of", "pk"]
    filterset_fields = ["strand"]
    # Who records: the district's leads and members, and the school's own (access_school).
    write_right = None

    def _opened(self) -> SchoolAccess:
        """The school the URL names, as the person reaches it (another school of the
        district, for a school's own people, answers as a missing one): one query."""
        if not hasattr(self, "_the_school"):
            self._the_school = access_school(self.access, self.kwargs["school"])
        return self._the_school

    def _school(self) -> School:
        return self._opened().school

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in SAFE_METHODS:  # refused before the body is read, as the base
            opened = self._opened()
            opened.require(opened.can_write)

    def scope(self, queryset):
        return queryset.filter(school=self._school()).select_related("recorded_by")

    def perform_create(self, serializer):
        try:
            serializer.instance = school_stage_record(
                school=self._school(), acting_user=self.request.user, **serializer.validated_data
            )
        except ValidationError as error:
            raise as_api_error(error) from error


class SchoolMemberSerializer(serializers.ModelSerializer):
    person = serializers.SlugRelatedField(
        source="user",
        slug_field="email",
        queryset=User.objects.none(),
        help_text="The email of one of the district's people (its team, its schools' people).",
    )
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    role = serializers.ChoiceField(choices=SchoolRole.choices)

    class Meta:
        model = SchoolMembership
        fields = ["code", "person", "full_name", "role", "created_at"]
        read_only_fields = ["code", "created_at"]
        validators = []  # the services check, with the pages' messages

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        access = self.context.get("access")
        if access is not None:
            self.fields["person"].queryset = district_people(access.district)
        if self.instance is not None:  # a person's place is changed by its role only
            self.fields["person"].read_only = True


@school_schema
class SchoolMemberViewSet(viewsets.ModelViewSet, SchoolScopedViewSet):
    """A school's team: its people with their roles, leads first. Read by whoever reaches the
    school; the district's leads, staff and the school's own leads add people of the
    district to it, change a role (PATCH, PUT) and take a person out (DELETE)."""

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    model = SchoolMembership
    serializer_class = SchoolMemberSerializer
    write_right = "can_manage_team"

    def scope(self, queryset):
        return queryset.select_related("user").order_by("role", "user__full_name", "pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = save_refused(
            lambda: school_member_add(
                school=self.school_access.school,
                person=data["user"],
                role=data["role"],
                acting_user=self.request.user,
            )
        )

    def perform_update(self, serializer):
        role = serializer.validated_data.get("role", serializer.instance.role)
        serializer.instance = save_refused(
            lambda: school_member_change(
                membership=serializer.instance, role=role, acting_user=self.request.user
            )
        )

    def perform_destroy(self, instance):
        school_member_remove(membership=instance, acting_user=self.request.user)
