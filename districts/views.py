from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from accounts.forms import NewPersonForm
from config.email import site_url
from districts.access import (
    NOT_FOUND_MESSAGE,
    DistrictPermissionDenied,
    access_district,
    access_district_object,
)
from districts.forms import (
    ClockForm,
    CoachForm,
    DistrictSetUpForm,
    DomainForm,
    InvitationForm,
    JoinDecisionForm,
    JoiningForm,
    RoleForm,
)
from districts.joining import (
    domain_add,
    domain_check_dns,
    domain_verify,
    join_request_decide,
    joining_set,
    requests_waiting,
)
from districts.models import (
    Audience,
    CoachAssignment,
    EmailDomain,
    Invitation,
    JoinRequest,
    Membership,
)
from districts.selectors import (
    district_leads,
    district_people,
    district_states,
    districts_for_person,
    pending_invitations,
    school_people,
)
from districts.services import (
    coach_assign,
    coach_unassign,
    district_set_up,
    district_time_zone_set,
    invitation_accept,
    invitation_accept_as_new_person,
    invitation_by_token,
    invitation_create,
    invitation_revoke,
    membership_change_role,
    membership_remove,
)
from districts.stored import FileMissing
from districts.viewkit import apply, confirm_delete, posted, saying

PAGE_SIZE = 25


def forbidden(request: HttpRequest, exception=None) -> HttpResponse:
    """The 403 page (handler403). A refusal inside a district says who can do it: the
    district's leads, by name (the person refused has a relation to the district, so its
    team is theirs to know)."""
    leads = []
    if isinstance(exception, DistrictPermissionDenied) and exception.district is not None:
        leads = district_leads(exception.district)
    return render(
        request,
        "403.html",
        {
            "exception": exception,
            "leads": leads,
            "refused_in": getattr(exception, "district", None),
        },
        status=403,
    )


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """The 404 page (handler404): the same for what does not exist and what is not the
    person's; a file its row names but the storage lacks says so, with the request's id for
    the staff (districts.stored)."""
    missing = isinstance(exception, FileMissing)
    return render(
        request,
        "404.html",
        {
            "missing": str(exception) if missing else "",
            "reference": getattr(request, "request_id", ""),
        },
        status=404,
    )


