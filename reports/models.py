"""Files made in the background: PDF documents (a cohort meeting's packet, a district's
report), a district's whole record, and exports over more districts than a request reads
(reports.exports).

A job belongs to the person who asked for it: what it shows is what that person may read, so
only they download it. The file is kept in STORAGES["reports"] (the media folder, or the
bucket: districts.stored) and handed out by a view that checks access again, never from a
public URL.
"""

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.db.models import Q

from districts.models import Coded, DistrictWorkQuerySet
from districts.stored import NamedStorage


def report_storage() -> Storage:
    """STORAGES["reports"]: what the workers make (documents, their parts, the page-number
    stamps), under reports/. Overwriting: a job that runs again writes the same name."""
    return NamedStorage("reports")


class ReportJob(Coded):
    class Kind(models.TextChoices):
        # A meeting has two packets: the facilitators' (each district as the facilitator who
        # asked reads it, with the problems of practice not shared with the cohort and the
        # facilitators' notes) and the participants' (what every district of the cohort may
        # read, the same for whoever asks: the one to hand out).
        PACKET = "packet", "Facilitators’ packet"
        PARTICIPANTS = "participants", "Participants’ packet"
        DISTRICT = "district", "District report"
        # Everything the district holds, as one zip (reports.archive): for its leads.
        ARCHIVE = "archive", "District record"
        # A table over many districts (the coach's heatmap or ratings, a cohort's ratings):
        # which one and its selection are its params (reports.exports).
        EXPORT = "export", "Export"

    PACKETS = (Kind.PACKET, Kind.PARTICIPANTS)

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(max_length=12, choices=Kind.choices)
    # "packet:<meeting code>" or "district:<district code>": what the document is of, so
    # that asking again while a job runs finds that job (see the constraint below).
    subject = models.CharField(max_length=80)
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    district = models.ForeignKey(
        "districts.District", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_jobs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    stage = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the job was last handed to the broker, and how many times: a message the broker
    # lost (a restart) is sent again by reports.services.jobs_sweep.
    sent_at = models.DateTimeField(null=True, blank=True)
    sends = models.PositiveSmallIntegerField(default=0)
    # The worker running the job moves this every few seconds (reports.tasks.beating); a
    # running job whose beat stopped lost its worker, and the sweep hands it to another.
    beat_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to="reports/", storage=report_storage, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    # Which rounds and plan versions the document used, per district (see reports.selectors).
    sources = models.JSONField(default=list, blank=True)
    sections_reused = models.PositiveIntegerField(default=0)
    # An export's name, format and selection as asked for ({"export": "heatmap", "fmt":
    # "csv", "state": "ME"}): read again, as its requester may read it, when the job runs
    # and at every download. None for the other kinds.
    params = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    # A district's report is part of its work: its changes start a new generation of it.
    objects = DistrictWorkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "subject", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "requested_by"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_report_job",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code} ({self.status})"

    @property
    def is_packet(self) -> bool:
        return self.kind in self.PACKETS

    @property
    def for_facilitators(self) -> bool:
        return self.kind == self.Kind.PACKET

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def filename(self) -> str:
        """The name the download is saved under."""
        from django.utils.text import slugify

        if self.meeting_id:
            name = f"{self.meeting.cohort.name} {self.meeting.title} {self.meeting.first_date}"
            edition = "facilitators" if self.for_facilitators else "participants"
            return f"{slugify(name)}-{edition}-packet.pdf"
        if self.is_archive:
            return f"{slugify(self.district.name)}-record-{self.created_at:%Y-%m-%d}.zip"
        if self.is_export:
            name = slugify(self.params["export"])
            return f"waypoint-{name}-{self.created_at:%Y-%m-%d}.{self.extension}"
        return f"{slugify(self.district.name)}-report.pdf"

    @property
    def is_archive(self) -> bool:
        return self.kind == self.Kind.ARCHIVE

    @property
    def is_export(self) -> bool:
        return self.kind == self.Kind.EXPORT

    @property
    def extension(self) -> str:
        """The kept file's: an export's format, zip for a record, pdf for a document."""
        if self.is_export:
            return self.params["fmt"]
        return "zip" if self.is_archive else "pdf"

    @property
    def export_title(self) -> str:
        """An export's name as people read it: "Heatmap (CSV)"."""
        from reports.exports import export_title

        return export_title(self.params) if self.is_export else ""

    @property
    def content_type(self) -> str:
        from districts.tables import CONTENT_TYPES

        if self.is_export:
            return CONTENT_TYPES[self.extension]
        return "application/zip" if self.is_archive else "application/pdf"
