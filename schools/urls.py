from django.urls import path

from districts.routes import pages
from schools import views

app_name = "schools"

# Included under /d/<district>/schools/
urlpatterns = [
    pages(
        "",
        views,
        "school_new",
        "school_edit",
        "school_close",
        "school_reopen",
        "school_stage",
        each="<uuid:school>/",
        index="school_list",
        page="school",
    ),
    # A school's team: its people and their roles (the district's leads, staff and the
    # school's own leads change it).
    pages(
        "<uuid:school>/team/",
        views,
        "team_new",
        "team_role",
        "team_remove",
        each="<uuid:member>/",
    ),
    path("import/", views.import_schools, name="import"),
    path("stages/", views.stages, name="stages"),
]
