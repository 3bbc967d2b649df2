"""The pages that gather several apps: a district's home, the dashboards of coaches (their
districts) and facilitators (their cohorts)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.later import Later
from config.proxies import client_ip
from dashboards.forms import PairingForm, SnapshotForm
from dashboards.getting_started import getting_started
from dashboards.models import BoardSnapshot
from dashboards.selectors import (
    SORTABLE_UP_TO,
    SORTS,
    AttentionQueue,
    HomeReads,
    Selection,
    coached_ids,
    cohort_spread,
    district_next_steps,
    district_standing,
    filter_options,
    kept_attention_count,
    kept_heat_rows,
    large_selection,
    measures_listed,
    sort_rows,
    team_progress,
)
from dashboards.snapshots import (
    snapshot_by_token,
    snapshot_content,
    snapshot_publish,
    snapshot_revoke,
    snapshot_viewed,
    too_many_views,
)
from dashboards.week import week_items
from districts.access import (
    NOT_FOUND_MESSAGE,
    access_district,
    access_facilitated_cohort,
    facilitated_cohorts,
    require_coach,
)
from districts.models import Audience, CohortDistrict, work_generation
from districts.navigation import navigation_for
from districts.selectors import district_people, next_meeting_in, people_generation, row_count
from districts.viewkit import confirm_delete
from measures.selectors import QUEUE_FIELDS, district_tally, judged_across, measures_of
from meetings.services import agenda_item_save
from planning.selectors import plan_glance
from reports.models import ReportJob
from reports.selectors import recent_jobs_of
from reports.services import district_subject
from reports.views import export_response
from rubrics.peers import (
    PAIRS_SHOWN,
    PEERS_SHOWN,
    pairings,
    pairs_of,
    peers_of,
    shared_levels,
    suggested_pair,
)
from rubrics.selectors import (
    framework_generation,
    last_reading,
    rubric_columns,
    unread_comment_count,
)
from schools.selectors import school_counts, schools_of

PAGE_SIZE = 50


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    """Where a person lands after signing in: where their job is. A coach on the coach
    dashboard; a facilitator on their cohort (the list, with several); anyone else on their
    district (the list, with several or none: districts.views.home decides)."""
    user = request.user
    roles = navigation_for(user)
    if roles.coaches:
        return redirect("dashboards:coach")
    if roles.facilitates and not user.is_staff:
        cohorts = list(facilitated_cohorts(user).values_list("code", flat=True)[:2])
        if len(cohorts) == 1:
            return redirect("dashboards:cohort", cohort=cohorts[0])
        return redirect("dashboards:cohorts")
    return redirect("home")


def _home_reports(access, user) -> list:
    """The person's reports and (a lead's) archives of the district, in one query."""
    if not access.reads_coach_work:
        return []
    subjects = [
        district_subject(access.district),
        district_subject(access.district, ReportJob.Kind.ARCHIVE),
    ]
    return recent_jobs_of(user, subjects, 6)


@require_safe
def district_home(request: HttpRequest, district: str) -> HttpResponse:
    """The district's own page: what the person should do next there, what they can open,
    its people. Gathers the self-assessment, the plan and reports, so it lives here."""
    access = access_district(request.user, district)
    user = request.user
    # What the person should do next and their reports are read only when the kept part of
    # the page is stale: a new version of the district's work or of the frameworks (the
    # number of dimensions to rate), a new day (what is due), or a new reading of comments by
    # the person (opening a round marks its comments read, which moves no version; comments
    # themselves are the district's work).
    last_read = last_reading(access.district, user)
    people = district_people(access.district)  # lazy: read only if the kept part is stale
    # read only if the kept part is stale; the team's progress from the people's memberships
    reads = HomeReads(access, user, memberships=people["memberships"])
    plan = Later(lambda: plan_glance(access) if access.reads_plan else None)
    measures = Later(lambda: district_tally(access))
    return render(
        request,
        "dashboards/district_home.html",
        {
            "access": access,
            "district": access.district,
            "kept_key": access.kept_key(
                "home",
                user.pk,
                framework_generation.current(),
                # the team's names beside their progress
                people_generation.current(),
                access.district.people_version,
                timezone.localdate(),
                last_read.timestamp() if last_read else 0,
            ),
            "standing": Later(lambda: district_standing(access, reads)),
            "progress": Later(lambda: team_progress(access, reads) if access.is_team else []),
            "plan": plan,
            "measures": measures,
            "schools": Later(lambda: school_counts(access) if access.reads_coach_work else None),
            # A school's people reach their own school from here (where they land).
            "my_schools": Later(
                lambda: list(schools_of(access)) if access.rule.school_only else []
            ),
            # a new district's first steps, from what the other parts read
            "first_steps": Later(
                lambda: getting_started(
                    access,
                    reads=reads,
                    plan=plan(),
                    measures=measures(),
                    memberships=people["memberships"],
                )
            ),
            "unread_comments": Later(lambda: unread_comment_count(access, user)),
            "next_steps": Later(lambda: district_next_steps(reads, can_write=access.can_write)),
            "reports": Later(lambda: _home_reports(access, user)),
            # The same for everyone who opens the district, kept under its own generation.
            **people,
            # the next of the cohorts' meetings the people section lists anyway
            "next_meeting": Later(lambda: next_meeting_in(people["cohorts"]())),
            "people_key": (
                access.district.pk,
                people_generation.current(),
                access.district.people_version,
                timezone.localdate(),  # the next meeting
                access.can_write,  # the prompt to bring a problem of practice
            ),
        },
    )


@require_safe
def coach(request: HttpRequest) -> HttpResponse:
    """Every district the coach is assigned to as districts × dimensions, sortable across all
    of them, with what needs attention beside it; filtered by cohort and state (staff: also
    by coach). What it shows is kept (dashboards.selectors): the districts and cohorts under
    the generation of people, each row under its district's work. Staff's, over every
    district, is paged in the database and sortable by a column once filtered to
    SORTABLE_UP_TO districts."""
    user = request.user
    require_coach(user)
    # Only values that exist make kept parts: an unknown filter or sort is the default one,
    # so that nobody can grow the cache by making up parameters.
    selection = Selection.of(user, request.GET)
    columns, levels = rubric_columns()
    sort = request.GET.get("sort", "name")
    if sort not in SORTS and sort not in {f"dim-{n}" for n in range(1, len(columns) + 1)}:
        sort = "name"
    descending = request.GET.get("dir") == "desc"
    if large_selection(user):
        page, rows, sortable, attention = _staff_rows(
            user, selection, sort, descending, request.GET.get("page")
        )
        if not sortable and sort != "name":
            sort, descending = "name", False
    else:
        ids = coached_ids(user, selection)
        versions = work_generation.current_many(ids)  # one query for the rows and the count
        # The measures of every district, judged once for the rows and the count (read only
        # if either is not kept: a row made again moves the count's key too).
        judged = Later(lambda: judged_across(ids, *QUEUE_FIELDS))
        page, rows = _rows(user, ids, versions, sort, descending, request.GET.get("page"), judged)
        sortable = True
        attention = kept_attention_count(
            user, ids, selection=selection, versions=versions, judged=judged
        )
    return render(
        request,
        "dashboards/coach.html",
        {
            "columns": columns,
            "levels": levels,
            "rows": rows,
            "page": page,
            "options": filter_options(user),
            "selection": selection,
            "filtered": urlencode(selection.query),
            "sort": sort,
            "descending": descending,
            "sortable": sortable,
            "sortable_up_to": SORTABLE_UP_TO,
            "export_up_to": settings.EXPORT_IN_REQUEST_UP_TO,
            "attention_count": attention,
            "head_key": (sort, descending, sortable, selection.key, framework_generation.current()),
        },
    )


def _rows(user, ids: list[int], versions: dict, sort: str, descending: bool, number, judged=None):
    """A page of the heatmap's rows of these districts (their ids by name), sorted."""
    if sort == "name" and not descending:
        # The districts come by name: only the page's rows are needed.
        page = Paginator(ids, PAGE_SIZE).get_page(number)
        made = kept_heat_rows(user, list(page.object_list), versions=versions, judged=judged)
        return page, made
    # Sorted by anything else, every district's row is, then the page is cut.
    made = kept_heat_rows(user, ids, versions=versions, judged=judged)
    rows = sort_rows(made, sort, descending)
    page = Paginator(rows, PAGE_SIZE).get_page(number)
    return page, page.object_list


