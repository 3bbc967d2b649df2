from django import forms

from districts.validators import one_line
from evidence.services import MAX_FILES_AT_ONCE
from evidence.uploads import limits_text


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class FilesForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        allow_empty_file=True,  # refused by evidence.uploads, with the others' reasons
    )

    def __init__(self, *args, owner: str = "district", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "files"
        ].help_text = f"{limits_text(owner)} At most {MAX_FILES_AT_ONCE} at a time."


class LinkForm(forms.Form):
    title = forms.CharField(label="Title", max_length=255, validators=[one_line])
    url = forms.URLField(
        label="Web address",
        max_length=2000,
        assume_scheme="https",
        help_text="For example the document in your district’s shared drive.",
        validators=[one_line],
    )
