"""Small pieces every page uses: run a service for a form, edit a row (edit_page, with the
answers to a stale save), confirm a deletion (confirm_delete), import a table after a
preview (Importing)."""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from districts.access import access_district
from districts.forms import MoveForm, PreviewConfirmForm, UploadForm
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
    """Run a service for a valid form and give what it returns (the saved row); None if the
    form is invalid or the service refused it (a ValidationError it raises lands on the
    form)."""
    if not form.is_valid():
        return None
    try:
        return action()
    except ValidationError as error:
        _refused(form, error)
        return None


def applied(form, action: Callable[[], object]) -> bool:
    """Run a service for a valid form, for a page that asks only whether it ran (a service
    that returns nothing): False if the form is invalid or the service refused it (a
    ValidationError it raises lands on the form)."""
    if not form.is_valid():
        return False
    try:
        action()
    except ValidationError as error:
        _refused(form, error)
        return False
    return True


def apply_and_say(
    request: HttpRequest, form, action: Callable[[], object], *, saved: str, refused: str
) -> bool:
    """Run a service for a small form posted from a page that goes back to the page either
    way (applied()), and say `saved`, or `refused` when the form or the service refused it:
    whether it saved."""
    done = applied(form, action)
    if done:
        messages.success(request, saved)
    else:
        messages.error(request, refused)
    return done


@contextmanager
def saying(request: HttpRequest, success: str):
    """Around a service call: says `success` once it is done, or what stopped it (the
    service's ValidationError, as the page's error message)."""
    try:
        yield
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)


def _refused(form, error: ValidationError) -> None:
    """A service's refusal on the form: each message on its field, else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        form.add_error(None, error)


def confirm_delete(
    request: HttpRequest,
    context: dict,
    *,
    what: str,
    back: str,
    on_confirm: Callable[[], None],
    done: str = "",
    verb: tuple[str, str] = ("Delete", "Deleted"),
    then: str = "This cannot be undone.",
) -> HttpResponse:
    """GET asks for confirmation; POST deletes and goes to `done` (by default, and if refused,
    back).
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
    return redirect(done or back)


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


def form_page(request: HttpRequest, template: str, **context) -> Callable[..., HttpResponse]:
    """The page of edit_page(): `template` with `context`, the form and, after a stale save,
    the stored row as `stale`."""

    def page(form, theirs, status: int) -> HttpResponse:
        return render(request, template, {**context, "form": form, "stale": theirs}, status=status)

    return page


def edit_page(
    request: HttpRequest,
    form,
    save: Callable[[], object],
    *,
    page: Callable[..., HttpResponse],
    message: str | Callable[[object], str],
    to: str | Callable[[object], str],
    rebuild: Callable[[dict], object] | None = None,
    json: JsonAnswers | None = None,
) -> HttpResponse:
    """The one way a page edits a row. A GET shows the form (`page(form, theirs=None,
    status=200)`, often form_page()). A POST runs `save` through apply(): saved, it says
    `message` and goes to `to` (each a text, or a function of the saved row); refused, the
    form again with its errors (400); stale (the service raised StaleSave), the form again
    from the person's input but at the stored version, so that saving again keeps theirs
    (`rebuild` makes it), with the stored row beside it (409). With `json`, a request that
    asks for JSON gets the same answers as JSON."""
    if request.method != "POST":
        return page(form, theirs=None, status=200)
    theirs = None
    try:
        saved = apply(form, save)
    except StaleSave as error:
        saved, theirs = None, error.current
    if json is not None and wants_json(request):
        return _json_answer(json, form, saved, theirs)
    if saved is not None:
        messages.success(request, message(saved) if callable(message) else message)
        return redirect(to(saved) if callable(to) else to)
    if theirs is not None:
        data = form.data.copy()
        data[form.add_prefix("version")] = theirs.version
        form = rebuild(data)
        form.is_valid()
        return page(form, theirs=theirs, status=409)
    return page(form, theirs=None, status=400)


