"""The meetings API: a cohort's meetings with their agenda, sign-ups and attendance; their
problems of practice, notes and districts' records; evaluation figures (aggregates only).
The rules are the meeting pages' (meetings.selectors): whoever reads a meeting reads it here,
and each list holds what the person reads on the page."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from api.base import UUID_PATTERN, CohortScopedViewSet, as_api_error
from districts.access import NOT_FOUND_MESSAGE
from districts.models import District
from evidence.api import ADD_REQUEST, AttachmentSerializer, add_from_request
from evidence.downloads import download_response
from evidence.models import Attachment
from evidence.selectors import history_of
from evidence.services import attachment_remove
from evidence.uploads_handler import LimitedUploadHandler
from meetings.models import (
    AgendaItem,
    Commitment,
    Meeting,
    MeetingNote,
    PresentationSignup,
    ProblemOfPractice,
    Topic,
)
from meetings.selectors import (
    commitments_for,
    evaluation_summary,
    notes_for,
    problems_for,
    recording_districts,
    team_districts,
)
from meetings.services import commitment_add, meeting_note_add, problem_submit


class SignupSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = PresentationSignup
        fields = ["code", "district", "topic"]


class AgendaItemSerializer(serializers.ModelSerializer):
    protocol = serializers.SerializerMethodField()
    # A local clock time ("09:30"), not an RFC 3339 time: the meeting's own place and day.
    time = serializers.SerializerMethodField()
    signups = SignupSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "code",
            "position",
            "time",
            "title",
            "description",
            "protocol",
            "slots",
            "signups",
        ]

    def get_time(self, item) -> str | None:
        return item.time.strftime("%H:%M") if item.time else None

    def get_protocol(self, item) -> dict | None:
        if item.protocol is None:
            return None
        return {"name": item.protocol.name, "steps": item.protocol.steps}


class MeetingSerializer(serializers.ModelSerializer):
    cohort = serializers.SlugRelatedField(slug_field="code", read_only=True)
    norms = serializers.ListField(source="norms_lines", child=serializers.CharField())
    agenda = AgendaItemSerializer(many=True, read_only=True)
    attending = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "code",
            "cohort",
            "title",
            "first_date",
            "second_date",
            "location",
            "outcomes",
            "norms",
            "agenda",
            "attending",
            "evaluation_open",
        ]


class MeetingViewSet(viewsets.ReadOnlyModelViewSet, CohortScopedViewSet):
    """The meetings of the cohorts the person sees (districts.access.cohorts_visible_to)."""

    model = Meeting
    serializer_class = MeetingSerializer
    lookup_value_regex = UUID_PATTERN
    ordering = ["-first_date"]
    filterset_fields = ["cohort__code"]

    def scope(self, queryset):
        return (
            queryset.select_related("cohort")
            .prefetch_related(
                "attending",
                Prefetch(
                    "agenda",
                    queryset=AgendaItem.objects.select_related("protocol").prefetch_related(
                        Prefetch(
                            "signups",
                            queryset=PresentationSignup.objects.select_related("district"),
                        )
                    ),
                ),
            )
            .order_by("-first_date", "pk")
        )


class OfOneMeeting(CohortScopedViewSet):
    """A list under one meeting, opened by the base through the access layer (a meeting the
    person may not read is the plain 404); the lists come from the meetings' selectors."""

    opens = Meeting
    opens_kwarg = "meeting"
    cohort_field = None

    def open(self, *, for_write: bool = False):
        """The meeting and the person's standing in its cohort; `for_write`: its
        facilitators only (403)."""
        if for_write:
            self.require_facilitator()
        return self.opened, self.cohort_access

    def district_choices(self, meeting, access):
        """The districts a new row may name (its serializer's `district` field)."""
        return team_districts(access)

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if getattr(self, "swagger_fake_view", False) or "meeting" not in self.kwargs:
            return serializer
        fields = serializer.child.fields if hasattr(serializer, "child") else serializer.fields
        if "district" in fields:
            meeting, access = self.open()
            fields["district"].queryset = self.district_choices(meeting, access)
        return serializer

    def respond(self, rows):
        page = self.paginate_queryset(rows)
        serializer = self.get_serializer(page if page is not None else rows, many=True)
        if page is not None:
            return self.get_paginated_response(serializer.data)
        return Response(serializer.data)

    def posted(self, request) -> dict:
        """The request's data as the view's serializer validates it (else a 400 with its
        errors)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def save(self, service):
        try:
            row = service()
        except ValidationError as error:
            raise as_api_error(error) from None
        return Response(self.get_serializer(row).data, status=201)


class ProblemSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", queryset=District.objects.none())
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Topic.choices), default=list
    )

    class Meta:
        model = ProblemOfPractice
        fields = ["code", "district", "kind", "topics", "text", "share_with_cohort", "discussion"]
        read_only_fields = ["discussion"]
        extra_kwargs = {"share_with_cohort": {"default": False}}


class ProblemViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, OfOneMeeting):
    """A meeting's problems of practice as the person reads them; a district's leads and
    members submit theirs."""

    serializer_class = ProblemSerializer
    model = ProblemOfPractice

    def list(self, request, *args, **kwargs):
        meeting, access = self.open()
        return self.respond(list(problems_for(meeting, request.user, access)))

    def create(self, request, *args, **kwargs):
        meeting, access = self.open()
        if not access.team_districts:
            raise PermissionDenied("Only leads and members of the cohort's districts submit.")
        data = self.posted(request)
        return self.save(lambda: problem_submit(meeting=meeting, acting_user=request.user, **data))


class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingNote
        fields = ["code", "kind", "text", "share_with_cohort", "created_at"]
        read_only_fields = ["created_at"]


class NoteViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, OfOneMeeting):
    """The facilitators' notes and decisions (theirs unless shared with the cohort)."""

    serializer_class = NoteSerializer
    model = MeetingNote

    def list(self, request, *args, **kwargs):
        meeting, access = self.open()
        return self.respond(list(notes_for(meeting, access)))

    def create(self, request, *args, **kwargs):
        meeting, _ = self.open(for_write=True)
        data = self.posted(request)
        return self.save(
            lambda: meeting_note_add(meeting=meeting, acting_user=request.user, **data)
        )


