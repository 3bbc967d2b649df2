from django import forms

from dashboards.snapshots import MAX_DAYS
from districts.validators import one_line


class SnapshotForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example “Report to the school board, March 2027”.",
        validators=[one_line],
    )
    show_levels = forms.BooleanField(
        label="The latest levels and their change", required=False, initial=True
    )
    show_plan = forms.BooleanField(label="The long-term plan", required=False, initial=True)
    show_actions = forms.BooleanField(
        label="The action plans’ progress", required=False, initial=True
    )
    show_evidence = forms.BooleanField(
        label="The team’s evidence beside each level (left out unless you choose it)",
        required=False,
    )
    measures = forms.MultipleChoiceField(
        label="Measures of success, each with its chart",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    days = forms.IntegerField(
        label="The link works for (days)",
        min_value=1,
        max_value=MAX_DAYS,
        initial=90,
        help_text=f"From 1 to {MAX_DAYS} days; you can stop it sooner at any time.",
    )

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].choices = [(str(m.code), m.name) for m in measures]
        if not measures:
            del self.fields["measures"]


class PairingForm(forms.Form):
    """A suggested pair a facilitator puts on the next meeting's agenda, as the cohort page
    posts it (codes and a dimension's key; whether it is still suggested is checked after),
    and where to go back to on that page."""

    district = forms.SlugField(max_length=40)
    peer = forms.SlugField(max_length=40)
    dimension = forms.CharField(max_length=80, validators=[one_line])
    page = forms.IntegerField(min_value=1, required=False)
    back_district = forms.SlugField(max_length=40, required=False)
