"""The API under /api/v1/: the district comes from the URL."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from api import districts as districts_api
from api import views
from api.base import UUID_PATTERN
from competencies import api as competencies_api
from dashboards import api as dashboards_api
from evidence import api as evidence_api
from history import api as history_api
from measures import api as measures_api
from meetings import api as meetings_api
from notifications import api as notifications_api
from planning import api as planning_api
from reports import api as reports_api
from rubrics import api as rubrics_api
from schools import api as schools_api

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
router.register(D + "schools", schools_api.SchoolViewSet, basename="school")
router.register(
    D + rf"schools/(?P<school>{UUID_PATTERN})/members",
    schools_api.SchoolMemberViewSet,
    basename="school-member",
)
router.register(D + "attachments", evidence_api.AttachmentViewSet, basename="attachment")
router.register(D + "snapshots", dashboards_api.SnapshotViewSet, basename="snapshot")
router.register(D + "history", history_api.ChangeViewSet, basename="change")

district = "districts/<slug:district>/"
round_ = district + "rounds/<uuid:round_code>/"
meeting = "meetings/<uuid:meeting>/"
note_files = meeting + "notes/<uuid:note>/files/"
points = district + "measures/<uuid:measure>/points/"
school_stages = district + "schools/<uuid:school>/stages/"

LIST = {"get": "list", "post": "create"}
READ_LIST = {"get": "list"}
READ_ONE = {"get": "retrieve"}
RATING = {"get": "retrieve", "put": "update", "patch": "partial_update"}


def v1(route: str, viewset, actions: dict, name: str):
    """A viewset's `actions` at /api/v1/`route`: the routes nested deeper than the router's."""
    return path(f"v1/{route}", viewset.as_view(actions), name=name)


urlpatterns = [
    path(
        "v1/notifications/preferences/",
        notifications_api.PreferencesView.as_view(),
        name="notification-preferences",
    ),
    v1(f"{meeting}problems/", meetings_api.ProblemViewSet, LIST, "meeting-problem-list"),
    v1(f"{meeting}notes/", meetings_api.NoteViewSet, LIST, "meeting-note-list"),
    v1(note_files, meetings_api.NoteFilesViewSet, LIST, "meeting-note-files"),
    v1(
        f"{note_files}<uuid:attachment>/",
        meetings_api.NoteFilesViewSet,
        {"get": "retrieve", "delete": "destroy"},
        "meeting-note-file",
    ),
    v1(
        f"{note_files}<uuid:attachment>/download/",
        meetings_api.NoteFilesViewSet,
        {"get": "download"},
        "meeting-note-file-download",
    ),
    v1(f"{meeting}commitments/", meetings_api.CommitmentViewSet, LIST, "meeting-commitment-list"),
    v1(f"{meeting}evaluation/", meetings_api.EvaluationViewSet, READ_ONE, "meeting-evaluation"),
    v1(f"{meeting}packets/", reports_api.PacketViewSet, {"post": "create"}, "meeting-packets"),
    v1(f"{district}rounds/", rubrics_api.RoundViewSet, LIST, "round-list"),
    v1(round_, rubrics_api.RoundViewSet, READ_ONE, "round-detail"),
    v1(f"{round_}consensus/", rubrics_api.ConsensusViewSet, READ_LIST, "consensus-list"),
    v1(f"{round_}calibration/", rubrics_api.CalibrationViewSet, READ_LIST, "calibration-list"),
    v1(
        f"{round_}consensus/<uuid:dimension>/",
        rubrics_api.ConsensusViewSet,
        RATING,
        "consensus-detail",
    ),
    v1(f"{round_}my-ratings/", rubrics_api.MyRatingsViewSet, READ_LIST, "my-rating-list"),
    v1(
        f"{round_}my-ratings/<uuid:dimension>/",
        rubrics_api.MyRatingsViewSet,
        RATING,
        "my-rating-detail",
    ),
    v1(f"{round_}comments/", rubrics_api.CommentViewSet, LIST, "comment-list"),
    v1(
        f"{district}evidence/<slug:kind>/<uuid:item>/",
        evidence_api.ItemEvidenceViewSet,
        LIST,
        "item-evidence",
    ),
    v1(points, measures_api.PointViewSet, LIST, "measure-point-list"),
    v1(school_stages, schools_api.StageViewSet, LIST, "school-stage-list"),
    v1(
        f"{points}<uuid:point>/",
        measures_api.PointViewSet,
        {"get": "retrieve", "patch": "partial_update"},
        "measure-point-detail",
    ),
    v1(f"{district}plan/", planning_api.PlanViewSet, {"get": "retrieve", "put": "update"}, "plan"),
    path("v1/", include(router.urls)),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
]
