"""The API under /api/v1/: the district comes from the URL."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from api import districts as districts_api
from api import views
from competencies import api as competencies_api
from dashboards import api as dashboards_api
from evidence import api as evidence_api
from measures import api as measures_api
from meetings import api as meetings_api
from notifications import api as notifications_api
from planning import api as planning_api
from reports import api as reports_api
from rubrics import api as rubrics_api

RATING = {"get": "retrieve", "put": "update", "patch": "partial_update"}
D = r"districts/(?P<district>[\w-]+)/"

router = DefaultRouter()
router.APIRootView = views.RootView
router.include_format_suffixes = False  # JSON only
router.register("districts", districts_api.DistrictViewSet, basename="district")
router.register("cohorts", districts_api.CohortViewSet, basename="cohort")
router.register(
    r"cohorts/(?P<cohort>[\w-]+)/districts",
    districts_api.CohortDistrictViewSet,
    basename="cohort-district",
)
router.register("frameworks", rubrics_api.FrameworkViewSet, basename="framework")
router.register("meetings", meetings_api.MeetingViewSet, basename="meeting")
router.register("jobs", reports_api.JobViewSet, basename="job")
router.register("notifications", notifications_api.NoticeViewSet, basename="notice")
router.register(D + "competencies", competencies_api.CompetencyViewSet, basename="competency")
router.register(D + "indicators", competencies_api.IndicatorViewSet, basename="indicator")
router.register(D + "objectives", competencies_api.ObjectiveViewSet, basename="objective")
router.register(D + "plan/cells", planning_api.PlanCellViewSet, basename="plan-cell")
router.register(D + "action-plans", planning_api.ActionPlanViewSet, basename="action-plan")
router.register(D + "action-steps", planning_api.ActionStepViewSet, basename="action-step")
router.register(D + "policies", planning_api.PolicyViewSet, basename="policy")
router.register(D + "measures", measures_api.MeasureViewSet, basename="measure")
router.register(D + "engagement", planning_api.EngagementViewSet, basename="engagement")
router.register(D + "attachments", evidence_api.AttachmentViewSet, basename="attachment")
router.register(D + "snapshots", dashboards_api.SnapshotViewSet, basename="snapshot")

district = "districts/<slug:district>/"
round_ = district + "rounds/<uuid:round_code>/"

meeting = "meetings/<uuid:meeting>/"
LIST = {"get": "list", "post": "create"}

urlpatterns = [
    path(
        "v1/notifications/preferences/",
        notifications_api.PreferencesView.as_view(),
        name="notification-preferences",
    ),
    path(
        f"v1/{meeting}problems/",
        meetings_api.ProblemViewSet.as_view(LIST),
        name="meeting-problem-list",
    ),
    path(f"v1/{meeting}notes/", meetings_api.NoteViewSet.as_view(LIST), name="meeting-note-list"),
    path(
        f"v1/{meeting}notes/<uuid:note>/files/",
        meetings_api.NoteFilesViewSet.as_view(LIST),
        name="meeting-note-files",
    ),
    path(
        f"v1/{meeting}notes/<uuid:note>/files/<uuid:attachment>/",
        meetings_api.NoteFilesViewSet.as_view({"get": "retrieve", "delete": "destroy"}),
        name="meeting-note-file",
    ),
    path(
        f"v1/{meeting}notes/<uuid:note>/files/<uuid:attachment>/download/",
        meetings_api.NoteFilesViewSet.as_view({"get": "download"}),
        name="meeting-note-file-download",
    ),
    path(
        f"v1/{meeting}commitments/",
        meetings_api.CommitmentViewSet.as_view(LIST),
        name="meeting-commitment-list",
    ),
    path(
        f"v1/{meeting}evaluation/",
        meetings_api.EvaluationViewSet.as_view({"get": "retrieve"}),
        name="meeting-evaluation",
    ),
    path(
        f"v1/{meeting}packets/",
        reports_api.PacketViewSet.as_view({"post": "create"}),
        name="meeting-packets",
    ),
    path(
        f"v1/{district}rounds/",
        rubrics_api.RoundViewSet.as_view({"get": "list", "post": "create"}),
        name="round-list",
    ),
    path(
        f"v1/{round_}",
        rubrics_api.RoundViewSet.as_view({"get": "retrieve"}),
        name="round-detail",
    ),
    path(
        f"v1/{round_}consensus/",
        rubrics_api.ConsensusViewSet.as_view({"get": "list"}),
        name="consensus-list",
    ),
    path(
        f"v1/{round_}calibration/",
        rubrics_api.CalibrationViewSet.as_view({"get": "list"}),
        name="calibration-list",
    ),
    path(
        f"v1/{round_}consensus/<uuid:dimension>/",
        rubrics_api.ConsensusViewSet.as_view(RATING),
        name="consensus-detail",
    ),
    path(
        f"v1/{round_}my-ratings/",
        rubrics_api.MyRatingsViewSet.as_view({"get": "list"}),
        name="my-rating-list",
    ),
    path(
        f"v1/{round_}my-ratings/<uuid:dimension>/",
        rubrics_api.MyRatingsViewSet.as_view(RATING),
        name="my-rating-detail",
    ),
    path(
        f"v1/{round_}comments/",
        rubrics_api.CommentViewSet.as_view({"get": "list", "post": "create"}),
        name="comment-list",
    ),
    path(
        f"v1/{district}evidence/<slug:kind>/<uuid:item>/",
        evidence_api.ItemEvidenceViewSet.as_view({"get": "list", "post": "create"}),
        name="item-evidence",
    ),
    path(
        f"v1/{district}measures/<uuid:measure>/points/",
        measures_api.PointViewSet.as_view(LIST),
        name="measure-point-list",
    ),
    path(
        f"v1/{district}measures/<uuid:measure>/points/<uuid:point>/",
        measures_api.PointViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="measure-point-detail",
    ),
    path(
        f"v1/{district}plan/",
        planning_api.PlanViewSet.as_view({"get": "retrieve", "put": "update"}),
        name="plan",
    ),
    path("v1/", include(router.urls)),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
]
