from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "PLG meetings"

    def ready(self):
        from districts.selectors import cohort_district_ids, people_moved_on_change
        from meetings.models import Meeting

        # A district's home lists its cohorts' meetings (kept under its people version).
        people_moved_on_change(Meeting, lambda meeting: cohort_district_ids([meeting.cohort_id]))

        from django.db.models.signals import post_save

        from meetings.services import ask_the_default_questions

        # Every new meeting, however it is made, asks the default evaluation questions.
        post_save.connect(
            ask_the_default_questions, sender=Meeting, dispatch_uid="meetings.default_questions"
        )
