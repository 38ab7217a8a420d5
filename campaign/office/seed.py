"""Demo office content from shared/seed/office-homepage.txt (written by the office work)."""

from datetime import timedelta

from campaign.core.clock import utcnow
from campaign.extensions import db
from campaign.office.markup import render_markdown, slugify
from campaign.office.models import Announcement, ContactEntry, ContactKind, NewsArticle
from campaign.office.seed_pages import seed_pages

# (title, lead, extra body, days since publication, archived): titles and leads verbatim from
# the seed page (its double spaces too), newest first. The two oldest lost topicality and sit in
# the archive.
NEWS = [
    (
        "Dzień Pracownika Socjalnego",
        "21 listopada przypada Dzień Pracownika Socjalnego, który został wprowadzony mocą ustawy "
        "o pomocy społecznej z dnia 29 listopada 1990 roku. W Miejskim Ośrodku Pomocy Rodzinie "
        "w Gdańsku pracuje 250 pracowników socjalnych. To ludzie, którzy na co dzień udzielają "
        "pomocy m.in. najuboższym rodzinom, osobom starszym, niepełnosprawnym oraz zagrożonym "
        "wykluczeniem społecznym. Prowadzą także działania i programy aktywizujące społeczności "
        "lokalne.",
        "Dziękujemy wszystkim pracownikom socjalnym za ich codzienną, często niewidoczną pracę.",
        9,
        False,
    ),
    (
        "Spełnijmy marzenia dzieci! - inauguracja akcji Każdy Może Pomóc",
        "Miasto Gdańsk i Miejski Ośrodek Pomocy Rodzinie inaugurują akcję „Każdy może pomóc”. "
        "Dzięki niej spełniają się marzenia najmłodszych i najbardziej potrzebujących "
        "mieszkańców  Gdańska  – dzieci pochodzących z rodzin wspieranych przez MOPR. W tym roku "
        "jest ich ponad 200! Marzenia można spełnić, odbierając zaszyfrowane listy przygotowane "
        "przez pracowników socjalnych, a mówiące o potrzebach najmłodszych. Na ich podstawie "
        "darczyńca przygotowuje paczkę.",
        "Listy czekają na stronie [Każdy Może Pomóc](/kazdy-moze-pomoc): wybierz list, "
        "wydrukuj kupon z kodem i przynieś paczkę do punktu zbiórki w wyznaczonym terminie.",
        12,
        False,
    ),
    (
        "Spotkanie otwarte w Spółdzielni Socjalnej",
        'Gdańska Spółdzielnia Socjalna zaprasza na kolejne spotkanie otwarte z cyklu "Jak '
        'założyć spółdzielnię socjalną?" - Osoby zainteresowane będą miały możliwość zapoznania '
        "się aspektami prawnymi z zakresu działalności spółdzielni socjalnej, a także z głównymi "
        "założeniami profesjonalnego planu strategicznego, informuje Radosław Borzyszkowski z GSS.",
        "Udział w spotkaniu jest bezpłatny.",
        20,
        False,
    ),
    (
        "Coś z niczego - warsztaty dla dzieci",
        "Centrum Pracy Socjalnej 6 oraz Fundacja Cudów Szafa organizują warsztaty twórcze „Coś "
        "z niczego” dla dzieci w wieku 4 – 10 lat. Podczas spotkań dzieci tworzą małe dzieła "
        "sztuki wykorzystując papier, tekstylia, korki, puszki i słoiki. Głównym celem warsztatów "
        "jest rozwijanie kreatywnego myślenia, mówi Elżbieta Przecławska organizator społeczności "
        "lokalnej w Miejskim Ośrodku Pomocy Rodzinie.",
        "Materiały zapewniają organizatorzy.",
        34,
        True,
    ),
    (
        "Rozdano nagrody za III Ogólnopolskie Biennale Fotograficzne",
        "W ubiegłym tygodniu odbyła się gala III Ogólnopolskiego Biennale Fotograficznego "
        '„Fot.ON – Nasz Świat". Wystawę można oglądać w Galerii Bałtyckiej do 25 listopada. '
        "Później zostanie przeniesiona do restauracji Vinegre di Rucola w Gdyni. – Każdy z Was "
        "jest zwycięzcą, bo samo uczestnictwo w tym konkursie jest zwycięstwem. Niech żyje "
        "fotografia! – powiedział prezydent Paweł Adamowicz chwilę przed wręczeniem nagród.",
        "Gratulujemy wszystkim uczestnikom konkursu.",
        45,
        True,
    ),
]

