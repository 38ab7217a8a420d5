"""`flask purge`: after the retention period donors' personal data goes; statistics stay."""

import os
from datetime import UTC, datetime, time, timedelta

import pytest

from campaign.auth.models import User
from campaign.core.clock import today
from campaign.extensions import db
from campaign.letters.models import Campaign, Letter, LetterStatus
from tests.parcels.parcel_helpers import claim_of, fresh

RETENTION = 90


@pytest.fixture
def world(app, make_campaign, make_user, make_letter, make_claim):
    """A live campaign, one past its retention period, one delivered recently."""
    live = make_campaign(is_current=True)
    old = make_campaign(
        is_current=False,
        parcel_deadline=today() - timedelta(days=RETENTION + 20),
        delivery_date=today() - timedelta(days=RETENTION + 10),
    )
    recent = make_campaign(
        is_current=False,
        parcel_deadline=today() - timedelta(days=20),
        delivery_date=today() - timedelta(days=10),
    )
    only_old = make_user("donor", display_name="Stara", email="stara@example.org")
    both = make_user("donor", display_name="Obie", email="obie@example.org")
    only_live = make_user("donor", display_name="Nowa", email="nowa@example.org")
    only_recent = make_user("donor", display_name="Świeża", email="swieza@example.org")
    letters = {
        "old_only": make_letter(LetterStatus.DELIVERED, campaign=old, donor=only_old),
        "old_both": make_letter(LetterStatus.DELIVERED, campaign=old, donor=both),
        "live_both": make_letter(LetterStatus.CLAIMED, campaign=live, donor=both),
        "live_only": make_letter(LetterStatus.CLAIMED, campaign=live, donor=only_live),
        "recent": make_letter(LetterStatus.DELIVERED, campaign=recent, donor=only_recent),
        "old_walkin": make_letter(LetterStatus.DELIVERED, campaign=old),
        "live_walkin": make_letter(LetterStatus.CLAIMED, campaign=live),
    }
    for key in ("old_walkin", "live_walkin"):
        claim = claim_of(letters[key])
        claim.walkin_name, claim.walkin_contact = "Pan Zenon", "600 100 200"
        db.session.commit()
    for key in ("old_only", "live_both"):
        claim_of(letters[key]).intake_note = "Zostawiła kartkę z numerem telefonu"
        db.session.commit()
    return {
        "campaigns": {"live": live, "old": old, "recent": recent},
        "donors": {
            "only_old": only_old,
            "both": both,
            "only_live": only_live,
            "recent": only_recent,
        },
        "letters": letters,
    }


def snapshot() -> dict:
    db.session.expire_all()
    return {
        table.name: sorted(map(tuple, db.session.execute(table.select()).all()), key=repr)
        for table in db.metadata.sorted_tables
    }


def test_purge_removes_exactly_the_personal_data_past_retention(runner, world):
    result = runner.invoke(args=["purge", "--days", str(RETENTION)])
    assert result.exit_code == 0, result.output
    donors, letters, campaigns = world["donors"], world["letters"], world["campaigns"]

    gone = fresh(donors["only_old"])
    assert gone.email is None and gone.display_name == "" and gone.anonymised_at is not None
    for key in ("both", "only_live", "recent"):
        kept = fresh(donors[key])
        assert kept.email is not None and kept.anonymised_at is None

    old_walkin = claim_of(letters["old_walkin"])
    assert (old_walkin.walkin_name, old_walkin.walkin_contact) == ("", "")
    live_walkin = claim_of(letters["live_walkin"])
    assert (live_walkin.walkin_name, live_walkin.walkin_contact) == ("Pan Zenon", "600 100 200")
    assert claim_of(letters["old_only"]).intake_note == ""
    assert claim_of(letters["live_both"]).intake_note != ""

    # Statistics and codes stay: the letters, their states and the claims are all still there.
    old_letter = fresh(letters["old_only"])
    assert old_letter.code == letters["old_only"].code and old_letter.status == "delivered"
    assert claim_of(old_letter).donor_id == donors["only_old"].id
    assert fresh(campaigns["old"]).purged_at is not None
    assert fresh(campaigns["recent"]).purged_at is None
    assert fresh(campaigns["live"]).purged_at is None


def test_dry_run_reports_and_changes_nothing(runner, world):
    before = snapshot()
    result = runner.invoke(args=["purge", "--dry-run", "--days", str(RETENTION)])
    assert result.exit_code == 0, result.output
    assert snapshot() == before
    assert "Would purge campaign " + world["campaigns"]["old"].code_prefix in result.output
    assert "donor accounts anonymised: 1" in result.output
    assert "walk-in donors' contacts cleared: 1" in result.output
    assert "intake notes cleared: 1" in result.output


def test_second_purge_finds_nothing(runner, world):
    runner.invoke(args=["purge", "--days", str(RETENTION)])
    before = snapshot()
    result = runner.invoke(args=["purge", "--days", str(RETENTION)])
    assert "Nothing to purge" in result.output
    assert snapshot() == before


