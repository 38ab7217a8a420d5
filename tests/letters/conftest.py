"""Fixtures of the letters tests: a current campaign, two centres, their staff."""

from dataclasses import dataclass

import pytest

from campaign.auth.models import User
from campaign.core.centres import Center
from campaign.letters.models import Campaign


@dataclass
class World:
    campaign: Campaign
    center: Center
    other_center: Center
    worker: User  # social worker of `center`
    colleague: User  # a second social worker of `center`
    stranger: User  # social worker of `other_center`
    coordinator: User


@pytest.fixture
def world(make_campaign, make_center, make_user) -> World:
    campaign = make_campaign(code_prefix="KMP26")
    center, other = make_center(1), make_center(2)
    return World(
        campaign=campaign,
        center=center,
        other_center=other,
        worker=make_user("social_worker", center=center, display_name="Pracownik Jeden"),
        colleague=make_user("social_worker", center=center, display_name="Pracownik Drugi"),
        stranger=make_user("social_worker", center=other, display_name="Obcy"),
        coordinator=make_user("coordinator", display_name="Koordynatorka"),
    )


@pytest.fixture
def letter_of(world, make_letter):
    """`letter_of(status)`: a letter of the world's first centre, written by its worker."""

    def factory(status="draft", **fields):
        fields.setdefault("center", world.center)
        fields.setdefault("author_id", world.worker.id)
        return make_letter(status, campaign=world.campaign, **fields)

    return factory
