from django.urls import path

from calendars import views

app_name = "calendars"

urlpatterns = [
    path("account/calendar/", views.feed_settings, name="feed_settings"),
    path("calendar/<str:feed_token>.ics", views.feed, name="feed"),
]
