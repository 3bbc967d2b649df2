"""Small pieces every page uses: run a service for a form, edit a row (edit_page, with the
answers to a stale save), confirm a deletion (confirm_delete)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from districts.access import access_district
from districts.forms import MoveForm
from districts.ordering import move
from districts.versioning import StaleSave


def posted(request: HttpRequest):
    """The submitted data of a POST (even an empty one), None for a GET: an empty POST is a
    submission with every field missing, and must be answered as such."""
    return request.POST if request.method == "POST" else None


def posted_direction(request: HttpRequest) -> str | None:
    """The direction a move form posted ("up" or "down"); a form that asks for neither says
    so (a message) and gives None."""
    form = MoveForm(request.POST)
    if form.is_valid():
        return form.cleaned_data["direction"]
    messages.error(request, " ".join(form.errors["direction"]))
    return None


def move_as_posted(request: HttpRequest, siblings, item) -> None:
    """Move `item` up or down among its siblings as the posted form asks; a form that asks
    for neither says so and moves nothing."""
    direction = posted_direction(request)
    if direction:
        move(siblings, item, direction)


def wants_json(request: HttpRequest) -> bool:
    """Whether a script asked for JSON (autosave, the room's capture) rather than a page."""
    return request.headers.get("Accept", "").startswith("application/json")


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
    verb: tuple[str, str] = ("Delete", "Deleted"),
    then: str = "This cannot be undone.",
) -> HttpResponse:
    """GET asks for confirmation; POST deletes and goes to `done` (or back, if refused).
    `verb` (the act and its past) and `then` (what follows) say so when the act is not a
    deletion: a link stopped, a file removed but kept in its item's history."""
    if request.method != "POST":
        return render(
            request,
            "confirm_delete.html",
            {**context, "what": what, "back": back, "verb": verb[0], "then": then},
        )
    try:
        on_confirm()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, f"{verb[1]}: {what}.")
    return redirect(done)


def saved_time(moment) -> str:
    """When a row was saved, on the clock of the district the request opened (the same as
    the page shows after a reload)."""
    return date_format(timezone.localtime(moment), "g:i a")


@dataclass(frozen=True)
class JsonAnswers:
    """How an edit answers a script that asks for JSON (autosave): a save returns the row's
    version and when it was saved (on the district's clock), with `more(row)`; a stale save
    returns the stored row, as the script shows it beside the person's own."""

    fields: Callable[[object], dict]  # the stored row's values, to keep theirs
    shown: Callable[[object], list]  # [label, text] pairs, to show theirs
    stale_message: str
    more: Callable[[object], dict] = lambda saved: {}


def edit_page(
    request: HttpRequest,
    form,
    save: Callable[[], object],
    *,
    page: Callable[..., HttpResponse],
    message: Callable[[object], str],
    to: Callable[[object], str],
    rebuild: Callable[[dict], object] | None = None,
    json: JsonAnswers | None = None,
) -> HttpResponse:
    """The one way a page edits a row. A GET shows the form (`page(form, theirs=None,
    status=200)`). A POST runs `save` through apply(): saved, it says `message(saved)` and
    goes to `to(saved)`; refused, the form again with its errors (400); stale (the service
    raised StaleSave), the form again from the person's input but at the stored version, so
    that saving again keeps theirs (`rebuild` makes it), with the stored row beside it (409).
    With `json`, a request that asks for JSON gets the same answers as JSON."""
    if request.method != "POST":
        return page(form, theirs=None, status=200)
    theirs = None
    try:
        saved = apply(form, save)
    except StaleSave as error:
        saved, theirs = None, error.current
    if json is not None and wants_json(request):
        if saved is not None:
            return JsonResponse(
                {
                    "version": saved.version,
                    "saved_at": saved.updated_at.isoformat(),
                    "saved_at_text": saved_time(saved.updated_at),
                    **json.more(saved),
                }
            )
        if theirs is not None:
            stored = {"version": theirs.version, "fields": json.fields(theirs)}
            return JsonResponse(
                {
                    "error": "stale",
                    "message": json.stale_message,
                    "theirs": {**stored, "shown": json.shown(theirs)},
                },
                status=409,
            )
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    if saved is not None:
        messages.success(request, message(saved))
        return redirect(to(saved))
    if theirs is not None:
        data = form.data.copy()
        data[form.add_prefix("version")] = theirs.version
        form = rebuild(data)
        form.is_valid()
        return page(form, theirs=theirs, status=409)
    return page(form, theirs=None, status=400)


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

    def delete_view(
        self,
        *,
        find: Callable[..., object],
        what: Callable[[object], str],
        back: Callable[[object, object], str],
        done: Callable[[object, object], str] | None = None,
        remove: Callable[[object, object], None] | None = None,
    ):
        """A district page that deletes one row after asking: `find(access, **url_kwargs)`
        loads it (for writing; another district's is a 404), `what(row)` names it, `back` and
        `done` (default: back) are where to go, each a function of (access, row); `remove(row,
        person)` deletes it through a service (default: row.delete())."""

        def view(request: HttpRequest, district: str, **kwargs) -> HttpResponse:
            access = self.open(request, district, for_write=True)
            row = find(access, **kwargs)
            return confirm_delete(
                request,
                {"access": access, "district": access.district},
                what=what(row),
                back=back(access, row),
                done=(done or back)(access, row),
                on_confirm=(lambda: remove(row, request.user)) if remove else row.delete,
            )

        return view

    def edit_view(
        self,
        *,
        find: Callable[..., object],
        form: Callable[[object, object, object], object],
        save: Callable[..., object],
        message: Callable[[object], str],
        to: Callable[[object, object], str],
        template: str,
        context: Callable[[object, object], dict] | None = None,
        versioned: bool = False,
    ):
        """A district page that edits one row through edit_page(): `find(access, **url_kwargs)`
        loads it (for writing), `form(data, access, row)` makes the form (data None for a
        GET), `save(form, row, person, access)` runs the service, `to(access, row)` is where
        a save goes. The template gets the form, the row's `context(access, row)` and, after
        a stale save (`versioned`), the stored row as `stale`."""

        def view(request: HttpRequest, district: str, **kwargs) -> HttpResponse:
            access = self.open(request, district, for_write=True)
            row = find(access, **kwargs)
            bound = form(posted(request), access, row)
            extra = context(access, row) if context else {}
            return edit_page(
                request,
                bound,
                lambda: save(bound, row, request.user, access),
                message=message,
                to=lambda saved: to(access, row),
                rebuild=(lambda data: form(data, access, row)) if versioned else None,
                page=lambda shown, theirs, status: self.page(
                    request, access, template, status=status, form=shown, stale=theirs, **extra
                ),
            )

        return view


def page_of(request: HttpRequest, rows, *, per_page: int, param: str = "page"):
    """A page of `rows` chosen by the request's `param`, for a page that pages more than one
    list (`?problems=2&record=3`): its links (`previous_link`, `next_link`, for
    includes/pagination.html) keep the request's other parameters."""
    page = Paginator(rows, per_page).get_page(request.GET.get(param))

    def link(number: int) -> str:
        query = request.GET.copy()
        query[param] = number
        return f"?{query.urlencode()}"

    page.previous_link = link(page.previous_page_number()) if page.has_previous() else ""
    page.next_link = link(page.next_page_number()) if page.has_next() else ""
    return page
