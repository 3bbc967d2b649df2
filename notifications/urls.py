from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notices, name="list"),
    path("notifications/read/", views.read_all, name="read_all"),
    path("notifications/<uuid:code>/", views.notice_open, name="open"),
    path("account/notifications/", views.preferences, name="preferences"),
    path(
        "notifications/unsubscribe/<str:unsubscribe_token>/", views.unsubscribe, name="unsubscribe"
    ),
]
