from django.urls import path

from competencies import views
from districts.routes import pages

app_name = "competencies"

# Included under /d/<district>/competencies/
urlpatterns = [
    pages(
        "",
        views,
        "competency_new",
        "competency_edit",
        "competency_delete",
        "competency_move",
        each="<uuid:competency>/",
        index="outline",
    ),
    path("<uuid:competency>/indicators/new/", views.indicator_new, name="indicator_new"),
    pages(
        "indicators/",
        views,
        "indicator_edit",
        "criteria",
        "indicator_delete",
        "indicator_move",
        each="<uuid:indicator>/",
        page="indicator",
    ),
    path(
        "indicators/<uuid:indicator>/objectives/new/",
        views.objective_new,
        name="objective_new",
    ),
    pages(
        "objectives/",
        views,
        "objective_edit",
        "objective_delete",
        "objective_move",
        each="<uuid:objective>/",
    ),
    path("scale/", views.scale, name="scale"),
    path("starter/", views.starter, name="starter"),
    path("export.<slug:fmt>", views.export, name="export"),
    path("template.<slug:fmt>", views.template, name="template"),
    path("import/", views.import_set, name="import"),
]
