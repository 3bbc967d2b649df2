"""The tenant kernel's own resources: the districts and cohorts a person may open."""

from rest_framework import serializers, viewsets

from api.base import ThrottledFirst
from districts.access import cohorts_visible_to
from districts.models import Cohort, District


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["code", "name", "state"]


class DistrictViewSet(ThrottledFirst, viewsets.ReadOnlyModelViewSet):
    """The districts the person may open (districts.access)."""

    serializer_class = DistrictSerializer
    lookup_field = "code"
    search_fields = ["name"]
    ordering_fields = ["name", "state"]
    ordering = ["name"]
    filterset_fields = ["state"]

    def get_queryset(self):
        return District.objects.visible_to(self.request.user)


class CohortSerializer(serializers.ModelSerializer):
    districts = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Cohort
        fields = ["code", "name", "districts"]


class CohortViewSet(ThrottledFirst, viewsets.ReadOnlyModelViewSet):
    """Cohorts the person facilitates, or whose districts they belong to or coach."""

    serializer_class = CohortSerializer
    lookup_field = "code"
    ordering = ["name"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Cohort.objects.none()
        return cohorts_visible_to(self.request.user).prefetch_related("districts").order_by("name")
