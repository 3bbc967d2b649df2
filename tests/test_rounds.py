import uuid

import pytest
from django.urls import reverse

from districts.models import Audience
from evidence.services import attachment_add_link
from history.models import Change
from rubrics.models import AssessmentRound, Comment, ConsensusRating, Rating
from rubrics.services import consensus_save
from tests.rubric_helpers import agree_all, dimensions_of, level, load_rubric, rate, save, url
from tests.rubric_helpers import submitted_round as submitted

# ------------------------------------------------------------------ opening a round


def test_lead_opens_a_round(cast, client_for, framework):
    response = client_for("lead").post(
        reverse("rubrics:round_new", kwargs={"district": cast.riverside.code}),
        {
            "title": "Fall 2026",
            "framework": framework.code,
            "due_date": "2026-12-01",
            "sharing": "coaches",
        },
    )
    round_ = AssessmentRound.objects.get()
    assert response.status_code == 302
    assert response.url == url(round_)
    assert round_.district == cast.riverside
    assert round_.shared_with == Audience.DISTRICT  # a draft stays inside the district


def test_opening_a_round_without_a_title_says_so(cast, client_for, framework):
    response = client_for("lead").post(
        reverse("rubrics:round_new", kwargs={"district": cast.riverside.code}),
        {"title": "", "framework": framework.code, "sharing": "coaches"},
    )
    assert response.status_code == 400
    assert b"This field is required" in response.content
    assert not AssessmentRound.objects.exists()


def test_a_member_cannot_open_a_round(cast, client_for, framework):
    response = client_for("member").post(
        reverse("rubrics:round_new", kwargs={"district": cast.riverside.code}),
        {"title": "Mine", "framework": framework.code, "sharing": "coaches"},
    )
    assert response.status_code == 403


# ------------------------------------------------------------------ rating


def first_save(client_for, round_, dimension, position: int, **fields):
    """The member's first save of `dimension` (version 0), at the level of `position`."""
    return save(
        client_for("member"),
        round_,
        dimension,
        version=0,
        level=level(round_.framework, position),
        **fields,
    )


