from django.urls import path

from dashboards import rollout, views

app_name = "dashboards"

urlpatterns = [
    path("start/", views.landing, name="landing"),
    path("week/", views.week, name="week"),
    path("d/<slug:district>/", views.district_home, name="district"),
    path("d/<slug:district>/board/", views.snapshots, name="snapshots"),
    path("d/<slug:district>/peers/", views.peers, name="peers"),
    path("d/<slug:district>/schools/rollout/", rollout.rollout_page, name="rollout"),
    path(
        "d/<slug:district>/board/<uuid:snapshot>/stop/", views.snapshot_stop, name="snapshot_stop"
    ),
    path("board/<str:token>/", views.board, name="board"),
    path("coach/", views.coach, name="coach"),
    path("coach/attention/", views.attention, name="attention"),
    path("coach/export/<slug:kind>.<slug:fmt>", views.coach_export, name="coach_export"),
    path("cohorts/", views.cohorts, name="cohorts"),
    path("cohorts/<slug:cohort>/", views.cohort, name="cohort"),
    path("cohorts/<slug:cohort>/pairings/", views.pairing_add, name="pairing_add"),
    path("cohorts/<slug:cohort>/ratings.<slug:fmt>", views.cohort_export, name="cohort_export"),
]
