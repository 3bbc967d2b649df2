import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.later import Later
from districts.access import (
    NOT_FOUND_MESSAGE,
    DistrictAccess,
    access_district,
    access_district_object,
    access_school,
)
from districts.models import Audience
from districts.viewkit import JsonAnswers, edit_page, form_values, page_of, posted, saying
from evidence.selectors import evidence_of
from history.selectors import changes_of
from rubrics import charts
from rubrics.calibration import (
    calibration_open,
    calibration_save,
    calibration_withdraw,
    comparisons,
    may_calibrate,
    readable_calibrations,
    team_levels,
)
from rubrics.forms import (
    CalibrationForm,
    CommentForm,
    RatingForm,
    ReopenForm,
    RoundForm,
    SchoolRoundsForm,
    SharingForm,
)
from rubrics.models import (
    AssessmentRound,
    Comment,
    ConsensusRating,
    Dimension,
    Level,
)
from rubrics.selectors import (
    compare_rounds,
    consensus_sheet,
    current_frameworks,
    district_trend,
    framework_generation,
    framework_sheet,
    rating_sheet,
    rounds_visible,
    school_rounds_of,
)
from rubrics.services import (
    comment_add,
    comments_mark_seen,
    consensus_save,
    rating_save,
    round_mark_reviewed,
    round_open,
    round_reopen,
    round_share,
    round_submit,
    round_url,
    school_rounds_open,
)
from schools.models import School

ROUND_RELATED = ("framework", "submitted_by", "reviewed_by", "meeting", "school")


def _round(
    request, district: str, round_code: str, *, related: tuple[str, ...] = ROUND_RELATED
) -> tuple[DistrictAccess, AssessmentRound]:
    access = access_district(request.user, district)
    round_ = access_district_object(access, AssessmentRound, code=round_code, related=related)
    if round_.school_id:
        # A school's round: its school's people reach it (another school's answers as a
        # missing one) and act on it with their role in the school.
        access = access_school(access, round_.school.code).acting_on_school_work()
    return access, round_


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_safe
def rounds(request: HttpRequest, district: str) -> HttpResponse:
    """The district's rounds on a timeline; leads open new ones here."""
    access = access_district(request.user, district)
    form = (
        RoundForm(frameworks=current_frameworks(), district=access.district)
        if access.can_lead
        else None
    )
    return _rounds_page(request, access, form)


def _rounds_page(request, access: DistrictAccess, form, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "rubrics/rounds.html",
        {
            "access": access,
            "district": access.district,
            "rounds": rounds_visible(access.district, request.user),
            "form": form,
        },
        status=status,
    )


@require_POST
def round_new(request: HttpRequest, district: str) -> HttpResponse:
    access = access_district(request.user, district, for_write=True)
    access.require(access.can_lead, right="leads_work")
    frameworks = current_frameworks()
    form = RoundForm(request.POST, frameworks=frameworks, district=access.district)
    if form.is_valid():
        try:
            round_ = round_open(
                district=access.district,
                acting_user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"“{round_.title}” is open. Each team member rates on their own."
            )
            return redirect(round_url(round_))
    return _rounds_page(request, access, form, status=400)


SCHOOL_ROUNDS_A_PAGE = 50


