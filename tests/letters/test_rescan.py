"""`flask letters rescan`: published letters that the current guard flags go back to review."""

from campaign.core.audit import Event
from campaign.extensions import db
from campaign.letters.models import LetterStatus

S = LetterStatus
BAD_WISH = "Lalka, tel 5O1 234 567"


def test_rescan_lists_flagged_letters_without_changing_them(make_letter, runner):
    bad = make_letter(S.AVAILABLE, wish=BAD_WISH)
    good = make_letter(S.AVAILABLE, wish="Klocki LEGO 42141, rozmiar 134/140")
    result = runner.invoke(args=["letters", "rescan"])
    assert result.exit_code == 0, result.output
    assert bad.code in result.output and "phone" in result.output
    assert good.code not in result.output
    db.session.expire_all()
    assert bad.status == S.AVAILABLE.value


def test_rescan_apply_moves_available_letters_to_review_and_audits(make_letter, runner):
    bad = make_letter(S.AVAILABLE, wish=BAD_WISH)
    claimed = make_letter(S.CLAIMED, needs="mieszka na Długiej 5 m. 3")
    result = runner.invoke(args=["letters", "rescan", "--apply"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert bad.status == S.REVIEW.value
    assert claimed.status == S.CLAIMED.value
    assert claimed.code in result.output and "coordinator" in result.output
    event = db.session.scalar(
        db.select(Event).where(Event.letter_id == bad.id).order_by(Event.id.desc())
    )
    assert event.data["source"] == "rescan" and event.data["kinds"] == ["phone"]
    assert db.session.scalar(
        db.select(db.func.count())
        .select_from(Event)
        .where(Event.letter_id == claimed.id, Event.data["source"].as_string() == "rescan")
    ) in (0, None)
