"""The history endpoint: a district's changes (who changed which item, when, before and
after), newest first, of the items the token's person reads; evidence text only for who reads
evidence. Read-only: changes are kept by the writes they record."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from api.base import DISTRICT, DistrictScopedViewSet
from districts.models import Audience
from history.kinds import KINDS
from history.models import Change


class ChangeSerializer(serializers.ModelSerializer):
    item = serializers.UUIDField(source="item_code", read_only=True, allow_null=True)
    changed_by = serializers.CharField(
        source="changed_by.full_name", default=None, allow_null=True, read_only=True
    )
    before = serializers.SerializerMethodField()
    after = serializers.SerializerMethodField()

    class Meta:
        model = Change
        fields = ["kind", "item", "title", "changed_by", "changed_at", "before", "after"]
        read_only_fields = fields

    def _shown(self, change: Change, values: dict) -> dict[str, str]:
        kind = KINDS.get(change.kind)
        if kind is None or self.context["access"].reads_evidence:
            return values
        return {name: value for name, value in values.items() if name not in kind.evidence}

    def get_before(self, change: Change) -> dict[str, str]:
        return self._shown(change, change.before)

    def get_after(self, change: Change) -> dict[str, str]:
        return self._shown(change, change.after)


KIND = OpenApiParameter(
    "kind",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=list(KINDS),  # filled when the apps are ready, before URLs are loaded
    description="Only the changes of this kind of item.",
)


@extend_schema_view(list=extend_schema(parameters=[DISTRICT, KIND]))
class ChangeViewSet(mixins.ListModelMixin, DistrictScopedViewSet):
    model = Change
    serializer_class = ChangeSerializer
    audience = Audience.COHORT  # each change is read as its item is (history.models)
    write_right = None  # read-only: every other method answers 405

    def scope(self, queryset):
        queryset = queryset.select_related("changed_by")
        kind = self.request.query_params.get("kind")
        return queryset.filter(kind=kind) if kind else queryset
