"""Meeting pages: facilitators plan meetings of their cohorts; the cohort's districts read
them and bring their problems of practice."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from districts.access import (
    NOT_FOUND_MESSAGE,
    access_facilitated_cohort,
    require_protocol_keeper,
)
from districts.viewkit import (
    applied,
    apply,
    confirm_delete,
    edit_page,
    form_page,
    move_as_posted,
    page_of,
    posted,
    saying,
    wants_json,
)
from evidence.downloads import download_response
from evidence.selectors import history_of, kept_file_of, kept_files_of
from evidence.views import accepts_uploads, confirm_removal, files_page
from evidence.views import posted as posted_files
from meetings.forms import (
    AgendaItemForm,
    AttendanceForm,
    CaptureForm,
    CohortDetailsForm,
    CommitmentForm,
    EvaluationForm,
    EvaluationOpenForm,
    MeetingForm,
    MeetingNoteForm,
    ProblemForm,
    ProtocolForm,
    QuestionForm,
    SignupForm,
)
from meetings.models import SCALE, AgendaItem, PresentationSignup, Protocol
from meetings.selectors import (
    FEWEST_ANSWERS_SHOWN,
    access_meeting,
    commitment_to_change,
    commitments_for,
    evaluation_summary,
    grouped_by_topic,
    has_evaluated,
    may_evaluate,
    notes_for,
    problem_to_withdraw,
    problems_for,
    recording_districts,
    series_summary,
    team_districts,
)
from meetings.services import (
    agenda_item_save,
    attendance_set,
    commitment_add,
    discussion_capture,
    evaluation_answer,
    evaluation_question_add,
    evaluation_question_remove,
    evaluation_set_open,
    meeting_note_add,
    meeting_save,
    problem_submit,
    protocol_save,
    signup_add,
)


def _cohort_url(cohort) -> str:
    return reverse("dashboards:cohort", kwargs={"cohort": cohort.code})


def _meeting_url(meeting) -> str:
    return reverse("meetings:meeting", kwargs={"meeting": meeting.code})


def cohort_details(request: HttpRequest, cohort: str) -> HttpResponse:
    """The series' outcomes, norms and participant expectations (facilitators)."""
    target = access_facilitated_cohort(request.user, cohort)
    form = CohortDetailsForm(posted(request), instance=target)
    return edit_page(
        request,
        form,
        form.save,
        message="Cohort details saved.",
        to=_cohort_url(target),
        page=form_page(
            request,
            "meetings/form.html",
            heading=f"Outcomes, norms and expectations of {target}",
            back=_cohort_url(target),
        ),
    )


def meeting_new(request: HttpRequest, cohort: str) -> HttpResponse:
    target = access_facilitated_cohort(request.user, cohort)
    form = MeetingForm(posted(request))
    return edit_page(
        request,
        form,
        lambda: meeting_save(cohort=target, acting_user=request.user, **form.cleaned_data),
        message=lambda saved: f"Planned: {saved}.",
        to=_meeting_url,
        page=form_page(
            request,
            "meetings/form.html",
            heading=f"Plan a meeting of {target}",
            back=_cohort_url(target),
        ),
    )


class OpenedMeeting:
    """The meeting as the person opened it, with the districts its forms choose among, each
    read once and only if a form needs it; in the room, the protocol's current `step` (its
    title)."""

    def __init__(self, request: HttpRequest, meeting, access, *, step: str = ""):
        self.request, self.meeting, self.access = request, meeting, access
        self.step = step

    @cached_property
    def team(self):
        """The person's own districts (as a lead or member), None if they have none."""
        return team_districts(self.access) if self.access.team_districts else None

    @cached_property
    def recording(self):
        return recording_districts(self.meeting, self.access)

    @cached_property
    def cohort_districts(self) -> list[dict]:
        return list(self.meeting.cohort.districts.order_by("name").values("pk", "code", "name"))


