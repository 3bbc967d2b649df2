import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from rubrics.management.commands.load_frameworks import FRAMEWORKS_DIR
from rubrics.models import Descriptor, Dimension, Domain, Framework
from rubrics.services import framework_load
from tests.rubric_helpers import dimensions_of, load_rubric

SOURCE = FRAMEWORKS_DIR / "source" / "004_02c20105406ba403.txt"
SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / SOURCE.name
LEVELS = ["Initiating", "Developing", "Performing"]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def seed_rubric() -> dict[str, list[str]]:
    """Dimension name → its three descriptors, read straight from the seed: <p> markup removed
    and the rows split by page breaks joined again."""
    rubric: dict[str, list[str]] = {}
    last = None
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        cells = [re.sub(r"</?p>", "", cell) for cell in line.split("\t")]
        if [c.strip() for c in cells[1:]] == LEVELS:
            continue
        if cells[0].strip():
            last = cells[0].strip()
            rubric[last] = cells[1:]
        else:
            rubric[last] = [f"{a} {b}" for a, b in zip(rubric[last], cells[1:], strict=True)]
    return {name: [normalise(d) for d in descriptors] for name, descriptors in rubric.items()}


def test_the_kept_source_is_the_seed_itself():
    if not SHARED_SEED.exists():
        pytest.skip("shared/seeds is not beside this checkout")
    assert SOURCE.read_bytes() == SHARED_SEED.read_bytes()


def test_every_descriptor_is_the_seed_text_verbatim(framework):
    seed = seed_rubric()
    assert len(seed) == 15
    loaded = {
        dimension.name: [
            normalise(d.text) for d in dimension.descriptors.order_by("level__position")
        ]
        for dimension in dimensions_of(framework)
    }
    assert loaded == seed
    assert Descriptor.objects.filter(dimension__domain__framework=framework).count() == 45


def test_rubric_has_three_domains_of_four_eight_and_three_dimensions(framework):
    domains = [(d.name, d.dimensions.count()) for d in Domain.objects.filter(framework=framework)]
    assert domains == [("Policy and Framework", 4), ("Practice", 8), ("Community Engagement", 3)]
    assert [level.name for level in framework.levels.all()] == LEVELS


def test_typographic_quotes_and_no_markup_survive(framework):
    texts = " ".join(Descriptor.objects.values_list("text", flat=True))
    assert "“as needed”" in texts
    assert "<p>" not in texts and "</p>" not in texts


def test_the_implementation_framework_loads_with_its_scale(db):
    framework = load_rubric("mastery-collaborative-implementation")
    assert [level.name for level in framework.levels.all()] == [
        "Not yet in place",
        "Partially in place",
        "Fully in place",
    ]
    assert list(framework.domains.values_list("name", flat=True)) == [
        "Conditions for success",
        "Schoolwide Shifts",
        "Classroom Shifts: Planning",
        "Classroom Shifts: Facilitation",
    ]
    assert Dimension.objects.filter(
        domain__framework=framework, name__startswith="Shared school wide belief"
    ).exists()


def test_loading_again_changes_nothing(db):
    call_command("load_frameworks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_frameworks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Framework.objects.count() == 2


def changed(framework_data: dict) -> dict:
    data = json.loads(json.dumps(framework_data))
    data["domains"][0]["dimensions"][0]["descriptors"][0] = "A reworded descriptor."
    return data


def test_an_unused_framework_is_updated_in_place(framework):
    data = json.loads((FRAMEWORKS_DIR / "district-self-assessment.json").read_text())
    updated, outcome = framework_load(data=changed(data))
    assert outcome == "updated"
    assert updated.pk == framework.pk
    assert Descriptor.objects.filter(text="A reworded descriptor.").count() == 1


def test_a_used_framework_gets_a_new_version_and_old_rounds_keep_their_text(framework, draft_round):
    original = dimensions_of(framework)[0].descriptors.order_by("level__position").first().text
    data = json.loads((FRAMEWORKS_DIR / "district-self-assessment.json").read_text())
    new, outcome = framework_load(data=changed(data))
    assert outcome == "new version"
    assert new.version == 2 and new.pk != framework.pk
    draft_round.refresh_from_db()
    assert draft_round.framework == framework
    first = dimensions_of(draft_round.framework)[0]
    assert first.descriptors.order_by("level__position").first().text == original


def test_a_framework_file_with_a_missing_descriptor_is_refused(db):
    from django.core.exceptions import ValidationError

    data = json.loads((FRAMEWORKS_DIR / "district-self-assessment.json").read_text())
    data["domains"][1]["dimensions"][2]["descriptors"].pop()
    with pytest.raises(ValidationError, match="needs one descriptor per level"):
        framework_load(data=data)
    assert not Framework.objects.exists()


def test_a_dimension_renamed_in_a_new_version_keeps_its_column(cast, client_for, framework):
    """Rounds rated on two versions line up by the dimension's key, not its name: the
    coach's heatmap shows the old round's level under the renamed dimension, and the
    comparison shows then and now."""
    from django.urls import reverse

    from rubrics.selectors import consensus_levels, rubric_columns
    from tests.rubric_helpers import submitted_round

    old = submitted_round(cast.riverside, cast.lead, framework, title="On version 1", default=2)
    data = json.loads((FRAMEWORKS_DIR / "district-self-assessment.json").read_text())
    first = data["domains"][0]["dimensions"][0]
    first["name"] = "A renamed first dimension"
    renamed, outcome = framework_load(data=data)
    assert outcome == "new version"
    columns, _ = rubric_columns()
    assert columns[0].name == "A renamed first dimension"
    assert columns[0].key == dimensions_of(framework)[0].key == "1.1"
    assert consensus_levels([old.pk])[old.pk][columns[0].key][0] == 2
    page = client_for("coach").get(reverse("dashboards:coach")).content.decode()
    row = page.split(">Riverside School District</a></th>", 1)[1].split("</tr>", 1)[0]
    assert "A renamed first dimension" in page
    # every column filled, the renamed too (a cell says its level in its title and its text)
    assert row.count('title="Developing"') == len(columns)
    new = submitted_round(cast.riverside, cast.lead, renamed, title="On version 2", default=3)
    from rubrics.selectors import compare_rounds

    compared = compare_rounds(old, new)
    first_row = compared[0].rows[0]
    assert first_row.dimension.name == "A renamed first dimension"
    assert (first_row.before.position, first_row.after.position) == (2, 3)
