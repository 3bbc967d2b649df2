"""Plan pages. The district's leads and members edit; viewers and coaches read."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST, require_safe

from config.later import Later
from districts.access import (
    NOT_FOUND_MESSAGE,
    access_district_object,
    district_accesses,
    may_change_school_work,
    schools_written_by,
)
from districts.models import District
from districts.viewkit import (
    DistrictPages,
    JsonAnswers,
    RowDelete,
    RowEdit,
    apply,
    apply_and_say,
    edit_page,
    form_values,
    posted,
    posted_direction,
    saying,
)
from evidence.selectors import evidence_of
from history.selectors import changes_of
from meetings.models import Commitment
from meetings.selectors import open_commitments
from meetings.services import commitment_close as commitment_close_service
from planning.forms import (
    ActionPlanForm,
    ActionStepForm,
    EngagementForm,
    HorizonForm,
    PlanCellForm,
    PlanSharingForm,
    PolicyReviewForm,
    StepFromCommitmentForm,
    StepStatusForm,
    school_label,
)
from planning.models import (
    ActionPlan,
    ActionStep,
    EngagementActivity,
    PlanCell,
    PolicyReview,
    Strand,
)
from planning.selectors import (
    action_plan_detail,
    action_plans,
    engagement_spread,
    my_steps,
    plan_grid,
    plan_of,
    policy_checklist,
    status_counts,
)
from planning.services import (
    action_plan_save,
    action_step_add,
    action_step_move,
    action_step_remove,
    action_step_update,
    engagement_save,
    plan_cell_save,
    plan_set_horizon,
    plan_sharing_set,
    policy_add,
    policy_remove,
    policy_update,
    step_from_commitment,
)
from schools.selectors import choosable
from schools.views import school_filter

# Plans are shared with the district's coaches, and its cohort if its leads choose (read-only);
# the team edits.
pages = DistrictPages("planning", audience=District.plan_audience)
_open, _url, _page = pages.open, pages.url, pages.page


# ---------------------------------------------------------------- overview and grid


@require_safe
def overview(request: HttpRequest, district: str) -> HttpResponse:
    """The plan at a glance. Kept rendered under the district's work generation (and the day:
    what is overdue); what it shows is read only when the kept page is stale."""
    access = _open(request, district)
    plan = Later(lambda: plan_of(access))
    policies = Later(lambda: list(policy_checklist(access.district)))
    return _page(
        request,
        access,
        "overview.html",
        kept_key=access.kept_key("plan-overview", timezone.localdate()),
        plan=plan,
        grid=Later(lambda: plan_grid(plan())),
        action_plans=Later(lambda: action_plans(access.district)),
        policies=policies,
        policy_counts=Later(lambda: status_counts(policies(), PolicyReview.Status.choices)),
        adopted=Later(
            lambda: sum(1 for p in policies() if p.status == PolicyReview.Status.ADOPTED)
        ),
        spread=Later(lambda: engagement_spread(access.district)),
        sharing_form=Later(
            lambda: PlanSharingForm(initial={"plan_sharing": access.district.plan_sharing})
        ),
    )


@require_POST
def sharing(request: HttpRequest, district: str) -> HttpResponse:
    """The district's leads choose who beyond the team reads the plan."""
    access = _open(request, district, for_write=True)
    access.require(access.can_lead, right="leads_work")
    form = PlanSharingForm(request.POST)
    apply_and_say(
        request,
        form,
        lambda: plan_sharing_set(
            district=access.district,
            sharing=form.cleaned_data["plan_sharing"],
            acting_user=request.user,
        ),
        saved="Sharing of the plan saved.",
        refused="Sharing not changed: choose who reads the plan.",
    )
    return redirect(_url(access, "overview") + "#sharing-heading")


UNDECIDED = (PlanCell.Status.NOT_STARTED, PlanCell.Status.ON_TRACK)


