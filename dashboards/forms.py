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
