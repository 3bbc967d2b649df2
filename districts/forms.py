from django import forms
from django.core import signing

from districts.access import coach_candidates
from districts.models import TIME_ZONE_CHOICES, DomainJoin, Role
from districts.validators import one_line


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text="They receive a link to join, valid for 7 days and usable once.",
        validators=[one_line],
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        initial=Role.MEMBER,
        help_text="Leads manage people; members edit the district's work; viewers read it.",
    )


class DistrictSetUpForm(forms.Form):
    """Staff set up a district in one step: its name, its clock, its first lead (invited by
    email), its coaches and its cohorts."""

    name = forms.CharField(label="Name", max_length=200, validators=[one_line])
    state = forms.RegexField(
        label="State",
        regex=r"^[A-Za-z]{2}$",
        max_length=2,
        error_messages={"invalid": "Write the two-letter postal code, e.g. ME."},
        help_text="Two-letter postal code, e.g. ME.",
        validators=[one_line],
    )
    time_zone = forms.ChoiceField(label="Time zone", choices=TIME_ZONE_CHOICES)
    lead_email = forms.EmailField(
        label="Email address of its first lead",
        help_text="They receive a link to join as the district's lead, valid for 7 days.",
        validators=[one_line],
    )
    coaches = forms.ModelMultipleChoiceField(
        label="Coaches", queryset=None, required=False, to_field_name="code"
    )
    cohorts = forms.ModelMultipleChoiceField(
        label="Cohorts", queryset=None, required=False, to_field_name="code"
    )

    def __init__(self, *args, **kwargs):
        from districts.models import Cohort

        super().__init__(*args, **kwargs)
        self.fields["coaches"].queryset = coach_candidates()
        self.fields["coaches"].label_from_instance = lambda u: f"{u.full_name or u.email}"
        self.fields["coaches"].help_text = COACHES_HELP
        self.fields["cohorts"].queryset = Cohort.objects.order_by("name")

    def clean_state(self):
        return self.cleaned_data["state"].upper()


COACHES_HELP = (
    "The people who can coach: those marked as coaches (on their page in the admin) and "
    "those coaching a district now."
)


class CoachForm(forms.Form):
    """Staff assign a coach to a district, from the people who can coach it: those not
    coaching it already."""

    coach = forms.ModelChoiceField(
        label="Coach", queryset=None, to_field_name="code", help_text=COACHES_HELP
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coach_candidates().exclude(
            coach_assignments__district=district
        )
        self.fields["coach"].label_from_instance = lambda u: f"{u.full_name or u.email}"


class ClockForm(forms.Form):
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=TIME_ZONE_CHOICES,
        help_text="Times on the district's pages, due dates and what is overdue follow it.",
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


def choose_by_code(form: forms.BaseForm, *names: str) -> None:
    """Make these model choice fields offer and accept the rows' codes, never their ids: a
    person sees no sequential id in a form's option values. A ModelForm's initial value of a
    foreign key is its id; it becomes the related row's code."""
    for name in names:
        field = form.fields[name]
        field.to_field_name = "code"
        value = form.initial.get(name)
        instance = getattr(form, "instance", None)
        if isinstance(value, int) and instance is not None and getattr(instance, "pk", None):
            related = getattr(instance, name, None)
            form.initial[name] = getattr(related, "code", None)


class CompleteSubmission:
    """For forms of optional text fields: a submission that lacks one of them (not a blank
    value: the field itself) is refused, so that a partial request cannot wipe what is
    stored. Checkboxes are exempt: browsers leave unchecked ones out."""

    incomplete_message = "The form came in incomplete: reload the page and try again."

    def clean(self):
        skip = (forms.CheckboxInput, forms.CheckboxSelectMultiple)
        missing = [
            name
            for name, field in self.fields.items()
            if not isinstance(field.widget, skip) and self.add_prefix(name) not in self.data
        ]
        if missing:
            raise forms.ValidationError(self.incomplete_message)
        return super().clean()


class DomainForm(forms.Form):
    domain = forms.CharField(
        label="Email domain",
        max_length=253,
        help_text="The part of your district’s email addresses after the @, for example "
        "riverside.k12.me.us.",
        validators=[one_line],
    )


class JoiningForm(forms.Form):
    domain_join = forms.ChoiceField(
        label="When someone signs in with your district’s account and an email of a verified "
        "domain, and does not belong to the district yet",
        choices=DomainJoin.choices,
        widget=forms.RadioSelect,
    )


class MoveForm(forms.Form):
    """Up or down among its siblings (districts.ordering.move)."""

    direction = forms.ChoiceField(
        choices=(("up", "Up"), ("down", "Down")),
        error_messages={
            "required": "Say whether to move it up or down.",
            "invalid_choice": "It can move up or down only.",
        },
    )


class JoinDecisionForm(forms.Form):
    """A lead's answer to someone who asked to join: approve with a role, or decline."""

    decision = forms.ChoiceField(
        choices=(("approve", "Approve"), ("decline", "Decline")),
        error_messages={"required": "Approve or decline the request."},
    )
    role = forms.ChoiceField(choices=Role.choices, initial=Role.VIEWER, required=False)

    def clean_role(self) -> str:
        return self.cleaned_data.get("role") or Role.VIEWER


UPLOAD_LIMIT = 5 * 1024 * 1024  # bytes of a table to import


class UploadForm(forms.Form):
    """A table to import (CSV or XLSX), refused above 5 MB: the first step of every
    preview-then-save import (districts.viewkit.Importing)."""

    file = forms.FileField(label="CSV or XLSX file", help_text="At most 5 MB.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_LIMIT:
            raise forms.ValidationError("The file is larger than 5 MB.")
        return upload


PREVIEW_LIFETIME = 3600  # seconds a preview may wait for its confirmation


class PreviewConfirmForm(forms.Form):
    """The preview the person confirms, as the server signed it when it showed the preview:
    what is saved is what was shown, and not older than an hour. Each import signs with its
    own `salt`, so that one import's preview is never another's."""

    salt: str

    confirm = forms.CharField(widget=forms.HiddenInput)

    @classmethod
    def sign(cls, data) -> str:
        return signing.dumps(data, salt=cls.salt)

    def confirms(self) -> bool:
        """Whether the POST confirms a preview (rather than uploading a file)."""
        return self.is_bound and self.has_changed()

    def clean_confirm(self):
        try:
            return signing.loads(
                self.cleaned_data["confirm"], salt=self.salt, max_age=PREVIEW_LIFETIME
            )
        except signing.BadSignature:
            raise forms.ValidationError(
                "The preview is too old or was changed: upload the file again."
            ) from None