def _grid_schools(access, grid) -> dict:
    """The schools the grid's milestones may name, by code (1 query): the district's open
    schools, and the closed ones its milestones name already."""
    named = [
        school for row in grid for _, _, cell in row.cells if cell for school in cell.schools.all()
    ]
    return {str(school.code): school for school in choosable(access.district, named=named)}


def _grid_forms(access, grid, bound=None):
    choices = [(code, school_label(school)) for code, school in _grid_schools(access, grid).items()]
    for row in grid:
        row.forms = []
        for strand, label, cell in row.cells:
            prefix = f"c{row.year}-{strand}"
            form = (bound or {}).get(prefix) or PlanCellForm(
                prefix=prefix,
                school_choices=choices,
                initial={
                    "target": cell.target if cell else "",
                    "status": cell.status if cell else PlanCell.Status.NOT_STARTED,
                    "notes": cell.notes if cell else "",
                    "schools": [str(school.code) for school in cell.schools.all()] if cell else [],
                    "version": cell.version if cell else 0,
                },
            )
            # a June that is over wants a status that says how it went (achieved, at risk)
            flagged = row.past and (cell is None or cell.status in UNDECIDED)
            row.forms.append((strand, label, cell, form, flagged))


@require_safe
def grid(request: HttpRequest, district: str) -> HttpResponse:
    """The long-term plan: June milestones by practice, policy and public will."""
    access = _open(request, district)
    filtering = school_filter(request, access)
    plan = plan_of(access)
    rows = plan_grid(plan, with_schools=True)
    if access.can_write:
        _grid_forms(access, rows)
    initial = {"first_year": plan.first_year, "years": plan.years} if plan else None
    chosen = filtering["school"]
    return _page(
        request,
        access,
        "grid.html",
        plan=plan,
        grid=rows,
        horizon_form=HorizonForm(initial=initial),
        named_milestones=[
            cell
            for row in rows
            for _, _, cell in row.cells
            if cell and chosen and chosen in cell.schools.all()
        ],
        **filtering,
    )


@require_POST
def horizon(request: HttpRequest, district: str) -> HttpResponse:
    access = _open(request, district, for_write=True)
    form = HorizonForm(request.POST)
    saved = apply(
        form,
        lambda: plan_set_horizon(
            district=access.district, acting_user=request.user, **form.cleaned_data
        ),
    )
    if saved:
        messages.success(request, f"The plan looks ahead to June {saved.horizon[-1]}.")
        return redirect(_url(access, "grid"))
    plan = plan_of(access)
    rows = plan_grid(plan, with_schools=True)
    _grid_forms(access, rows)
    return _page(request, access, "grid.html", status=400, plan=plan, grid=rows, horizon_form=form)


@require_POST
def cell_save(request: HttpRequest, district: str, year: int, strand: str) -> HttpResponse:
    access = _open(request, district, for_write=True)
    plan = plan_of(access)
    if plan is None or strand not in Strand.values or year not in plan.horizon:
        raise Http404(NOT_FOUND_MESSAGE)
    grid_now = plan_grid(plan, with_schools=True)
    schools = _grid_schools(access, grid_now)
    choices = [(code, school_label(school)) for code, school in schools.items()]
    form = PlanCellForm(request.POST, prefix=f"c{year}-{strand}", school_choices=choices)

    def page(form, theirs, status):
        rows = plan_grid(plan, with_schools=True)
        _grid_forms(access, rows, bound={form.prefix: form})
        return _page(
            request,
            access,
            "grid.html",
            status=status,
            plan=plan,
            grid=rows,
            horizon_form=HorizonForm(initial={"first_year": plan.first_year, "years": plan.years}),
            conflict={"prefix": form.prefix, "theirs": theirs} if theirs is not None else None,
        )

    return edit_page(
        request,
        form,
        lambda: plan_cell_save(
            plan=plan,
            year=year,
            strand=strand,
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
            **(form_values(form) | {"schools": [schools[c] for c in form.cleaned_data["schools"]]}),
        ),
        rebuild=lambda data: PlanCellForm(data, prefix=form.prefix, school_choices=choices),
        message=lambda cell: f"Saved: {Strand(strand).label}, June {year}.",
        to=_url(access, "grid") + f"#cell-{year}-{strand}",
        page=page,
        json=CELL_JSON,
    )


