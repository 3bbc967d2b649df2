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


class AddingForm(forms.Form):
    """What a files page's POST says beside its files or its link: which of the two it adds
    (files, unless it says a link) and where a save goes (`back`: "item", the item's own
    page, else the files page again)."""

    action = forms.ChoiceField(
        choices=[("files", "Files"), ("link", "A link")],
        required=False,
        error_messages={"invalid_choice": "Nothing was added: add files or a link."},
    )
    back = forms.ChoiceField(
        choices=[("", "This page"), ("item", "The item’s page")],
        required=False,
        error_messages={"invalid_choice": "Nothing was added: reload the page and add it again."},
    )

    def adds_link(self) -> bool:
        """Whether it adds a link, as its action says when that is valid (even if `back` is
        not: the link form then keeps what was typed)."""
        self.is_valid()  # cleaned_data then holds each field that is valid
        return self.cleaned_data.get("action") == "link"

    def back_to_item(self) -> bool:
        return self.is_valid() and self.cleaned_data["back"] == "item"
