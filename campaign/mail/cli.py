"""`flask mail send [--loop]`: deliver the outbox once, or keep delivering."""

import time

import click
from flask.cli import with_appcontext

from campaign.mail.sender import deliver_outbox


@click.group("mail")
def mail() -> None:
    """The mail outbox."""


@mail.command("send")
@click.option("--loop", is_flag=True, help="Keep delivering until stopped.")
@click.option("--interval", default=10.0, show_default=True, help="Seconds between rounds.")
@click.option("--max-rounds", type=int, default=None, hidden=True)
@with_appcontext
def send(loop: bool, interval: float, max_rounds: int | None) -> None:
    """Deliver every due mail of the outbox (with --loop: every INTERVAL seconds)."""
    rounds = 0
    while True:
        outcome = deliver_outbox()
        if outcome["sent"] or outcome["failed"] or not loop:
            click.echo(f"sent {outcome['sent']}, failed {outcome['failed']}")
        rounds += 1
        if not loop or (max_rounds is not None and rounds >= max_rounds):
            return
        time.sleep(interval)
