from django.urls import include, path

from meetings import views

app_name = "meetings"

# A meeting's agenda item: /meetings/<meeting>/agenda/<item>/...
agenda_item = [
    path("edit/", views.agenda_edit, name="agenda_edit"),
    path("delete/", views.agenda_delete, name="agenda_delete"),
    path("move/", views.agenda_move, name="agenda_move"),
    path("run/", views.protocol_run, name="protocol_run"),
    path("run/present/", views.protocol_present, name="protocol_present"),
    path("signups/new/", views.signup_new, name="signup_new"),
]

# A meeting's evaluation: /meetings/<meeting>/evaluation/...
evaluation = [
    path("", views.evaluation, name="evaluation"),
    path("results/", views.evaluation_results, name="evaluation_results"),
    path("open/", views.evaluation_toggle, name="evaluation_toggle"),
    path("questions/new/", views.question_new, name="question_new"),
    path("questions/<uuid:question>/delete/", views.question_delete, name="question_delete"),
]

# A meeting's note: /meetings/<meeting>/notes/<note>/...
note = [
    path("delete/", views.note_delete, name="note_delete"),
    path("files/", views.note_files, name="note_files"),
    path("files/<uuid:attachment>/remove/", views.note_file_remove, name="note_file_remove"),
]

# One meeting: /meetings/<meeting>/...
meeting = [
    path("", views.meeting, name="meeting"),
    path("calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("edit/", views.meeting_edit, name="meeting_edit"),
    path("delete/", views.meeting_delete, name="meeting_delete"),
    path("agenda/new/", views.agenda_new, name="agenda_new"),
    path("agenda/<uuid:item>/", include(agenda_item)),
    path("attendance/", views.attendance, name="attendance"),
    path("signups/<uuid:signup>/delete/", views.signup_delete, name="signup_delete"),
    path("problems/new/", views.problem_new, name="problem_new"),
    path("problems/<uuid:problem>/delete/", views.problem_delete, name="problem_delete"),
    path("notes/new/", views.note_new, name="note_new"),
    path("notes/<uuid:note>/", include(note)),
    path("evaluation/", include(evaluation)),
    path("commitments/new/", views.commitment_new, name="commitment_new"),
    path(
        "commitments/<uuid:commitment>/delete/",
        views.commitment_delete,
        name="commitment_delete",
    ),
    path(
        "<slug:part>/<uuid:item>/files/<uuid:attachment>/",
        views.meeting_file,
        name="meeting_file",
    ),
]

urlpatterns = [
    path("cohorts/<slug:cohort>/details/", views.cohort_details, name="cohort_details"),
    path("cohorts/<slug:cohort>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("cohorts/<slug:cohort>/evaluations/", views.series_evaluation, name="series_evaluation"),
    path("meetings/<uuid:meeting>/", include(meeting)),
    path("protocols/", views.protocols, name="protocols"),
    path("protocols/new/", views.protocol_edit, name="protocol_new"),
    path("protocols/<uuid:protocol>/edit/", views.protocol_edit, name="protocol_edit"),
    path("protocols/<uuid:protocol>/delete/", views.protocol_delete, name="protocol_delete"),
]
