from django.urls import include, path

from districts.routes import pages
from rubrics import views

app_name = "rubrics"

# One round: .../self-assessment/<round_code>/...
round_ = [
    path("", views.round_detail, name="round"),
    pages("", views, "rate", "consensus", "submit", "share", "reopen", "calibration"),
    path("rate/<uuid:dimension>/", views.rate_dimension, name="rate_dimension"),
    path("consensus/<uuid:dimension>/", views.consensus_dimension, name="consensus_dimension"),
    path(
        "consensus/<uuid:dimension>/history/",
        views.consensus_history,
        name="consensus_history",
    ),
    path("comments/", views.comment, name="comment"),
    path("reviewed/", views.mark_reviewed, name="reviewed"),
]

# Included under /d/<district>/self-assessment/
urlpatterns = [
    pages("", views, "round_new", "compare", "trend", index="rounds"),
    path("schools/", views.school_rounds, name="school_rounds"),
    path("<uuid:round_code>/", include(round_)),
]
