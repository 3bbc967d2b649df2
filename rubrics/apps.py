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
