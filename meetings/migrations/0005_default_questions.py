from django.db import migrations

DEFAULT_QUESTIONS = [
    ("scale", "To what extent were this meeting’s outcomes met?"),
    ("scale", "How useful was this meeting for your district’s work?"),
    ("text", "What should we change for the next meeting?"),
]


def add_defaults(apps, schema_editor):
    """Every meeting planned before evaluations existed gets the default questions."""
    Meeting = apps.get_model("meetings", "Meeting")
    Question = apps.get_model("meetings", "EvaluationQuestion")
    for meeting in Meeting.objects.filter(questions__isnull=True):
        for position, (kind, text) in enumerate(DEFAULT_QUESTIONS, start=1):
            Question.objects.create(meeting=meeting, position=position, kind=kind, text=text)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_evaluations")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
