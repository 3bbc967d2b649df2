from django.urls import include, path

from districts.routes import pages
from planning import views

app_name = "planning"

# One action plan: .../actions/<plan>/...
action_plan = [
    path("", views.action_plan, name="action_plan"),
    pages("", views, "action_plan_edit", "action_plan_delete"),
    pages(
        "steps/",
        views,
        "step_new",
        "step_edit",
        "step_status",
        "step_move",
        "step_delete",
        each="<uuid:step>/",
    ),
]

# The plan's grid: .../plan/grid/...
grid = [
    path("", views.grid, name="grid"),
    path("horizon/", views.horizon, name="horizon"),
    path("<int:year>/<slug:strand>/", views.cell_save, name="cell"),
    path("<int:year>/<slug:strand>/history/", views.cell_history, name="cell_history"),
]

# Included under /d/<district>/plan/
urlpatterns = [
    path("", views.overview, name="overview"),
    path("sharing/", views.sharing, name="sharing"),
    path("grid/", include(grid)),
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
    pages(
        "policies/",
        views,
        "policy_edit",
        "policy_delete",
        each="<uuid:policy>/",
        index="policies",
    ),
    pages(
        "engagement/",
        views,
        "engagement_edit",
        "engagement_delete",
        each="<uuid:activity>/",
        index="engagement",
    ),
]
