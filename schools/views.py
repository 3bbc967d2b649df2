"""School pages. The district's schools are read by whoever reads the work it shares with
its coaches (its team, its coaches, staff: not a cohort's facilitators); its leads add,
rename, close and reopen them, one by one or from a table."""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from districts.access import NOT_FOUND_MESSAGE, access_district_object
from districts.models import Audience
from districts.viewkit import (
    DistrictPages,
    Importing,
    RowDelete,
    RowEdit,
    edit_page,
    form_values,
    page_of,
    posted,
)
from schools import exchange, services
from schools.forms import CloseForm, ImportConfirmForm, SchoolForm, SchoolUploadForm
from schools.models import School
from schools.parts import parts_of
from schools.selectors import schools_of

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


@require_safe
def school(request: HttpRequest, district: str, school: str) -> HttpResponse:
    """One school: its grades, its principal, and the sections the features above schools
    give its page (schools.parts), each as the opener reads it."""
    access = _open(request, district)
    found = access_district_object(access, School, code=school, related=("principal",))
    return pages.page(request, access, "page.html", school=found, parts=parts_of(access, found))


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

    def back(self, access, target):
        return self.to(access, target)

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
