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
        each="<uuid:school>/",
        index="school_list",
        page="school",
    ),
    path("import/", views.import_schools, name="import"),
]