def method_not_allowed(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The 405 page for a page asked with a method it does not take (a link to a form's
    address, say): Django's own answer is empty."""
    page = render(request, "405.html", {"allowed": response.get("Allow", "")}, status=405)
    page["Allow"] = response.get("Allow", "")
    return page


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The person's districts. Someone with exactly one district goes straight to it."""
    search = request.GET.get("q", "").strip()[:100]
    states = district_states(request.user)
    state = request.GET.get("state", "")
    state = state if state in states else ""
    districts = districts_for_person(request.user, search=search, state=state)
    page = Paginator(districts, PAGE_SIZE).get_page(request.GET.get("page"))
    if not (search or state) and page.paginator.count == 1:
        return redirect(page.object_list[0])
    # someone with no district sees the districts they asked to join (districts.joining)
    waiting = requests_waiting(request.user) if not page.paginator.count else []
    return render(
        request,
        "districts/list.html",
        {
            "page": page,
            "search": search,
            "states": states if len(states) > 1 else [],
            "state": state,
            "waiting": waiting,
        },
    )


def district_new(request: HttpRequest) -> HttpResponse:
    """Staff set up a district without the Django admin: its name and clock, its first lead
    (invited), its coaches, its cohorts."""
    if not request.user.is_staff:
        raise PermissionDenied("Only Waypoint's staff set up districts.")
    form = DistrictSetUpForm(posted(request))
    if request.method == "POST":
        made = apply(
            form,
            lambda: district_set_up(
                **form.cleaned_data,
                acting_user=request.user,
                accept_url=lambda token: site_url(
                    reverse("invitation_accept", kwargs={"token": token})
                ),
            ),
        )
        if made:
            messages.success(
                request,
                f"{made.name} is set up; {form.cleaned_data['lead_email']} is invited as its lead.",
            )
            return redirect("districts:members", district=made.code)
    status = 400 if form.is_bound else 200
    return render(request, "districts/new.html", {"form": form}, status=status)


@require_safe
def members(request: HttpRequest, district: str) -> HttpResponse:
    """The member list with invitations: for the district's team and staff."""
    access = access_district(request.user, district, audience=Audience.DISTRICT)
    return _render_members(request, access)


def _render_members(
    request,
    access,
    *,
    invite_form=None,
    clock_form=None,
    domain_form=None,
    coach_form=None,
    status=200,
):
    people = district_people(access.district)
    manages = access.can_manage_people
    context = {
        "access": access,
        "district": access.district,
        "memberships": people["memberships"],
        "coaches": people["coaches"],
        "school_people": school_people(access),
        "coach_form": coach_form or CoachForm(district=access.district)
        if access.can_assign_coaches
        else None,
        "invitations": pending_invitations(access.district) if access.can_manage_people else [],
        "invite_form": invite_form or InvitationForm(),
        "role_form_class": RoleForm,
        "clock_form": clock_form or ClockForm(initial={"time_zone": access.district.time_zone}),
        # joining by email domain (districts.joining): the leads and staff
        "domains": list(EmailDomain.objects.readable_in(access)) if manages else [],
        "join_requests": list(
            JoinRequest.objects.readable_in(access)
            .filter(decided_at__isnull=True)
            .select_related("user")
        )
        if manages
        else [],
        "domain_form": domain_form or DomainForm(),
        "joining_form": JoiningForm(initial={"domain_join": access.district.domain_join}),
        "dns_lookups": settings.DOMAIN_DNS_LOOKUPS,
        "trash_days": settings.DISTRICT_TRASH_DAYS,
    }
    return render(request, "districts/members.html", context, status=status)


def _people_manager(request, district: str):
    access = access_district(request.user, district, audience=Audience.DISTRICT)
    access.require(access.can_manage_people, right="manages_people")
    return access


def _coach_assigner(request, district: str):
    access = access_district(request.user, district, audience=Audience.DISTRICT)
    access.require(access.can_assign_coaches, right="assigns_coaches")
    return access


def _accept_url(token: str) -> str:
    """Where an invitation's link goes (the invitation's token in it)."""
    return site_url(reverse("invitation_accept", kwargs={"token": token}))


def _found(rows):
    """The row these readable rows hold, or the 404 another district's would give."""
    found = rows.first()
    if found is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return found


def _members_form(name: str, form_class, service, said: Callable, *, anchor: str = "", **more):
    """The view of a form of the members page that posts back to it (the page's
    `<name>_form`), for those who manage the district's people: a valid one runs
    `service(district=, acting_user=, **more, **its values)`, says `said(saved)` and goes
    to the page at `anchor`; a refused one shows the page again with its errors (400)."""

    @require_POST
    def view(request: HttpRequest, district: str) -> HttpResponse:
        access = _people_manager(request, district)
        form = form_class(request.POST)
        saved = apply(
            form,
            lambda: service(
                district=access.district, acting_user=request.user, **more, **form.cleaned_data
            ),
        )
        if saved is None:
            return _render_members(request, access, status=400, **{f"{name}_form": form})
        messages.success(request, said(saved))
        return redirect(_members_url(access, anchor))

    view.__name__ = view.__qualname__ = f"{name}_posted"
    return view


def _invited(invitation) -> str:
    return f"Invitation sent to {invitation.email}."


def _listed(domain) -> str:
    return f"{domain.domain} is listed; now verify it."


def _runs_on(district) -> str:
    return f"{district.name} now runs on {district.get_time_zone_display()} time."


# Those who manage the district's people invite someone by email, list one of the
# district's email domains (it counts once verified) and set the district's time zone.
member_invite = _members_form(
    "invite", InvitationForm, invitation_create, _invited, accept_url=_accept_url
)
domain_new = _members_form("domain", DomainForm, domain_add, _listed, anchor="#joining")
district_clock = _members_form("clock", ClockForm, district_time_zone_set, _runs_on)


def _domain_of(access, code) -> EmailDomain:
    return _found(EmailDomain.objects.readable_in(access).filter(code=code))


def _members_url(access, anchor: str = "") -> str:
    return reverse("districts:members", kwargs={"district": access.district.code}) + anchor


@require_POST
def domain_verify_view(request: HttpRequest, district: str, domain) -> HttpResponse:
    """Staff verify a domain; a lead checks its DNS record."""
    access = _people_manager(request, district)
    found = _domain_of(access, domain)
    with saying(request, f"{found.domain} is verified."):
        if request.user.is_staff:
            domain_verify(domain=found, acting_user=request.user)
        else:
            domain_check_dns(domain=found)
    return redirect(_members_url(access, "#joining"))


def domain_remove(request: HttpRequest, district: str, domain) -> HttpResponse:
    access = _people_manager(request, district)
    found = _domain_of(access, domain)
    back = _members_url(access, "#joining")
    return confirm_delete(
        request,
        {"district": access.district},
        what=f"the email domain {found.domain}",
        back=back,
        on_confirm=found.delete,
        verb=("Remove", "Removed"),
        then="Nobody will join by it any more; those who joined by it stay members. To use it "
        "again, add it and verify it again.",
    )


@require_POST
def joining(request: HttpRequest, district: str) -> HttpResponse:
    access = _people_manager(request, district)
    form = JoiningForm(request.POST)
    if form.is_valid():
        joining_set(
            district=access.district,
            mode=form.cleaned_data["domain_join"],
            acting_user=request.user,
        )
        messages.success(request, "Saved who joins by email domain.")
    else:
        messages.error(request, "Choose one of the three.")
    return redirect(_members_url(access, "#joining"))


@require_POST
def join_request(request: HttpRequest, district: str, join_request) -> HttpResponse:
    """A lead approves (with a role) or declines someone who asked to join."""
    access = _people_manager(request, district)
    found = _found(
        JoinRequest.objects.readable_in(access)
        .filter(code=join_request)
        .select_related("user", "district")
    )
    form = JoinDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_members_url(access, "#joining"))
    approve = form.cleaned_data["decision"] == "approve"
    who = found.user.full_name or found.user.email
    with saying(request, f"{who} joined." if approve else f"{who} was declined."):
        join_request_decide(
            request=found,
            approve=approve,
            role=form.cleaned_data["role"],
            acting_user=request.user,
        )
    return redirect(_members_url(access, "#joining"))


