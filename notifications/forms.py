from django import forms

from notifications.models import Frequency
from notifications.selectors import email_choices, kinds_for
from notifications.services import email_choices_save

EVERYTHING_DAILY = "daily"
EACH_KIND = "each"


class PreferencesForm(forms.Form):
    """The person's email choices, for the kinds of notice that can reach them (their roles'
    kinds: notifications.selectors.kinds_for): everything in one daily email, or one choice
    per kind (email at once, in a daily or weekly digest, or the notifications page only).
    The kinds of other roles keep their choices."""

    how = forms.ChoiceField(
        label="How to email you",
        choices=[
            (EVERYTHING_DAILY, "Everything in one daily email, each morning"),
            (EACH_KIND, "As I choose for each kind below"),
        ],
        widget=forms.RadioSelect,
        initial=EACH_KIND,
        required=False,
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.kinds = kinds_for(user)
        chosen = email_choices(user)
        if self.kinds and all(chosen[k] == Frequency.DAILY for k in self.kinds):
            self.fields["how"].initial = EVERYTHING_DAILY
        for kind in self.kinds:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Frequency.choices, initial=chosen[kind.value]
            )

    def clean(self):
        data = super().clean()
        if data.get("how") == EVERYTHING_DAILY:
            for kind in self.kinds:  # a choice per kind is not needed, nor kept
                self.errors.pop(kind.value, None)
                data[kind.value] = Frequency.DAILY
        return data

    def save(self) -> None:
        email_choices_save(
            self.user, {kind.value: self.cleaned_data[kind.value] for kind in self.kinds}
        )
