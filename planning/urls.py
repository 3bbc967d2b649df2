from django.urls import include, path

from planning import views

app_name = "planning"

# One action plan's steps: .../actions/<plan>/steps/<step>/...
step = [
    path("edit/", views.step_edit, name="step_edit"),
    path("status/", views.step_status, name="step_status"),
    path("move/", views.step_move, name="step_move"),
    path("delete/", views.step_delete, name="step_delete"),
]

# One action plan: .../actions/<plan>/...
action_plan = [
    path("", views.action_plan, name="action_plan"),
    path("edit/", views.action_plan_edit, name="action_plan_edit"),
    path("delete/", views.action_plan_delete, name="action_plan_delete"),
    path("steps/new/", views.step_new, name="step_new"),
    path("steps/<uuid:step>/", include(step)),
]

# Included under /d/<district>/plan/
urlpatterns = [
    path("", views.overview, name="overview"),
    path("sharing/", views.sharing, name="sharing"),
    path("grid/", views.grid, name="grid"),
    path("grid/horizon/", views.horizon, name="horizon"),
    path("grid/<int:year>/<slug:strand>/", views.cell_save, name="cell"),
    path("grid/<int:year>/<slug:strand>/history/", views.cell_history, name="cell_history"),
    path("actions/new/", views.action_plan_new, name="action_plan_new"),
    path(
        "actions/from-commitment/<uuid:commitment>/", views.commitment_step, name="commitment_step"
    ),
    path(
        "actions/from-commitment/<uuid:commitment>/close/",
        views.commitment_close,
        name="commitment_close",
    ),
    path("actions/<uuid:plan>/", include(action_plan)),
    path("policies/", views.policies, name="policies"),
    path("policies/<uuid:policy>/edit/", views.policy_edit, name="policy_edit"),
    path("policies/<uuid:policy>/delete/", views.policy_delete, name="policy_delete"),
    path("engagement/", views.engagement, name="engagement"),
    path("engagement/<uuid:activity>/edit/", views.engagement_edit, name="engagement_edit"),
    path("engagement/<uuid:activity>/delete/", views.engagement_delete, name="engagement_delete"),
]
