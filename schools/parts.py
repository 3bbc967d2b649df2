"""What a school's page shows of the work of features above schools (its rounds, its steps,
its measures): each feature declares its parts in a module `school_parts.py` (`PARTS`, a
tuple of SchoolPart), read here as the documents read `reportable.py`
(districts.contributions). A feature that keeps the district's years (the long-term plan)
gives them to the rollout there too (`YEARS`, a function of the opener's access giving the
years, each named by its June, that the opener reads). Schools imports no feature; a
feature imports this."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from districts.access import DistrictAccess
from districts.contributions import declared_in


@dataclass(frozen=True)
class SchoolPart:
    """One section of a school's page: its heading, its template (given the page's context
    and the part's own), and what it reads for the school as the opener may read it (a dict
    for the template; None when the opener reads none of it, and the section is left out).
    Parts show in the order of `order`, then of INSTALLED_APPS."""

    title: str
    template: str
    read: Callable[[DistrictAccess, object], dict | None]
    order: int = 50


@cache
def school_parts() -> tuple[SchoolPart, ...]:
    declared = [
        part for module in declared_in("school_parts") for part in getattr(module, "PARTS", ())
    ]
    return tuple(sorted(declared, key=lambda part: part.order))


def parts_of(access: DistrictAccess, school) -> list[tuple[SchoolPart, dict]]:
    """The school's sections the opener reads, each with what it read."""
    shown = []
    for part in school_parts():
        read = part.read(access, school)
        if read is not None:
            shown.append((part, read))
    return shown


@cache
def _year_readers() -> tuple[Callable[[DistrictAccess], list[int]], ...]:
    return tuple(module.YEARS for module in declared_in("school_parts") if hasattr(module, "YEARS"))


def contributed_years(access: DistrictAccess) -> set[int]:
    """The district's years the features give the rollout, as the opener reads them."""
    return {year for read in _year_readers() for year in read(access)}
