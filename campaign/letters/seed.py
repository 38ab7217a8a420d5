"""Demo letters: about two hundred across the demo centres, written through the services.

Wishes are in a child's words (or a carer's, for the smallest), needs are sizes, and nothing in
them is personal data (tests/letters/test_seed.py runs them through the privacy guard). The mix of
statuses is fixed by a seeded random generator, so every run builds the same demo.
"""

import random

from sqlalchemy import select

from campaign.auth.models import Role, User
from campaign.core.centres import Center
from campaign.demo import ADMIN_EMAIL, COORDINATOR_EMAIL, SOCIAL_WORKER_EMAILS
from campaign.extensions import db
from campaign.letters import services
from campaign.letters.models import Campaign, Letter
from campaign.letters.services import LetterInput

LETTERS_PER_CENTER = (40, 36, 34, 32, 30, 28)  # CPS 1 .. CPS 6: 200 in all

WISHES_SMALL = [  # 0–3: written down by a parent or the social worker
    "Grzechotka i miękka książeczka z szeleszczącymi stronami.",
    "Mata edukacyjna z pałąkiem i zabawkami.",
    "Zabawki do kąpieli i ciepły kocyk.",
    "Pchacz do nauki chodzenia.",
    "Drewniane klocki i sorter kształtów.",
    "Pluszowy miś, który gra kołysankę.",
    "Książeczki z obrazkami zwierząt i pierwsze puzzle.",
    "Ciepły kombinezon na zimę i czapka.",
]
WISHES_GIRLS = [
    "Marzę o lalce z długimi włosami, którą można czesać.",
    "Chciałabym domek dla lalek z mebelkami.",
    "Bardzo proszę o zestaw do robienia bransoletek z koralików.",
    "Chciałabym książki o koniach i pluszowego konika.",
    "Marzę o zestawie do malowania i sztaludze.",
    "Chciałabym lalkę Elsę z Krainy Lodu i sukienkę księżniczki.",
    "Marzę o rolkach, żeby jeździć z koleżankami w parku.",
    "Chciałabym kosmetyczkę i zestaw do paznokci dla dzieci.",
    "Marzę o słuchawkach, żeby słuchać muzyki przed snem.",
    "Chciałabym klocki LEGO Friends, najbardziej kawiarnię.",
    "Proszę o ciepłą kurtkę i buty na zimę, bo moje są już za małe.",
    "Marzę o pluszowym jednorożcu i kocyku w gwiazdki.",
    "Chciałabym zestaw małej cukierniczki do pieczenia babeczek.",
    "Marzę o grze planszowej, w którą zagram z całą rodziną.",
    "Chciałabym plecak do szkoły i piórnik z wyposażeniem.",
    "Marzę o książkach z serii o Harrym Potterze.",
]
WISHES_BOYS = [
    "Marzę o klockach LEGO City z wozem strażackim.",
    "Chciałbym piłkę do nogi i rękawice bramkarskie.",
    "Chciałbym samochód zdalnie sterowany.",
    "Marzę o koszulce Lewandowskiego i getrach.",
    "Chciałbym zestaw małego naukowca z doświadczeniami.",
    "Marzę o książce o dinozaurach i figurkach dinozaurów.",
    "Chciałbym tor samochodowy z pętlą.",
    "Marzę o hulajnodze, żeby jeździć z kolegami do szkoły.",
    "Chciałbym klocki LEGO Technic, na przykład zestaw 42151.",
    "Proszę o ciepłe buty zimowe i rękawiczki.",
    "Marzę o zestawie Minecraft z figurkami.",
    "Chciałbym kask rowerowy i dzwonek do roweru.",
    "Marzę o lunecie, żeby oglądać gwiazdy.",
    "Chciałbym plecak do szkoły i zestaw kredek.",
    "Marzę o grze planszowej o piratach.",
    "Chciałbym słuchawki i książkę o kosmosie.",
]
WISHES_TEENS = [
    "Marzę o słuchawkach bezprzewodowych.",
    "Chciałabym bluzę z kapturem i perfumy.",
    "Chciałbym głośnik do telefonu.",
    "Marzę o książkach fantasy, najbardziej o serii Wiedźmin.",
    "Chciałabym zestaw do rysowania mangi: szkicownik i cienkopisy.",
    "Chciałbym powerbank i etui na telefon.",
    "Marzę o ciepłej kurtce zimowej.",
    "Chciałbym piłkę do koszykówki.",
    "Chciałabym zegarek sportowy.",
    "Marzę o plecaku do szkoły średniej.",
]
SIZES_SMALL = ["body 74", "kombinezon 86", "pieluszki rozmiar 4", "rozmiar 80", "ubranka 92-98", ""]
SIZES_CHILD = [
    "rozmiar 116",
    "kurtka 128, buty 30",
    "rozmiar 134",
    "bluza 140, spodnie 134",
    "buty 32",
    "rozmiar 146/152",
    "r. 122",
    "czapka i rękawiczki, rozmiar 128",
    "",
]
SIZES_TEEN = ["rozmiar S", "rozmiar M", "bluza 164", "buty 38", "rozmiar 158/164", "buty 41", ""]