CELL_JSON = JsonAnswers(
    fields=lambda cell: {"target": cell.target, "status": cell.status, "notes": cell.notes},
    shown=lambda cell: [
        ["Target", cell.target or "—"],
        ["Status", cell.get_status_display()],
        ["Notes", cell.notes or "—"],
    ],
    stale_message="This milestone was saved elsewhere after you opened it. "
    "Choose which version to keep.",
)


@require_safe
def cell_history(request: HttpRequest, district: str, year: int, strand: str) -> HttpResponse:
    access = _open(request, district)
    cell = PlanCell.objects.readable_in(access).filter(year=year, strand=strand).first()
    if cell is None:
        raise Http404(NOT_FOUND_MESSAGE)
    changes = changes_of(access, PlanCell, [cell.pk])
    return _page(request, access, "cell_history.html", cell=cell, changes=changes)


# ---------------------------------------------------------------- action plans


def _plan(access, code, *, for_write=False) -> ActionPlan:
    return access_district_object(access, ActionPlan, code=code, for_write=for_write)


def _step(access, plan, code, *, for_write=False) -> ActionStep:
    step = access_district_object(access, ActionStep, code=code, for_write=for_write)
    if step.plan_id != plan.pk:
        raise Http404(NOT_FOUND_MESSAGE)
    return step


def action_plan_new(request: HttpRequest, district: str) -> HttpResponse:
    access = _open(request, district, for_write=True)
    form = ActionPlanForm(posted(request))
    return edit_page(
        request,
        form,
        lambda: action_plan_save(
            district=access.district, acting_user=request.user, **form.cleaned_data
        ),
        message="Action plan created. Add its steps below.",
        to=lambda plan: _url(access, "action_plan", plan=plan.code),
        page=pages.form_page(request, access, "action_plan_form.html"),
    )


@require_safe
def action_plan(request: HttpRequest, district: str, plan: str) -> HttpResponse:
    access = _open(request, district)
    return _action_plan_page(request, access, _plan(access, plan))


def _action_plan_page(request, access, plan, *, step_form=None, status=200, changed=None):
    """The plan and its table of steps (those naming a school, filtered by one); for its
    leads and members each row has the form of its status and due date (`changed`: a row's
    form as posted, and the stored step after a stale save)."""
    filtering = school_filter(request, access)
    plan = action_plan_detail(plan, school=filtering["school"])
    steps = list(plan.steps.all())
    files = evidence_of(access, steps)  # none for who reads no evidence
    for step in steps:
        step.files = files.get(step.pk)
    refused = None
    if access.can_write:
        refused = _status_forms(steps, changed)
    elif filtering["reads_schools"]:  # a school's leads and members: their school's steps
        written = schools_written_by(access)
        mine = [s for s in steps if may_change_school_work(access, _ids(s.schools.all()), written)]
        refused = _status_forms(mine, changed)
    return _page(
        request,
        access,
        "action_plan.html",
        status=status,
        plan=plan,
        steps=steps,
        refused=refused,
        step_form=step_form or ActionStepForm(district=access.district),
        **filtering,
    )


def _plan_to_change(access, plan) -> ActionPlan:
    return _plan(access, plan, for_write=True)


class ActionPlanRow(RowEdit, RowDelete):
    form_class = ActionPlanForm
    template = "action_plan_form.html"
    message = "Action plan saved."

    def find(self, access, plan):
        return _plan_to_change(access, plan)

    def save(self, form, target, person, access):
        return action_plan_save(
            district=access.district, acting_user=person, plan=target, **form.cleaned_data
        )

    def to(self, access, target):
        return _url(access, "action_plan", plan=target.code)

    def context(self, access, target):
        return {"plan": target}

    def what(self, target):
        return f"the action plan “{target.goal}” and its {target.steps.count()} steps"

    def back(self, access, target):
        return _url(access, "action_plan", plan=target.code)

    def done(self, access, target):
        return _url(access, "overview")


