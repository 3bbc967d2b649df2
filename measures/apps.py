from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = "Measures of success"

    def ready(self) -> None:
        from measures import signals  # noqa: F401  (measures that follow a rubric dimension)
        from measures.attachable import register_kinds

        register_kinds()
        from measures.tracked import register_kinds as register_history_kinds

        register_history_kinds()

        from measures.reportable import register_parts as register_document_parts

        register_document_parts()