def seed_letters(campaign: Campaign) -> None:
    """Idempotently create about 200 letters of the campaign in draft/review/available/withdrawn."""
    if db.session.scalar(select(Letter.id).where(Letter.campaign_id == campaign.id).limit(1)):
        return
    coordinator = _user(COORDINATOR_EMAIL)
    if coordinator is None or Campaign.current() is None or Campaign.current().id != campaign.id:
        return  # letters go only into the current campaign, approved by the demo coordinator
    rng = random.Random(2026)
    centers = db.session.scalars(select(Center).where(Center.number <= 6).order_by(Center.number))
    admin = _user(ADMIN_EMAIL)  # reviews what the coordinator wrote: nobody approves their own
    for center, count in zip(centers, LETTERS_PER_CENTER, strict=False):
        author = _user(SOCIAL_WORKER_EMAILS.get(center.number, "")) or coordinator
        reviewer = coordinator if author.id != coordinator.id else admin
        _seed_center(center, count, author, reviewer, rng)


def _seed_center(center: Center, count: int, author: User, reviewer: User | None, rng) -> None:
    letters = []
    while len(letters) < count:
        family = _family(rng, center.number, len(letters), room=count - len(letters))
        for data in family:
            letter, _created = services.create_letter(data, actor=author, center=center)
            letters.append(letter)
    for index, letter in enumerate(letters):
        _advance(letter, index, author, reviewer)


def _family(rng: random.Random, center_number: int, index: int, room: int) -> list[LetterInput]:
    """One child, or two to three siblings sharing a group key (about one family in five)."""
    size = min(rng.choice((1, 1, 1, 1, 2, 3)), room)
    group = f"{center_number}-R{index + 1}" if size > 1 else ""
    return [_child(rng, group) for _ in range(size)]


def _child(rng: random.Random, group: str) -> LetterInput:
    age = rng.choice(range(0, 18))
    gender = rng.choice("fm")
    if age <= 3:
        wish, needs = rng.choice(WISHES_SMALL), rng.choice(SIZES_SMALL)
    elif age >= 13:
        wish, needs = rng.choice(WISHES_TEENS), rng.choice(SIZES_TEEN)
    else:
        wish = rng.choice(WISHES_GIRLS if gender == "f" else WISHES_BOYS)
        needs = rng.choice(SIZES_CHILD)
    return LetterInput(age=age, gender=gender, wish=wish, needs=needs, sibling_group=group)


def _advance(letter: Letter, index: int, author: User, reviewer: User | None) -> None:
    """Most letters available; every tenth stays a draft, some wait for review, a few withdrawn.

    Without a `reviewer` (no second person to approve the author's letters) they wait for review.
    """
    position = index % 20
    if position in (0, 10):
        return
    services.submit_letter(letter, actor=author)
    if position in (5, 15) or reviewer is None:
        return  # waits for review
    if letter.status == "review":
        services.approve_letter(letter, actor=reviewer)
    if position == 19:
        services.withdraw_letter(
            letter, actor=reviewer, reason="Rodzina otrzymała pomoc z innego źródła."
        )


def _user(email: str) -> User | None:
    if not email:
        return None
    return db.session.scalar(select(User).where(User.email == email, User.role != Role.DONOR))
