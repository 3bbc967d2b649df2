from django import forms
from django.core.exceptions import ValidationError

from districts.forms import choose_by_code
from districts.models import Audience
from districts.validators import one_line
from meetings.models import Meeting
from rubrics.models import AssessmentRound, Level

TEXT_LIMIT = 10_000
# The framework written for one school's leaders and teachers: offered first for a school.
SCHOOL_FRAMEWORK = "mastery-collaborative-implementation"


class RoundForm(forms.ModelForm):
    class Meta:
        model = AssessmentRound
        fields = ["title", "framework", "due_date", "meeting", "sharing"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "sharing": forms.RadioSelect,
        }
        help_texts = {
            "title": "For example “Fall 2026, before the December PLG meeting”.",
            "framework": "The District Self-Assessment Rubric is for the district’s team, "
            "looking at the whole district (your coaches’ dashboard, peers and meeting packets "
            "read it): start with it. The Mastery Collaborative Implementation Framework is for "
            "a school’s leaders and teachers, looking at one building, beside the rubric.",
            "sharing": "Drafts and individual ratings never leave the district. This is who "
            "sees the team’s ratings once the round is submitted; you can change it later.",
        }

    def __init__(self, *args, frameworks, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            cohort__districts=district
        ).select_related("cohort")
        self.fields["meeting"].label = "PLG meeting it prepares for (optional)"
        self.fields["framework"].queryset = self.fields["framework"].queryset.filter(
            pk__in=[f.pk for f in frameworks]
        )
        self.fields["framework"].empty_label = None
        self.fields["framework"].initial = frameworks[0].code if frameworks else None
        choose_by_code(self, "framework", "meeting")


class SchoolRoundsForm(forms.Form):
    """One round for each chosen school of the district (or all its open schools), opened
    at once by its leads: the title, the framework and the due date they share. The
    frameworks and the schools are those read once by the view (no query of its own)."""

    title = forms.CharField(
        max_length=200,
        validators=[one_line],
        help_text="For example “Spring 2027 school self-assessment”. Each school rates its own "
        "round, reaches its team rating and submits it to the district.",
    )
    framework = forms.ChoiceField(
        help_text="The Mastery Collaborative Implementation Framework looks at one building "
        "(schoolwide and classroom shifts); the District Self-Assessment Rubric asks the "
        "district’s questions of the school.",
    )
    due_date = forms.DateField(
        label="Due date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    every_school = forms.BooleanField(label="All the district’s open schools", required=False)
    schools = forms.MultipleChoiceField(
        label="Or these schools",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose schools of this district only."},
    )

    def __init__(self, *args, frameworks, schools, **kwargs):
        """`frameworks`: the current version of each; `schools`: the district's schools."""
        super().__init__(*args, **kwargs)
        self.frameworks = {str(f.code): f for f in frameworks}
        self.district_schools = {str(s.code): s for s in schools}
        self.fields["framework"].choices = [(code, f.name) for code, f in self.frameworks.items()]
        first = next((f for f in frameworks if f.slug == SCHOOL_FRAMEWORK), None)
        self.fields["framework"].initial = str(first.code) if first else None
        self.fields["schools"].choices = [
            (code, f"{s.name} (closed)" if s.is_closed else s.name)
            for code, s in self.district_schools.items()
        ]

    def clean_framework(self):
        return self.frameworks[self.cleaned_data["framework"]]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("every_school"):
            cleaned["schools"] = [s for s in self.district_schools.values() if not s.is_closed]
            if not cleaned["schools"]:
                self.add_error("every_school", "The district has no open school.")
        elif "schools" in self.errors:
            pass
        elif not cleaned.get("schools"):
            self.add_error("schools", "Choose at least one school, or all of them.")
        else:
            cleaned["schools"] = [self.district_schools[code] for code in cleaned["schools"]]
        return cleaned


class LevelField(forms.ModelChoiceField):
    """A framework's level by its position. Given the levels already read (`known`: the
    forms of every dimension of a sheet share them), a choice is found among them without a
    query each."""

    known: list[Level] | None = None

    def to_python(self, value):
        if self.known is None or value in self.empty_values:
            return super().to_python(value)
        for level in self.known:
            if str(level.position) == str(value):
                return level
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class LevelForm(forms.Form):
    """One dimension's level, chosen by its position among the framework's levels (the level
    cards of rubrics.selectors.DimensionRow), under the prefix "d<dimension code>"."""

    level = LevelField(queryset=Level.objects.none(), required=False, to_field_name="position")

    def __init__(self, *args, framework, levels=None, **kwargs):
        """`levels`: the framework's levels, as a queryset or a list read once, when many
        forms share them."""
        super().__init__(*args, **kwargs)
        field = self.fields["level"]
        if isinstance(levels, list):
            field.known, levels = levels, None
        field.queryset = levels if levels is not None else Level.objects.filter(framework=framework)
        field.error_messages["invalid_choice"] = "Choose one of the levels shown."


class RatingForm(LevelForm):
    evidence = forms.CharField(required=False, max_length=TEXT_LIMIT, widget=forms.Textarea)
    next_steps = forms.CharField(required=False, max_length=TEXT_LIMIT, widget=forms.Textarea)
    version = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)


