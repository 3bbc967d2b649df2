"""School endpoints: the district's schools, read by whoever reads what it shares with its
coaches (its team, its coaches, staff), added and changed by its leads. A school is edited
together: changing one needs If-Match (412 when stale)."""

from functools import partial

from rest_framework import serializers, viewsets

from api.base import (
    ConditionalWrites,
    DistrictFields,
    DistrictScopedViewSet,
    MemberField,
    district_schema,
)
from districts.validators import one_line
from schools.models import School
from schools.services import SCHOOL_FIELDS, school_create, school_update


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
        return queryset.select_related("principal")

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