action_plan_edit = pages.edit_view(ActionPlanRow)
action_plan_delete = pages.delete_view(ActionPlanRow)


@require_POST
def step_new(request: HttpRequest, district: str, plan: str) -> HttpResponse:
    access = _open(request, district, for_write=True)
    target = _plan(access, plan, for_write=True)
    form = ActionStepForm(request.POST, district=access.district)
    step = apply(
        form, lambda: action_step_add(plan=target, acting_user=request.user, **form_values(form))
    )
    if step:
        messages.success(request, "Step added.")
        return redirect(_url(access, "action_plan", plan=target.code) + f"#step-{step.code}")
    return _action_plan_page(request, access, target, step_form=form, status=400)


def _step_to_change(access, plan, step) -> ActionStep:
    found = _plan(access, plan, for_write=True)
    row = _step(access, found, step, for_write=True)
    row.plan = found  # the same plan, already read
    return row


def _ids(rows) -> list[int]:
    return [row.pk for row in rows]


def _step_for_status(access, plan, step) -> ActionStep:
    """A step whose status and due date the person changes: the district's leads and members
    (any step), a school's leads and members (a step that names their school); others 403."""
    found = _plan(access, plan)
    row = _step(access, found, step)
    access.require(may_change_school_work(access, _ids(row.schools.all())))
    row.plan = found
    return row


def _steps_url(access, step) -> str:
    return _url(access, "action_plan", plan=step.plan.code) + f"#step-{step.code}"


class StepRow(RowEdit, RowDelete):
    template = "step_form.html"
    message = "Step saved."
    versioned = True

    def find(self, access, plan, step):
        return _step_to_change(access, plan, step)

    def form(self, data, access, target):
        form = ActionStepForm(
            data, instance=target, district=access.district, initial={"version": target.version}
        )
        form.fields["version"].required = True  # an edit names the version it was made against
        return form

    def save(self, form, target, person, access):
        return action_step_update(
            step=target,
            expected_version=form.cleaned_data["version"],
            acting_user=person,
            **form_values(form),
        )

    def to(self, access, target):
        return _steps_url(access, target)

    def context(self, access, target):
        return {"plan": target.plan, "step": target}

    def what(self, target):
        return f"the step “{target}”"

    def back(self, access, target):
        return _url(access, "action_plan", plan=target.plan.code)

    def remove(self, target, person):
        action_step_remove(step=target, acting_user=person)


step_edit = pages.edit_view(StepRow)
step_delete = pages.delete_view(StepRow)


def _status_forms(steps, changed=None, *, back="plan"):
    """Each step's form of its status and due date, for the row that lists it; `changed` is
    (step, form as posted, stored step or None) for the row a refused save comes back to,
    which is returned (for the page's alert that leads to it)."""
    refused = None
    for step in steps:
        step.status_form, step.stale = StepStatusForm(step=step, back=back), None
        if changed and changed[0].pk == step.pk:
            step.status_form, step.stale = changed[1], changed[2]
            refused = step
    return refused


def _due_text(step) -> str:
    return date_format(step.due_date, "M j, Y") if step.due_date else "no due date"


STEP_STATUS_JSON = JsonAnswers(
    fields=lambda step: {
        "status": step.status,
        "due_date": step.due_date.isoformat() if step.due_date else "",
    },
    shown=lambda step: [
        ["Status", step.get_status_display()],
        ["Due date", _due_text(step)],
    ],
    stale_message="Changed elsewhere after you opened the page. Choose which version to keep.",
    more=lambda step: {"overdue": step.is_overdue},
)


