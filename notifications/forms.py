from django import forms

from notifications.models import CHOSEN_KINDS, Frequency
from notifications.selectors import email_choices
from notifications.services import email_choices_save


class PreferencesForm(forms.Form):
    """One choice per kind of notice: email at once, in a daily or weekly digest, or the
    notifications page only."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = email_choices(user)
        for kind in CHOSEN_KINDS:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Frequency.choices, initial=chosen[kind.value]
            )

    def save(self) -> None:
        email_choices_save(self.user, self.cleaned_data)
