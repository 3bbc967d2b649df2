from django.urls import include, path

from schools import views

app_name = "schools"

# Included under /d/<district>/schools/; one school's pages under <school>/ (views.ONE_SCHOOL).
one_school = [path(f"{name}/", view, name=name) for name, view in views.ONE_SCHOOL.items()]
urlpatterns = [
    path("", views.school_list, name="list"),
    path("new/", views.school_new, name="new"),
    path("import/", views.import_schools, name="import"),
    path("<uuid:school>/", include(one_school)),
]
