from django import forms

from notifications.models import CHOSEN_KINDS, DEFAULT_FREQUENCY, Frequency, Preference


class PreferencesForm(forms.Form):
    """One choice per kind of notice: email at once, in a daily or weekly digest, or the
    notifications page only."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
        for kind in CHOSEN_KINDS:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Frequency.choices,
                initial=chosen.get(kind.value, DEFAULT_FREQUENCY[kind]),
            )

    def save(self) -> None:
        for kind in CHOSEN_KINDS:
            Preference.objects.update_or_create(
                user=self.user, kind=kind.value, defaults={"frequency": self.cleaned_data[kind]}
            )
