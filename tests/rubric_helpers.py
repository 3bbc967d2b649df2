from rubrics.models import Dimension, Framework, Level


def dimensions_of(framework: Framework) -> list[Dimension]:
    return list(
        Dimension.objects.filter(domain__framework=framework)
        .select_related("domain")
        .order_by("domain__position", "position")
    )


def level(framework: Framework, position: int) -> Level:
    return framework.levels.get(position=position)
