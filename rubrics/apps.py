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

        from rubrics.attachable import register_kinds

        register_kinds()
        from rubrics.tracked import register_kinds as register_history_kinds

        register_history_kinds()

        from rubrics.reportable import register_parts as register_document_parts

        register_document_parts()
