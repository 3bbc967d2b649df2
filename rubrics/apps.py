from django.apps import AppConfig


class RubricsConfig(AppConfig):
    name = "rubrics"
    verbose_name = "Self-assessment"

    def ready(self):
        from rubrics.models import (
            Descriptor,
            Dimension,
            Domain,
            Framework,
            Level,
            framework_generation,
        )

        framework_generation.bump_on_change(Framework, Level, Domain, Dimension, Descriptor)

        from schools.signals import school_closed

        school_closed.connect(_close_school_rounds, dispatch_uid="rubrics-school-closed")


def _close_school_rounds(sender, *, school, acting_user, **kwargs) -> None:
    """A school closed: its open rounds close with it (rubrics.services.school_rounds_close)."""
    from rubrics.services import school_rounds_close

    school_rounds_close(school=school, acting_user=acting_user)
