from django import forms
from django.utils import timezone

from accounts.models import User
from districts.forms import PreviewConfirmForm, UploadForm, choose_by_code
from districts.models import SchoolRole
from districts.validators import one_line
from schools.models import School, SchoolStage
from schools.selectors import district_people
from schools.services import SCHOOL_FIELDS, STAGE_FIELDS, check_grade_span

TEXT_LIMIT = 10_000
VERSION = {"min_value": 0, "max_value": 2**31 - 1, "widget": forms.HiddenInput}


class SchoolForm(forms.ModelForm):
    """A school: its name, its grade span, its NCES id and its principal (a name, a member of
    the district who uses Waypoint, or both)."""

    version = forms.IntegerField(required=False, **VERSION)

    class Meta:
        model = School
        fields = list(SCHOOL_FIELDS)
        labels = {
            "lowest_grade": "Lowest grade",
            "highest_grade": "Highest grade",
            "principal_name": "Principal’s name",
            "principal": "Principal in Waypoint",
            "enrolment": "Enrolment (students)",
        }
        help_texts = {
            "principal_name": "As they like it written; enough when they do not use Waypoint.",
            "principal": "One of the district’s people, if the principal uses Waypoint.",
        }

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        # one of the district's people: its team, or the people of its schools
        self.fields["principal"].queryset = district_people(district)
        choose_by_code(self, "principal")
        # an edit names the version it was made against
        self.fields["version"].required = self.instance.pk is not None
        self.fields["nces_id"].widget.attrs.update({"inputmode": "numeric", "maxlength": 12})

    def clean(self):
        cleaned = super().clean()
        try:
            check_grade_span(cleaned.get("lowest_grade"), cleaned.get("highest_grade"))
        except forms.ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field, messages)
        return cleaned


class CloseForm(forms.ModelForm):
    """Closing a school, with why (kept with it, shown beside it)."""

    version = forms.IntegerField(**VERSION)

    class Meta:
        model = School
        fields = ["closed_note"]
        labels = {"closed_note": "Why it closes (optional)"}
        widgets = {"closed_note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "closed_note": "Merged with another school, a program ended: shown beside it."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_note"].max_length = TEXT_LIMIT


class StageForm(forms.ModelForm):
    """A school's implementation stage on a strand, from a date (today unless said), with
    an optional note."""

    class Meta:
        model = SchoolStage
        fields = list(STAGE_FIELDS)
        labels = {"as_of": "From", "note": "Note (optional)"}
        widgets = {
            "as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "as_of": "The day the school entered this stage: today, or an earlier day to "
            "correct its history.",
            "note": "What shows it: the team formed, the first teachers started.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].max_length = TEXT_LIMIT
        self.fields["as_of"].initial = timezone.localdate


class SchoolUploadForm(UploadForm):
    """A table of schools: Waypoint's own columns, or a OneRoster 1.2 orgs.csv, whose schools
    are those under the district's own sourcedId."""

    parent = forms.CharField(
        label="Your district’s OneRoster sourcedId (for an orgs.csv only)",
        required=False,
        max_length=255,
        validators=[one_line],
        help_text="The sourcedId of the district’s own row in orgs.csv (its type is "
        "“district”): only schools whose parentSourcedId is this one are imported.",
    )


class ImportConfirmForm(PreviewConfirmForm):
    salt = "schools.import"


class TeamMemberForm(forms.Form):
    """A person of the district added to a school's team, with their role in it."""

    person = forms.ModelChoiceField(
        queryset=User.objects.none(),
        to_field_name="code",
        help_text="One of the district’s people: its team, or the people of its schools.",
    )
    role = forms.ChoiceField(choices=SchoolRole.choices, initial=SchoolRole.SCHOOL_MEMBER)

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = district_people(district)


class TeamRoleForm(forms.Form):
    """Another role in the school's team for one of its people."""

    role = forms.ChoiceField(choices=SchoolRole.choices)