def _json_answer(json: JsonAnswers, form, saved, theirs) -> JsonResponse:
    """edit_page()'s answers to a script: the saved row's version and time, the stored row
    after a stale save (409), else the form's errors (400)."""
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


class RowEdit:
    """A district page that edits one row, declared by its parts (DistrictPages.edit_view
    makes the view): `template` (under the app's templates), `message` (said after a save;
    `{saved}` is the saved row) and `versioned` (a stale save comes back with the stored
    row, as `stale`), and the steps a subclass writes:

    - `find(access, **url_kwargs)`: the row, loaded for writing (another district's is a 404);
    - `form(data, access, row)`: the form (data None for a GET); by default `form_class`
      on the row (a model form, at the row's version when `versioned`, given
      `form_kwargs(access, row)`), or filled with the row's values (a plain form);
    - `save(form, row, person, access)`: the service; by default `update` (a versioned
      row's service, declared as `staticmethod(service)`), given the row as `row_arg`, the
      version the form was made against and the form's values;
    - `to(access, row)`: where a save goes;
    - `context(access, row)`: what else the template shows (by default nothing).

    `for_write` False opens the district for reading only, for a row whose `find` asks for
    a right of its own (a school's team, which the school's leads change)."""

    template: str
    for_write: bool = True
    message: str = "Saved: {saved}."
    versioned: bool = False
    form_class: type | None = None
    update: Callable | None = None
    row_arg: str = ""

    def find(self, access, **url_kwargs):
        raise NotImplementedError

    def form_kwargs(self, access, row) -> dict:
        return {}

    def form(self, data, access, row):
        if not issubclass(self.form_class, forms.ModelForm):  # a plain form: the row's values
            fields = self.form_class.base_fields
            return self.form_class(data, initial={name: getattr(row, name) for name in fields})
        initial = {"version": row.version} if self.versioned else None
        return self.form_class(data, instance=row, initial=initial, **self.form_kwargs(access, row))

    def save(self, form, row, person, access):
        if self.update is None:
            raise NotImplementedError
        return self.update(
            **{self.row_arg: row},
            expected_version=form.cleaned_data["version"],
            acting_user=person,
            **form_values(form),
        )

    def to(self, access, row) -> str:
        raise NotImplementedError

    def context(self, access, row) -> dict:
        return {}


