"""Board snapshots in the API: a district's leads list theirs and stop any (publishing is
on the web page, where the link's token is shown once)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.response import Response

from api.base import DISTRICT, DistrictScopedViewSet
from dashboards.models import BoardSnapshot
from dashboards.snapshots import snapshot_revoke
from districts.models import Audience


class SnapshotSerializer(serializers.ModelSerializer):
    live = serializers.BooleanField(read_only=True)

    class Meta:
        model = BoardSnapshot
        fields = [
            "code",
            "title",
            "show_levels",
            "show_plan",
            "show_actions",
            "show_evidence",
            "expires_at",
            "revoked_at",
            "live",
            "views",
            "last_viewed_at",
            "created_at",
        ]
        read_only_fields = fields


@extend_schema_view(
    **{name: extend_schema(parameters=[DISTRICT]) for name in ("list", "retrieve", "destroy")}
)
class SnapshotViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    DistrictScopedViewSet,
):
    """The district's board snapshots (its leads): their parts, expiry and views; DELETE
    stops a snapshot's link (the row stays, with when it was stopped)."""

    model = BoardSnapshot
    serializer_class = SnapshotSerializer
    audience = Audience.DISTRICT
    write_right = "can_lead"
    ordering = ["-created_at"]
    filterset_fields = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.access.require(self.access.can_lead, right="leads_work")

    def destroy(self, request, *args, **kwargs):
        snapshot_revoke(snapshot=self.get_object(), acting_user=request.user)
        return Response(status=204)
