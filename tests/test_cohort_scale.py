"""Cohorts of any real size (issue 30, part 4): the cohort page, peers, the meeting page, the
cohort's ratings export and the API's cohort answers grow at most with the cohort, never
with its square: pairing suggestions are the best few a district, long lists are paged, the
export is streamed, the API links to a cohort's districts instead of nesting them; and each
asks the database the same number of queries whatever the cohort's size."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from districts.models import Membership
from meetings.models import AgendaItem, Commitment, Meeting, ProblemOfPractice
from rubrics.peers import PAIRS_SHOWN, PEERS_SHOWN
from tests.cohort_helpers import grow_cohort
from tests.rubric_helpers import dimensions_of


@pytest.fixture
def next_meeting(cast):
    return Meeting.objects.create(
        cohort=cast.cohort, title="Convening", first_date=date.today() + timedelta(days=9)
    )


def cohort_url(cast, **query) -> str:
    url = reverse("dashboards:cohort", kwargs={"cohort": cast.cohort.code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# ------------------------------------------------------------------ the cohort page


def test_the_cohort_page_suggests_each_district_its_best_few_pairs_a_page_at_a_time(
    cast, client_for, framework, next_meeting
):
    grow_cohort(cast, framework, 50)  # 25 learners × 25 peers × 15 dimensions: 9,375 pairs
    page = client_for("facilitator").get(cohort_url(cast)).content.decode()
    assert page.count("could learn from</h3>") == 20  # a page of districts
    assert page.count("Put on the agenda<span") == 20 * PAIRS_SHOWN
    assert page.count("All 375 suggestions for") == 20  # 25 strong districts × 15 dimensions
    assert 'href="?page=2#pairings" rel="next"' in page
    assert len(page) < 100_000
    second = client_for("facilitator").get(cohort_url(cast, page=2)).content.decode()
    assert second.count("could learn from</h3>") == 5
    # a district's best pairs come from different districts
    for block in page.split("could learn from</h3>")[1:]:
        names = [li.split("</strong>")[0] for li in block.split("<li><strong>")[1:4]]
        assert len(set(names)) == PAIRS_SHOWN, names
    # the best pairs of the districts are spread over the strong districts, not the same one
    first_peers = {
        line.split("<strong>")[1].split("</strong>")[0]
        for line in page.split("\n")
        if "<li><strong>" in line
    }
    assert len(first_peers) > 5


def test_one_districts_suggestions_are_all_listed_a_page_at_a_time(
    cast, client_for, framework, next_meeting
):
    made = grow_cohort(cast, framework, 10)
    learner = made[1]  # weak on every dimension: 5 strong districts × 15 dimensions
    url = cohort_url(cast, district=learner.code)
    page = client_for("facilitator").get(url).content.decode()
    assert f"Every pair suggested for <strong>{learner.name}</strong>" in page
    assert page.count("Put on the agenda<span") == 20 and "Page 1 of 4" in page
    assert f'href="?district={learner.code}&amp;page=4#pairings"' not in page  # next only
    assert f'href="?district={learner.code}&amp;page=2#pairings" rel="next"' in page
    last = client_for("facilitator").get(url + "&page=4").content.decode()
    assert last.count("Put on the agenda<span") == 75 - 60
    # a district that is strong everywhere has nothing to learn here; an unknown one lists all
    strong = client_for("facilitator").get(cohort_url(cast, district=made[0].code)).content
    assert "No pair to suggest for" in strong.decode()
    unknown = client_for("facilitator").get(cohort_url(cast, district="nope")).content.decode()
    assert "could learn from</h3>" in unknown


def test_a_pair_put_on_the_agenda_goes_back_to_the_page_it_came_from(
    cast, client_for, framework, next_meeting
):
    made = grow_cohort(cast, framework, 4)
    learner, peer = made[1], made[2]
    dimension = dimensions_of(framework)[3]
    add = reverse("dashboards:pairing_add", kwargs={"cohort": cast.cohort.code})
    data = {"district": learner.code, "peer": peer.code, "dimension": dimension.key}
    response = client_for("facilitator").post(
        add, {**data, "page": "2", "back_district": learner.code}
    )
    assert response.status_code == 302
    assert response["Location"] == cohort_url(cast, page=2, district=learner.code) + "#pairings"
    item = AgendaItem.objects.get(meeting=next_meeting)
    assert item.title == f"Pairing: {learner.name} with {peer.name} on {dimension.name}"
    # a peer that is not strong there, the learner itself, a stranger: no longer suggested
    for wrong in (
        {**data, "peer": made[3].code},
        {**data, "peer": learner.code},
        {**data, "district": cast.outer.code},
        {**data, "page": "javascript:x", "back_district": "../x"},
    ):
        response = client_for("facilitator").post(add, wrong)
        assert response["Location"].startswith(cohort_url(cast))
    assert AgendaItem.objects.filter(meeting=next_meeting).count() == 2  # the last one: valid


def test_a_large_cohorts_districts_are_folded_by_name(cast, client_for, framework):
    grow_cohort(cast, framework, 20)
    page = client_for("facilitator").get(cohort_url(cast)).content.decode()
    assert '<details class="cohort-districts"><summary>22 districts</summary>' in page
    small = client_for("staff").get(reverse("dashboards:cohorts")).content.decode()
    assert "22 districts" in small


# ------------------------------------------------------------------ peers


def test_a_districts_peers_are_the_best_few_a_dimension_with_all_of_them_a_click_away(
    cast, client_for, framework
):
    made = grow_cohort(cast, framework, 16)  # 8 strong districts
    mine = made[1]
    Membership.objects.create(district=mine, user=cast.member, role="member")
    url = reverse("dashboards:peers", kwargs={"district": mine.code})
    page = client_for("member").get(url).content.decode()
    assert page.count("<section") == 15
    assert page.count(": Performing in") == 15 * PEERS_SHOWN
    dimension = dimensions_of(framework)[0]
    assert f'href="?dimension={dimension.key}">All 8 districts strong on' in page
    one = client_for("member").get(url, {"dimension": dimension.key}).content.decode()
    assert one.count(": Performing in") == 8 and "<section" not in one


# ------------------------------------------------------------------ the meeting page


def test_the_meeting_pages_long_lists_are_paged_and_its_attendance_folded(
    cast, client_for, framework, next_meeting
):
    made = grow_cohort(cast, framework, 30)
    for district in made:
        ProblemOfPractice.objects.create(
            meeting=next_meeting, district=district, kind="how", topics=["criteria"], text="P"
        )
        Commitment.objects.create(meeting=next_meeting, district=district, text="C")
    next_meeting.attending.set(made[:7])
    url = reverse("meetings:meeting", kwargs={"meeting": next_meeting.code})
    page = client_for("facilitator").get(url).content.decode()
    assert "Problems of practice (30)" in page
    assert page.count('<li id="problem-') == 25
    assert 'href="?problems=2#problems" rel="next"' in page
    assert page.count("<li><strong>Cohort district") == 25  # the districts' records
    assert 'href="?record=2#record" rel="next"' in page
    assert "<summary>Districts that attended: 7 of 32</summary>" in page
    both = client_for("facilitator").get(url, {"problems": 2, "record": 2}).content.decode()
    assert both.count('<li id="problem-') == 5
    assert 'href="?problems=1&amp;record=2#problems" rel="prev"' in both
    assert 'href="?problems=2&amp;record=1#record" rel="prev"' in both
    read = client_for("lead").get(url).content.decode()  # Riverside's lead: none of theirs
    assert "7 of 32 districts attended" in read
    # recording a district's part: its district first, then a form whose owners are its people
    assert 'name="record_for"' in page and 'id="id_record_owner"' not in page
    chosen = client_for("facilitator").get(url, {"record_for": made[3].code}).content.decode()
    owners = chosen.split('id="id_record_owner"')[1].split("</select>")[0]
    assert owners.count("<option") == 1 + 1  # "---------" and the district's one lead
    assert f'name="district" value="{made[3].code}"' in chosen


# ------------------------------------------------------------------ the export


def test_the_cohorts_ratings_are_streamed_as_csv_and_written_row_by_row_as_xlsx(
    cast, client_for, framework
):
    grow_cohort(cast, framework, 6)
    url = reverse("dashboards:cohort_export", kwargs={"cohort": cast.cohort.code, "fmt": "csv"})
    response = client_for("facilitator").get(url)
    assert response.streaming
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:3] == ["District", "State", "Round"] and "Evidence" not in rows[0]
    assert len(rows) == 1 + 6 * 15
    xlsx = client_for("facilitator").get(url.replace(".csv", ".xlsx"))
    assert xlsx.streaming and 'filename="cohort-' in xlsx["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.getvalue())).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0] == rows[0] and len(cells) == len(rows)
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    unknown = url.replace(".csv", ".pdf")
    assert client_for("facilitator").get(unknown).status_code == 404


# ------------------------------------------------------------------ the API


def test_the_api_links_to_a_cohorts_districts_instead_of_nesting_them(cast, client_for, framework):
    grow_cohort(cast, framework, 55)
    listed = client_for("facilitator").get("/api/v1/cohorts/").json()["results"]
    assert listed == [
        {
            "code": cast.cohort.code,
            "name": cast.cohort.name,
            "district_count": 57,
            "districts_url": f"http://testserver/api/v1/cohorts/{cast.cohort.code}/districts/",
        }
    ]
    one = client_for("member").get(f"/api/v1/cohorts/{cast.cohort.code}/").json()
    assert "districts" not in one and one["district_count"] == 57
    first = client_for("member").get(one["districts_url"]).json()
    assert first["count"] == 57 and len(first["results"]) == 50 and first["next"]
    assert set(first["results"][0]) == {"code", "name", "state"}
    rest = client_for("member").get(first["next"]).json()
    assert len(rest["results"]) == 7
    type(cast.hillcrest).objects.filter(pk=cast.outer.pk).update(state="NH")  # not in it
    type(cast.hillcrest).objects.filter(pk=cast.hillcrest.pk).update(state="NH")
    found = client_for("coach").get(one["districts_url"], {"state": "NH"}).json()
    assert [d["code"] for d in found["results"]] == [cast.hillcrest.code]
    last = client_for("coach").get(one["districts_url"], {"ordering": "-name"}).json()
    assert last["results"][0]["name"] == "Riverside School District"
    # whoever does not see the cohort gets the plain 404, as for the cohort itself
    assert client_for("outsider").get(one["districts_url"]).status_code == 404
    assert client_for("staff").get(one["districts_url"]).status_code == 200


# ------------------------------------------------------------------ query counts

PAGES = [
    # (name, role, url, queries kept, queries cold): the same at both sizes. Kept: the
    # session, the person, the versions of what is kept, and the page's own reads; cold adds
    # the header (the person's districts and unread notices) and the versions' rows. The
    # cohort page reads the cohort, the latest shared rounds, their levels, the problems
    # shared with it, its districts' names and its meetings; peers, the district's latest
    # round and cohorts, then the same as the cohort page.
    ("cohort page", "facilitator", lambda c, d: cohort_url(c), 8, 11),
    ("one district's pairs", "facilitator", lambda c, d: cohort_url(c, district=d.code), 8, 11),
    (
        "peers",
        "member",
        lambda c, d: reverse("dashboards:peers", kwargs={"district": d.code}),
        8,
        11,
    ),
    (
        "cohort export",
        "facilitator",
        lambda c, d: reverse(
            "dashboards:cohort_export", kwargs={"cohort": c.cohort.code, "fmt": "csv"}
        ),
        4,
        5,
    ),
    (
        "API: a cohort's districts",
        "member",
        lambda c, d: f"/api/v1/cohorts/{c.cohort.code}/districts/",
        4,
        5,
    ),
    ("API: cohorts", "member", lambda c, d: "/api/v1/cohorts/", 3, 4),
]


@pytest.mark.parametrize(("name", "role", "url", "kept", "cold"), PAGES, ids=[p[0] for p in PAGES])
def test_the_cohorts_pages_ask_the_same_queries_whatever_its_size(
    name,
    role,
    url,
    kept,
    cold,
    cast,
    client_for,
    framework,
    next_meeting,
    django_assert_num_queries,
):
    client = client_for(role)
    made = grow_cohort(cast, framework, 4)
    learner = made[1]  # weak everywhere; the member's district too
    Membership.objects.create(district=learner, user=cast.member, role="member")
    fetched(client, url(cast, learner))  # the rubric's columns, kept in the process
    for size in (4, 40):
        made += grow_cohort(cast, framework, size - len(made), start=len(made))
        cache.clear()
        with django_assert_num_queries(cold):
            assert fetched(client, url(cast, learner))
        with django_assert_num_queries(kept):
            assert fetched(client, url(cast, learner))


def fetched(client, url: str) -> bytes:
    """The answer's body, read whole (a streamed export reads the database as it goes)."""
    response = client.get(url)
    assert response.status_code == 200
    return response.getvalue()
