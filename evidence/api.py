"""Evidence endpoints: an item's files and links (list, add), one attachment (read, download,
remove). The item's rules decide, as on the web (evidence.selectors.access_item); uploads
pass the same checks (evidence.uploads) and the same size limit as they arrive."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from api.base import DISTRICT, DistrictScopedViewSet, as_api_error
from districts.models import Audience
from districts.validators import one_line
from evidence.downloads import download_response
from evidence.models import Attachment
from evidence.selectors import access_item, require_may_change
from evidence.services import attachment_add_files, attachment_add_link, attachment_remove
from evidence.uploads import max_file_bytes
from evidence.uploads_handler import LimitedUploadHandler

KIND = OpenApiParameter(
    "kind",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    enum=["rating", "team-rating", "step", "milestone", "policy", "competency", "indicator"],
    description="The kind of item.",
)
ITEM = OpenApiParameter(
    "item", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The item's code."
)


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.CharField(read_only=True, help_text="A link's address; empty for a file.")
    added_by = serializers.CharField(
        source="added_by.full_name", default=None, allow_null=True, read_only=True
    )
    removed_by = serializers.CharField(
        source="removed_by.full_name", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Attachment
        fields = [
            "code",
            "type",
            "name",
            "url",
            "media_type",
            "size",
            "added_by",
            "added_at",
            "removed_by",
            "removed_at",
        ]
        read_only_fields = fields


class LinkSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255, validators=[one_line])
    url = serializers.URLField(max_length=2000, validators=[one_line])


# What adding takes: files (several at once) or a link.
ADD_REQUEST = {
    "multipart/form-data": inline_serializer(
        "EvidenceFiles", {"files": serializers.ListField(child=serializers.FileField())}
    ),
    "application/json": LinkSerializer,
}


class _Evidence(DistrictScopedViewSet):
    model = Attachment
    serializer_class = AttachmentSerializer
    audience = Audience.COHORT  # who reads the item decides (a cohort may read a milestone)
    write_right = None  # the item's own rule

    def initial(self, request, *args, **kwargs):
        # Before anything reads the body: an oversized file stops as it arrives.
        request._request.upload_handlers = [LimitedUploadHandler(request._request)]
        super().initial(request, *args, **kwargs)


class ItemEvidenceViewSet(_Evidence):
    """The files and links of one item (those removed too, with who removed them); add files
    (multipart, field `files`, several at once) or a link (`title`, `url`)."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]
    pagination_class = None
    filter_backends = []

    def _item(self, *, for_change: bool = False):
        return access_item(
            self.access,
            self.kwargs["kind"],
            self.kwargs["item"],
            self.request.user,
            for_change=for_change,
        )

    def scope(self, queryset):
        _, item = self._item()
        return queryset.filter(
            item_type=ContentType.objects.get_for_model(item), item_id=item.pk
        ).select_related("added_by", "removed_by")

    @extend_schema(parameters=[DISTRICT, KIND, ITEM])
    def list(self, request, *args, **kwargs):
        return Response(AttachmentSerializer(self.get_queryset(), many=True).data)

    @extend_schema(
        parameters=[DISTRICT, KIND, ITEM],
        request=ADD_REQUEST,
        responses={201: AttachmentSerializer(many=True)},
    )
    def create(self, request, *args, **kwargs):
        _, item = self._item(for_change=True)
        return add_from_request(request, item)


def add_from_request(request, item) -> Response:
    """Add the files (multipart, field `files`) or the link (`title`, `url`) a request posts
    to `item` (the caller checked who may): 201 with what was added, or 400 saying why."""
    too_large = getattr(request._request, "evidence_too_large", [])
    if too_large:
        raise serializers.ValidationError(
            {"files": [f"“{too_large[0]}” is larger than {max_file_bytes()} bytes."]}
        )
    files = request.FILES.getlist("files")
    try:
        if files:
            added = attachment_add_files(item=item, files=files, acting_user=request.user)
        else:
            link = LinkSerializer(data=request.data)
            link.is_valid(raise_exception=True)
            added = [
                attachment_add_link(item=item, acting_user=request.user, **link.validated_data)
            ]
    except ValidationError as error:
        raise as_api_error(error) from error
    return Response(AttachmentSerializer(added, many=True).data, status=status.HTTP_201_CREATED)


class AttachmentViewSet(_Evidence):
    """One attachment of the district, to whoever reads its item: read, download, remove
    (kept as the item's history)."""

    def scope(self, queryset):
        return queryset.select_related("added_by", "removed_by", "item_type")

    @extend_schema(parameters=[DISTRICT])
    def retrieve(self, request, *args, **kwargs):
        return Response(AttachmentSerializer(self.get_object()).data)

    @extend_schema(parameters=[DISTRICT], responses={204: None})
    def destroy(self, request, *args, **kwargs):
        attachment = self.get_object()
        require_may_change(self.access, attachment, request.user)
        attachment_remove(attachment=attachment, acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[DISTRICT], responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}
    )
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        return download_response(self.get_object())