@require_http_methods(["GET", "HEAD", "POST"])
def school_rounds(request: HttpRequest, district: str) -> HttpResponse:
    """The district's schools' rounds, newest first, a page at a time (each as its reader
    may read it: drafts the district's team). Its leads open one round for each chosen
    school, or every open one, at once here (rubrics.services.school_rounds_open)."""
    writing = request.method == "POST"
    # Read as the schools are (not a cohort's facilitators: a school's round is opened
    # through its school, access_school).
    access = access_district(request.user, district, audience=Audience.COACHES, for_write=writing)
    if writing:
        access.require(access.can_lead, right="leads_work")
    form, status = None, 200
    if access.can_lead:
        form = SchoolRoundsForm(
            posted(request),
            frameworks=current_frameworks(),
            schools=list(School.objects.readable_in(access)),
        )
    if writing and form.is_valid():
        values = form.cleaned_data
        try:
            opened = school_rounds_open(
                district=access.district,
                title=values["title"],
                framework=values["framework"],
                due_date=values["due_date"],
                schools=values["schools"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"“{opened[0].title}” is open for {len(opened)} "
                f"school{'s' if len(opened) != 1 else ''}. Each rates and submits its own.",
            )
            return redirect("rubrics:school_rounds", district=access.district.code)
    if writing:
        status = 400
    page = page_of(request, school_rounds_of(access), per_page=SCHOOL_ROUNDS_A_PAGE)
    return render(
        request,
        "rubrics/school_rounds.html",
        {"access": access, "district": access.district, "page": page, "form": form},
        status=status,
    )


@require_safe
def round_detail(request: HttpRequest, district: str, round_code: str) -> HttpResponse:
    """The round: status, the team's ratings, comments and the actions the role allows.
    Facilitators (cohort sharing) see levels only, never the district's evidence text."""
    access, round_ = _round(request, district, round_code)
    sees_text = access.reads_evidence
    sees_comments = access.reads_coaching
    sheet = consensus_sheet(round_, with_spread=access.is_team, with_comments=sees_comments)
    if sees_text:
        _with_files(sheet, access, may_change=access.can_lead)
    if sees_comments:
        comments_mark_seen(round_=round_, user=request.user)
    return render(
        request,
        "rubrics/round.html",
        {
            "access": access,
            "district": access.district,
            "round": round_,
            "sheet": sheet,
            "sees_text": sees_text,
            "sees_comments": sees_comments,
            "can_comment": sees_comments and (access.can_comment or access.can_write),
            "sharing_form": SharingForm(initial={"sharing": round_.sharing}),
            "reopenings": round_.reopenings.select_related("reopened_by"),
            # the coach's calibration (rubrics.calibration): its coaches rate, the team reads
            "calibration_open": calibration_open(access, round_),
        },
    )


def _rating_forms(sheet, framework, *, bound: dict | None = None):
    """A form per dimension (the person's rating, or what they sent that did not save), and
    the values the template shows, read from each form once."""
    levels = Level.objects.filter(framework=framework)
    for row in sheet.rows:
        rating = row.rating
        initial = {
            "level": rating.level.position if rating and rating.level_id else None,
            "evidence": rating.evidence if rating else "",
            "next_steps": rating.next_steps if rating else "",
            "version": rating.version if rating else 0,
        }
        form = (bound or {}).get(row.dimension.pk) or RatingForm(
            initial=initial, framework=framework, levels=levels, prefix=f"d{row.dimension.code}"
        )
        row.form = form
        level = form["level"].value()
        row.chosen_level = int(level) if str(level).isdigit() else None
        row.evidence = form["evidence"].value() or ""
        row.next_steps = form["next_steps"].value() or ""
        row.version = form["version"].value()


def _with_files(sheet, access, *, may_change: bool) -> None:
    """Each row's files and links (the evidence app), in one query for the sheet."""
    found = evidence_of(access, [row.rating for row in sheet.rows if row.rating])
    for row in sheet.rows:
        row.files = found.get(row.rating.pk) if row.rating else None
        row.files_may_change = may_change


def _with_teammates_files(sheet, access) -> None:
    """Each teammate's files and links beside their own rating, in one query for the sheet
    (the team rating page, which only the district's team and staff open)."""
    found = evidence_of(access, [rating for row in sheet.rows for rating in row.teammates])
    for row in sheet.rows:
        for rating in row.teammates:
            rating.files = found.get(rating.pk)


@require_safe
def rate(request: HttpRequest, district: str, round_code: str) -> HttpResponse:
    """The rating page: the person's own rating of every dimension, descriptors side by side."""
    access, round_ = _round(request, district, round_code, related=("framework", "school"))
    access.require(access.can_write)
    if not round_.is_open:
        messages.info(request, f"This round was {round_.status}; its ratings are read-only.")
        return redirect(round_url(round_))

    def sheet():
        made = rating_sheet(round_, request.user)
        _rating_forms(made, round_.framework)
        _with_files(made, access, may_change=True)  # the person's own ratings
        return made

    return render(
        request,
        "rubrics/rate.html",
        {
            "access": access,
            "district": access.district,
            "round": round_,
            # The sheet is read only when the kept one is stale: a new generation of the
            # district's work (any rating saved) or of the frameworks.
            "sheet": Later(sheet),
            "kept_key": access.kept_key(
                "rate", round_.pk, request.user.pk, framework_generation.current()
            ),
        },
    )


def _rated_count(round_, user, mode: str) -> int:
    if mode == "rating":
        return round_.ratings.filter(rater=user, level__isnull=False).count()
    return round_.consensus.filter(level__isnull=False).count()


def _dimension_of(round_: AssessmentRound, dimension_code) -> Dimension:
    dimension = (
        Dimension.objects.select_related("domain")
        .filter(code=dimension_code, domain__framework=round_.framework)
        .first()
    )
    if dimension is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return dimension


def _save(request, district, round_code, dimension_code, *, mode: str):
    """Save one dimension's rating (mode "rating") or the team's (mode "consensus"): JSON for
    the autosave script, a page for a plain form post (districts.viewkit.edit_page)."""
    access, round_ = _round(request, district, round_code)
    if mode == "rating":
        access.require(access.can_write, right="writes_work")
    else:
        access.require(access.can_lead, right="leads_work")
    dimension = _dimension_of(round_, dimension_code)
    framework = round_.framework
    form = RatingForm(request.POST, framework=framework, prefix=f"d{dimension.code}")
    service = rating_save if mode == "rating" else consensus_save

    def page(form, theirs, status):
        # Invalid input or a conflict without JavaScript: the page again with what the
        # person typed kept, and, for a conflict, the other version beside it.
        sheet = (
            rating_sheet(round_, request.user)
            if mode == "rating"
            else consensus_sheet(round_, with_spread=True)
        )
        _rating_forms(sheet, framework, bound={dimension.pk: form})
        if mode == "consensus":
            _with_teammates_files(sheet, access)
        for row in sheet.rows:
            row.conflict = theirs if row.dimension.pk == dimension.pk else None
        template = "rubrics/rate.html" if mode == "rating" else "rubrics/consensus.html"
        context = {"access": access, "district": round_.district, "round": round_}
        return render(request, template, {**context, "sheet": sheet}, status=status)

    return edit_page(
        request,
        form,
        lambda: service(
            round_=round_,
            dimension=dimension,
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
            **form_values(form),
        ),
        rebuild=lambda data: RatingForm(data, framework=framework, prefix=form.prefix),
        message=lambda saved: f"Saved: {dimension.name}.",
        to=lambda saved: (
            round_url(round_, "rate" if mode == "rating" else "consensus")
            + f"#dimension-{dimension.code}"
        ),
        page=page,
        json=JsonAnswers(
            more=lambda saved: {"rated": _rated_count(round_, request.user, mode)},
            fields=lambda row: {
                "level": row.level.position if row.level_id else None,
                "evidence": row.evidence,
                "next_steps": row.next_steps,
            },
            shown=lambda row: [
                ["Level", row.level.name if row.level_id else "none"],
                ["Evidence", row.evidence or "—"],
                ["Next steps", row.next_steps or "—"],
            ],
            stale_message="This rating was saved elsewhere (another tab or person) after you "
            "opened it. Choose which version to keep.",
        ),
    )


@require_POST
def rate_dimension(request, district: str, round_code: str, dimension) -> HttpResponse:
    return _save(request, district, round_code, dimension, mode="rating")


@require_safe
def consensus(request: HttpRequest, district: str, round_code: str) -> HttpResponse:
    """The team's rating per dimension, beside how the individual ratings spread (no names).
    The team reads it; leads record it while the round is a draft."""
    access, round_ = _round(request, district, round_code)
    access.require(access.can_read(Audience.DISTRICT))
    sheet = consensus_sheet(round_, with_spread=True)
    _rating_forms(sheet, round_.framework)
    _with_files(sheet, access, may_change=access.can_lead)
    _with_teammates_files(sheet, access)
    return render(
        request,
        "rubrics/consensus.html",
        {
            "access": access,
            "district": access.district,
            "round": round_,
            "sheet": sheet,
            "sharing_form": SharingForm(initial={"sharing": round_.sharing}),
        },
    )


@require_POST
def consensus_dimension(request, district: str, round_code: str, dimension) -> HttpResponse:
    return _save(request, district, round_code, dimension, mode="consensus")


@require_safe
def consensus_history(
    request: HttpRequest, district: str, round_code: str, dimension
) -> HttpResponse:
    access, round_ = _round(request, district, round_code)
    dimension_obj = _dimension_of(round_, dimension)
    changes = changes_of(
        access,
        ConsensusRating,
        ConsensusRating.objects.readable_in(access).filter(round=round_, dimension=dimension_obj),
    )
    return render(
        request,
        "rubrics/history.html",
        {
            "access": access,
            "district": access.district,
            "round": round_,
            "dimension": dimension_obj,
            "changes": changes,
            "sees_text": access.reads_evidence,
        },
    )


@require_POST
def submit(request: HttpRequest, district: str, round_code: str) -> HttpResponse:
    access, round_ = _round(request, district, round_code)
    access.require(access.can_lead, right="leads_work")
    form = SharingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose who may see the submitted round.")
        return redirect(round_url(round_, "consensus"))
    try:
        round_submit(round_=round_, sharing=form.cleaned_data["sharing"], acting_user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(round_url(round_, "consensus"))
    messages.success(request, "Submitted. The round is now read-only.")
    return redirect(round_url(round_))


@require_POST
def share(request: HttpRequest, district: str, round_code: str) -> HttpResponse:
    access, round_ = _round(request, district, round_code)
    access.require(access.can_lead, right="leads_work")
    form = SharingForm(request.POST)
    if form.is_valid():
        round_share(round_=round_, sharing=form.cleaned_data["sharing"], acting_user=request.user)
        label = Audience(form.cleaned_data["sharing"]).label
        messages.success(request, f"Sharing changed: {label.lower()}.")
    else:
        messages.error(request, "Choose who may see the submitted round.")
    return redirect(round_url(round_))


def reopen(request: HttpRequest, district: str, round_code: str) -> HttpResponse:
    """GET asks for the reason; POST reopens."""
    access, round_ = _round(request, district, round_code)
    access.require(access.can_lead, right="leads_work")
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with saying(request, "Reopened. The round is a draft again, inside the district."):
            round_reopen(
                round_=round_, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        return redirect(round_url(round_))
    return render(
        request,
        "rubrics/reopen.html",
        {"access": access, "district": access.district, "round": round_, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
def comment(request: HttpRequest, district: str, round_code: str) -> HttpResponse:
    """Coaches comment; the district's leads and members reply."""
    access, round_ = _round(request, district, round_code)
    access.require(access.can_comment or access.can_write)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write a comment first.")
        return redirect(round_url(round_) + "#comments")
    dimension = reply_to = None
    if form.cleaned_data["dimension"]:
        dimension = _dimension_of(round_, form.cleaned_data["dimension"])
    if form.cleaned_data["reply_to"]:
        reply_to = access_district_object(access, Comment, code=form.cleaned_data["reply_to"])
    try:
        new = comment_add(
            round_=round_,
            body=form.cleaned_data["body"],
            dimension=dimension,
            reply_to=reply_to,
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(round_url(round_) + "#comments")
    messages.success(request, "Comment posted.")
    anchor = f"#dimension-{new.dimension.code}" if new.dimension_id else "#comments"
    return redirect(round_url(round_) + anchor)


@require_POST
def mark_reviewed(request: HttpRequest, district: str, round_code: str) -> HttpResponse:
    access, round_ = _round(request, district, round_code)
    access.require(access.can_comment)
    with saying(request, "Marked as reviewed."):
        round_mark_reviewed(round_=round_, acting_user=request.user)
    return redirect(round_url(round_))


@require_safe
def trend(request: HttpRequest, district: str) -> HttpResponse:
    """Each dimension's level across all the district's submitted rounds the person may see."""
    access = access_district(request.user, district)
    data = district_trend(access.district, request.user)
    return render(
        request,
        "rubrics/trend.html",
        {
            "access": access,
            "district": access.district,
            "trend": data,
            "chart": charts.trend_svg(data),
        },
    )


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


@require_safe
def compare(request: HttpRequest, district: str) -> HttpResponse:
    """Any two rounds of the same framework side by side: per dimension the level then and
    now, per domain a summary, and a chart. Defaults to the two latest submitted rounds of
    one framework. Kept rendered under the district's work generation, for the person and the
    two rounds asked for; the comparison is made only when the kept one is stale."""
    access = access_district(request.user, district)
    earlier_code = request.GET.get("earlier", "")[:64]
    later_code = request.GET.get("later", "")[:64]
    if earlier_code or later_code:
        # Only rounds that exist make kept comparisons (nobody grows the cache by making up
        # codes): an unknown code is as if none was asked for.
        asked = [c for c in (earlier_code, later_code) if _is_uuid(c)]
        real = {
            str(c)
            for c in AssessmentRound.objects.readable_in(access)
            .filter(code__in=asked)
            .values_list("code", flat=True)
        }
        earlier_code = earlier_code if earlier_code in real else ""
        later_code = later_code if later_code in real else ""

    def comparison() -> dict:
        visible = list(rounds_visible(access.district, request.user))
        by_code = {str(r.code): r for r in visible}
        submitted = [r for r in visible if r.is_submitted]
        earlier, later = by_code.get(earlier_code), by_code.get(later_code)
        if earlier is None and later is None and submitted:
            # The latest submitted round, and the one before it of the same framework.
            later = submitted[0]
            earlier = next(
                (r for r in submitted[1:] if r.framework.slug == later.framework.slug), None
            )
        made = {"rounds": visible, "earlier": earlier, "later": later}
        if earlier and later:
            if earlier.framework.slug != later.framework.slug:
                made["mismatch"] = True
            else:
                domains = compare_rounds(earlier, later)
                made["domains"] = domains
                made["chart"] = charts.comparison_svg(
                    domains,
                    list(later.framework.levels.order_by("position")),
                    earlier=earlier.title,
                    later=later.title,
                )
        return made

    return render(
        request,
        "rubrics/compare.html",
        {
            "access": access,
            "district": access.district,
            "comparison": Later(comparison),
            "kept_key": access.kept_key(
                "compare",
                request.user.pk,
                earlier_code,
                later_code,
                framework_generation.current(),
            ),
        },
    )


def calibration(request: HttpRequest, district: str, round_code: str) -> HttpResponse:
    """The coach's calibration rating of a round: its assigned coaches rate it once it is
    shared with them, and publish; the district's team reads each published one beside its
    own, with the dimensions far apart as the agenda of the next coaching conversation. Never
    the cohort's (its facilitators get the plain 404: DistrictAccess.reads_coaching)."""
    access, round_ = _round(request, district, round_code)
    if not access.reads_coaching:
        raise Http404(NOT_FOUND_MESSAGE)
    coach_may = may_calibrate(access, round_)
    if request.method == "POST":
        access.require(coach_may)
    calibrations = list(readable_calibrations(access, round_, request.user))
    mine = next((c for c in calibrations if c.coach_id == request.user.pk), None)
    team = team_levels(round_)
    found = comparisons(round_, calibrations, team=team)
    form = None
    if coach_may:
        own = next((c for c in found if c.calibration is mine), None)
        form = CalibrationForm(
            request.POST if request.method == "POST" else None,
            sheet=framework_sheet(round_.framework),
            given={gap.dimension.pk: gap.rating for gap in own.gaps if gap.rating} if own else {},
            team=team,
        )
    if form is not None and form.is_bound:
        done = _calibration_posted(request, access, round_, form, mine)
        if done is not None:
            return done
    return render(
        request,
        "rubrics/calibration.html",
        {
            "access": access,
            "district": access.district,
            "round": round_,
            "published": [c for c in found if c.calibration.is_published],
            "mine": mine,
            "form": form,
            "coach_may": coach_may,
        },
        status=400 if form is not None and form.is_bound and form.chosen != "team" else 200,
    )


def _calibration_posted(request, access, round_, form, mine) -> HttpResponse | None:
    """Do what the coach asked for and redirect; None shows the form again: with the team's
    levels filled in ("team"), or with what did not save and why."""
    chosen = form.chosen
    if chosen == "withdraw" and mine is not None:
        calibration_withdraw(user=request.user, calibration=mine)
        messages.success(
            request, "Withdrawn: the district no longer reads it until you publish again."
        )
        return redirect(request.path)
    if chosen not in ("save", "publish") or not form.is_valid():
        return None
    try:
        calibration_save(
            access=access,
            user=request.user,
            round_=round_,
            answers=form.answers(),
            publish=chosen == "publish",
        )
    except ValidationError as problem:
        form.add_error(None, problem)
        return None
    messages.success(
        request,
        "Published: the district reads your rating beside its own."
        if chosen == "publish"
        else "Your draft is saved; only you read it.",
    )
    return redirect(request.path)