def _facilitators_form(form_class):
    """A form only the facilitators (and staff) post: its part opens the meeting for writing."""

    def make(opened: OpenedMeeting, data):
        return form_class(data) if opened.access.facilitates else None

    return make


def _attendance_form(opened: OpenedMeeting, data):
    """Which of the cohort's districts attended, for the facilitators (the page draws its
    checkboxes from the cohort's districts it reads once, `cohort_districts`)."""
    return AttendanceForm(data, meeting=opened.meeting) if opened.access.facilitates else None


def _capture_form(opened: OpenedMeeting, data):
    """The room's capture: what was said, under the current step, into one of the meeting's
    problems of practice the person reads."""
    problems = problems_for(opened.meeting, opened.request.user, opened.access)
    return CaptureForm(data, problems=problems, initial={"step": opened.step})


def _problem_form(opened: OpenedMeeting, data):
    return ProblemForm(data, districts=opened.team) if opened.team is not None else None


def _record_form(opened: OpenedMeeting, data):
    """The form that records a district's part. On the page of a large cohort, for its
    facilitators, only once a district is chosen (`?record_for=`): its owner is one of that
    district's people, not one of the cohort's hundreds."""
    recording = opened.recording
    if data is not None:
        return CommitmentForm(data, districts=recording) if recording.exists() else None
    if not recording:
        return None
    if len(opened.cohort_districts) > ATTENDANCE_FOLDED_OVER and len(recording) > 1:
        chosen = recording.filter(code=opened.request.GET.get("record_for", ""))
        return CommitmentForm(districts=chosen) if chosen else None
    return CommitmentForm(districts=recording)


def _as_facilitator(opened: OpenedMeeting) -> dict:
    return {"facilitates": opened.access.facilitates}


def _nothing_more(opened: OpenedMeeting) -> dict:
    return {}


def _of_the_meeting(related: str):
    """A row of the meeting by its code, for its facilitators (the meeting opened for
    writing): an agenda item, a note, a question."""

    def find(opened: OpenedMeeting, code):
        return getattr(opened.meeting, related).filter(code=code).first()

    return find


def _problem_to_withdraw(opened: OpenedMeeting, code):
    return problem_to_withdraw(opened.meeting, opened.access, code)


def _commitment_to_change(opened: OpenedMeeting, code):
    return commitment_to_change(opened.meeting, opened.access, code)


def _your_problem(row) -> str:
    return "your problem of practice"


def _commitment_named(row) -> str:
    step = " (its action step stays in the plan)" if hasattr(row, "step") else ""
    return f"{row.district.name}’s {row.get_kind_display().lower()} “{row}”{step}"


def _question_remove(row, person) -> None:
    evaluation_question_remove(question=row, acting_user=person)


def _row_delete(row, person) -> None:
    row.delete()


@dataclass(frozen=True)
class PagePart:
    """A form of the meeting page that posts back to it (a row of PAGE_PARTS, the page's
    `<name>_form`), or of the room (CAPTURE). `form(opened, data)` makes it (data None: the
    blank one the page shows), or gives None where the person may not post it (a POST then
    gets 403, `refused`); a valid one runs `service(meeting=, acting_user=, **its values,
    **more(opened))`, says `message` and returns to the page at `anchor`; a refused one shows
    the page again with the form's errors (400), or, with `not_saved`, says that and returns
    to the page (a form the page draws itself). Where its rows are deleted after asking,
    `find(opened, code)` is the row if the person may delete it (else a 404), `what(row)`
    names it, `remove(row, person)` deletes it. `facilitators`: the meeting is opened for
    writing (its facilitators and staff) for both."""

    form: Callable[[OpenedMeeting, object], object | None]
    service: Callable[..., object]
    message: str
    anchor: str = ""
    find: Callable[[OpenedMeeting, object], object | None] | None = None
    what: Callable[[object], str] | None = None
    facilitators: bool = False
    refused: str = ""
    not_saved: str = ""
    more: Callable[[OpenedMeeting], dict] = _nothing_more
    remove: Callable[[object, object], None] = _row_delete

    def post(self, opened: OpenedMeeting, form) -> bool:
        """Run the service for the posted form: whether it saved (a refusal lands on the
        form)."""
        values = {**self.more(opened), "meeting": opened.meeting}
        return applied(
            form,
            lambda: self.service(**values, acting_user=opened.request.user, **form.cleaned_data),
        )


