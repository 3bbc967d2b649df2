from django import forms

from districts.forms import choose_by_code
from districts.models import Audience
from meetings.models import Meeting
from rubrics.models import AssessmentRound, Level

TEXT_LIMIT = 10_000


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


class RatingForm(forms.Form):
    level = forms.ModelChoiceField(
        queryset=Level.objects.none(), required=False, to_field_name="position"
    )
    evidence = forms.CharField(required=False, max_length=TEXT_LIMIT, widget=forms.Textarea)
    next_steps = forms.CharField(required=False, max_length=TEXT_LIMIT, widget=forms.Textarea)
    version = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, framework, levels=None, **kwargs):
        """`levels`: the framework's levels as a queryset, when many forms share one."""
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = (
            levels if levels is not None else Level.objects.filter(framework=framework)
        )
        self.fields["level"].error_messages["invalid_choice"] = "Choose one of the levels shown."


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
