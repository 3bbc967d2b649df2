from django.urls import path

from competencies import views

app_name = "competencies"

# Included under /d/<district>/competencies/
urlpatterns = [
    path("", views.outline, name="outline"),
    path("new/", views.competency_new, name="competency_new"),
    path("<uuid:competency>/edit/", views.competency_edit, name="competency_edit"),
    path("<uuid:competency>/delete/", views.competency_delete, name="competency_delete"),
    path("<uuid:competency>/move/", views.competency_move, name="competency_move"),
    path("<uuid:competency>/indicators/new/", views.indicator_new, name="indicator_new"),
    path("indicators/<uuid:indicator>/", views.indicator, name="indicator"),
    path("indicators/<uuid:indicator>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<uuid:indicator>/criteria/", views.criteria, name="criteria"),
    path("indicators/<uuid:indicator>/delete/", views.indicator_delete, name="indicator_delete"),
    path("indicators/<uuid:indicator>/move/", views.indicator_move, name="indicator_move"),
    path(
        "indicators/<uuid:indicator>/objectives/new/",
        views.objective_new,
        name="objective_new",
    ),
    path("objectives/<uuid:objective>/edit/", views.objective_edit, name="objective_edit"),
    path("objectives/<uuid:objective>/delete/", views.objective_delete, name="objective_delete"),
    path("objectives/<uuid:objective>/move/", views.objective_move, name="objective_move"),
    path("scale/", views.scale, name="scale"),
    path("starter/", views.starter, name="starter"),
    path("export.<slug:fmt>", views.export, name="export"),
    path("template.<slug:fmt>", views.template, name="template"),
    path("import/", views.import_set, name="import"),
]