PAGE_PARTS = {
    "agenda": PagePart(
        form=_facilitators_form(AgendaItemForm),
        service=agenda_item_save,
        message="Agenda item added.",
        anchor="#agenda",
        find=_of_the_meeting("agenda"),
        what="the agenda item “{}”".format,
        facilitators=True,
    ),
    "problem": PagePart(
        form=_problem_form,
        service=problem_submit,
        message="Your problem of practice is with the facilitators.",
        anchor="#problems",
        find=_problem_to_withdraw,
        what=_your_problem,
        refused="Only leads and members of the cohort's districts submit.",
    ),
    "note": PagePart(
        form=_facilitators_form(MeetingNoteForm),
        service=meeting_note_add,
        message="Note saved.",
        anchor="#record",
        find=_of_the_meeting("notes"),
        what="the note “{}”".format,
        facilitators=True,
    ),
    "commitment": PagePart(
        form=_record_form,
        service=commitment_add,
        message="Saved in the meeting's record.",
        anchor="#record",
        find=_commitment_to_change,
        what=_commitment_named,
        refused="Only the districts' leads and members and the facilitators record.",
        more=_as_facilitator,
    ),
    "question": PagePart(
        form=_facilitators_form(QuestionForm),
        service=evaluation_question_add,
        message="Question added.",
        anchor="#evaluation",
        find=_of_the_meeting("questions"),
        what="the question “{}”".format,
        facilitators=True,
        remove=_question_remove,
    ),
    "attendance": PagePart(
        form=_attendance_form,
        service=attendance_set,
        message="Attendance saved.",
        not_saved="Attendance was not saved: choose districts of the cohort.",
        anchor="#attendance",
        facilitators=True,
    ),
}

# The room's form (protocol_run), declared as the page's are.
CAPTURE = PagePart(
    form=_capture_form,
    service=discussion_capture,
    message="Captured in the problem of practice.",
    facilitators=True,
)


def _part_view(name: str):
    """The view that posts one of PAGE_PARTS."""
    part = PAGE_PARTS[name]

    @require_POST
    def view(request: HttpRequest, meeting: str) -> HttpResponse:
        target, access = access_meeting(request.user, meeting, for_write=part.facilitators)
        opened = OpenedMeeting(request, target, access)
        form = part.form(opened, request.POST)
        if form is None:
            raise PermissionDenied(part.refused)
        if part.post(opened, form):
            messages.success(request, part.message)
        elif part.not_saved:
            messages.error(request, part.not_saved)
        else:
            return _meeting_page(opened, status=400, posted={name: form})
        return redirect(_meeting_url(target) + part.anchor)

    view.__name__ = view.__qualname__ = f"{name}_new"
    return view


def _removal_view(name: str):
    """The view that deletes a row of one of PAGE_PARTS, after asking."""
    part = PAGE_PARTS[name]

    def view(request: HttpRequest, meeting: str, **code) -> HttpResponse:
        target, access = access_meeting(request.user, meeting, for_write=part.facilitators)
        (row_code,) = code.values()
        row = part.find(OpenedMeeting(request, target, access), row_code)
        if row is None:
            raise Http404(NOT_FOUND_MESSAGE)
        back = _meeting_url(target) + part.anchor
        return confirm_delete(
            request,
            {},
            what=part.what(row),
            back=back,
            on_confirm=partial(part.remove, row, request.user),
        )

    view.__name__ = view.__qualname__ = f"{name}_delete"
    return view


