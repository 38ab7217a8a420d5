"""The one compare-and-set: a conditional UPDATE whose row count says who won.

Two people (or two processes) may act on the same row at once; the database decides by running
`UPDATE ... WHERE <the state the caller decided on>` and reporting how many rows matched. Every
conditional status or claim update goes through here, so the pattern is written once.
"""

from collections.abc import Collection

from sqlalchemy import update

from campaign.extensions import db


def compare_and_set(model, row_id: int | Collection[int], expected: dict, values: dict, *also):
    """True when this transaction won every row it aimed at.

    `row_id` is one primary key or several (all must be won: the caller rolls back otherwise);
    `expected` holds columns that must still have these values (None means IS NULL); `also`,
    further SQL conditions. The session's copies are not refreshed: callers decide what to
    re-read, so a lost race never overwrites what they already hold.
    """
    ids = [row_id] if isinstance(row_id, int) else list(row_id)
    conditions = [
        getattr(model, name).is_(None) if value is None else getattr(model, name) == value
        for name, value in expected.items()
    ]
    result = db.session.execute(
        update(model)
        .where(model.id.in_(ids) if len(ids) > 1 else model.id == ids[0], *conditions, *also)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == len(ids)