class CoachRatingForm(LevelForm):
    """A coach's calibration of one dimension: level, reason, and whether the evidence the
    coach saw points the other way from the team's."""

    rationale = forms.CharField(
        label="Why", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    differs = forms.BooleanField(
        label="The evidence I saw points the other way from the team’s", required=False
    )


class CalibrationForm(forms.Form):
    """The coach's calibration of a round: what the coach asks for, and a CoachRatingForm
    per dimension of the sheet (rubrics.selectors.framework_sheet), each set on its row as
    `row.form` for the level cards. "team" fills the team's level into every dimension the
    coach has not given one, and saves nothing."""

    ACTIONS = {
        "save": "Save the draft",
        "publish": "Publish to the district",
        "withdraw": "Withdraw to change it",
        "team": "Start from the team’s levels",
    }
    action = forms.ChoiceField(choices=list(ACTIONS.items()))

    def __init__(self, data=None, *, sheet, given: dict, team: dict):
        """`given`: the coach's saved CoachRating per dimension id; `team`: the team's Level
        per dimension id."""
        super().__init__(data)
        self.sheet, self.team = sheet, team
        levels = list(sheet.levels)
        if data is not None and data.get("action") == "team":
            data = self._with_team_levels(data)
        for row in sheet.rows:
            saved = given.get(row.dimension.pk)
            row.form = CoachRatingForm(
                data,
                framework=sheet.framework,
                levels=levels,
                prefix=f"d{row.dimension.code}",
                initial={
                    "level": saved.level.position if saved and saved.level_id else None,
                    "rationale": saved.rationale if saved else "",
                    "differs": saved.evidence_differs if saved else False,
                },
            )
            level = row.form["level"].value()
            row.chosen_level = int(level) if str(level).isdigit() else None
            row.team_level = team.get(row.dimension.pk)

    def _with_team_levels(self, data):
        data = data.copy()
        for row in self.sheet.rows:
            key, level = f"d{row.dimension.code}-level", self.team.get(row.dimension.pk)
            if level is not None and not data.get(key):
                data[key] = str(level.position)
        return data

    @property
    def chosen(self) -> str:
        """What the coach asked for ("" when nothing the form offers)."""
        if not self.is_bound or "action" in self.errors:
            return ""
        return self.cleaned_data["action"]

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return all([valid, *(row.form.is_valid() for row in self.sheet.rows)])

    def answers(self) -> dict:
        """{dimension id: (level id or None, rationale, evidence differs)}, as
        rubrics.calibration.calibration_save takes them."""
        found = {}
        for row in self.sheet.rows:
            data = row.form.cleaned_data
            level = data["level"].pk if data["level"] else None
            found[row.dimension.pk] = (level, data["rationale"], data["differs"])
        return found


class SharingForm(forms.Form):
    sharing = forms.ChoiceField(
        label="Share the submitted round",
        choices=Audience.choices,
        widget=forms.RadioSelect,
        initial=Audience.COACHES,
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why reopen this round?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the round, for the team and its coaches to see.",
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment", max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )
    dimension = forms.UUIDField(required=False, widget=forms.HiddenInput)
    reply_to = forms.UUIDField(required=False, widget=forms.HiddenInput)