def _signup_form(opened: OpenedMeeting, item, data=None) -> SignupForm:
    """An agenda item's sign-up form for the person's district(s) (the one district, when
    there is one), its ids its own on the page."""
    team_districts = opened.access.team_districts
    only = team_districts[0] if len(team_districts) == 1 else None
    return SignupForm(data, districts=opened.team, only=only, auto_id=f"id_signup_{item.code}_%s")


def _agenda(opened: OpenedMeeting, posted: tuple | None = None) -> list:
    """The agenda with its sign-ups; an item with a free slot carries the sign-up form of
    the person's district(s); `posted` (the item's pk, the form) one refused, with its
    reason, whether or not a slot is free."""
    items = list(
        opened.meeting.agenda.select_related("protocol").prefetch_related(
            Prefetch("signups", queryset=PresentationSignup.objects.select_related("district"))
        )
    )
    for item in items:
        item.signup_form = None
        if posted and posted[0] == item.pk:
            item.signup_form = posted[1]
        elif opened.access.team_districts and len(item.signups.all()) < item.slots:
            item.signup_form = _signup_form(opened, item)
    return items


# A meeting of a cohort of two hundred districts has hundreds of problems of practice and
# districts' records: the page shows them a page at a time, each list by its own parameter.
PROBLEMS_A_PAGE = 25
RECORD_A_PAGE = 25
ATTENDANCE_FOLDED_OVER = 12  # districts: above this, the attendance list is folded


def _lists(opened: OpenedMeeting) -> dict:
    """The page's lists a person reads: problems of practice and districts' records (a
    page at a time), the facilitators' notes, each item with its files."""
    request, meeting, access = opened.request, opened.meeting, opened.access
    problems = list(problems_for(meeting, request.user, access))
    if access.facilitates:  # under the first topic each names, in the topics' order
        problems = [p for topic, items in grouped_by_topic(problems) for p in _under(topic, items)]
    problems = page_of(request, problems, per_page=PROBLEMS_A_PAGE, param="problems")
    commitments = page_of(
        request,
        commitments_for(meeting, request.user, access),
        per_page=RECORD_A_PAGE,
        param="record",
    )
    notes = list(notes_for(meeting, access))
    for rows in (problems.object_list, commitments.object_list, notes):
        files = kept_files_of(rows)  # whoever reads an item reads its files
        for row in rows:
            row.files = files.get(row.pk, [])
    return {"problems": problems, "commitments": commitments, "notes": notes}


def _meeting_page(
    opened: OpenedMeeting, *, posted: dict | None = None, status: int = 200
) -> HttpResponse:
    """The meeting page: what the person reads of it, its long lists a page at a time, so
    that it grows with the cohort only through the attendance list and the forms' lists of
    districts; each of PAGE_PARTS blank, or as `posted` ({name: form}) when refused (and an
    agenda item's refused sign-up, "signup": (the item's pk, the form))."""
    request, meeting, access = opened.request, opened.meeting, opened.access
    lists = _lists(opened)
    posted = posted or {}
    agenda = _agenda(opened, posted.get("signup"))
    cohort_districts = opened.cohort_districts
    attending = set(meeting.attending.values_list("pk", flat=True))
    forms = {
        f"{name}_form": posted[name] if name in posted else part.form(opened, None)
        for name, part in PAGE_PARTS.items()
    }
    return render(
        request,
        "meetings/meeting.html",
        {
            **lists,
            **forms,
            "meeting": meeting,
            "cohort": meeting.cohort,
            "access": access,
            "agenda": agenda,
            "attending": attending,
            "attended": [d["name"] for d in cohort_districts if d["pk"] in attending],
            "cohort_districts": cohort_districts,
            "fold_attendance": len(cohort_districts) > ATTENDANCE_FOLDED_OVER,
            "team_pks": {d.pk for d in access.team_districts},
            "record_for": request.GET.get("record_for", ""),
            "may_evaluate": may_evaluate(meeting, request.user),
            "has_evaluated": has_evaluated(meeting, request.user),
            "questions": list(meeting.questions.all()) if access.facilitates else [],
        },
        status=status,
    )


