from django import forms

from accounts.models import User
from districts.forms import PreviewConfirmForm, choose_by_code
from measures.models import VALUE, DataPoint, Measure
from measures.services import MEASURE_FIELDS
from planning.models import ActionPlan, PlanCell
from rubrics.models import Dimension, Framework
from schools.selectors import choosable

TEXT_LIMIT = 10_000
NUMBER = {**VALUE, "error_messages": {"invalid": "Write a number, such as 42 or 42.5."}}


class MeasureForm(forms.ModelForm):
    """A measure with a target field per June of the plan's horizon (`target_<year>`)."""

    version = forms.IntegerField(
        min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput, required=False
    )
    kept = forms.ChoiceField(
        label="Kept",
        choices=Measure.Kept.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Per school: each school's data are entered, and the district's value of "
        "each period is worked out from those of the schools that reported. A school needs "
        "its enrolment for a mean weighted by enrolment.",
    )

    class Meta:
        model = Measure
        fields = list(MEASURE_FIELDS)
        widgets = {
            "counts": forms.Textarea(attrs={"rows": 2}),
            "baseline_date": forms.DateInput(attrs={"type": "date"}),
            "kind": forms.RadioSelect,
            "direction": forms.RadioSelect,
        }
        labels = {"baseline_value": "Baseline value"}

    def __init__(self, *args, district, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["counts"].max_length = TEXT_LIMIT
        self.fields["baseline_value"].error_messages["invalid"] = NUMBER["error_messages"][
            "invalid"
        ]
        self.fields["owner"].queryset = User.objects.filter(
            memberships__district=district
        ).order_by("full_name")
        self.fields["milestone"].queryset = PlanCell.objects.filter(plan=plan).order_by(
            "year", "strand"
        )
        self.fields["milestone"].label_from_instance = lambda cell: (
            f"{cell.get_strand_display()}, June {cell.year}"
        )
        self.fields["action_plan"].queryset = ActionPlan.objects.filter(district=district)
        rubric = (
            Framework.objects.filter(slug="district-self-assessment").order_by("-version").first()
        )
        chosen = (
            Dimension.objects.filter(pk=self.instance.dimension_id)
            if self.instance.dimension_id
            else Dimension.objects.none()
        )
        self.fields["dimension"].queryset = (
            Dimension.objects.filter(domain__framework=rubric) | chosen
        ).order_by("domain__position", "position")
        choose_by_code(self, "owner", "milestone", "action_plan", "dimension")
        targets = {t.year: t.value for t in self.instance.targets.all()} if self.instance.pk else {}
        for year in plan.horizon:
            self.fields[f"target_{year}"] = forms.DecimalField(
                label=f"Target for June {year}",
                required=False,
                initial=targets.get(year),
                **NUMBER,
            )

    def target_fields(self):
        return [self[f"target_{year}"] for year in self.plan.horizon]

    def measure_fields(self):
        return [self[name] for name in self._meta.fields]

    def values(self) -> dict:
        """The measure's fields and its targets by year, for the services."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        data["targets"] = {
            year: self.cleaned_data[f"target_{year}"]
            for year in self.plan.horizon
            if self.cleaned_data.get(f"target_{year}") is not None
        }
        return data


class DataPointForm(forms.ModelForm):
    """A data point; a new one of a measure kept per school names its school (an open school
    of the district, offered and accepted by its code). A point stays its school's."""

    value = forms.DecimalField(**NUMBER)
    version = forms.IntegerField(
        min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput, required=False
    )

    class Meta:
        model = DataPoint
        fields = ["value", "as_of", "source", "note"]
        widgets = {
            "as_of": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, measure=None, only=None, **kwargs):
        """`only`: the ids of the schools the person adds points of (None: any school)."""
        super().__init__(*args, **kwargs)
        self.fields["note"].max_length = TEXT_LIMIT
        if measure is not None and measure.per_school and not self.instance.pk:
            schools = choosable(measure.district_id)
            if only is not None:
                schools = schools.filter(pk__in=only)
            self.fields["school"] = forms.ModelChoiceField(
                queryset=schools,
                to_field_name="code",
                label="School",
                help_text="The school this value is of.",
                error_messages={"invalid_choice": "Choose one of the district's open schools."},
            )
            self.order_fields(["school", "value", "as_of", "source", "note"])


class ImportConfirmForm(PreviewConfirmForm):
    salt = "measures.import"
