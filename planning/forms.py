from django import forms

from accounts.models import User
from districts.forms import choose_by_code
from districts.models import PLAN_SHARING_CHOICES
from districts.validators import one_line
from planning.models import (
    ActionPlan,
    ActionStep,
    EngagementActivity,
    PlanCell,
    PolicyReview,
    Strand,
)
from rubrics.models import Dimension, Framework
from schools.selectors import choosable

SCHOOLS_HELP = "The schools it concerns; none for the district as a whole."

# What a person writes of an action step, on its page (ActionStepForm) and through the API.
STEP_FIELDS = [
    "description",
    "evidence",
    "start_date",
    "due_date",
    "coordinator",
    "coordinator_name",
    "participants",
    "external_support",
    "resources",
    "status",
    "schools",
]

# What a person writes of an engagement activity, on its page and through the API.
ENGAGEMENT_FIELDS = [
    "title",
    "date",
    "spectrum",
    "audience_description",
    "participants",
    "missing_voices",
    "outcome",
]

TEXT_LIMIT = 10_000


class PlanSharingForm(forms.Form):
    plan_sharing = forms.ChoiceField(
        label="Who beyond the district’s team reads the plan",
        choices=PLAN_SHARING_CHOICES,
        widget=forms.RadioSelect,
        help_text="The long-term plan, action plans, policy review and community engagement. "
        "Shared with the cohort, they appear in its meeting packets.",
    )


class HorizonForm(forms.Form):
    first_year = forms.IntegerField(
        label="First June", min_value=2000, max_value=2100, help_text="For example 2026."
    )
    years = forms.IntegerField(label="Number of years", min_value=1, max_value=10, initial=4)


def school_label(school) -> str:
    """A school as a choice names it: closed ones say so."""
    return f"{school.name} (closed)" if school.is_closed else school.name


def choose_schools(form: forms.BaseForm, district, *, named=()) -> None:
    """Make the form's `schools` the district's open schools (and the closed ones the work
    names already), as checkboxes offering and accepting their codes."""
    field = form.fields["schools"]
    field.widget = forms.CheckboxSelectMultiple()
    field.queryset = choosable(district, named=named)  # after the widget: it gives it choices
    field.label_from_instance = school_label
    field.help_text = SCHOOLS_HELP
    field.error_messages["invalid_choice"] = (
        "“%(value)s” is not one of the district's open schools."
    )
    choose_by_code(form, "schools")


class PlanCellForm(forms.Form):
    target = forms.CharField(
        label="Where the district will be",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    status = forms.ChoiceField(choices=PlanCell.Status.choices, initial=PlanCell.Status.NOT_STARTED)
    notes = forms.CharField(
        required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Among the schools the grid read once for all its cells (`school_choices`: codes and
    # names), so that the grid's forms cost no query each.
    schools = forms.MultipleChoiceField(
        required=False,
        help_text=SCHOOLS_HELP,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        error_messages={"invalid_choice": "“%(value)s” is not one of the district's open schools."},
    )
    version = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, school_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].choices = list(school_choices)
        self.fields["schools"].widget.attrs["aria-describedby"] = f"{self['schools'].auto_id}-hint"


class ActionPlanForm(forms.ModelForm):
    strands = forms.MultipleChoiceField(
        choices=Strand.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    dimensions = forms.ModelMultipleChoiceField(
        queryset=Dimension.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Rubric dimensions it serves",
    )

    class Meta:
        model = ActionPlan
        fields = ["goal", "rationale", "strategy", "strands", "dimensions"]
        widgets = {
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "strategy": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rubric = (
            Framework.objects.filter(slug="district-self-assessment").order_by("-version").first()
        )
        chosen = self.instance.dimensions.all() if self.instance.pk else Dimension.objects.none()
        self.fields["dimensions"].queryset = (
            Dimension.objects.filter(domain__framework=rubric) | chosen
        ).order_by("domain__position", "position")
        choose_by_code(self, "dimensions")


class ActionStepForm(forms.ModelForm):
    version = forms.IntegerField(
        min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput, required=False
    )

    class Meta:
        model = ActionStep
        fields = STEP_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "external_support": forms.Textarea(attrs={"rows": 2}),
            "resources": forms.Textarea(attrs={"rows": 2}),
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "due_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = User.objects.filter(
            memberships__district=district
        ).order_by("full_name")
        self.fields["coordinator"].help_text = "A member of the district, or name someone below."
        choose_by_code(self, "coordinator")
        if "schools" in self.fields:
            named = self.instance.schools.all() if self.instance.pk else ()
            choose_schools(self, district, named=named)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("coordinator") and cleaned.get("coordinator_name"):
            self.add_error("coordinator_name", "Choose a member or name someone, not both.")
        return cleaned


class StepStatusForm(forms.Form):
    """A step's status and due date, changed in the row where it is listed (the action plan's
    table, My steps): one form per row, prefixed by the step's code."""

    status = forms.ChoiceField(choices=ActionStep.Status.choices)
    due_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    # where a save without JavaScript returns: the plan's table, or My steps
    back = forms.ChoiceField(
        choices=[("plan", "plan"), ("mine", "mine")], required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, step: ActionStep, back: str = "plan", **kwargs):
        initial = {
            "status": step.status,
            "due_date": step.due_date,
            "version": step.version,
            "back": back,
        }
        super().__init__(*args, prefix=f"step-{step.code}", initial=initial, **kwargs)
        self.fields["due_date"].error_messages["invalid"] = (
            "Enter the due date as a date, for example 2027-03-15."
        )
        labels = ", ".join(str(label) for _, label in ActionStep.Status.choices)
        self.fields["status"].error_messages["invalid_choice"] = f"Choose a status: {labels}."

    def returns_to(self) -> str:
        """Where a save without JavaScript returns ("plan" or "mine"), once validated."""
        self.is_valid()  # cleaned_data then holds each field that is valid
        return self.cleaned_data.get("back") or "plan"


class PolicyReviewForm(forms.ModelForm):
    link = forms.URLField(
        label="Link to the policy text",
        required=False,
        max_length=200,
        assume_scheme="https",
        validators=[one_line],
    )
    version = forms.IntegerField(
        min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput, required=False
    )

    class Meta:
        model = PolicyReview
        fields = ["area", "policy_codes", "status", "last_reviewed", "notes", "link"]
        widgets = {
            "last_reviewed": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_standard:
            for name in ("area", "policy_codes"):
                self.fields[name].disabled = True


class EngagementForm(forms.ModelForm):
    class Meta:
        model = EngagementActivity
        fields = ENGAGEMENT_FIELDS
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "spectrum": forms.RadioSelect,
            "participants": forms.Textarea(attrs={"rows": 2}),
            "missing_voices": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }


class StepFromCommitmentForm(ActionStepForm):
    """A meeting commitment made an action step: which plan, and the step as it starts."""

    plan = forms.ModelChoiceField(queryset=None, empty_label=None, label="Action plan")

    class Meta(ActionStepForm.Meta):
        fields = ["description", "due_date", "coordinator", "status"]

    def __init__(self, *args, district, plans, **kwargs):
        super().__init__(*args, district=district, **kwargs)
        self.fields["plan"].queryset = plans
        choose_by_code(self, "plan")
        self.order_fields(["plan", "description", "due_date", "coordinator", "status"])