def _staff_rows(user, selection: Selection, sort: str, descending: bool, number):
    """Staff's heatmap over every district: counted and paged in the database, sorted by a
    column only when the filters leave at most SORTABLE_UP_TO districts; the queue's count
    kept under the versions of the districts' work. The same queries for 13 or 13,000
    districts."""
    districts = selection.districts(user)
    by_name = districts.order_by("-name" if sort == "name" and descending else "name")
    paginator = Paginator(by_name.values_list("pk", flat=True), PAGE_SIZE)
    sortable = paginator.count <= SORTABLE_UP_TO
    if sortable and sort != "name":
        ids = list(districts.values_list("pk", flat=True))
        versions = work_generation.current_many(ids)
        page, rows = _rows(user, ids, versions, sort, descending, number)
    else:
        page = paginator.get_page(number)
        rows = kept_heat_rows(user, list(page.object_list))
    # Every district's version (one query of two numbers a row) keys the queue's count.
    versions = dict(districts.order_by().values_list("pk", "work_version"))
    attention = kept_attention_count(user, list(versions), selection=selection, versions=versions)
    return page, rows, sortable, attention


@require_safe
def attention(request: HttpRequest) -> HttpResponse:
    """The queue of what needs the coach (staff: across every district), newest first, a
    page at a time: counted in the database and read up to the page's end (AttentionQueue),
    filtered as the coach dashboard is."""
    user = request.user
    require_coach(user)
    selection = Selection.of(user, request.GET)
    districts = selection.districts(user)
    queue = AttentionQueue(user, districts, selection=selection)
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboards/attention.html",
        {
            "page": page,
            "options": filter_options(user),
            "selection": selection,
            "filtered": urlencode(selection.query),
            "measures_listed": measures_listed(user, districts),
            "sortable_up_to": SORTABLE_UP_TO,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def coach_export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The heatmap, or every rating (district × round × dimension) the coach may see, of the
    dashboard's filters (dashboards.exports): streamed up to EXPORT_IN_REQUEST_UP_TO
    districts, over that made in the background (reports.views.export_response)."""
    require_coach(request.user)
    if kind not in ("heatmap", "ratings"):
        raise Http404(NOT_FOUND_MESSAGE)
    selection = Selection.of(request.user, request.GET)
    return export_response(request, {"export": kind, "fmt": fmt, **selection.query})


@require_safe
def cohorts(request: HttpRequest) -> HttpResponse:
    """The cohorts the person facilitates (staff: all), each with its number of districts
    (counted, not listed: a cohort may have hundreds)."""
    search = request.GET.get("q", "").strip()[:100]
    rows = facilitated_cohorts(request.user)
    if search:
        rows = rows.filter(name__icontains=search)
    # Counted for the page's rows only (a subquery each), and the list counted apart: a
    # count over staff's hundreds of cohorts joins no district.
    rows = rows.annotate(district_count=row_count(CohortDistrict, "cohort")).order_by("name")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dashboards/cohorts.html", {"page": page, "search": search})


PAIRINGS_A_PAGE = 20  # districts (each with its best few pairs), or one district's pairs


@require_safe
def cohort(request: HttpRequest, cohort: str) -> HttpResponse:
    """How the cohort's districts spread over the levels of each dimension (a count per
    level), from the rounds they share with the cohort; no district's evidence text. Pairing
    suggestions: each district's best few, a page of districts at a time; `?district=` lists
    every pair of one district, a page at a time. A few queries, and work that grows with the
    districts (never with the square of them)."""
    target = access_facilitated_cohort(request.user, cohort)
    shared = shared_levels([target])
    levels, spreads, included = cohort_spread(shared)
    districts = list(target.districts.order_by("name").values_list("code", "name"))
    # by date: an aggregate query has no Meta.ordering, and the next meeting is the first ahead
    meetings = list(
        target.meetings.annotate(problem_count=Count("problems")).order_by("first_date", "pk")
    )
    asked = request.GET.get("district", "")
    learner = next((r.district for r in shared.rounds.values() if r.district.code == asked), None)
    if learner is not None:
        rows = pairs_of(target, learner, shared=shared)
    else:
        rows = pairings(target, shared=shared)
    page = Paginator(rows, PAIRINGS_A_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboards/cohort.html",
        {
            "cohort": target,
            "levels": levels,
            "spreads": spreads,
            "included": included,
            "districts": districts,
            "details": [
                ("Series outcomes", target.outcomes),
                ("Group norms", target.norms),
                ("Participant expectations", target.expectations),
            ],
            "meetings": meetings,
            "next_meeting": next(
                (m for m in meetings if m.first_date >= timezone.localdate()), None
            ),
            # who may learn from whom, by what the districts share with the cohort
            "learner": learner,
            "one_district": learner is not None,
            "page": page,
            "pairs_shown": PAIRS_SHOWN,
        },
    )


@require_POST
def pairing_add(request: HttpRequest, cohort: str) -> HttpResponse:
    """A facilitator puts a suggested pair on the agenda of the cohort's next meeting, and
    goes back to the page of suggestions it came from."""
    target = access_facilitated_cohort(request.user, cohort)
    meeting = (
        target.meetings.filter(first_date__gte=timezone.localdate()).order_by("first_date").first()
    )
    form = PairingForm(request.POST)
    form.is_valid()  # a bad page or district to go back to only loses the way back
    valid = not {"district", "peer", "dimension"} & set(form.errors)
    back = _pairings_url(target, form.cleaned_data)
    if meeting is None:
        messages.error(request, "The cohort has no meeting ahead: plan one first.")
        return redirect(back)
    pair = (
        suggested_pair(
            target,
            form.cleaned_data["district"],
            form.cleaned_data["peer"],
            form.cleaned_data["dimension"],
        )
        if valid
        else None
    )
    if pair is None:
        messages.error(request, "That pair is no longer suggested: the levels changed.")
        return redirect(back)
    learner, peer, column = pair.learner, pair.peer, pair.column
    agenda_item_save(
        meeting=meeting,
        acting_user=request.user,
        title=f"Pairing: {learner.name} with {peer.district.name} on {column.name}",
        description=f"{peer.district.name} rates {peer.level} on {column.name} "
        f"(“{peer.round_title}”); {learner.name} rates {pair.level}.",
    )
    messages.success(request, f"The pair is on the agenda of {meeting.title}.")
    return redirect(back)


def _pairings_url(cohort, cleaned: dict) -> str:
    """The cohort page's suggestions where a form was posted from: its page of districts,
    or one district's pairs (only a page number and a district's code are carried)."""
    query = {}
    if page := cleaned.get("page"):
        query["page"] = page
    if district := cleaned.get("back_district"):
        query["district"] = district
    url = reverse("dashboards:cohort", kwargs={"cohort": cohort.code})
    return url + (f"?{urlencode(query)}" if query else "") + "#pairings"


PEERS_A_PAGE = 25  # one dimension's peers


@require_safe
def peers(request: HttpRequest, district: str) -> HttpResponse:
    """The districts of the district's cohorts strong where it is not yet (its team): the
    best few per dimension; `?dimension=` (a key) every one on that dimension, a page at a
    time."""
    access = access_district(request.user, district, audience=Audience.DISTRICT)
    dimension = request.GET.get("dimension", "")
    rows = peers_of(access, dimension=dimension)
    page = None
    if dimension and rows:
        page = Paginator(rows[0].peers, PEERS_A_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboards/peers.html",
        {
            "access": access,
            "district": access.district,
            "rows": rows,
            "dimension": dimension,
            "page": page,
            "peers_shown": PEERS_SHOWN,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def cohort_export(request: HttpRequest, cohort: str, fmt: str) -> HttpResponse:
    """The cohort's ratings the facilitator may see: levels only, one row per district ×
    round × dimension (dashboards.exports), streamed (CSV row by row, XLSX in write-only
    mode), or made in the background for a cohort of more than EXPORT_IN_REQUEST_UP_TO
    districts (reports.views.export_response)."""
    return export_response(request, {"export": "cohort-ratings", "fmt": fmt, "cohort": cohort})


# ---------------------------------------------------------------- board snapshots

PARTS = ("show_levels", "show_plan", "show_actions", "show_evidence")


def snapshots(request: HttpRequest, district: str) -> HttpResponse:
    """A lead publishes read-only pages of the district's chosen parts for its school board,
    each at an unguessable link with an expiry, and stops any of them."""
    access = access_district(request.user, district, audience=Audience.DISTRICT)
    access.require(access.can_lead, right="leads_work")
    measures = measures_of(access)
    form = SnapshotForm(request.POST or None, measures=measures)
    made_link = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                snapshot, token = snapshot_publish(
                    district=access.district,
                    title=data["title"],
                    parts={k: data[k] for k in PARTS},
                    days=data["days"],
                    acting_user=request.user,
                    measures=[m for m in measures if str(m.code) in data.get("measures", [])],
                )
            except ValidationError as error:
                for name, problems in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            else:
                made_link = request.build_absolute_uri(
                    reverse("dashboards:board", kwargs={"token": token})
                )
                messages.success(
                    request,
                    f"“{snapshot.title}” is published. Copy its link now: Waypoint keeps no "
                    "copy of it (make a new one at any time).",
                )
                form = SnapshotForm(measures=measures)
        if not made_link:
            status = 400
    return render(
        request,
        "dashboards/snapshots.html",
        {
            "access": access,
            "district": access.district,
            "snapshots": BoardSnapshot.objects.readable_in(access),
            "form": form,
            "made_link": made_link,
            "now": timezone.now(),
        },
        status=status,
    )


def snapshot_stop(request: HttpRequest, district: str, snapshot) -> HttpResponse:
    access = access_district(request.user, district, audience=Audience.DISTRICT)
    access.require(access.can_lead, right="leads_work")
    found = BoardSnapshot.objects.readable_in(access).filter(code=snapshot).first()
    if found is None:
        raise Http404(NOT_FOUND_MESSAGE)
    back = reverse("dashboards:snapshots", kwargs={"district": access.district.code})
    return confirm_delete(
        request,
        {"district": access.district},
        what=f"the link of “{found.title}”",
        back=back,
        on_confirm=lambda: snapshot_revoke(snapshot=found, acting_user=request.user),
        verb=("Stop", "Stopped"),
        then="Whoever has the link will see a page saying the snapshot is gone. It stays in "
        "your list as stopped; to share again, publish a new one.",
    )


@login_not_required
@require_safe
def board(request: HttpRequest, token: str) -> HttpResponse:
    """The public page of a snapshot: no sign-in, not indexed, rate-limited per address,
    every view counted; a revoked or expired link is gone."""
    if too_many_views(client_ip(request) or "unknown"):
        response = render(request, "dashboards/board_busy.html", status=429)
        response["Retry-After"] = "60"
    else:
        snapshot = snapshot_by_token(token)
        if snapshot is None:
            response = render(request, "dashboards/board_gone.html", status=404)
        else:
            snapshot_viewed(snapshot)
            response = render(
                request,
                "dashboards/board.html",
                {
                    "snapshot": snapshot,
                    "district": snapshot.district,
                    "content": snapshot_content(snapshot),
                    "printing": request.GET.get("print") == "1",
                },
            )
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def week(request: HttpRequest) -> HttpResponse:
    """My week: what the person has to do across their districts (dashboards.week)."""
    return render(request, "dashboards/week.html", {"items": week_items(request.user)})