agenda_new = _part_view("agenda")
problem_new = _part_view("problem")
note_new = _part_view("note")
commitment_new = _part_view("commitment")
question_new = _part_view("question")
attendance = _part_view("attendance")
agenda_delete = _removal_view("agenda")
problem_delete = _removal_view("problem")
note_delete = _removal_view("note")
commitment_delete = _removal_view("commitment")
question_delete = _removal_view("question")


def _under(topic: str, problems: list) -> list:
    for problem in problems:
        problem.group = topic
    return problems


@require_safe
def meeting(request: HttpRequest, meeting: str) -> HttpResponse:
    target, access = access_meeting(request.user, meeting)
    return _meeting_page(OpenedMeeting(request, target, access))


def meeting_edit(request: HttpRequest, meeting: str) -> HttpResponse:
    target, _ = access_meeting(request.user, meeting, for_write=True)
    form = MeetingForm(posted(request), instance=target)
    return edit_page(
        request,
        form,
        lambda: meeting_save(
            cohort=target.cohort, acting_user=request.user, meeting=target, **form.cleaned_data
        ),
        message="Meeting saved.",
        to=_meeting_url,
        page=form_page(
            request, "meetings/form.html", heading=f"Edit {target}", back=_meeting_url(target)
        ),
    )


def meeting_delete(request: HttpRequest, meeting: str) -> HttpResponse:
    target, _ = access_meeting(request.user, meeting, for_write=True)
    return confirm_delete(
        request,
        {},
        what=f"the meeting “{target}” with its agenda and problems of practice",
        back=_meeting_url(target),
        done=_cohort_url(target.cohort),
        on_confirm=target.delete,
    )


def _agenda_item(request, meeting, item) -> tuple[AgendaItem, object]:
    target, _ = access_meeting(request.user, meeting, for_write=True)
    row = target.agenda.filter(code=item).first()
    if row is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return row, target


def agenda_edit(request: HttpRequest, meeting: str, item) -> HttpResponse:
    row, target = _agenda_item(request, meeting, item)
    form = AgendaItemForm(posted(request), instance=row)
    return edit_page(
        request,
        form,
        lambda: agenda_item_save(
            meeting=target, acting_user=request.user, item=row, **form.cleaned_data
        ),
        message="Agenda item saved.",
        to=_meeting_url(target) + "#agenda",
        page=form_page(
            request, "meetings/form.html", heading="Edit an agenda item", back=_meeting_url(target)
        ),
    )


@require_POST
def agenda_move(request: HttpRequest, meeting: str, item) -> HttpResponse:
    row, target = _agenda_item(request, meeting, item)
    move_as_posted(request, target.agenda.all(), row)
    return redirect(_meeting_url(target) + "#agenda")


# The parts of a meeting whose files its page shows, each read by its own rule.
MEETING_FILES = {
    "problems": problems_for,
    "commitments": commitments_for,
    "notes": lambda meeting, user, access: notes_for(meeting, access),
}


@require_safe
def meeting_file(request: HttpRequest, meeting: str, part: str, item: str, attachment: str):
    """A file of a problem of practice, of a district's part of the record or of a note of
    the facilitators, to whoever reads that item on the meeting page."""
    rows_for = MEETING_FILES.get(part)
    if rows_for is None:
        raise Http404(NOT_FOUND_MESSAGE)
    target, access = access_meeting(request.user, meeting)
    row = rows_for(target, request.user, access).filter(code=item).first()
    found = kept_file_of(row, attachment) if row else None
    if found is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return download_response(found)


