from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = "Measures of success"

    def ready(self) -> None:
        from measures import signals  # noqa: F401  (measures that follow a rubric dimension)
        from measures.signals import follow_enrolment
        from schools.signals import enrolment_changed

        enrolment_changed.connect(follow_enrolment, dispatch_uid="measures-enrolment")
