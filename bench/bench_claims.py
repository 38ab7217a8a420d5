"""A claim storm on PostgreSQL: 2,000 claim attempts on 200 letters by 50 client threads, each a
random donor (limit 3) taking a random letter through `claim_letters`. Reported: claims won,
letters claimed twice (must be 0: a SQL count of letters with more than one holding claim),
refusals and errors, and the throughput of attempts as a ratio to 2,000 plain SELECTs of a letter
by the same threads. Three rounds, each on a freshly filled database; the median ratio is
reported, the counts are summed. Needs BENCH_DATABASE_URL or TEST_DATABASE_URL (its tables are
recreated); confirmation e-mails are off, this measures the database's side."""

import random
import threading
import time
from collections import Counter
from datetime import timedelta

from bench.common import Result, bench_app, postgresql_url

ATTEMPTS = 2_000
LETTERS = 200
CLIENTS = 50
ROUNDS = 3
DONORS = 400


def _fill(app) -> tuple[list[int], list[int]]:
    from sqlalchemy import insert

    from campaign.auth.models import User
    from campaign.core.centres import Center
    from campaign.core.clock import today, utcnow
    from campaign.extensions import db
    from campaign.letters.codes import generate_code
    from campaign.letters.models import Campaign, Letter

    with app.app_context():
        center = Center(number=1, name="Centrum Pracy Socjalnej nr 1", address="ul. Testowa 1")
        campaign = Campaign(
            name="Storm",
            year=2026,
            code_prefix="KMP26",
            claims_open_at=utcnow() - timedelta(days=1),
            claims_close_at=utcnow() + timedelta(days=20),
            parcel_deadline=today() + timedelta(days=14),
            delivery_date=today() + timedelta(days=21),
            default_letter_limit=3,
            is_current=True,
        )
        db.session.add_all([center, campaign])
        db.session.flush()
        codes = {generate_code("KMP26") for _ in range(LETTERS * 2)}
        db.session.execute(
            insert(Letter),
            [
                {
                    "code": code,
                    "campaign_id": campaign.id,
                    "center_id": center.id,
                    "age": 8,
                    "gender": "f",
                    "wish": "Klocki",
                    "status": "available",
                }
                for code in sorted(codes)[:LETTERS]
            ],
        )
        now = utcnow()
        db.session.execute(
            insert(User),
            [
                {
                    "email": f"storm{i}@example.org",
                    "role": "donor",
                    "display_name": f"Storm {i}",
                    "email_verified_at": now,
                }
                for i in range(DONORS)
            ],
        )
        db.session.commit()
        return list(db.session.scalars(db.select(Letter.id))), list(
            db.session.scalars(db.select(User.id))
        )


def _storm(app, plan: list[list[tuple[int, int]]], attempt) -> tuple[float, Counter]:
    """Run `attempt(donor_id, letter_id)` over each thread's share of the plan, all at once."""
    from campaign.extensions import db

    outcomes: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(len(plan) + 1)

    def client(share: list[tuple[int, int]]) -> None:
        with app.app_context():
            seen: Counter = Counter()
            barrier.wait()
            for donor_id, letter_id in share:
                try:
                    seen[attempt(donor_id, letter_id)] += 1
                except Exception as error:  # counted: a storm must not raise anything else
                    db.session.rollback()
                    seen[type(error).__name__] += 1
            db.session.remove()
        with lock:
            outcomes.update(seen)

    threads = [threading.Thread(target=client, args=(share,)) for share in plan]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, outcomes


def _claim(donor_id: int, letter_id: int) -> str:
    from campaign.auth.models import User
    from campaign.core.errors import DomainError
    from campaign.donors.services import claim_letter
    from campaign.extensions import db
    from campaign.letters.models import Letter

    try:
        claim_letter(
            db.session.get(User, donor_id),
            db.session.get(Letter, letter_id),
            send_confirmation=False,
        )
    except DomainError as refused:
        return refused.code
    return "won"


def _select(_donor_id: int, letter_id: int) -> str:
    from campaign.extensions import db
    from campaign.letters.models import Letter

    db.session.execute(db.select(Letter.status).where(Letter.id == letter_id)).one()
    db.session.commit()
    return "read"


def _doubled(app) -> tuple[int, int]:
    from sqlalchemy import text

    from campaign.extensions import db

    with app.app_context():
        doubled = db.session.scalar(
            text(
                "SELECT count(*) FROM (SELECT letter_id FROM claims "
                "WHERE status IN ('active', 'received', 'delivered') "
                "GROUP BY letter_id HAVING count(*) > 1) AS twice"
            )
        )
        over_limit = db.session.scalar(
            text(
                "SELECT count(*) FROM (SELECT donor_id FROM claims WHERE status = 'active' "
                "GROUP BY donor_id HAVING count(*) > 3) AS over"
            )
        )
    return doubled, over_limit


def _round(url: str, seed: int) -> tuple[float, float, Counter, int, int]:
    """One storm on a freshly filled database: plain SELECTs, then the claims, then the counts."""
    app = bench_app(url, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": CLIENTS, "max_overflow": 5})
    letter_ids, donor_ids = _fill(app)
    rng = random.Random(seed)
    attempts = [(rng.choice(donor_ids), rng.choice(letter_ids)) for _ in range(ATTEMPTS)]
    plan = [attempts[i::CLIENTS] for i in range(CLIENTS)]

    read_seconds, _ = _storm(app, plan, _select)
    claim_seconds, outcomes = _storm(app, plan, _claim)
    doubled, over_limit = _doubled(app)
    with app.app_context():
        from campaign.extensions import db

        db.engine.dispose()
    return ATTEMPTS / read_seconds, ATTEMPTS / claim_seconds, outcomes, doubled, over_limit


def run() -> list[Result]:
    url = postgresql_url()
    if not url:
        return [Result("claim storm", 0, "", note="skipped: set BENCH_DATABASE_URL (PostgreSQL)")]
    # A storm of 50 threads on two cores is a noisy measure (the threads, the database and the
    # machine share the cores): a few rounds, each on a fresh database, and the median ratio.
    rounds = [_round(url, seed) for seed in range(26, 26 + ROUNDS)]
    ratios = sorted((claims / reads, n) for n, (reads, claims, *_rest) in enumerate(rounds))
    reads, claims, _, _, _ = rounds[ratios[len(ratios) // 2][1]]
    outcomes: Counter = Counter()
    for round_ in rounds:
        outcomes.update(round_[2])
    doubled = sum(r[3] for r in rounds)
    over_limit = sum(r[4] for r in rounds)

    refused = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()) if k != "won")
    clean = {"won", "conflict", "limit_reached", "already_yours"}
    errors = sum(v for k, v in outcomes.items() if k not in clean)
    note = f"{ATTEMPTS} attempts, {LETTERS} letters, {CLIENTS} threads"
    every = ", ".join(f"{ratio:.2f}" for ratio, _ in sorted(ratios, key=lambda r: r[1]))
    return [
        Result(
            "claims won",
            outcomes["won"],
            "claims",
            note=f"{ROUNDS} rounds of {note}; refused: {refused}",
        ),
        Result("letters claimed twice", doubled, "letters", note="must be 0 (SQL count)"),
        Result("donors over their limit", over_limit, "donors", note="must be 0 (SQL count)"),
        Result("errors (neither won nor a clean refusal)", errors, "attempts", note="must be 0"),
        Result(
            "claim attempts throughput",
            claims,
            "attempts/s",
            "plain SELECTs",
            reads,
            f"{note}; the round of the median ratio (rounds: {every})",
        ),
    ]
