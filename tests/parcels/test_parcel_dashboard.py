"""The coordinator's dashboard: its numbers are the true counts, and its cost does not grow."""

import re
from collections import Counter
from datetime import timedelta

import pytest

from campaign.core.clock import today
from campaign.letters.models import LetterStatus
from campaign.parcels.services import deliver_parcels, mark_covered, receive_parcel
from tests.conftest import counted_statements, login
from tests.parcels.parcel_helpers import text_of

S = LetterStatus


def number(html: str, element_id: str) -> int:
    match = re.search(rf'id="{element_id}"[^>]*>(\d+)</a>', html)
    assert match, f"no number with id {element_id}"
    return int(match.group(1))


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


@pytest.fixture
def populate(make_campaign, make_center, make_letter, make_claim, make_user, coordinator):
    """Add letters in every state (with their claims, receipts and deliveries) to one centre."""
    campaign = make_campaign()
    center = make_center()
    pattern = [S.AVAILABLE, S.CLAIMED, "overdue", S.RECEIVED, S.DELIVERED, S.DRAFT, S.REVIEW]

    def add(n: int, age: int = 8) -> None:
        for i in range(n):
            kind = pattern[i % len(pattern)]
            if kind == "overdue":
                make_claim(
                    letter=make_letter(
                        S.CLAIMED, campaign=campaign, center=center, donor=make_user()
                    ),
                    deadline=today() - timedelta(days=2),
                )
                continue
            status = S.CLAIMED if kind in (S.RECEIVED, S.DELIVERED) else kind
            letter = make_letter(
                status, campaign=campaign, center=center, age=age, donor=make_user()
            )
            if kind in (S.RECEIVED, S.DELIVERED):
                receive_parcel(coordinator, letter, "complete")
            if kind == S.DELIVERED:
                deliver_parcels(coordinator, [letter])

    add.campaign, add.center = campaign, center
    return add


def test_dashboard_numbers_equal_the_counts(
    client, coordinator, make_campaign, make_center, make_letter, make_claim, make_user
):
    campaign = make_campaign()
    north, south = make_center(), make_center()
    plan = {
        north: [S.AVAILABLE] * 3 + [S.CLAIMED] * 2 + [S.RECEIVED] + [S.DRAFT],
        south: [S.AVAILABLE] + [S.CLAIMED] * 3 + [S.DELIVERED] * 2 + [S.WITHDRAWN],
    }
    letters = {
        center: [
            make_letter(status, campaign=campaign, center=center, age=age, donor=make_user())
            for status, age in zip(statuses, [2, 5, 9, 12, 16, 3, 8], strict=False)
        ]
        for center, statuses in plan.items()
    }
    late = [letter for letter in letters[south] if letter.status == S.CLAIMED][:2]
    for letter in late:
        make_claim(letter=letter, deadline=today() - timedelta(days=1))
    covered = letters[north][0]
    mark_covered(coordinator, covered, "Partner")
    make_letter(S.AVAILABLE, campaign=make_campaign())  # another campaign: not counted

    login(client, coordinator)
    html = text_of(client.get("/koordynacja"))

    expected = Counter(status for statuses in plan.values() for status in statuses)
    for status in S:
        assert number(html, f"count-{status.value}") == expected[status]
    for center, statuses in plan.items():
        per_center = Counter(statuses)
        for status in S:
            assert number(html, f"count-{center.number}-{status.value}") == per_center[status]
    assert number(html, "count-overdue") == len(late)
    assert number(html, f"count-{south.number}-overdue") == len(late)
    assert number(html, f"count-{north.number}-overdue") == 0
    assert number(html, "count-covered") == 1

    waiting = [
        letter
        for center_letters in letters.values()
        for letter in center_letters
        if letter.status == S.AVAILABLE and letter.id != covered.id
    ]
    for low, high in [(0, 3), (4, 6), (7, 10), (11, 14), (15, 18)]:
        in_group = [letter for letter in waiting if low <= letter.age <= high]
        assert number(html, f"unclaimed-{low}-{high}") == len(in_group)


def test_numbers_link_to_the_lists_behind_them(client, coordinator, make_letter):
    make_letter(S.AVAILABLE)
    login(client, coordinator)
    html = text_of(client.get("/koordynacja"))
    assert 'href="/pracownik/listy?status=available"' in html
    assert 'href="/koordynacja/zaleglosci"' in html
    assert "/koordynacja/zaleglosci?age_min=7&amp;age_max=10#nieodebrane" in html


def test_charts_are_svg_images_with_a_title_and_a_table(client, coordinator, populate):
    populate(7)
    login(client, coordinator)
    html = text_of(client.get("/koordynacja"))
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) == 3
    assert all('role="img"' in svg for svg in svgs)
    assert html.count("<title id=") == 3
    assert "<script" not in html.split("<main", 1)[1]
    day = today()
    assert f'<th scope="row">{day.day}.{day.month:02d}.{day.year}</th>' in html


@pytest.mark.parametrize(
    "path",
    [
        "/koordynacja",
        "/koordynacja/zaleglosci",
        "/punkt/wydawanie?center={center}",
        "/koordynacja/dziennik",
        "/koordynacja/eksport/claims.csv",
        "/koordynacja/eksport/parcels.csv",
        "/koordynacja/eksport/letters.csv",
    ],
)
def test_statements_per_page_do_not_grow_with_the_letters(client, coordinator, populate, path):
    path = path.format(center=populate.center.number)
    login(client, coordinator)

    def statements() -> int:
        client.get(path)  # warm-up: first-request work is not what is measured
        with counted_statements() as seen:
            assert client.get(path).status_code == 200
        return len(seen)

    populate(5)
    few = statements()
    populate(45)
    many = statements()
    assert few == many
    assert few > 2  # the listener did see the page's queries


def test_chart_text_is_escaped_and_the_axis_is_a_round_number():
    from campaign.parcels.charts import bar_chart, nice_ceiling

    svg = str(bar_chart("c", "Tytuł <b>", [("<script>alert(1)</script>", 37)], "opis & więcej"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert '<title id="c-title">Tytuł &lt;b&gt;</title>' in svg
    assert [nice_ceiling(n) for n in (0, 1, 3, 7, 37, 120, 600)] == [1, 1, 5, 10, 50, 200, 1000]