def test_days_option_and_config_decide_what_is_past_retention(runner, world, app):
    app.config["RETENTION_DAYS"] = 5
    runner.invoke(args=["purge"])
    assert fresh(world["campaigns"]["recent"]).purged_at is not None
    assert fresh(world["donors"]["recent"]).anonymised_at is not None
    assert fresh(world["donors"]["both"]).anonymised_at is None


def test_purge_keeps_the_campaign_counts(runner, world):
    old = world["campaigns"]["old"]

    def counts():
        db.session.expire_all()
        return db.session.execute(
            db.select(Letter.status, db.func.count())
            .where(Letter.campaign_id == old.id)
            .group_by(Letter.status)
        ).all()

    before = counts()
    runner.invoke(args=["purge", "--days", str(RETENTION)])
    assert counts() == before
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 4
    assert db.session.get(Campaign, old.id).code_prefix == old.code_prefix


@pytest.fixture(autouse=True)
def exports_dir(app, tmp_path):
    """A private instance folder, so no test ever touches real exports."""
    app.instance_path = str(tmp_path / "instance")
    folder = tmp_path / "instance" / "exports"
    folder.mkdir(parents=True)
    return folder


def _csv_aged(path, days: int):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("kod;imię\r\n")
    moment = (datetime.now(UTC) - timedelta(days=days)).timestamp()
    os.utime(path, (moment, moment))
    return path


@pytest.fixture
def idle(world, make_user):
    """Donors who never claimed a letter: one from before the old campaign, one signed up since."""
    old = world["campaigns"]["old"]
    before = make_user("donor", display_name="Nigdy", email="nigdy@example.org")
    before.created_at = datetime.combine(old.delivery_date - timedelta(days=30), time(12))
    since = make_user("donor", display_name="Czeka", email="czeka@example.org")
    since.created_at = datetime.combine(old.delivery_date + timedelta(days=5), time(12))
    staff = make_user("social_worker", email="pracownik@example.org")
    staff.created_at = before.created_at
    db.session.commit()
    return {"before": before, "since": since, "staff": staff}


def test_donors_who_never_claimed_are_anonymised_after_the_campaign_they_lived_through(
    runner, world, idle, exports_dir
):
    result = runner.invoke(args=["purge", "--days", str(RETENTION)])
    assert result.exit_code == 0, result.output
    assert "unused donor accounts anonymised: 1" in result.output
    gone = fresh(idle["before"])
    assert gone.email is None and gone.anonymised_at is not None
    assert fresh(idle["since"]).email == "czeka@example.org"  # waits for the next campaign
    assert fresh(idle["staff"]).email == "pracownik@example.org"  # only donors
    assert fresh(world["donors"]["only_live"]).anonymised_at is None


def test_an_old_donor_with_a_claim_in_the_live_campaign_is_kept(
    runner, world, idle, exports_dir, make_letter
):
    make_letter(LetterStatus.CLAIMED, campaign=world["campaigns"]["live"], donor=idle["before"])
    runner.invoke(args=["purge", "--days", str(RETENTION)])
    assert fresh(idle["before"]).anonymised_at is None


def test_unused_accounts_are_anonymised_even_when_no_campaign_is_due(
    runner, world, idle, exports_dir
):
    runner.invoke(args=["purge", "--days", str(RETENTION)])
    # The old campaign is purged already; an unused account from before it turns up later
    # (e.g. restored from a backup): the next run takes it although no campaign is due.
    late = fresh(idle["since"])
    late.created_at = idle["before"].created_at
    db.session.commit()
    result = runner.invoke(args=["purge", "--days", str(RETENTION)])
    assert result.exit_code == 0, result.output
    assert "unused donor accounts anonymised: 1" in result.output
    assert fresh(late).anonymised_at is not None


def test_csv_exports_older_than_the_retention_period_are_deleted(runner, world, exports_dir):
    old = _csv_aged(exports_dir / "kmp25-2025-12-01" / "rezerwacje.csv", RETENTION + 5)
    fresh_file = _csv_aged(exports_dir / "kmp26-2026-11-30" / "rezerwacje.csv", 3)
    other = _csv_aged(exports_dir / "notatka.txt", RETENTION + 5)

    result = runner.invoke(args=["purge", "--days", str(RETENTION)])

    assert result.exit_code == 0, result.output
    assert "old CSV exports deleted: 1" in result.output and str(old) in result.output
    assert not old.exists() and not old.parent.exists()
    assert fresh_file.exists() and other.exists()


def test_dry_run_lists_unused_accounts_and_old_exports_and_changes_nothing(
    runner, world, idle, exports_dir
):
    old = _csv_aged(exports_dir / "kmp25" / "listy.csv", RETENTION + 5)
    before = snapshot()
    result = runner.invoke(args=["purge", "--dry-run", "--days", str(RETENTION)])
    assert result.exit_code == 0, result.output
    assert "unused donor accounts anonymised: 1" in result.output
    assert "old CSV exports deleted: 1" in result.output and str(old) in result.output
    assert snapshot() == before
    assert old.exists()