class RowDelete:
    """A district page that deletes one row after asking (DistrictPages.delete_view makes the
    view), by the steps a subclass writes (one class often declares a row's edit too):

    - `find(access, **url_kwargs)`: the row, loaded for writing (another district's is a 404);
    - `what(row)`: the row named, for the question;
    - `back(access, row)`: where a refusal goes (and the question's way back; by default,
      for a class that declares the row's edit too, where the edit goes: `to`);
    - `done(access, row)`: where a deletion goes (by default, back);
    - `remove(row, person)`: the deletion (by default row.delete(); a service where there is
      one);
    - `verb` and `then`, when the act is not a deletion (confirm_delete's: ("Reopen",
      "Reopened") and what follows);
    - `for_write`, as RowEdit's."""

    for_write: bool = True
    verb: tuple[str, str] = ("Delete", "Deleted")
    then: str = "This cannot be undone."

    def find(self, access, **url_kwargs):
        raise NotImplementedError

    def what(self, row) -> str:
        raise NotImplementedError

    def back(self, access, row) -> str:
        # A class that also declares the row's edit (RowEdit) goes back where an edit goes.
        if not hasattr(self, "to"):
            raise NotImplementedError
        return self.to(access, row)

    def done(self, access, row) -> str:
        return self.back(access, row)

    def remove(self, row, person) -> None:
        row.delete()


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

    def delete_view(self, delete: type[RowDelete]):
        """The view of a district page that deletes one row after asking, as `delete` (a
        RowDelete) declares."""
        parts = delete()

        def view(request: HttpRequest, district: str, **kwargs) -> HttpResponse:
            access = self.open(request, district, for_write=parts.for_write)
            row = parts.find(access, **kwargs)
            return confirm_delete(
                request,
                {"access": access, "district": access.district},
                what=parts.what(row),
                back=parts.back(access, row),
                done=parts.done(access, row),
                on_confirm=partial(parts.remove, row, request.user),
                verb=parts.verb,
                then=parts.then,
            )

        return view

    def import_page(
        self, request: HttpRequest, access, template: str, importing: "Importing", *, done: str
    ) -> HttpResponse:
        """The one way a district page imports a table: upload, see every row checked (each
        bad one named), then confirm. Nothing is saved until every row is good and the person
        confirms the preview the server signed; a confirmed preview the service refuses (the
        data changed since) saves nothing and says why. The template gets the upload `form`,
        the `problems`, the rows `planned` (when all are good) and the signed `confirm`."""
        confirming = importing.confirm_form(posted(request))
        if confirming.confirms():
            if not confirming.is_valid():
                messages.error(request, " ".join(confirming.errors["confirm"]))
                return redirect(request.path)
            try:
                said = importing.save(confirming.cleaned_data["confirm"])
            except ValidationError as error:
                messages.error(request, "Nothing was imported: " + " ".join(error.messages))
                return redirect(request.path)
            messages.success(request, said)
            return redirect(done)
        form = importing.upload_form(posted(request), request.FILES or None)
        problems, planned = [], []
        table = uploaded_table(request, form, importing.read)
        if table is not None:
            planned, problems = importing.check(table, form.cleaned_data)
        ready = bool(planned) and not problems
        return self.page(
            request,
            access,
            template,
            status=400 if form.is_bound and not ready else 200,
            form=form,
            problems=problems,
            planned=planned if ready else [],
            confirm=importing.confirm_form.sign([asdict(p) for p in planned]) if ready else "",
        )

    def form_page(self, request: HttpRequest, access, template: str, **context):
        """form_page() for one of the app's templates, with the access in its context."""
        return form_page(
            request,
            f"{self.namespace}/{template}",
            access=access,
            district=access.district,
            **context,
        )

    def edit_view(self, edit: type[RowEdit]):
        """The view of a district page that edits one row, as `edit` (a RowEdit) declares."""
        parts = edit()

        def view(request: HttpRequest, district: str, **kwargs) -> HttpResponse:
            access = self.open(request, district, for_write=parts.for_write)
            row = parts.find(access, **kwargs)
            form = parts.form(posted(request), access, row)

            def rebuild(data):
                return parts.form(data, access, row)

            return edit_page(
                request,
                form,
                lambda: parts.save(form, row, request.user, access),
                message=lambda saved: parts.message.format(saved=saved),
                to=lambda saved: parts.to(access, row),
                rebuild=rebuild if parts.versioned else None,
                page=self.form_page(request, access, parts.template, **parts.context(access, row)),
            )

        return view


def uploaded_table(request: HttpRequest, form, read: Callable[[object], list]) -> list | None:
    """The table a posted upload form holds (its `file`, read by `read`); None for a GET, a
    form with errors, or a file `read` refuses (its reason then on the form's file field)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return read(form.cleaned_data["file"])
    except ValidationError as error:
        form.add_error("file", error)
        return None


@dataclass(frozen=True)
class Importing:
    """What one import is made of (DistrictPages.import_page runs it): `read` the upload as a
    table (a ValidationError says why it cannot be read); `check(table, values)` every row,
    given the upload form's values, into the rows it plans (dataclasses, shown in the
    preview and signed as dicts) and the problems by row; `save(data)` the confirmed rows (as
    dicts), all or nothing, saying what it did; `confirm_form`, a PreviewConfirmForm with the
    import's own salt; `upload_form`, the upload (with what else the import asks)."""

    read: Callable[[object], list[list[str]]]
    check: Callable[[list[list[str]], dict], tuple[list, list[str]]]
    save: Callable[[list[dict]], str]
    confirm_form: type[PreviewConfirmForm]
    upload_form: type[forms.Form] = UploadForm


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
