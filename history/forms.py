from django import forms

from history.kinds import KINDS


class KindForm(forms.Form):
    """The history page's filter: the changes of one kind of item, or of every kind."""

    kind = forms.ChoiceField(label="Show the changes of", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", "Everything"),
            *((k.key, k.label) for k in KINDS.values()),
        ]

    def chosen(self) -> str:
        """The kind chosen, or "" (everything; also for a kind that does not exist)."""
        return self.cleaned_data["kind"] if self.is_valid() else ""