def _note_to_read(request, meeting: str, note) -> tuple:
    """A note of the meeting, if the person reads it (its facilitators; the cohort's districts
    when it is shared with them), with the meeting and the access."""
    target, access = access_meeting(request.user, meeting)
    row = notes_for(target, access).filter(code=note).first()
    if row is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return target, access, row


@accepts_uploads
def note_files(request: HttpRequest, meeting: str, note) -> HttpResponse:
    """The files and links of a note of the facilitators: whoever reads the note reads them;
    its facilitators (and staff) add and remove them. They are the cohort's (its quota)."""
    target, access, row = _note_to_read(request, meeting, note)
    page = reverse("meetings:note_files", kwargs={"meeting": target.code, "note": row.code})
    forms = None
    if request.method == "POST":
        access.require_facilitator()
        result = posted_files(request, row)
        if result.added:
            messages.success(request, result.added)
            return redirect(_meeting_url(target) + "#record" if result.back_to_item else page)
        forms = (result.files_form, result.link_form)
    kept, removed = history_of(row)
    label = "note" if row.kind == row.Kind.NOTE else "decision"
    readers = (
        "The cohort’s facilitators and every district of the cohort read"
        if row.share_with_cohort
        else "Only the cohort’s facilitators read"
    )
    audience = f"{readers} this {label}’s files and links, as they read the {label}."
    return files_page(
        request,
        item=row,
        kept=kept,
        removed=removed,
        may_change=access.facilitates,
        download=lambda a: reverse(
            "meetings:meeting_file",
            kwargs={
                "meeting": target.code,
                "part": "notes",
                "item": row.code,
                "attachment": a.code,
            },
        ),
        remove=lambda a: reverse(
            "meetings:note_file_remove",
            kwargs={"meeting": target.code, "note": row.code, "attachment": a.code},
        ),
        context={
            "label": label,
            "item_url": _meeting_url(target) + "#record",
            "item_title": f"{row.text[:80]} ({target.title})",
            "crumbs": [(_meeting_url(target), target.title)],
            "audience": audience,
        },
        forms=forms,
    )


def note_file_remove(request: HttpRequest, meeting: str, note, attachment) -> HttpResponse:
    """The facilitators remove a file or link of their note (kept in its history)."""
    target, access, row = _note_to_read(request, meeting, note)
    access.require_facilitator()
    kept, removed = history_of(row)
    found = next((a for a in kept + removed if a.code == attachment), None)
    if found is None:
        raise Http404(NOT_FOUND_MESSAGE)
    label = "note" if row.kind == row.Kind.NOTE else "decision"
    page = reverse("meetings:note_files", kwargs={"meeting": target.code, "note": row.code})
    return confirm_removal(request, found, label=label, page=page, context={})


# ---------------------------------------------------------------- evaluations


def evaluation(request: HttpRequest, meeting: str) -> HttpResponse:
    """A participant answers the meeting's evaluation, once and anonymously."""
    target, access = access_meeting(request.user, meeting)
    participant = may_evaluate(target, request.user)
    answered = has_evaluated(target, request.user)
    form = EvaluationForm(posted(request), questions=target.questions.all())
    if request.method == "POST":
        if not participant:
            raise PermissionDenied("Only the participating districts' people answer.")
        if applied(
            form,
            lambda: evaluation_answer(
                meeting=target, acting_user=request.user, answers=form.answers()
            ),
        ):
            messages.success(request, "Thank you. Your answers are anonymous.")
            return redirect(_meeting_url(target) + "#evaluation")
    return render(
        request,
        "meetings/evaluation.html",
        {
            "meeting": target,
            "cohort": target.cohort,
            "access": access,
            "form": form,
            "participant": participant,
            "answered": answered,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_safe
def evaluation_results(request: HttpRequest, meeting: str) -> HttpResponse:
    target, _ = access_meeting(request.user, meeting, for_write=True)
    count, summaries = evaluation_summary(target)
    return render(
        request,
        "meetings/evaluation_results.html",
        {
            "meeting": target,
            "cohort": target.cohort,
            "count": count,
            "summaries": summaries,
            "fewest": FEWEST_ANSWERS_SHOWN,
        },
    )


@require_POST
def evaluation_toggle(request: HttpRequest, meeting: str) -> HttpResponse:
    target, _ = access_meeting(request.user, meeting, for_write=True)
    form = EvaluationOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["open"]))
        return redirect(_meeting_url(target) + "#evaluation")
    is_open = bool(form.cleaned_data["open"])
    said = "The evaluation is open to the participants." if is_open else "The evaluation is closed."
    with saying(request, said):
        evaluation_set_open(meeting=target, is_open=is_open, acting_user=request.user)
    return redirect(_meeting_url(target) + "#evaluation")


