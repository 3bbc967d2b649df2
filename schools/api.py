"""School endpoints: the district's schools, read by whoever reads what it shares with its
coaches (its team, its coaches, staff), added and changed by its leads. A school is edited
together: changing one needs If-Match (412 when stale)."""

from functools import partial

from rest_framework import serializers, viewsets

from accounts.models import User
from api.base import (
    ConditionalWrites,
    DistrictFields,
    DistrictScopedViewSet,
    MemberField,
    SchoolScopedViewSet,
    district_schema,
    save_refused,
    school_schema,
)
from districts.access import schools_reached
from districts.models import SchoolMembership, SchoolRole
from districts.validators import one_line
from schools.models import School
from schools.selectors import district_people
from schools.services import (
    SCHOOL_FIELDS,
    school_create,
    school_member_add,
    school_member_change,
    school_member_remove,
    school_update,
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
