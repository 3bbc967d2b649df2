"""School pages. The district's schools are read by whoever reads the work it shares with
its coaches (its team, its coaches, staff: not a cohort's facilitators); its leads add,
rename, close and reopen them, one by one or from a table; the district's leads and members,
and a school's own, record its implementation stages."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.views.decorators.http import require_POST, require_safe

from districts.access import NOT_FOUND_MESSAGE, access_district_object, access_school
from districts.models import Audience, SchoolMembership
from districts.viewkit import (
    DistrictPages,
    Importing,
    RowDelete,
    RowEdit,
    apply,
    edit_page,
    form_values,
    page_of,
    posted,
)
from schools import exchange, services
from schools.forms import (
    CloseForm,
    ImportConfirmForm,
    SchoolForm,
    SchoolUploadForm,
    StageForm,
    TeamMemberForm,
    TeamRoleForm,
)
from schools.models import School
from schools.parts import parts_of
from schools.selectors import (
    rollout,
    rollout_years,
    schools_of,
    stage_history,
    team_of,
    year_columns,
)

pages = DistrictPages("schools", audience=Audience.COACHES, default_url="school_list")
_open, _url = pages.open, pages.url
SCHOOLS_A_PAGE = 50


def school_filter(request, access) -> dict:
    """A page's filter by school (`?school=<code>`): the district's schools to choose from
    and the one chosen, for who reads the district's schools (1 query); a code that names
    none of them is the same 404 as a missing page."""
    code = request.GET.get("school", "")
    if not access.can_read(Audience.COACHES):
        if code:
            raise Http404(NOT_FOUND_MESSAGE)
        return {"school_filter": [], "school": None, "reads_schools": False}
    schools = list(schools_of(access))
    chosen = next((s for s in schools if str(s.code) == code), None)
    if code and chosen is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return {"school_filter": schools, "school": chosen, "reads_schools": True}


def _open_for_leads(request: HttpRequest, district: str):
    """The district, for its leads only: the others who change its work get 403."""
    access = _open(request, district, for_write=True)
    access.require(access.can_lead, right="leads_work")
    return access


@require_safe
def school_list(request: HttpRequest, district: str) -> HttpResponse:
    """The district's schools, open ones first, a page at a time."""
    access = _open(request, district)
    return pages.page(
        request,
        access,
        "list.html",
        schools=page_of(request, schools_of(access), per_page=SCHOOLS_A_PAGE),
    )


def _school_page(request, opened, *, stage_form=None, status=200) -> HttpResponse:
    """A school's page, as `opened` (access_school) reaches it: its facts, its team (and the
    form that adds one of the district's people, for who changes the team), its stages (and
    the form to record one, for who changes its work), then the features' parts."""
    access, found = opened.access, opened.school
    adding = opened.can_manage_team and not found.is_closed
    can_record = not found.is_closed and opened.can_write
    return pages.page(
        request,
        access,
        "page.html",
        status=status,
        school=found,
        opened=opened,
        team=list(team_of(access, found)),
        team_form=TeamMemberForm(district=access.district) if adding else None,
        stages=stage_history(found),
        stage_form=(stage_form or StageForm()) if can_record else None,
        parts=parts_of(access, found),
    )


@require_safe
def school(request: HttpRequest, district: str, school: str) -> HttpResponse:
    """One school: its grades, its principal, its team, its implementation stages, and the
    sections the features above schools give its page (schools.parts), each as the opener
    reads it. A school's people reach their own school only (districts.access.access_school)."""
    return _school_page(request, access_school(_open(request, district), school))


@require_POST
def school_stage(request: HttpRequest, district: str, school: str) -> HttpResponse:
    """Record a school's implementation stage on a strand (the district's leads and members,
    the school's own leads and members; its other readers get 403); a refused one shows the
    school's page again with why."""
    access = _open(request, district)
    opened = access_school(access, school, for_write=True)
    found = opened.school
    form = StageForm(request.POST)
    recorded = apply(
        form,
        lambda: services.school_stage_record(
            school=found, acting_user=request.user, **form.cleaned_data
        ),
    )
    if recorded is None:
        return _school_page(request, opened, stage_form=form, status=400)
    messages.success(
        request,
        f"Recorded: {recorded.get_strand_display()}, {recorded.get_stage_display().lower()} "
        f"as of {date_format(recorded.as_of, 'M j, Y')}.",
    )
    return redirect(_url(access, "school", school=found.code) + "#stages")


ROLLOUT_SCHOOLS_A_PAGE = 50


@require_safe
def stages(request: HttpRequest, district: str) -> HttpResponse:
    """The rollout: each school's implementation stage per strand at the end of each school
    year (the long-term plan's years as the opener reads them, and the years stages were
    recorded in), fifty schools a page."""
    access = _open(request, district)
    page = page_of(request, schools_of(access), per_page=ROLLOUT_SCHOOLS_A_PAGE)
    years = year_columns(rollout_years(access))
    return pages.page(
        request,
        access,
        "stages.html",
        page=page,
        years=years,
        rows=rollout(list(page.object_list), years),
    )
    """One school: its grades, its principal, its team (and, for who changes it, the form
    that adds one of the district's people), and the sections the features above schools
    give its page (schools.parts), each as the opener reads it. A school's people reach
    their own school only (districts.access.access_school)."""
    access = _open(request, district)
    opened = access_school(access, school)
    found = opened.school
    adding = opened.can_manage_team and not found.is_closed
    return pages.page(
        request,
        access,
        "page.html",
        school=found,
        opened=opened,
        team=list(team_of(access, found)),
        team_form=TeamMemberForm(district=access.district) if adding else None,
        parts=parts_of(access, found),
    )


