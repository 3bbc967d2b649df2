"""The tenant kernel's own resources: the districts and cohorts a person may open."""

from django.db.models import Count
from django.urls import reverse
from rest_framework import mixins, serializers, viewsets

from api.base import CohortScopedViewSet, ThrottledFirst
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
    """A cohort, with the number of its districts and the link to their paged list (a
    cohort may have hundreds: they are not nested)."""

    district_count = serializers.IntegerField(read_only=True)
    districts_url = serializers.SerializerMethodField()

    class Meta:
        model = Cohort
        fields = ["code", "name", "district_count", "districts_url"]

    def get_districts_url(self, cohort) -> str:
        path = reverse("api:cohort-district-list", kwargs={"cohort": cohort.code})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class CohortViewSet(viewsets.ReadOnlyModelViewSet, CohortScopedViewSet):
    """Cohorts the person facilitates, or whose districts they belong to or coach."""

    model = Cohort
    cohort_field = "pk"
    serializer_class = CohortSerializer
    ordering = ["name"]

    def scope(self, queryset):
        return queryset.annotate(district_count=Count("districts")).order_by("name")


class CohortDistrictViewSet(mixins.ListModelMixin, CohortScopedViewSet):
    """The districts of a cohort the person sees (the cohorts' rule: districts.access.
    cohorts_visible_to), a page at a time: their codes, names and states, as the cohort's
    meeting pages name them. A cohort the person does not see is the plain 404. Naming a
    district here opens nothing: its own pages keep their rules."""

    model = District
    cohort_field = "cohorts"
    opens = Cohort
    opens_kwarg = "cohort"
    serializer_class = DistrictSerializer
    ordering_fields = ["name", "state"]
    ordering = ["name"]
    filterset_fields = ["state"]

    def scope(self, queryset):
        return queryset.order_by("name")
