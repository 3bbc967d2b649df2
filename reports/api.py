"""PDF jobs in the API: ask for a meeting's packet (participants' or facilitators'), follow
the job, download the file. The rules are the pages' (reports.views): a job is its
requester's alone, and only while they may still read its subject."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from api.base import UUID_PATTERN, CohortScopedViewSet, ThrottledFirst
from districts.access import NOT_FOUND_MESSAGE
from meetings.models import Meeting
from reports import documents
from reports.models import ReportJob
from reports.services import report_request
from reports.views import job_file


class JobSerializer(serializers.ModelSerializer):
    # A packet names its meeting, a report or a whole record its district; the other is null.
    meeting = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    district = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "code",
            "kind",
            "meeting",
            "district",
            "status",
            "progress",
            "stage",
            "error",
            "page_count",
            "created_at",
            "finished_at",
            "download",
        ]

    def get_download(self, job) -> str | None:
        if job.status != ReportJob.Status.DONE:
            return None
        return reverse(
            "api:job-download", kwargs={"code": job.code}, request=self.context.get("request")
        )


class PacketRequestSerializer(serializers.Serializer):
    edition = serializers.ChoiceField(
        choices=[("participants", "Participants' packet"), ("facilitators", "Facilitators' packet")]
    )


class PacketViewSet(CohortScopedViewSet):
    """Ask for a meeting's packet: the participants' (whoever reads the meeting: the base
    opens it, else the plain 404) or the facilitators' (its facilitators and staff). While the
    same job runs, that job answers."""

    model = ReportJob
    cohort_field = None  # the meeting is the scope; a job is asked for, never listed here
    opens = Meeting
    opens_kwarg = "meeting"
    serializer_class = PacketRequestSerializer

    @extend_schema(request=PacketRequestSerializer, responses={202: JobSerializer})
    def create(self, request, *args, **kwargs):
        meeting = self.opened  # a reader, else the plain 404
        serializer = PacketRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        facilitators = serializer.validated_data["edition"] == "facilitators"
        if facilitators:
            self.require_facilitator()
        kind = ReportJob.Kind.PACKET if facilitators else ReportJob.Kind.PARTICIPANTS
        job, _ = report_request(kind=kind, meeting=meeting, acting_user=request.user)
        job.refresh_from_db()
        return Response(JobSerializer(job, context={"request": request}).data, status=202)


class JobViewSet(
    ThrottledFirst, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The person's own PDF jobs, newest first."""

    serializer_class = JobSerializer
    lookup_field = "code"
    lookup_value_regex = UUID_PATTERN
    ordering = ["-created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReportJob.objects.none()
        return ReportJob.objects.filter(requested_by=self.request.user).select_related(
            "meeting__cohort", "district"
        )

    def get_object(self):
        job = super().get_object()
        job.requested_by = self.request.user  # the queryset holds the person's own jobs
        documents.check_access(job)  # they may still read its subject, else it is missing
        return job

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            302: OpenApiResponse(
                description="Files kept in a bucket: a link to the file, signed for "
                "REPORT_LINK_SECONDS"
            ),
        }
    )
    @action(detail=True, methods=["get"])
    def download(self, request, code=None):
        return job_file(self.get_object(), not_ready=NOT_FOUND_MESSAGE)
