from django import forms

from accounts.models import User
from districts.access import belongs_to
from districts.forms import CompleteSubmission, choose_by_code
from districts.models import Cohort, Membership
from districts.validators import one_line
from meetings.models import (
    SCALE,
    AgendaItem,
    Commitment,
    EvaluationQuestion,
    Meeting,
    MeetingNote,
    ProblemOfPractice,
    Protocol,
    Topic,
)
from meetings.services import ANSWER_LIMIT


class CohortDetailsForm(CompleteSubmission, forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["outcomes", "norms", "expectations"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "first_date", "second_date", "location", "outcomes", "norms"]
        widgets = {
            "first_date": forms.DateInput(attrs={"type": "date"}),
            "second_date": forms.DateInput(attrs={"type": "date"}),
            "outcomes": forms.Textarea(attrs={"rows": 4}),
            "norms": forms.Textarea(attrs={"rows": 5}),
        }


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["time", "title", "description", "protocol", "slots"]
        widgets = {
            "time": forms.TimeInput(attrs={"type": "time"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choose_by_code(self, "protocol")
        self.fields["slots"].required = False

    def clean_slots(self):
        return self.cleaned_data.get("slots") or 0


class AttendanceForm(forms.Form):
    districts = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Districts that attended",
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = meeting.cohort.districts.order_by("name")
        choose_by_code(self, "districts")

    def clean_districts(self) -> list:
        return list(self.cleaned_data["districts"])


class ProblemForm(forms.Form):
    district = forms.ModelChoiceField(queryset=None, empty_label=None)
    kind = forms.ChoiceField(
        label="What kind of problem is it?",
        choices=ProblemOfPractice.Kind.choices,
        widget=forms.RadioSelect,
    )
    topics = forms.MultipleChoiceField(
        choices=Topic.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    text = forms.CharField(
        label="Your problem of practice", max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    share_with_cohort = forms.BooleanField(
        label="Let the cohort's other districts read it (its facilitators and your coaches "
        "always can)",
        required=False,
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        choose_by_code(self, "district")
        if len(districts) == 1:
            self.fields["district"].widget = forms.HiddenInput()
            self.fields["district"].initial = districts[0].code


class MeetingNoteForm(forms.ModelForm):
    class Meta:
        model = MeetingNote
        fields = ["kind", "text", "share_with_cohort"]
        labels = {"kind": "It is a", "text": "Note or decision"}
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_note_%s")  # unique on the meeting page
        super().__init__(*args, **kwargs)


class CommitmentForm(forms.Form):
    """A district's note, decision or commitment; `districts` are those the person may record
    for (their own as a lead or member, or the cohort's as its facilitator)."""

    district = forms.ModelChoiceField(queryset=None, empty_label=None)
    kind = forms.ChoiceField(
        label="It is a", choices=Commitment.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="What was noted, decided or committed to",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Who owns it (a commitment)",
        help_text="One of the chosen district's people (listed under its name).",
    )
    due_date = forms.DateField(
        label="By when", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, districts, **kwargs):
        kwargs.setdefault("auto_id", "id_record_%s")  # unique on the meeting page
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["owner"].queryset = (
            User.objects.filter(memberships__district__in=districts)
            .distinct()
            .order_by("full_name")
        )
        choose_by_code(self, "district", "owner")
        self.fields["owner"].choices = _people_by_district(districts)
        if len(districts) == 1:
            self.fields["district"].widget = forms.HiddenInput()
            self.fields["district"].initial = districts[0].code

    def clean(self):
        """The owner is one of the chosen district's people, not another district's."""
        data = super().clean()
        district, owner = data.get("district"), data.get("owner")
        if district and owner and not belongs_to(owner, district):
            self.add_error("owner", f"Choose one of {district.name}’s people.")
        return data


def _people_by_district(districts) -> list:
    """The owner's choices: each district's people under its name (one query), so that a
    district's commitment is given to one of its own."""
    groups: dict = {}
    for m in (
        Membership.objects.filter(district__in=districts)
        .select_related("user", "district")
        .order_by("district__name", "user__full_name", "user__email")
    ):
        groups.setdefault(m.district.name, []).append(
            (str(m.user.code), m.user.full_name or m.user.email)
        )
    if len(groups) == 1:
        return [("", "---------"), *next(iter(groups.values()))]
    return [("", "---------"), *groups.items()]


class EvaluationForm(forms.Form):
    """The meeting's questions: each rating from "Not at all" to "Fully", each written
    answer in a text box; any may be left out, but not all."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            if q.kind == EvaluationQuestion.Kind.SCALE:
                self.fields[f"q-{q.code}"] = forms.TypedChoiceField(
                    label=q.text,
                    choices=SCALE,
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=False,
                    empty_value=None,
                )
            else:
                self.fields[f"q-{q.code}"] = forms.CharField(
                    label=q.text,
                    max_length=ANSWER_LIMIT,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    required=False,
                )

    def answers(self) -> dict:
        return {str(q.code): self.cleaned_data.get(f"q-{q.code}") for q in self.questions}


class EvaluationOpenForm(forms.Form):
    """The facilitators open the evaluation ("1") or close it ("0")."""

    open = forms.TypedChoiceField(
        choices=[("1", "Open"), ("0", "Closed")],
        coerce=int,
        error_messages={
            "required": "Say whether to open or close the evaluation.",
            "invalid_choice": "The evaluation can be opened or closed only.",
        },
    )


class QuestionForm(forms.ModelForm):
    class Meta:
        model = EvaluationQuestion
        fields = ["text", "kind"]
        labels = {"text": "Question", "kind": "Answered with"}
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_question_%s")  # unique on the meeting page
        super().__init__(*args, **kwargs)


class ProtocolForm(forms.ModelForm):
    """A protocol's timed steps as lines: the minutes, then the step."""

    steps_text = forms.CharField(
        label="Steps",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One step per line: its minutes, then what happens, e.g. “5 Individually "
        "write dilemma”.",
    )

    class Meta:
        model = Protocol
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["steps_text"] = "\n".join(
                f"{step['minutes']} {step['title']}" for step in self.instance.steps
            )

    def clean_steps_text(self):
        steps = []
        for number, line in enumerate(self.cleaned_data["steps_text"].splitlines(), start=1):
            if not line.strip():
                continue
            minutes, _, title = line.strip().partition(" ")
            if not minutes.isdigit() or not 1 <= int(minutes) <= 240 or not title.strip():
                raise forms.ValidationError(
                    f"Line {number}: start with the minutes (1 to 240), then the step."
                )
            steps.append({"title": title.strip(), "minutes": int(minutes)})
        if not steps:
            raise forms.ValidationError("Give the protocol at least one step.")
        return steps


class SignupForm(forms.Form):
    """`districts`: where the person may sign up; `only`: the one district, when there is
    one (then no choice is shown)."""

    district = forms.ModelChoiceField(queryset=None, empty_label=None)
    topic = forms.CharField(label="What you will present", max_length=300, validators=[one_line])

    def __init__(self, *args, districts, only=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        choose_by_code(self, "district")
        if only is not None:
            self.fields["district"].widget = forms.HiddenInput()
            self.fields["district"].initial = only.code


class CaptureForm(forms.Form):
    problem = forms.ModelChoiceField(
        queryset=None, empty_label=None, label="The problem of practice being discussed"
    )
    step = forms.CharField(
        required=False, max_length=200, widget=forms.HiddenInput, validators=[one_line]
    )
    text = forms.CharField(
        label="What was said", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, problems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = problems
        self.fields["problem"].label_from_instance = lambda p: f"{p.district.name}: {p.text[:80]}"
        choose_by_code(self, "problem")
