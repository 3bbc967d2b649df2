"""The Django admin, named for assistive technology (WCAG 2.1, 4.1.2).

Gaps in Django's own admin fail axe on Waypoint's staff pages:
- a tabular inline labels its columns with table headers, not <label>s, so each control in
  a row (and the row's "Delete?" box) has no accessible name;
- an autocomplete field's select2 combobox is named by the text of its selection, which is
  empty until something is chosen;
- a date-and-time field has two inputs and one label, which names neither.
The classes here close both; every admin in the project uses them."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect


class NamedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose empty combobox still says what it is for: select2 shows the
    placeholder, and static/js/admin-names.js (templates/admin/base_site.html) names the
    element that names the combobox after the field."""

    def __init__(self, field, admin_site, attrs=None, choices=(), using=None, *, label=""):
        super().__init__(field, admin_site, attrs, choices, using)
        self.label = label

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-placeholder"] = f"Search for a {self.label.lower()}"
        return attrs


class NamedFieldsMixin:
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(field, "widget", None)
        widget = getattr(widget, "widget", widget)  # a related wrapper
        if isinstance(widget, forms.SplitDateTimeWidget):
            label = str(db_field.verbose_name).capitalize()
            widget.widgets[0].attrs["aria-label"] = f"{label}: date"
            widget.widgets[1].attrs["aria-label"] = f"{label}: time"
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = NamedAutocompleteSelect(
                db_field,
                self.admin_site,
                using=kwargs.get("using"),
                label=str(db_field.verbose_name),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ModelAdmin(NamedFieldsMixin, admin.ModelAdmin):
    # A filtered list says "N results" without counting the whole table again: at 13,000
    # districts the second count (hundreds of thousands of rows) cost more than the page.
    show_full_result_count = False


class StackedInline(NamedFieldsMixin, admin.StackedInline):
    pass


class TabularInline(NamedFieldsMixin, admin.TabularInline):
    """Each control in a row carries its column's name and the row's number."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Named(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                row = "new row" if index is None else f"row {index + 1}"
                for field in form.fields.values():
                    widget = getattr(field.widget, "widget", field.widget)  # a related wrapper
                    widget.attrs.setdefault("aria-label", f"{field.label} ({row})")

        return Named