def _school_url(access, school) -> str:
    return _url(access, "school", school=school.code) + "#team"


def team_new(request: HttpRequest, district: str, school: str) -> HttpResponse:
    """Add one of the district's people to the school's team: the district's leads, staff
    and the school's own leads."""
    opened = access_school(_open(request, district), school)
    opened.require_team_manager()
    form = TeamMemberForm(posted(request), district=opened.district)
    return edit_page(
        request,
        form,
        lambda: services.school_member_add(
            school=opened.school,
            person=form.cleaned_data["person"],
            role=form.cleaned_data["role"],
            acting_user=request.user,
        ),
        message=lambda saved: (
            f"{saved.user.full_name or saved.user.email} is now "
            f"{saved.get_role_display().lower()} of {opened.school}."
        ),
        to=_school_url(opened.access, opened.school),
        page=pages.form_page(request, opened.access, "team_form.html", school=opened.school),
    )


class TeamRow(RowEdit):
    """One person of a school's team, for who changes the team (the district's leads, staff,
    the school's own leads); another school's, or another district's, is a 404."""

    template = "team_form.html"
    message = "Role changed: {saved}."
    form_class = TeamRoleForm
    for_write = False

    def find(self, access, school, member):
        opened = access_school(access, school)
        opened.require_team_manager()
        row = access_district_object(
            access, SchoolMembership, code=member, school=opened.school, related=("user",)
        )
        row.school = opened.school
        return row

    def save(self, form, row, person, access):
        return services.school_member_change(
            membership=row, role=form.cleaned_data["role"], acting_user=person
        )

    def to(self, access, row):
        return _school_url(access, row.school)

    def context(self, access, row):
        return {"school": row.school, "member": row}


class TeamRemove(TeamRow, RowDelete):
    verb = ("Remove", "Removed")
    then = (
        "They leave the school’s team; whatever else relates them to the district (their "
        "membership of it, another school) stays."
    )

    def what(self, row):
        return f"{row.user.full_name or row.user.email} from {row.school}’s team"

    def remove(self, row, person):
        services.school_member_remove(membership=row, acting_user=person)


team_role = pages.edit_view(TeamRow)
team_remove = pages.delete_view(TeamRemove)


def school_new(request: HttpRequest, district: str) -> HttpResponse:
    access = _open_for_leads(request, district)
    form = SchoolForm(posted(request), district=access.district)
    return edit_page(
        request,
        form,
        lambda: services.school_create(
            district=access.district, acting_user=request.user, **form_values(form)
        ),
        message=lambda saved: f"School added: {saved}.",
        to=_url(access),
        page=pages.form_page(request, access, "form.html"),
    )


class SchoolRow(RowEdit):
    """A school, found for its district's leads (another district's is a 404)."""

    versioned = True
    row_arg = "school"  # for its service (`update`)

    def find(self, access, school):
        access.require(access.can_lead, right="leads_work")
        return access_district_object(access, School, code=school, for_write=True)

    def to(self, access, target):
        return _url(access) + f"#school-{target.code}"

    def context(self, access, target):
        return {"school": target}


class SchoolEdit(SchoolRow):
    template = "form.html"
    message = "School saved: {saved}."
    form_class = SchoolForm
    update = staticmethod(services.school_update)

    def form_kwargs(self, access, target):
        return {"district": access.district}


class SchoolClose(SchoolRow):
    template = "close.html"
    message = "School closed: {saved}. Its history stays; you can reopen it."
    form_class = CloseForm
    update = staticmethod(services.school_close)


class SchoolReopen(SchoolRow, RowDelete):
    verb = ("Reopen", "Reopened")
    then = "It shows as open again; its history keeps when and why it was closed."

    def what(self, target):
        return f"the school “{target}”"

    def remove(self, target, person):
        services.school_reopen(school=target, acting_user=person)


school_edit = pages.edit_view(SchoolEdit)
school_close = pages.edit_view(SchoolClose)
school_reopen = pages.delete_view(SchoolReopen)


def import_schools(request: HttpRequest, district: str) -> HttpResponse:
    """Upload Waypoint's table of schools or a OneRoster orgs.csv, see every row checked
    (each bad one named), then confirm: nothing is saved until every row is good and the
    person confirms what the preview shows."""
    access = _open_for_leads(request, district)

    def save(data: list[dict]) -> str:
        counts = exchange.import_schools(
            district=access.district, planned=data, acting_user=request.user
        )
        return (
            f"Imported: {counts['added']} schools added, {counts['changed']} changed, "
            f"{counts['unchanged']} unchanged."
        )

    importing = Importing(
        read=exchange.read_table,
        check=lambda table, values: exchange.check(
            access.district, table, parent=values.get("parent", "")
        ),
        save=save,
        confirm_form=ImportConfirmForm,
        upload_form=SchoolUploadForm,
    )
    return pages.import_page(request, access, "import.html", importing, done=_url(access))