@require_POST
def step_status(request: HttpRequest, district: str, plan: str, step: str) -> HttpResponse:
    """A step's status and due date, changed in the row that lists it (the plan's table, My
    steps): the district's leads and members, as for the step's own edit page. Without
    JavaScript a save returns to the list it came from; a script gets JSON (autosave.js)."""
    access = _open(request, district)
    target = _step_for_status(access, plan, step)
    form = StepStatusForm(request.POST, step=target)
    mine = form.returns_to() == "mine"

    def page(shown, theirs, status):
        changed = (target, shown, theirs)
        if mine:
            return _my_steps_page(request, changed=changed, status=status)
        return _action_plan_page(request, access, target.plan, changed=changed, status=status)

    def to(saved):
        if mine:
            return reverse("my_steps") + f"#step-{saved.code}"
        return _steps_url(access, target)

    return edit_page(
        request,
        form,
        lambda: action_step_update(
            step=target,
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
            status=form.cleaned_data["status"],
            due_date=form.cleaned_data["due_date"],
        ),
        rebuild=lambda data: StepStatusForm(data, step=target),
        message=lambda saved: (
            f"Saved: “{saved}” is {saved.get_status_display().lower()}, "
            f"{'due ' if saved.due_date else 'with '}{_due_text(saved)}."
        ),
        to=to,
        page=page,
        json=STEP_STATUS_JSON,
    )


@require_POST
def step_move(request: HttpRequest, district: str, plan: str, step: str) -> HttpResponse:
    access = _open(request, district, for_write=True)
    target_plan = _plan(access, plan, for_write=True)
    target = _step(access, target_plan, step, for_write=True)
    direction = posted_direction(request)
    if direction:
        action_step_move(step=target, direction=direction, acting_user=request.user)
    return redirect(_url(access, "action_plan", plan=target_plan.code) + f"#step-{target.code}")


@require_safe
def steps_mine(request: HttpRequest) -> HttpResponse:
    """The steps a person coordinates and the meeting commitments they own, across all their
    districts."""
    return _my_steps_page(request)


def _my_steps_page(request, *, changed=None, status=200) -> HttpResponse:
    """My steps; a step of a district where the person may change the work (its leads and
    members) has the form of its status and due date, as in the plan's table."""
    steps = list(my_steps(request.user))
    commitments = list(open_commitments(request.user))
    accesses = district_accesses(
        request.user, {step.district for step in steps} | {c.district for c in commitments}
    )
    for commitment in commitments:  # who may close it or make it a step: leads and members
        access = accesses.get(commitment.district_id)
        commitment.changeable = access is not None and access.can_write
    refused = _status_forms(
        [s for s in steps if s.district_id in accesses and accesses[s.district_id].can_write],
        changed,
        back="mine",
    )
    context = {
        "steps": steps,
        "refused": refused,
        "commitments": commitments,
    }
    return render(request, "planning/my_steps.html", context, status=status)


# ---------------------------------------------------------------- policies


def policies(request: HttpRequest, district: str) -> HttpResponse:
    """The checklist; POST adds one of the district's own policies."""
    access = _open(request, district, for_write=request.method == "POST")
    form = PolicyReviewForm(posted(request))
    if request.method == "POST":
        added = apply(
            form,
            lambda: policy_add(
                district=access.district, acting_user=request.user, **form_values(form)
            ),
        )
        if added:
            messages.success(request, f"Added to the checklist: {added}.")
            return redirect(_url(access, "policies"))
    rows = list(policy_checklist(access.district))
    files = evidence_of(access, rows)
    for row in rows:
        row.files = files.get(row.pk)
    return _page(
        request,
        access,
        "policies.html",
        status=400 if form.is_bound else 200,
        policies=rows,
        counts=status_counts(rows, PolicyReview.Status.choices),
        form=form,
    )


def _policy_to_change(access, policy) -> PolicyReview:
    return access_district_object(access, PolicyReview, code=policy, for_write=True)


