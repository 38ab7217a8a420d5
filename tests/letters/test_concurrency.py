"""Race-free where two people act at once: walk-in claims and switching the current campaign.

Each thread works in its own application context (its own database session and connection), as
two requests would; a barrier lines them up.
"""

import threading

from campaign.auth.models import User
from campaign.core.errors import Conflict
from campaign.donors import services as donor_services
from campaign.donors.models import Claim
from campaign.extensions import db
from campaign.letters import campaigns
from campaign.letters.models import Campaign, Letter

THREADS = 8


def race(app, action, count=THREADS) -> list[str]:
    """Run `action(index)` in `count` threads at once; returns "ok" or the error's class name."""
    barrier = threading.Barrier(count)
    outcomes: list[str] = []

    def worker(index: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                action(index)
                outcomes.append("ok")
            except Conflict:
                outcomes.append("conflict")
            except Exception as error:  # any other failure is reported, not swallowed
                outcomes.append(type(error).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_walkin_donors_racing_for_one_paper_letter_make_one_claim(app, world, letter_of):
    letter_id, coordinator_id = letter_of("available").id, world.coordinator.id
    db.session.commit()

    def record(index: int) -> None:
        letter, actor = db.session.get(Letter, letter_id), db.session.get(User, coordinator_id)
        donor_services.record_walkin_claim(
            letter, actor=actor, name=f"Osoba {index}", contact="a@b.pl"
        )

    outcomes = race(app, record)
    assert sorted(outcomes) == ["conflict"] * (THREADS - 1) + ["ok"]
    assert db.session.query(Claim).filter_by(letter_id=letter_id).count() == 1
    assert db.session.get(Letter, letter_id).status == "claimed"


def test_switching_the_current_campaign_at_once_leaves_exactly_one(app, world, make_campaign):
    others = [make_campaign(code_prefix=f"R{i}27", is_current=False).id for i in range(4)]
    coordinator_id = world.coordinator.id
    db.session.commit()

    def switch(index: int) -> None:
        campaign = db.session.get(Campaign, others[index])
        campaigns.make_current(campaign, actor=db.session.get(User, coordinator_id))

    outcomes = race(app, switch, count=len(others))
    assert set(outcomes) <= {"ok", "conflict"} and "ok" in outcomes
    db.session.expire_all()
    assert db.session.query(Campaign).filter(Campaign.is_current.is_(True)).count() == 1
