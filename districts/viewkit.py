"""Small pieces every district page uses: run a service for a form, confirm a deletion."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from districts.access import access_district
from districts.versioning import StaleSave


def posted(request: HttpRequest):
    """The submitted data of a POST (even an empty one), None for a GET: an empty POST is a
    submission with every field missing, and must be answered as such."""
    return request.POST if request.method == "POST" else None


def form_values(form) -> dict:
    """A form's cleaned values without its version field (services take that apart)."""
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


def apply(form, action: Callable[[], object]) -> object | None:
    """Run a service for a valid form; a ValidationError it raises lands on the form."""
    if not form.is_valid():
        return None
    try:
        return action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(name if name in form.fields else None, message)
        else:
            form.add_error(None, error)
        return None


def confirm_delete(
    request: HttpRequest,
    context: dict,
    *,
    what: str,
    back: str,
    done: str,
    on_confirm: Callable[[], None],
) -> HttpResponse:
    """GET asks for confirmation; POST deletes and goes to `done` (or back, if refused)."""
    if request.method != "POST":
        return render(request, "confirm_delete.html", {**context, "what": what, "back": back})
    try:
        on_confirm()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, f"Deleted: {what}.")
    return redirect(done)


def apply_versioned(form, action: Callable[[], object], rebuild: Callable[[dict], object]):
    """apply() for a service that refuses stale saves. Returns (saved, stale, form): on a
    stale save, `stale` is the row as stored now and the form is rebuilt from the person's
    input with the current version, so that saving it again keeps their version."""
    try:
        return apply(form, action), None, form
    except StaleSave as error:
        data = form.data.copy()
        data[form.add_prefix("version")] = error.current.version
        form = rebuild(data)
        form.is_valid()
        return None, error.current, form


def save_and_redirect(
    request: HttpRequest,
    form,
    save: Callable[[], object],
    *,
    message: Callable[[object], str],
    to: Callable[[object], str],
) -> HttpResponse | None:
    """For a POST: run `save` through apply(); when it worked, say so and redirect. None when
    there is nothing to redirect to (a GET, or errors now on the form to show again)."""
    if request.method != "POST":
        return None
    saved = apply(form, save)
    if saved is None:
        return None
    messages.success(request, message(saved))
    return redirect(to(saved))


class DistrictPages:
    """What one app's district pages share: the district opened for the app's audience, the
    app's URLs under the district, and its templates with the access in their context."""

    def __init__(self, namespace: str, *, audience, default_url: str = ""):
        self.namespace = namespace
        self.audience = audience
        self.default_url = default_url

    def open(self, request: HttpRequest, district: str, *, for_write: bool = False):
        return access_district(request.user, district, audience=self.audience, for_write=for_write)

    def url(self, access, name: str = "", **kwargs) -> str:
        return reverse(
            f"{self.namespace}:{name or self.default_url}",
            kwargs={"district": access.district.code, **kwargs},
        )

    def page(self, request, access, template: str, status: int = 200, **context) -> HttpResponse:
        return render(
            request,
            f"{self.namespace}/{template}",
            {"access": access, "district": access.district, **context},
            status=status,
        )
