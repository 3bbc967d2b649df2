"""Notifications in the API: the person's own notices, as the notifications page lists them
(a notice of a district only while they still have a relation to it), marking them read,
and their email choices. Everyone reads and changes only their own."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import generics, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.base import UUID_PATTERN, ThrottledFirst
from notifications import services
from notifications.models import (
    CHOSEN_KINDS,
    Frequency,
    Kind,
    Notice,
    Preference,
    kind_label,
)
from notifications.selectors import email_choices, notices_for


class NoticeSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    kind_label = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="Where to act: a page of the app.")

    class Meta:
        model = Notice
        fields = [
            "code",
            "kind",
            "kind_label",
            "title",
            "body",
            "url",
            "district",
            "created_at",
            "read_at",
        ]

    def get_kind_label(self, notice) -> str:
        return kind_label(notice.kind)

    def get_url(self, notice) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(notice.url) if request else notice.url


class UnreadFilter(serializers.Serializer):
    unread = serializers.BooleanField(required=False, allow_null=True, default=None)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "unread",
                OpenApiTypes.BOOL,
                description="true: only the unread ones; false: only those read.",
            )
        ]
    )
)
class NoticeViewSet(
    ThrottledFirst, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Your notifications, newest first (`?unread=true` for the unread ones). Reading one
    here does not mark it read; `POST …/read/` does, as opening it in the app does."""

    serializer_class = NoticeSerializer
    lookup_field = "code"
    lookup_value_regex = UUID_PATTERN
    filter_backends = []  # the one filter is `unread`, read below

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notice.objects.none()
        notices = notices_for(self.request.user)
        if self.action == "list":
            query = UnreadFilter(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            unread = query.validated_data["unread"]
            if unread is not None:
                notices = notices.filter(read_at__isnull=unread)
        return notices

    @extend_schema(request=None, responses={200: NoticeSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, code=None):
        notice = self.get_object()
        services.mark_read(notice)
        notice.refresh_from_db(fields=["read_at"])
        return Response(self.get_serializer(notice).data)

    @extend_schema(
        request=None,
        responses={200: inline_serializer("NoticesMarked", {"marked": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"], url_path="read-all", url_name="read-all")
    def read_all(self, request):
        return Response({"marked": services.mark_all_read(request.user)})


class Preferences(serializers.Serializer):
    """One field per kind of notice; a kind left out is left as it is, an unknown one refused."""

    def get_fields(self):
        return {
            kind.value: serializers.ChoiceField(
                choices=Frequency.choices, required=False, help_text=kind.label
            )
            for kind in CHOSEN_KINDS
        }

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({name: [_refusal(name)] for name in unknown})
        return attrs


def _refusal(name: str) -> str:
    if name in Kind.values:  # the digest: it follows the other kinds' choices
        return f"“{name}” is not chosen for: it follows the choices of the other kinds."
    return f"“{name}” is not a kind of notice; the kinds are: {', '.join(CHOSEN_KINDS)}."


class PreferencesView(ThrottledFirst, generics.GenericAPIView):
    """Your email choice per kind of notice (`at_once`, `daily`, `weekly` or `off`), as on the
    email choices page; `PATCH` the kinds you change, the others stay."""

    serializer_class = Preferences
    queryset = Preference.objects.none()

    @extend_schema(responses={200: Preferences})
    def get(self, request):
        return Response(email_choices(request.user))

    @extend_schema(request=Preferences, responses={200: Preferences})
    def patch(self, request):
        given = Preferences(data=request.data)
        given.is_valid(raise_exception=True)
        services.email_choices_save(request.user, given.validated_data)
        return Response(email_choices(request.user))