ANNOUNCEMENTS = [
    (
        "Uwaga!",
        "Uprzejmie informujemy, że od 3 lipca 2013 r. korespondencja z Miejskiego Ośrodka Pomocy "
        "Rodzinie w Gdańsku będzie dostarczana za pośrednictwem gońców.",
    ),
    (
        "Archiwum aktualności",
        "Uwaga: część materiałów z „Aktualności” (tzn. strony głównej) które aktualność utraciły "
        "trafia do ARCHIWUM.",
    ),
]

RECEPTION = (
    "Skargi, interwencje i wnioski",
    "czwartek 09:00–11:00",
    "Dyrektor, Zastępcy Dyrektora oraz Kierownicy Centrów Pracy Socjalnej przyjmują interesantów "
    "w ramach skarg, interwencji i wniosków w każdy czwartek w godzinach od 09:00 do 11:00. "
    "Mając na uwadze Państwa wygodę sugerujemy telefoniczne uzgodnienie wizyty.",
)

# (role, name, phone) exactly as the seed page lists them; the seed gives no phone for the last.
LEADERSHIP = [
    ("p.o. Dyrektora MOPR", "Janina Liedtke-Jarema", "58 342 31 36"),
    ("Z-ca Dyrektora ds. Rodziny i Dziecka", "Anna Sobota", "58 342 31 34"),
    ("Z-ca Dyrektora ds. Usług Społecznych", "Marlena Jasnoch", "58 342 31 30"),
    ("Z-ca Dyrektora ds. Rozwoju", "Ewa Wołczak", ""),
]


def seed_office() -> None:
    """Idempotently create the news, announcements and contact entries of the seed page."""
    _seed_news()
    _seed_announcements()
    _seed_contacts()
    seed_pages()
    db.session.flush()


def _seed_news() -> None:
    now = utcnow().replace(hour=8, minute=0, second=0, microsecond=0)
    for title, lead, extra, days_ago, archived in NEWS:
        slug = slugify(title)
        if db.session.scalar(db.select(NewsArticle.id).where(NewsArticle.slug == slug)):
            continue
        body = f"{lead}\n\n{extra}"
        published_at = now - timedelta(days=days_ago)
        db.session.add(
            NewsArticle(
                title=title,
                slug=slug,
                lead=lead,
                body_markdown=body,
                body_html=render_markdown(body),
                published_at=published_at,
                archive_at=published_at + timedelta(days=7) if archived else None,
            )
        )


def _seed_announcements() -> None:
    start = utcnow().replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=60)
    for days_earlier, (title, body) in enumerate(ANNOUNCEMENTS):
        if db.session.scalar(db.select(Announcement.id).where(Announcement.body == body)):
            continue
        # The newest is shown first: the seed page's order, one day apart.
        starts_at = start - timedelta(days=days_earlier)
        db.session.add(Announcement(title=title, body=body, starts_at=starts_at))


def _seed_contacts() -> None:
    name, hours, note = RECEPTION
    entries = [
        dict(kind=ContactKind.RECEPTION.value, name=name, hours=hours, note=note, position=0),
        *(
            dict(kind=ContactKind.LEADERSHIP.value, role=role, name=person, phone=phone, position=i)
            for i, (role, person, phone) in enumerate(LEADERSHIP, start=1)
        ),
    ]
    for values in entries:
        exists = db.select(ContactEntry.id).where(
            ContactEntry.kind == values["kind"], ContactEntry.name == values["name"]
        )
        if db.session.scalar(exists) is None:
            db.session.add(ContactEntry(**values))
