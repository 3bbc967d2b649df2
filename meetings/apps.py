from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "PLG meetings"

    def ready(self):
        from districts.models import people_generation
        from meetings.models import Meeting

        # a district's home lists its cohorts' meetings (kept under the version of people)
        people_generation.bump_on_change(Meeting)