@require_safe
def series_evaluation(request: HttpRequest, cohort: str) -> HttpResponse:
    """The evaluations across the cohort's meetings (its facilitators)."""
    target = access_facilitated_cohort(request.user, cohort)
    columns, rows = series_summary(target)
    return render(
        request,
        "meetings/series_evaluation.html",
        {
            "cohort": target,
            "columns": columns,
            "rows": rows,
            "scale": SCALE,
            "fewest": FEWEST_ANSWERS_SHOWN,
        },
    )


@require_safe
def meeting_ics(request: HttpRequest, meeting: str) -> HttpResponse:
    """The meeting as an .ics file, for whoever reads the meeting."""
    from meetings import calendar  # icalendar, loaded by the first .ics a process makes

    target, _ = access_meeting(request.user, meeting)
    response = HttpResponse(
        calendar.meeting_ics(target, request.build_absolute_uri(_meeting_url(target))),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{target.code}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- sign-ups


@require_POST
def signup_new(request: HttpRequest, meeting: str, item) -> HttpResponse:
    target, access = access_meeting(request.user, meeting)
    row = target.agenda.filter(code=item).first()
    if row is None:
        raise Http404(NOT_FOUND_MESSAGE)
    if not access.team_districts:
        raise PermissionDenied("Only the cohort's districts' leads and members sign up.")
    opened = OpenedMeeting(request, target, access)
    form = _signup_form(opened, row, request.POST)
    if apply(form, lambda: signup_add(item=row, acting_user=request.user, **form.cleaned_data)):
        messages.success(request, f"Signed up to present in “{row}”.")
        return redirect(_meeting_url(target) + f"#item-{row.code}")
    return _meeting_page(opened, status=400, posted={"signup": (row.pk, form)})


def signup_delete(request: HttpRequest, meeting: str, signup) -> HttpResponse:
    """The district's leads and members (or the facilitators) withdraw a sign-up."""
    target, access = access_meeting(request.user, meeting)
    rows = PresentationSignup.objects.filter(item__meeting=target, code=signup)
    if not access.facilitates:
        rows = rows.filter(district__in=access.team_districts)
    row = rows.select_related("district", "item").first()
    if row is None:
        raise Http404(NOT_FOUND_MESSAGE)
    back = _meeting_url(target) + f"#item-{row.item.code}"
    return confirm_delete(
        request,
        {},
        what=f"{row.district.name}’s sign-up to present in “{row.item}”",
        back=back,
        on_confirm=row.delete,
    )


# ---------------------------------------------------------------- protocols


@require_safe
def protocols(request: HttpRequest) -> HttpResponse:
    require_protocol_keeper(request.user)
    return render(
        request,
        "meetings/protocols.html",
        {"protocols": Protocol.objects.annotate(uses=Count("agendaitem"))},
    )


def _protocols_url() -> str:
    return reverse("meetings:protocols")


def protocol_edit(request: HttpRequest, protocol=None) -> HttpResponse:
    require_protocol_keeper(request.user)
    row = None
    if protocol is not None:
        row = Protocol.objects.filter(code=protocol).first()
        if row is None:
            raise Http404(NOT_FOUND_MESSAGE)
    form = ProtocolForm(posted(request), instance=row)
    return edit_page(
        request,
        form,
        lambda: protocol_save(
            acting_user=request.user,
            protocol=row,
            name=form.cleaned_data["name"],
            steps_text=form.cleaned_data["steps_text"],
        ),
        message=lambda saved: f"Protocol saved: {saved}.",
        to=_protocols_url(),
        page=form_page(
            request,
            "meetings/form.html",
            heading=f"Edit {row}" if row else "A new protocol",
            back=_protocols_url(),
        ),
    )


def protocol_delete(request: HttpRequest, protocol) -> HttpResponse:
    require_protocol_keeper(request.user)
    row = Protocol.objects.filter(code=protocol).annotate(uses=Count("agendaitem")).first()
    if row is None:
        raise Http404(NOT_FOUND_MESSAGE)
    used = f" (its {row.uses} agenda item{'s' if row.uses != 1 else ''} keep their titles)"
    return confirm_delete(
        request,
        {},
        what=f"the protocol “{row}”" + (used if row.uses else ""),
        back=_protocols_url(),
        done=_protocols_url(),
        on_confirm=row.delete,
    )


# ---------------------------------------------------------------- a protocol run in the room


def _room(request: HttpRequest, meeting: str, item) -> dict:
    """What the room's two screens show of an agenda item's protocol: the meeting (opened
    for writing: its facilitators and staff run it), the item, its steps and the current
    one (?step=, kept within the steps)."""
    target, access = access_meeting(request.user, meeting, for_write=True)
    row = target.agenda.select_related("protocol").filter(code=item).first()
    if row is None or row.protocol is None:
        raise Http404(NOT_FOUND_MESSAGE)
    steps = row.protocol.steps
    try:
        current = min(max(int(request.GET.get("step", 1)), 1), len(steps))
    except ValueError:
        current = 1
    return {
        "meeting": target,
        "access": access,
        "item": row,
        "protocol": row.protocol,
        "steps": steps,
        "current": current,
        "step": steps[current - 1] if steps else None,
        "next_step": steps[current] if current < len(steps) else None,
    }


def protocol_run(request: HttpRequest, meeting: str, item) -> HttpResponse:
    """The facilitator's screen in the meeting room: the current step, its minutes counting
    down (static/js/protocol-run.js), the next step, keyboard controls, and what was said,
    captured into the problem of practice being discussed. A capture posted by the script
    (asking for JSON) is answered in JSON, so that the page, and its clock, stay; posted
    without the script, the page comes back at the same step."""
    room = _room(request, meeting, item)
    step = room["step"]["title"] if room["step"] else ""
    opened = OpenedMeeting(request, room["meeting"], room["access"], step=step)
    form = CAPTURE.form(opened, posted(request))
    saved = request.method == "POST" and CAPTURE.post(opened, form)
    if request.method == "POST" and wants_json(request):
        if not saved:
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        step, district = form.cleaned_data["step"], form.cleaned_data["problem"].district
        under = f" under “{step}”" if step else ""
        return JsonResponse(
            {"message": f"Captured{under} in {district.name}’s problem of practice."}
        )
    if saved:
        messages.success(request, CAPTURE.message)
        return redirect(request.get_full_path())
    problems = form.fields["problem"].queryset
    return render(
        request,
        "meetings/protocol_run.html",
        {**room, "form": form if problems.exists() else None},
        status=400 if request.method == "POST" else 200,
    )


@require_safe
def protocol_present(request: HttpRequest, meeting: str, item) -> HttpResponse:
    """The projected screen in the meeting room: the current step and its clock, large, with
    no notes; in the same browser it follows the facilitator's screen (protocol-run.js)."""
    return render(request, "meetings/protocol_present.html", _room(request, meeting, item))