@require_POST
def member_role(request: HttpRequest, district: str, membership: str) -> HttpResponse:
    access = _people_manager(request, district)
    target = access_district_object(access, Membership, code=membership)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose lead, member or viewer.")
        return redirect(_members_url(access))
    with saying(request, f"{target.user} is now {form.cleaned_data['role']}."):
        membership_change_role(
            membership=target, role=form.cleaned_data["role"], acting_user=request.user
        )
    return redirect(_members_url(access))


def member_remove(request: HttpRequest, district: str, membership: str) -> HttpResponse:
    """GET asks for confirmation; POST removes."""
    access = _people_manager(request, district)
    target = access_district_object(access, Membership, code=membership)
    if request.method == "POST":
        try:
            membership_remove(membership=target, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{target.user} no longer belongs to {access.district.name}.")
            if target.user_id == request.user.pk and not request.user.is_staff:
                return redirect("home")
        return redirect("districts:members", district=access.district.code)
    return render(
        request,
        "districts/member_remove.html",
        {"access": access, "district": access.district, "target": target},
    )


@require_POST
def invitation_withdraw(request: HttpRequest, district: str, invitation: str) -> HttpResponse:
    access = _people_manager(request, district)
    target = access_district_object(access, Invitation, code=invitation)
    with saying(request, f"The invitation of {target.email} was withdrawn."):
        invitation_revoke(invitation=target, acting_user=request.user)
    return redirect(_members_url(access))


@require_POST
def coach_assign_view(request: HttpRequest, district: str) -> HttpResponse:
    """Staff assign a coach to the district, from the people who can coach."""
    access = _coach_assigner(request, district)
    form = CoachForm(request.POST, district=access.district)
    made = apply(
        form,
        lambda: coach_assign(
            district=access.district, coach=form.cleaned_data["coach"], acting_user=request.user
        ),
    )
    if made is None:
        return _render_members(request, access, coach_form=form, status=400)
    messages.success(request, f"{made.coach} now coaches {access.district.name}.")
    return redirect(_members_url(access, "#coaches"))


@require_POST
def coach_remove(request: HttpRequest, district: str, coach: str) -> HttpResponse:
    """Staff end a coach's assignment to the district."""
    access = _coach_assigner(request, district)
    found = _found(
        CoachAssignment.objects.readable_in(access)
        .filter(coach__code=coach)
        .select_related("coach")
    )
    coach_unassign(district=access.district, coach=found.coach, acting_user=request.user)
    messages.success(request, f"{found.coach} no longer coaches {access.district.name}.")
    return redirect(_members_url(access, "#coaches"))


@login_not_required
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    """The link from an invitation email. Someone new chooses a name and password; someone
    with an account signs in as that address and confirms."""
    invitation = invitation_by_token(token)
    if invitation is None:
        raise Http404(NOT_FOUND_MESSAGE)
    context = {"invitation": invitation, "district": invitation.district}
    if not invitation.is_usable:
        return render(request, "districts/invitation_unusable.html", context, status=410)

    from accounts.models import User

    user = request.user
    signed_in_as_other = user.is_authenticated and user.email.lower() != invitation.email.lower()
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    if signed_in_as_other or (has_account and not user.is_authenticated):
        return render(request, "districts/invitation_sign_in.html", context)
    if has_account:
        if request.method == "POST":
            invitation_accept(invitation=invitation, user=user)
            messages.success(request, f"Welcome to {invitation.district.name}.")
            return redirect(invitation.district)
        return render(request, "districts/invitation_confirm.html", context)

    form = NewPersonForm(request.POST if request.method == "POST" else None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            new_user, _ = invitation_accept_as_new_person(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, new_user, backend="allauth.account.auth_backends.AuthenticationBackend")
            messages.success(request, f"Welcome to {invitation.district.name}.")
            return redirect(invitation.district)
    status = 400 if form.is_bound else 200
    return render(
        request, "districts/invitation_new_person.html", {**context, "form": form}, status=status
    )
