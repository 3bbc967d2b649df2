from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "PLG meetings"

    def ready(self):
        from districts.models import people_generation
        from meetings.models import Meeting

        # a district's home lists its cohorts' meetings (kept under the version of people)
        people_generation.bump_on_change(Meeting)

        from django.db.models.signals import post_save

        from meetings.services import ask_the_default_questions

        # Every new meeting, however it is made, asks the default evaluation questions.
        post_save.connect(
            ask_the_default_questions, sender=Meeting, dispatch_uid="meetings.default_questions"
        )

        from meetings.attachable import register_kinds

        register_kinds()