class PolicyRow(RowEdit, RowDelete):
    form_class = PolicyReviewForm
    template = "policy_form.html"
    versioned = True

    def find(self, access, policy):
        return _policy_to_change(access, policy)

    def save(self, form, target, person, access):
        return policy_update(
            policy=target,
            expected_version=form.cleaned_data["version"],
            acting_user=person,
            **form_values(form),
        )

    def to(self, access, target):
        return _url(access, "policies") + f"#policy-{target.code}"

    def context(self, access, target):
        return {"policy": target}

    def what(self, target):
        return f"the policy “{target}” from the checklist"

    def back(self, access, target):
        return _url(access, "policies")

    def remove(self, target, person):
        policy_remove(policy=target, acting_user=person)


policy_edit = pages.edit_view(PolicyRow)
policy_delete = pages.delete_view(PolicyRow)


# ---------------------------------------------------------------- engagement


def engagement(request: HttpRequest, district: str) -> HttpResponse:
    """Activities on the spectrum Informing → Seeking Input → Deciding Together; POST logs one."""
    access = _open(request, district, for_write=request.method == "POST")
    form = EngagementForm(posted(request))
    if request.method == "POST":
        saved = apply(
            form,
            lambda: engagement_save(
                district=access.district, acting_user=request.user, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, f"Logged: {saved}.")
            return redirect(_url(access, "engagement"))
    return _page(
        request,
        access,
        "engagement.html",
        status=400 if form.is_bound else 200,
        activities=EngagementActivity.objects.readable_in(access),
        spread=engagement_spread(access.district),
        form=form,
    )


def _activity_to_change(access, activity) -> EngagementActivity:
    return access_district_object(access, EngagementActivity, code=activity, for_write=True)


class EngagementRow(RowEdit, RowDelete):
    form_class = EngagementForm
    template = "engagement_form.html"

    def find(self, access, activity):
        return _activity_to_change(access, activity)

    def save(self, form, target, person, access):
        return engagement_save(
            district=access.district, acting_user=person, activity=target, **form.cleaned_data
        )

    def to(self, access, target):
        return _url(access, "engagement")

    def context(self, access, target):
        return {"activity": target}

    def what(self, target):
        return f"the activity “{target}”"

    def back(self, access, target):
        return _url(access, "engagement")


engagement_edit = pages.edit_view(EngagementRow)
engagement_delete = pages.delete_view(EngagementRow)


def commitment_step(request: HttpRequest, district: str, commitment) -> HttpResponse:
    """A commitment the district made at a meeting becomes a step of one of its action plans
    (its leads and members)."""
    access = _open(request, district, for_write=True)
    row = access_district_object(
        access, Commitment, code=commitment, for_write=True, related=("meeting",)
    )
    existing = ActionStep.objects.readable_in(access).filter(commitment=row).first()
    if existing is not None:
        messages.info(request, "This commitment is an action step already.")
        return redirect(_steps_url(access, existing))
    plans = ActionPlan.objects.readable_in(access).order_by("created_at", "pk")
    form = StepFromCommitmentForm(
        posted(request),
        district=access.district,
        plans=plans,
        initial={
            "description": row.text,
            "due_date": row.due_date,
            "coordinator": row.owner.code if row.owner else None,
        },
    )
    return edit_page(
        request,
        form,
        lambda: step_from_commitment(commitment=row, acting_user=request.user, **form_values(form)),
        message=lambda saved: f"The commitment is now a step of “{saved.plan.goal}”.",
        to=lambda saved: _steps_url(access, saved),
        page=pages.form_page(
            request, access, "commitment_step.html", commitment=row, has_plans=plans.exists()
        ),
    )


@require_POST
def commitment_close(request: HttpRequest, district: str, commitment) -> HttpResponse:
    """The district's leads and members close a commitment kept without becoming a step: it
    leaves its owner's home, week and My steps."""
    access = _open(request, district, for_write=True)
    row = access_district_object(access, Commitment, code=commitment, for_write=True)
    with saying(request, f"Closed: “{row}”."):
        commitment_close_service(commitment=row, acting_user=request.user)
    return redirect("my_steps")
