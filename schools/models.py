"""The schools of a district: a district implements school by school, so each school is a
row of its own (its grade span, its NCES id, its principal), opened and closed by the
district's leads. A closed school keeps its row and its history; it shows as closed."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q

from districts.models import (
    Coded,
    DistrictOwned,
    DistrictOwnedQuerySet,
    Strand,
    acting_person,
    optional_fk,
)
from districts.validators import one_line

# The grades a school may span, lowest first: pre-kindergarten, kindergarten, 1 to 12.
GRADES = [(-1, "PK"), (0, "K"), *((grade, str(grade)) for grade in range(1, 13))]
GRADE_NAMES = dict(GRADES)

nces_school_id = RegexValidator(
    r"^\d{12}\Z",
    "NCES school id: write its 12 digits (as the NCES school search shows it), or leave it empty.",
)


class School(DistrictOwned, Coded):
    """One school of the district. Read by whoever reads the district's work shared with its
    coaches (its team, its coaches, staff: the model's audience); changed by its leads."""

    name = models.CharField(max_length=200, validators=[one_line])
    lowest_grade = models.SmallIntegerField(choices=GRADES, null=True, blank=True)
    highest_grade = models.SmallIntegerField(choices=GRADES, null=True, blank=True)
    nces_id = models.CharField(
        "NCES school id",
        max_length=12,
        blank=True,
        validators=[nces_school_id, one_line],
        help_text="12 digits: the district's 7-digit NCES id, then the school's 5.",
    )
    # The school's org in the district's student-information system (OneRoster sourcedId):
    # how a new orgs.csv finds the school it imported before.
    sourced_id = models.CharField(
        "OneRoster sourcedId", max_length=255, blank=True, validators=[one_line]
    )
    principal_name = models.CharField(
        "principal’s name", max_length=200, blank=True, validators=[one_line]
    )
    # The principal as a person of the district, if they use Waypoint (who made the school,
    # and who changed it, the history keeps).
    principal = optional_fk(settings.AUTH_USER_MODEL, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_note = models.TextField("why it closed", blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [F("closed_at").asc(nulls_first=True), "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="school_name_unique"),
            # Unique within the district: another district's ids are none of its business.
            models.UniqueConstraint(
                fields=["district", "nces_id"],
                condition=~Q(nces_id=""),
                name="school_nces_id_unique",
            ),
            models.UniqueConstraint(
                fields=["district", "sourced_id"],
                condition=~Q(sourced_id=""),
                name="school_sourced_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(lowest_grade__isnull=True, highest_grade__isnull=True)
                | Q(lowest_grade__lte=F("highest_grade")),
                name="school_grade_span",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def grade_span(self) -> str:
        """ "PK–12", "6–8", "K" (one grade); "" when not given."""
        if self.lowest_grade is None:
            return ""
        low, high = GRADE_NAMES[self.lowest_grade], GRADE_NAMES[self.highest_grade]
        return low if low == high else f"{low}–{high}"

    @property
    def principal_shown(self) -> str:
        """The principal as a page names them: the person in Waypoint, else the name given."""
        if self.principal_id:
            return self.principal.full_name or self.principal.email
        return self.principal_name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Stage(models.TextChoices):
    """The stages of implementation of the National Implementation Research Network (Fixsen
    et al., 2005), in their order."""

    EXPLORATION = "exploration", "Exploration"
    INSTALLATION = "installation", "Installation"
    INITIAL = "initial", "Initial implementation"
    FULL = "full", "Full implementation"


# A school implements a strand once it is in one of these stages (docs/schools.md).
IMPLEMENTING = (Stage.INITIAL, Stage.FULL)


class SchoolStageQuerySet(DistrictOwnedQuerySet):
    def current(self):
        """The rows that are each school's current stage on their strand: the latest by
        date (of two on the same date, the one recorded last)."""
        later = SchoolStage.objects.filter(
            school=OuterRef("school"), strand=OuterRef("strand")
        ).filter(Q(as_of__gt=OuterRef("as_of")) | Q(as_of=OuterRef("as_of"), pk__gt=OuterRef("pk")))
        return self.filter(~Exists(later))


class SchoolStage(DistrictOwned, Coded):
    """A school's implementation stage on one strand, from a date: one row a change, so the
    rows of a school and strand are its history and the latest by date its current stage. Read
    as its school is (the district's team, its coaches, staff)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="stages")
    strand = models.CharField(max_length=12, choices=Strand.choices)
    stage = models.CharField(max_length=12, choices=Stage.choices)
    as_of = models.DateField("date")
    note = models.TextField(blank=True)
    recorded_by = acting_person()
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = SchoolStageQuerySet.as_manager()

    class Meta:
        ordering = ["school", "strand", "as_of", "pk"]
        indexes = [models.Index(fields=["school", "strand", "as_of"], name="school_stage_by_date")]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_strand_display()}, {self.get_stage_display()}"