def test_rating_page_shows_three_descriptors_side_by_side_and_progress(
    cast, client_for, draft_round, framework
):
    first = dimensions_of(framework)[0]
    rate(draft_round, cast.member, first, 2)
    page = client_for("member").get(url(draft_round, "rate"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "1</span> of 15 rated" in html
    assert html.count('type="radio"') == 45
    assert "There is little agreement about the essential knowledge" in html


def test_a_member_rates_and_the_save_answers_with_a_new_version(
    cast, client_for, draft_round, framework
):
    response = first_save(
        client_for, draft_round, dimensions_of(framework)[3], 3, evidence="Policy JJIC reviewed"
    )
    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert response.json()["rated"] == 1
    rating = Rating.objects.get()
    assert (rating.rater, rating.level.name, rating.evidence) == (
        cast.member,
        "Performing",
        "Policy JJIC reviewed",
    )


def test_a_stale_save_is_refused_with_409_and_changes_nothing(
    cast, client_for, draft_round, framework
):
    """Two tabs: the first saves, the second (still at version 0, then at 1) is refused."""
    dimension = dimensions_of(framework)[0]
    client = client_for("member")
    for version, position, evidence in ((0, 1, "first tab"), (1, 2, "first tab again")):
        response = save(
            client,
            draft_round,
            dimension,
            version=version,
            level=level(framework, position),
            evidence=evidence,
        )
        assert response.status_code == 200
    stale = save(
        client, draft_round, dimension, version=1, level=level(framework, 3), evidence="second tab"
    )
    assert stale.status_code == 409
    theirs = stale.json()["theirs"]
    assert theirs["version"] == 2
    assert theirs["fields"] == {
        "level": level(framework, 2).position,
        "evidence": "first tab again",
        "next_steps": "",
    }
    assert Rating.objects.get().evidence == "first tab again"


def test_without_javascript_a_stale_save_shows_both_versions(
    cast, client_for, draft_round, framework
):
    dimension = dimensions_of(framework)[0]
    client = client_for("member")
    save(client, draft_round, dimension, version=0, evidence="saved in tab one")
    page = save(client, draft_round, dimension, version=0, evidence="typed in tab two", json=False)
    assert page.status_code == 409
    html = page.content.decode()
    assert "Saved elsewhere first" in html
    assert "saved in tab one" in html and "typed in tab two" in html
    assert Rating.objects.get().evidence == "saved in tab one"
    # saving again from that page (its version is now the current one) keeps the second text
    resubmit = save(client, draft_round, dimension, version=1, evidence="typed in tab two")
    assert resubmit.status_code == 200
    assert Rating.objects.get().evidence == "typed in tab two"


def test_a_level_of_another_framework_is_refused(cast, client_for, draft_round, framework):
    other = load_rubric("mastery-collaborative-implementation")
    beyond = other.levels.create(position=9, name="Beyond")  # a level this framework lacks
    response = save(
        client_for("member"),
        draft_round,
        dimensions_of(framework)[0],
        version=0,
        level=beyond,
    )
    assert response.status_code == 400
    assert "Choose one of the levels shown" in str(response.json())
    assert not Rating.objects.exists()


def test_a_dimension_of_another_framework_is_not_found(cast, client_for, draft_round):
    response = client_for("member").post(url(draft_round, "rate_dimension", dimension=uuid.uuid4()))
    assert response.status_code == 404


def test_over_long_evidence_is_refused_not_truncated(cast, client_for, draft_round, framework):
    response = save(
        client_for("member"),
        draft_round,
        dimensions_of(framework)[0],
        version=0,
        evidence="x" * 10_001,
    )
    assert response.status_code == 400
    assert not Rating.objects.exists()


def test_a_viewer_cannot_rate(cast, client_for, draft_round, framework):
    response = save(client_for("viewer"), draft_round, dimensions_of(framework)[0], version=0)
    assert response.status_code == 403


def test_individual_ratings_are_private_to_each_rater(cast, client_for, draft_round, framework):
    dimension = dimensions_of(framework)[0]
    rate(draft_round, cast.member, dimension, 1, evidence="Milo's secret note")
    lead_page = client_for("lead").get(url(draft_round, "rate")).content.decode()
    assert "Milo&#x27;s secret note" not in lead_page and "Milo's secret note" not in lead_page


# ------------------------------------------------------------------ consensus


def test_consensus_shows_the_spread_and_flags_divergence(cast, client_for, draft_round, framework):
    dimension = dimensions_of(framework)[0]
    for person, position in ((cast.lead, 1), (cast.member, 3)):
        rate(draft_round, person, dimension, position)
    html = client_for("lead").get(url(draft_round, "consensus")).content.decode()
    assert "two levels apart" in html
    assert "1 rater" in html
    # names show only in the list of what each teammate rated (issue 17), not in the spread
    before_list = html.split("<main")[1].split('class="teammates"')[0]
    assert "Milo Member" not in before_list


def test_the_team_rating_page_shows_teammates_work_above_the_form_and_marks_divergence(
    cast, client_for, draft_round, framework
):
    """Issue 32: the lead recording the team rating sees each teammate's level, evidence,
    files and links before the team's form, and the navigator marks the dimensions where the
    team's ratings are two levels apart, in words."""
    first, second = dimensions_of(framework)[:2]
    rate(draft_round, cast.lead, first, 1)
    milo = rate(draft_round, cast.member, first, 3, evidence="Walkthrough notes")
    rate(draft_round, cast.member, second, 2)
    attachment_add_link(
        item=milo, title="March walkthrough", url="https://example.org/w", acting_user=cast.member
    )
    html = client_for("lead").get(url(draft_round, "consensus")).content.decode()
    form = html.split(f'id="dimension-{first.code}"')[1].split("</form>")[0]
    teammates, _ = form.split('class="levels"')
    assert "Milo Member" in teammates and "Walkthrough notes" in teammates
    assert "March walkthrough" in teammates and "https://example.org/w" in teammates
    nav = html.split('class="dimension-nav"')[1].split("</nav>")[0]
    first_link = nav.split(f'href="#dimension-{first.code}"')[1].split("</a>")[0]
    second_link = nav.split(f'href="#dimension-{second.code}"')[1].split("</a>")[0]
    assert "two levels apart" in first_link and "two levels apart" not in second_link
    assert "1 where teammates are two levels apart" in nav
    # a team member reads the same, read-only, never the coach
    member_page = client_for("member").get(url(draft_round, "consensus")).content.decode()
    assert "March walkthrough" in member_page
    assert client_for("coach").get(url(draft_round, "consensus")).status_code == 404


def test_only_a_lead_records_consensus_and_every_change_is_kept(
    cast, client_for, draft_round, framework
):
    dimension = dimensions_of(framework)[0]
    assert (
        save(client_for("member"), draft_round, dimension, version=0, mode="consensus").status_code
        == 403
    )
    lead = client_for("lead")
    assert (
        save(
            lead, draft_round, dimension, version=0, level=level(framework, 1), mode="consensus"
        ).status_code
        == 200
    )
    assert (
        save(
            lead,
            draft_round,
            dimension,
            version=1,
            level=level(framework, 2),
            evidence="Agreed after discussion",
            mode="consensus",
        ).status_code
        == 200
    )
    changes = list(Change.objects.filter(kind="team-rating").order_by("pk"))
    assert [(c.before.get("level", ""), c.after["level"]) for c in changes] == [
        ("", "Initiating"),
        ("Initiating", "Developing"),
    ]
    assert changes[1].changed_by == cast.lead
    history = lead.get(url(draft_round, "consensus_history", dimension=dimension.code))
    assert b"Agreed after discussion" in history.content


def test_submit_needs_every_dimension_agreed(cast, client_for, draft_round, framework):
    consensus_save(
        round_=draft_round,
        dimension=dimensions_of(framework)[0],
        expected_version=0,
        level=level(framework, 1),
        evidence="",
        next_steps="",
        acting_user=cast.lead,
    )
    response = client_for("lead").post(
        url(draft_round, "submit"), {"sharing": "coaches"}, follow=True
    )
    assert b"1 of 15 have one" in response.content
    draft_round.refresh_from_db()
    assert not draft_round.is_submitted


def test_a_submitted_round_is_read_only_until_a_lead_reopens_it_with_a_reason(
    cast, client_for, draft_round, framework
):
    agree_all(draft_round, cast.lead, evidence="evidence text")
    lead = client_for("lead")
    assert lead.post(url(draft_round, "submit"), {"sharing": "cohort"}).status_code == 302
    draft_round.refresh_from_db()
    assert draft_round.is_submitted and draft_round.shared_with == Audience.COHORT
    dimension = dimensions_of(framework)[0]
    refused = save(client_for("member"), draft_round, dimension, version=0)
    assert refused.status_code == 400
    assert "read-only" in str(refused.json())

    assert lead.post(url(draft_round, "reopen"), {"reason": ""}).status_code == 400
    assert (
        lead.post(
            url(draft_round, "reopen"), {"reason": "Board asked us to revisit grading"}
        ).status_code
        == 302
    )
    draft_round.refresh_from_db()
    assert not draft_round.is_submitted
    assert draft_round.shared_with == Audience.DISTRICT
    assert draft_round.reopenings.get().reason == "Board asked us to revisit grading"


# ------------------------------------------------------------------ sharing


def test_a_draft_is_invisible_to_coaches_and_facilitators(cast, client_for, draft_round):
    assert client_for("coach").get(url(draft_round)).status_code == 404
    assert client_for("facilitator").get(url(draft_round)).status_code == 404
    assert client_for("viewer").get(url(draft_round)).status_code == 200


def test_sharing_decides_who_sees_the_submitted_round(cast, client_for, submitted_round):
    assert client_for("coach").get(url(submitted_round)).status_code == 200
    assert client_for("facilitator").get(url(submitted_round)).status_code == 404
    client_for("lead").post(url(submitted_round, "share"), {"sharing": "cohort"})
    page = client_for("facilitator").get(url(submitted_round))
    assert page.status_code == 200
    assert b"Initiating" in page.content
    assert b"Board minutes of March" not in page.content  # the cohort sees no evidence text
    client_for("lead").post(url(submitted_round, "share"), {"sharing": "district"})
    assert client_for("coach").get(url(submitted_round)).status_code == 404


def test_coaches_never_see_the_spread_of_individual_ratings(cast, client_for, submitted_round):
    assert client_for("coach").get(url(submitted_round, "consensus")).status_code == 403
    assert b"rater" not in client_for("coach").get(url(submitted_round)).content


def test_a_submitted_round_counts_the_raters_of_each_dimension(
    cast, client_for, draft_round, framework
):
    """Issue 32: a submitted round said "Raters: Initiating 0, Developing 0, Performing 0"
    of every dimension nobody rated on their own, and listed the levels nobody chose."""
    first, second = dimensions_of(framework)[:2]
    rate(draft_round, cast.lead, first, 1)
    rate(draft_round, cast.member, first, 3)
    agree_all(draft_round, cast.lead)
    client_for("lead").post(url(draft_round, "submit"), {"sharing": "coaches"})
    for page in ("round", "consensus"):
        html = client_for("member").get(url(draft_round, page)).content.decode()
        rated = html.split(f'id="dimension-{first.code}"')[1].split("</p>")[0]
        unrated = html.split(f'id="dimension-{second.code}"')[1].split("</p>")[0]
        assert "2 raters: Initiating 1, Performing 1" in rated
        assert "Developing 0" not in rated
        assert "No teammate rated it on their own" in unrated
        assert " 0" not in unrated.split('class="subtle"')[1]


def test_the_outsider_sees_no_round(cast, client_for, submitted_round):
    assert client_for("outsider").get(url(submitted_round)).status_code == 404
    rounds = reverse("rubrics:rounds", kwargs={"district": cast.riverside.code})
    assert client_for("outsider").get(rounds).status_code == 404


# ------------------------------------------------------------------ review


def test_coach_comments_the_district_replies_and_sees_it_unread(
    cast, client_for, submitted_round, framework
):
    dimension = dimensions_of(framework)[2]
    coach = client_for("coach")
    response = coach.post(
        url(submitted_round, "comment"),
        {"body": "What evidence backs this?", "dimension": dimension.code},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.dimension, comment.author) == (dimension, cast.coach)

    home = client_for("member").get(cast.riverside.get_absolute_url())
    assert b"1 unread comment" in home.content
    round_page = client_for("member").get(url(submitted_round))
    assert b"What evidence backs this?" in round_page.content
    assert (
        b"unread comment" not in client_for("member").get(cast.riverside.get_absolute_url()).content
    )

    reply = client_for("member").post(
        url(submitted_round, "comment"),
        {"body": "Minutes of the March board meeting.", "reply_to": comment.code},
    )
    assert reply.status_code == 302
    assert comment.replies.get().author == cast.member
    assert b"1 unread comment" in client_for("coach").get(cast.riverside.get_absolute_url()).content


def test_a_viewer_and_a_facilitator_cannot_comment(cast, client_for, submitted_round):
    assert (
        client_for("viewer").post(url(submitted_round, "comment"), {"body": "hi"}).status_code
        == 403
    )
    client_for("lead").post(url(submitted_round, "share"), {"sharing": "cohort"})
    assert (
        client_for("facilitator").post(url(submitted_round, "comment"), {"body": "hi"}).status_code
        == 403
    )
    assert not Comment.objects.exists()


def test_coach_marks_a_submitted_round_reviewed(cast, client_for, submitted_round):
    assert client_for("member").post(url(submitted_round, "reviewed")).status_code == 403
    assert client_for("coach").post(url(submitted_round, "reviewed")).status_code == 302
    submitted_round.refresh_from_db()
    assert submitted_round.reviewed_by == cast.coach


# ------------------------------------------------------------------ change over time


@pytest.fixture
def later_round(cast, framework, submitted_round):
    """Fall after spring: the first dimension grew, the second went back, the rest stayed."""
    ConsensusRating.objects.filter(
        round=submitted_round, dimension=dimensions_of(framework)[1]
    ).update(level=level(framework, 2))
    return submitted(cast.riverside, cast.lead, framework, title="Fall 2026", positions={0: 2})


def test_comparison_shows_growth_same_and_regression_with_a_chart(
    cast, client_for, submitted_round, later_round
):
    response = client_for("coach").get(
        reverse("rubrics:compare", kwargs={"district": cast.riverside.code}),
        {"earlier": submitted_round.code, "later": later_round.code},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "↑ growth" in html and "↓ regression" in html and "= same" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert "Policy and Framework: 1 grew, 2 stayed, 1 went back." in html


def test_comparing_rounds_of_two_frameworks_says_so_and_compares_nothing(
    cast, client_for, submitted_round
):
    from tests.rubric_helpers import load_rubric

    other = submitted(
        cast.riverside, cast.lead, load_rubric("mastery-collaborative-implementation"), title="CI"
    )
    url = reverse("rubrics:compare", kwargs={"district": cast.riverside.code})
    query = {"earlier": submitted_round.code, "later": other.code}
    client = client_for("lead")
    for _ in range(2):  # made, then kept
        html = client.get(url, query).content.decode()
        assert "Choose two rounds of the same framework to compare them." in html
        assert "<svg" not in html
    # By default, the latest round and the one before it of the same framework: here none.
    html = client.get(url).content.decode()
    assert "Choose two rounds" not in html and "<svg" not in html


def test_the_chart_escapes_every_text(cast, submitted_round, later_round):
    from rubrics import charts
    from rubrics.selectors import compare_rounds

    later_round.title = '<script>alert("x")</script>'
    domains = compare_rounds(submitted_round, later_round)
    svg = charts.comparison_svg(
        domains, list(later_round.framework.levels.all()), earlier="a", later=later_round.title
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_without_javascript_a_save_returns_to_the_dimension(
    cast, client_for, draft_round, framework
):
    dimension = dimensions_of(framework)[4]
    response = first_save(client_for, draft_round, dimension, 2, json=False)
    assert response.status_code == 302
    assert response.url.endswith(f"/rate/#dimension-{dimension.code}")
    assert Rating.objects.get().level.name == "Developing"


def test_a_team_rating_refused_without_javascript_still_shows_the_teammates_files(
    cast, client_for, draft_round, framework
):
    dimension = dimensions_of(framework)[0]
    milo = rate(draft_round, cast.member, dimension, 2)
    attachment_add_link(
        item=milo, title="March walkthrough", url="https://example.org/w", acting_user=cast.member
    )
    lead = client_for("lead")
    save(lead, draft_round, dimension, version=0, level=level(framework, 1), mode="consensus")
    stale = save(
        lead,
        draft_round,
        dimension,
        version=0,
        level=level(framework, 3),
        mode="consensus",
        json=False,
    )
    assert stale.status_code == 409
    form = stale.content.decode().split(f'id="dimension-{dimension.code}"')[1].split("</form>")[0]
    assert "Saved elsewhere first" in form and "March walkthrough" in form


def test_a_round_can_prepare_for_a_meeting_of_the_districts_cohort(cast, client_for, framework):
    from datetime import date

    from districts.models import Cohort
    from meetings.models import Meeting

    ours = Meeting.objects.create(
        cohort=cast.cohort, title="December PLG", first_date=date(2026, 12, 15)
    )
    other = Meeting.objects.create(
        cohort=Cohort.objects.create(name="Elsewhere"),
        title="Not ours",
        first_date=date(2026, 12, 16),
    )
    new = reverse("rubrics:round_new", kwargs={"district": cast.riverside.code})
    data = {"title": "Before December", "framework": framework.code, "sharing": "coaches"}
    refused = client_for("lead").post(new, {**data, "meeting": other.code})
    assert refused.status_code == 400
    assert not AssessmentRound.objects.exists()
    assert client_for("lead").post(new, {**data, "meeting": ours.code}).status_code == 302
    round_ = AssessmentRound.objects.get()
    assert round_.meeting == ours
    assert b"December PLG" in client_for("viewer").get(url(round_)).content


def test_the_team_rating_page_shows_each_teammates_rating_inside_the_district_only(
    cast, client_for, framework, draft_round
):
    first = dimensions_of(framework)[0]
    for role, position, name in (("lead", 2, "Lena"), ("member", 1, "Milo")):
        rate(draft_round, cast.person(role), first, position, evidence=f"{name}'s evidence")
    page = client_for("lead").get(url(draft_round, "consensus")).content.decode()
    section = page.split(f'id="dimension-{first.code}"', 1)[1].split("</details>", 1)[0]
    assert "What each teammate rated (2)" in section
    assert "<strong>Lena Lead</strong>" in section and "Lena&#x27;s evidence" in section
    assert "<strong>Milo Member</strong>" in section and "Milo&#x27;s evidence" in section
    assert "No teammate has rated this dimension yet." in page  # the other dimensions
    # viewers of the team read it too; coaches and the cohort never reach the page
    assert (
        "Milo&#x27;s evidence"
        in client_for("viewer").get(url(draft_round, "consensus")).content.decode()
    )
    for role in ("coach", "facilitator"):
        assert client_for(role).get(url(draft_round, "consensus")).status_code in (403, 404)
