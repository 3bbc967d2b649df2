from django import forms

from competencies.models import SCALE_PRESETS, Competency
from districts.forms import CompleteSubmission
from districts.validators import one_line

TEXT_LIMIT = 10_000


class CompetencyForm(forms.Form):
    kind = forms.ChoiceField(choices=Competency.Kind.choices, widget=forms.RadioSelect)
    content_area = forms.CharField(
        max_length=100,
        required=False,
        help_text="For content-area competencies, e.g. Science.",
        validators=[one_line],
    )
    title = forms.CharField(max_length=300, validators=[one_line])
    statement = forms.CharField(
        required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 2})
    )


class IndicatorForm(forms.Form):
    label = forms.CharField(
        label="Code",
        max_length=40,
        required=False,
        help_text="Optional, e.g. B or SCI.2.",
        validators=[one_line],
    )
    text = forms.CharField(
        label="Performance indicator",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    standards = forms.CharField(
        max_length=500,
        required=False,
        help_text="Codes of the standards it cites, separated by commas, e.g. HS-PS1-1, "
        "CCSS.ELA-Literacy.WHST.11-12-7.",
        validators=[one_line],
    )
    pathway = forms.TypedChoiceField(
        label="Assessment pathway",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", "Not chosen"),
            (1, "Pathway 1: common learning experiences, tasks and scoring guides"),
            (2, "Pathway 2"),
            (3, "Pathway 3"),
            (4, "Pathway 4"),
            (5, "Pathway 5: unique scoring guides (less comparable)"),
        ],
        help_text="How it is assessed (Assessment Pathways Simplified, in the reference "
        "library): only pathways 1 to 4 use common scoring criteria.",
    )
    required_for_graduation = forms.BooleanField(label="Required for graduation", required=False)


class ObjectiveForm(forms.Form):
    text = forms.CharField(label="Learning objective", max_length=1000, validators=[one_line])


class CriteriaForm(CompleteSubmission, forms.Form):
    """One text per level of the district's scale, as the columns of the criteria grid."""

    def __init__(self, *args, labels: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for level, label in enumerate(labels, start=1):
            self.fields[f"level_{level}"] = forms.CharField(
                label=label,
                required=False,
                max_length=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    incomplete_message = "The criteria grid came in incomplete: reload the page and try again."

    def texts(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.fields]


class ScaleForm(forms.Form):
    preset = forms.ChoiceField(
        label="Scale",
        widget=forms.RadioSelect,
        choices=[(key, " / ".join(labels)) for key, labels in SCALE_PRESETS.items()]
        + [("custom", "Our own labels")],
    )
    custom = forms.CharField(
        label="Our own labels",
        required=False,
        max_length=300,
        help_text="Lowest first, separated by commas, e.g. Beginning, Approaching, Proficient, "
        "Distinguished.",
        validators=[one_line],
    )

    taxonomy = forms.ChoiceField(
        label="Check the cognitive demand of scoring criteria by",
        widget=forms.RadioSelect,
        choices=[("bloom", "Bloom’s Revised Taxonomy"), ("webb", "Webb’s Depth of Knowledge")],
        initial="bloom",
        required=False,  # left out: the district's choice stays
        help_text="The seed’s design guide names both; the checks apply the one you choose.",
    )

    def labels(self) -> list[str]:
        if self.cleaned_data["preset"] == "custom":
            return [label.strip() for label in self.cleaned_data["custom"].split(",")]
        return SCALE_PRESETS[self.cleaned_data["preset"]]


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV or XLSX file", help_text="At most 5 MB.")
    replace = forms.BooleanField(
        label="I understand that the file replaces the district’s whole set of competencies.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 5 MB.")
        return upload
