"""The coordinator's dashboard: every number from a GROUP BY, so its cost does not grow with the
number of letters; each chart comes with the table of its numbers."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from markupsafe import Markup

from campaign.core import centres
from campaign.core.centres import Center
from campaign.core.clock import to_local, today
from campaign.donors.models import Claim
from campaign.letters import queries as letter_queries
from campaign.letters.models import Campaign, LetterStatus
from campaign.parcels import charts, queries

MAX_DAYS = 92
STATUS_ORDER = [s.value for s in LetterStatus]


@dataclass
class CenterRow:
    center: Center
    counts: dict[str, int]
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class DayRow:
    day: date
    claimed: int
    received: int
    delivered: int


@dataclass
class Dashboard:
    campaign: Campaign
    status_counts: dict[str, int]
    centers: list[CenterRow]
    overdue: int
    covered: int
    days: list[DayRow]
    activity_chart: Markup
    load_centers: list[Center]
    load: list[tuple[date, list[int]]]  # per day, one count per centre in `load_centers`
    load_chart: Markup
    unclaimed: list[tuple[tuple[int, int], int]]
    unclaimed_chart: Markup

    @property
    def total(self) -> int:
        return sum(self.status_counts.values())


def build_dashboard(campaign: Campaign) -> Dashboard:
    centers = centres.all_centers()
    by_center = letter_queries.status_counts_by_center(campaign.id)
    overdue_by_center = queries.overdue_count_by_center(campaign)
    claimed = queries.claims_per_day(campaign, Claim.created_at)
    received = queries.claims_per_day(campaign, Claim.received_at)
    delivered = queries.claims_per_day(campaign, Claim.delivered_at)
    days = _day_range(campaign, [claimed, received, delivered])
    day_rows = [DayRow(d, claimed.get(d, 0), received.get(d, 0), delivered.get(d, 0)) for d in days]
    load_centers, load = _load(campaign, centers)
    unclaimed = queries.unclaimed_by_age_group(campaign)
    return Dashboard(
        campaign=campaign,
        status_counts=letter_queries.campaign_status_counts(campaign.id),
        centers=[
            CenterRow(c, by_center.get(c.id, {}), overdue_by_center.get(c.id, 0)) for c in centers
        ],
        overdue=sum(overdue_by_center.values()),
        covered=queries.covered_count(campaign),
        days=day_rows,
        activity_chart=_activity_chart(day_rows),
        load_centers=load_centers,
        load=load,
        load_chart=_load_chart(load_centers, load),
        unclaimed=unclaimed,
        unclaimed_chart=charts.bar_chart(
            "chart-unclaimed",
            _("Listy bez darczyńcy według wieku dziecka"),
            [(f"{low}–{high}", n) for (low, high), n in unclaimed],
            _("Liczba listów czekających na darczyńcę w grupach wieku; liczby w tabeli obok."),
        ),
    )


def _day_range(campaign: Campaign, series: list[dict[date, int]]) -> list[date]:
    """From the opening of claims (or the first event) to today (or the last event)."""
    seen = [d for counts in series for d in counts]
    start = min([to_local(campaign.claims_open_at).date(), *seen])
    end = max([min(today(), campaign.delivery_date), *seen])
    start = max(start, end - timedelta(days=MAX_DAYS - 1))
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _activity_chart(rows: list[DayRow]) -> Markup:
    return charts.line_chart(
        "chart-activity",
        _("Rezerwacje i paczki dzień po dniu"),
        [r.day for r in rows],
        [
            charts.Series(_("rezerwacje"), [r.claimed for r in rows]),
            charts.Series(_("paczki przyjęte"), [r.received for r in rows]),
            charts.Series(_("paczki wydane"), [r.delivered for r in rows]),
        ],
        _("Liczba nowych rezerwacji, przyjętych i wydanych paczek każdego dnia; liczby w tabeli."),
    )


def _load(campaign: Campaign, centers: list[Center]) -> tuple[list[Center], list]:
    """Parcels taken in per drop-off point and day, only days and points that had any."""
    counts = queries.received_per_center_day(campaign)
    used = {center_id for center_id, _day in counts}
    load_centers = [c for c in centers if c.id in used]
    days = sorted({day for _center, day in counts})
    rows = [(day, [counts.get((c.id, day), 0) for c in load_centers]) for day in days]
    return load_centers, rows


def _load_chart(load_centers: list[Center], rows: list) -> Markup:
    return charts.line_chart(
        "chart-load",
        _("Obciążenie punktów zbiórki: paczki przyjęte dziennie"),
        [day for day, _counts in rows],
        [
            charts.Series(center.label, [counts[i] for _day, counts in rows])
            for i, center in enumerate(load_centers)
        ],
        _("Liczba paczek przyjętych w każdym punkcie każdego dnia; liczby w tabeli obok."),
    )