class NoteFilesViewSet(OfOneMeeting):
    """The files and links of a note of the facilitators (those removed too, with who removed
    them): whoever reads the note reads them; its facilitators add files (multipart, field
    `files`, several at once) or a link (`title`, `url`), and remove them (kept as its
    history). They are the cohort's, within its quota."""

    serializer_class = AttachmentSerializer
    model = Attachment
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    pagination_class = None

    def initial(self, request, *args, **kwargs):
        # Before anything reads the body: an oversized file stops as it arrives.
        request._request.upload_handlers = [LimitedUploadHandler(request._request)]
        super().initial(request, *args, **kwargs)

    def _note(self, *, for_change: bool = False):
        meeting, access = self.open()
        note = notes_for(meeting, access).filter(code=self.kwargs["note"]).first()
        if note is None:
            raise Http404(NOT_FOUND_MESSAGE)
        if for_change:
            access.require_facilitator()
        return note

    def _attachment(self, note, *, kept_only: bool = False):
        kept, removed = history_of(note)
        rows = kept if kept_only else kept + removed
        found = next((a for a in rows if str(a.code) == str(self.kwargs["attachment"])), None)
        if found is None:
            raise Http404(NOT_FOUND_MESSAGE)
        return found

    def list(self, request, *args, **kwargs):
        kept, removed = history_of(self._note())
        return Response(AttachmentSerializer(kept + removed, many=True).data)

    @extend_schema(request=ADD_REQUEST, responses={201: AttachmentSerializer(many=True)})
    def create(self, request, *args, **kwargs):
        return add_from_request(request, self._note(for_change=True))

    def retrieve(self, request, *args, **kwargs):
        return Response(AttachmentSerializer(self._attachment(self._note())).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        attachment = self._attachment(self._note(for_change=True))
        attachment_remove(attachment=attachment, acting_user=request.user)
        return Response(status=204)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def download(self, request, *args, **kwargs):
        return download_response(self._attachment(self._note(), kept_only=True))


class CommitmentSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", queryset=District.objects.none())
    owner = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="Set on the web page."
    )
    step = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = ["code", "district", "kind", "text", "owner", "due_date", "step", "created_at"]
        read_only_fields = ["created_at"]

    def get_step(self, row) -> str | None:
        step = getattr(row, "step", None) if hasattr(row, "step") else None
        return str(step.code) if step else None


class CommitmentViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, OfOneMeeting):
    """Each district's notes, decisions and commitments: its team, coaches and the meeting's
    facilitators read them; its leads and members (and the facilitators) record them."""

    serializer_class = CommitmentSerializer
    model = Commitment

    def district_choices(self, meeting, access):
        return recording_districts(meeting, access)

    def list(self, request, *args, **kwargs):
        meeting, access = self.open()
        return self.respond(list(commitments_for(meeting, request.user, access)))

    def create(self, request, *args, **kwargs):
        meeting, access = self.open()
        if not (access.facilitates or access.team_districts):
            raise PermissionDenied("Only the districts' leads and members and the facilitators.")
        data = self.posted(request)
        return self.save(
            lambda: commitment_add(
                meeting=meeting, acting_user=request.user, facilitates=access.facilitates, **data
            )
        )


class QuestionFigures(serializers.Serializer):
    question = serializers.CharField()
    kind = serializers.CharField()
    answered = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    counts = serializers.DictField(child=serializers.IntegerField())
    texts = serializers.ListField(child=serializers.CharField())


class EvaluationFigures(serializers.Serializer):
    open = serializers.BooleanField()
    answers = serializers.IntegerField()
    questions = QuestionFigures(many=True)


class EvaluationViewSet(OfOneMeeting):
    """The meeting's evaluation as figures (the facilitators): never an answer by itself."""

    serializer_class = EvaluationFigures
    model = Meeting
    pagination_class = None

    @extend_schema(responses=EvaluationFigures)
    def retrieve(self, request, *args, **kwargs):
        meeting, _ = self.open(for_write=True)
        count, summaries = evaluation_summary(meeting)
        return Response(
            {
                "open": meeting.evaluation_open,
                "answers": count,
                "questions": [
                    {
                        "question": s.question.text,
                        "kind": s.question.kind,
                        "answered": s.answered,
                        "average": s.average,
                        "counts": dict(s.counts),
                        "texts": s.texts,
                    }
                    for s in summaries
                ],
            }
        )
