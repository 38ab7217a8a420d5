"""Demo content of the easy-to-read (ETR) and sign-language (PJM) pages.

The easy-to-read text follows the rules of easy-to-read writing: one thought in one sentence,
plain words, no abbreviations (not even the centre's own), headings written as questions.
"""

from campaign.extensions import db
from campaign.office.markup import render_markdown
from campaign.office.models import OfficePage, PageKey

EASY_READ_TITLE = "Tekst łatwy do czytania"
EASY_READ = """\
To jest strona Miejskiego Ośrodka Pomocy Rodzinie w Gdańsku.
Ten tekst jest łatwy do czytania.

## Czym jest Miejski Ośrodek Pomocy Rodzinie?

Miejski Ośrodek Pomocy Rodzinie to urząd w Gdańsku.
Nazywamy go krótko Ośrodkiem.
Ośrodek pomaga ludziom, którzy mają trudności w życiu.
Ośrodek pomaga rodzinom z dziećmi.
Ośrodek pomaga osobom starszym.
Ośrodek pomaga osobom z niepełnosprawnościami.
Pomoc jest dla mieszkańców Gdańska.

## Kto pracuje w Ośrodku?

W Ośrodku pracują pracownicy socjalni.
Pracownik socjalny to osoba, która pomaga rozwiązać problemy.
Pracownik socjalny rozmawia z Tobą.
Pracownik socjalny odwiedza Cię w domu.
Pracownik socjalny mówi, jaką pomoc możesz dostać.

## W czym Ośrodek może Ci pomóc?

Ośrodek może dać Ci pieniądze na jedzenie albo na mieszkanie.
Ośrodek może pomóc Ci znaleźć pracę.
Ośrodek może pomóc, gdy ktoś w domu robi Ci krzywdę.
Ośrodek może załatwić opiekę dla osoby, która jest chora.
Ośrodek może pomóc rodzinie, która ma kłopoty z dziećmi.

## Gdzie jest Ośrodek?

Ośrodek ma wiele biur w całym Gdańsku.
Każde biuro to Centrum Pracy Socjalnej.
Wybierz biuro najbliżej Twojego domu.
Adresy biur są na stronie [Kontakt](/kontakt).

## Jak załatwić sprawę w Ośrodku?

Przyjdź do biura w godzinach pracy.
Możesz też zadzwonić.
Możesz też napisać list.
Możesz przyjść z osobą, której ufasz.
Jeśli nie słyszysz, możesz przyjść z tłumaczem języka migowego.
Powiedz wcześniej, że potrzebujesz tłumacza.
Ośrodek zapłaci za tłumacza.

## Co to jest akcja Każdy Może Pomóc?

Co roku przed świętami dzieci piszą listy z marzeniami.
Pracownicy socjalni pomagają dzieciom napisać listy.
Mieszkańcy Gdańska czytają te listy na naszej stronie.
Każdy może wybrać jeden list.
Potem kupuje prezent i przynosi go do biura Ośrodka.
Pracownik socjalny daje prezent dziecku.
Nikt nie poznaje imienia ani adresu dziecka.

## Jak się z nami skontaktować?

Zadzwoń pod numer 58 342 31 34.
Możesz też przyjść w czwartek od godziny 9 do godziny 11.
Wtedy dyrektor przyjmuje skargi i wnioski.
"""

EASY_READ_TITLE_EN = "Easy-to-read text"
EASY_READ_EN = """\
This is the website of the Family Support Centre in Gdańsk.
This text is easy to read.

## What is the Family Support Centre?

The Family Support Centre is an office in Gdańsk.
We call it the Centre.
The Centre helps people who have problems in their lives.
The Centre helps families with children.
The Centre helps older people.
The Centre helps people with disabilities.
The help is for people who live in Gdańsk.

## Who works at the Centre?

Social workers work at the Centre.
A social worker is a person who helps to solve problems.
A social worker talks with you.
A social worker visits you at home.
A social worker tells you what help you can get.

## How can the Centre help you?

The Centre can give you money for food or for your home.
The Centre can help you find a job.
The Centre can help when someone at home hurts you.
The Centre can arrange care for a person who is ill.
The Centre can help a family that has problems with its children.

## Where is the Centre?

The Centre has many offices all over Gdańsk.
Each office is a Social Work Centre.
Choose the office nearest to your home.
The addresses of the offices are on the [Contact](/kontakt) page.

## How do you get help from the Centre?

Come to an office when it is open.
You can also phone.
You can also write a letter.
You can come with a person you trust.
If you cannot hear, you can come with a sign language interpreter.
Tell us before that you need an interpreter.
The Centre pays for the interpreter.

## What is the campaign Everyone Can Help?

Every year before Christmas children write letters with their wishes.
Social workers help the children to write the letters.
People from Gdańsk read the letters on our website.
Anyone can choose one letter.
Then they buy a present and bring it to an office of the Centre.
A social worker gives the present to the child.
Nobody learns the name or the address of the child.

## How can you contact us?

Phone 58 342 31 34.
You can also come on Thursday from 9 to 11 in the morning.
Then the director listens to complaints and requests.
"""

SIGN_TITLE = "Informacja w polskim języku migowym"
SIGN = """\
Na tej stronie publikujemy nagranie w polskim języku migowym (PJM) o tym, czym zajmuje się
Miejski Ośrodek Pomocy Rodzinie w Gdańsku i jak można się z nami skontaktować. Nagranie ma
napisy, a pod nim jest jego transkrypcja.

Osoba głucha może załatwić sprawę w Ośrodku z tłumaczem polskiego języka migowego.
Zgłoś to co najmniej trzy dni robocze wcześniej: telefonicznie pod numerem 58 342 31 34,
przez SMS albo e-mailem. Tłumacz jest bezpłatny.
"""
SIGN_TITLE_EN = "Information in Polish Sign Language"
SIGN_EN = """\
On this page we publish a recording in Polish Sign Language (PJM) about what the Family
Support Centre in Gdańsk does and how to contact us. The recording has captions, and its
transcript is below it.

A deaf person may deal with the Centre with a Polish Sign Language interpreter. Tell us at
least three working days before: by phone on 58 342 31 34, by text message or by e-mail. The
interpreter is free of charge.
"""


def one_sentence_a_line(text: str) -> str:
    """Easy-to-read text starts every sentence on a new line; Markdown would join the lines."""
    return text.replace("\n", "\n\n")


PAGES = [
    (
        PageKey.EASY_READ,
        EASY_READ_TITLE,
        one_sentence_a_line(EASY_READ),
        EASY_READ_TITLE_EN,
        one_sentence_a_line(EASY_READ_EN),
    ),
    (PageKey.SIGN_LANGUAGE, SIGN_TITLE, SIGN, SIGN_TITLE_EN, SIGN_EN),
]


def seed_pages() -> None:
    """Create the two pages unless they exist (editors' changes are never overwritten)."""
    for key, title, body, title_en, body_en in PAGES:
        exists = db.session.scalar(db.select(OfficePage.id).where(OfficePage.key == key.value))
        if exists is not None:
            continue
        db.session.add(
            OfficePage(
                key=key.value,
                title=title,
                body_markdown=body,
                body_html=render_markdown(body),
                title_en=title_en,
                body_en_markdown=body_en,
                body_en_html=render_markdown(body_en),
            )
        )
