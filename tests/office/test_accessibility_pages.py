"""The easy-to-read (ETR) and Polish Sign Language (PJM) pages: content, editing, the recording."""

import io
import re
from pathlib import Path

import pytest

from campaign.core.audit import Event
from campaign.extensions import db
from campaign.office import media, pages
from campaign.office.models import OfficePage, SignLanguageVideo
from campaign.office.seed_pages import seed_pages
from tests.conftest import login

# The start of a real WebM file: the EBML header with DocType "webm", then filler.
WEBM = bytes.fromhex("1a45dfa39f4286810142f7810142f2810442f381084282847765626d4287810442858102")
WEBM += b"\x18\x53\x80\x67" + bytes(4000)
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(4000)
CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:02.000\nDzień dobry.\n\n00:02.000 --> 00:04.000\nTu MOPR.\n"


@pytest.fixture
def seeded_pages(app):
    seed_pages()
    db.session.commit()


def video_files(app) -> list[str]:
    folder = Path(app.config["UPLOAD_FOLDER"]) / media.VIDEO
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def upload(client, video=WEBM, captions=CAPTIONS, transcript="Dzień dobry. Tu MOPR.", name="a"):
    data = {"transcript": transcript}
    if video is not None:
        data["video"] = (io.BytesIO(video), f"{name}.webm")
    if captions is not None:
        data["captions"] = (io.BytesIO(captions.encode()), f"{name}.vtt")
    return client.post("/biuro/jezyk-migowy", data=data, content_type="multipart/form-data")


# --- easy-to-read text ---------------------------------------------------------------------


def test_easy_read_page_carries_the_seed_text_with_question_headings(client, seeded_pages):
    html = client.get("/tekst-latwy-do-czytania").get_data(as_text=True)
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert len(headings) >= 5
    assert all(h.endswith("?") for h in headings)
    assert "Ośrodek pomaga rodzinom z dziećmi." in html
    text = re.sub(
        r"<[^>]+>", " ", html.split('class="prose easy-read-text">')[1].split("</div>")[0]
    )
    assert len(text.split()) >= 250
    # Easy-to-read rules: no abbreviations, not even the centre's own.
    assert not re.search(r"\b(MOPR|np\.|m\.in\.|tzw\.|ul\.|tel\.)", text)


def test_easy_read_page_is_english_for_english_visitors(client, seeded_pages):
    client.post("/jezyk/en", data={"next": "/"})
    html = client.get("/tekst-latwy-do-czytania").get_data(as_text=True)
    assert "<h1>Easy-to-read text</h1>" in html
    assert "The Centre helps families with children." in html


def test_without_content_the_page_says_it_is_being_prepared(client):
    html = client.get("/tekst-latwy-do-czytania").get_data(as_text=True)
    assert "jest w przygotowaniu" in html


@pytest.mark.parametrize("path", ["/", "/kontakt", "/aktualnosci", "/jezyk-migowy", "/szukaj"])
def test_every_page_footer_links_both_pages_with_icons_and_text(client, path):
    footer = client.get(path).get_data(as_text=True).split('class="site-footer"')[1]
    for href, icon, alt in [
        ("/tekst-latwy-do-czytania", "icons/easy-read.svg", "ETR"),
        ("/jezyk-migowy", "icons/sign-language.svg", "PJM"),
    ]:
        assert re.search(
            rf'<a [^>]*href="{href}"[^>]*><img src="/static/{icon}" alt="{alt}"', footer
        )


def test_footer_icons_are_shipped_as_svg(client):
    for name in ("easy-read", "sign-language"):
        response = client.get(f"/static/icons/{name}.svg")
        assert response.status_code == 200
        assert b"<title" in response.data  # the file's own text alternative


def test_coordinator_edits_the_easy_read_page(client, login_as, seeded_pages):
    coordinator = login_as("coordinator")
    form = {
        "title": "Tekst łatwy do czytania",
        "body": "## Co robimy?\n\nPomagamy ludziom.",
        "title_en": "",
        "body_en": "",
    }
    response = client.post("/biuro/strony/tekst-latwy-do-czytania", data=form)
    assert response.status_code == 302
    html = client.get("/tekst-latwy-do-czytania").get_data(as_text=True)
    assert "<h2>Co robimy?</h2>" in html and "Pomagamy ludziom." in html
    event = db.session.scalar(db.select(Event).where(Event.kind == "office.page_saved"))
    assert event.actor_id == coordinator.id
    # Without an English version, English visitors read the Polish text, marked as Polish.
    client.post("/jezyk/en", data={"next": "/"})
    assert 'lang="pl"' in client.get("/tekst-latwy-do-czytania").get_data(as_text=True)


def test_page_editor_refuses_half_an_english_version_and_keeps_the_typing(
    client, login_as, seeded_pages
):
    login_as("coordinator")
    form = {"title": "Nowy tytuł", "body": "Nowa treść.", "title_en": "Title", "body_en": ""}
    response = client.post("/biuro/strony/tekst-latwy-do-czytania", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Wersja angielska potrzebuje i tytułu, i treści." in html
    assert "Nowa treść." in html
    page = db.session.scalar(
        db.select(OfficePage).where(OfficePage.key == "tekst-latwy-do-czytania")
    )
    assert page.title == "Tekst łatwy do czytania"


def test_page_editor_knows_only_its_pages(client, login_as):
    login_as("coordinator")
    assert client.get("/biuro/strony/rodo").status_code == 404


def test_script_in_a_page_never_reaches_visitors(client, login_as):
    login_as("coordinator")
    form = {"title": "T", "body": "Tekst <script>alert(1)</script>", "title_en": "", "body_en": ""}
    client.post("/biuro/strony/jezyk-migowy", data=form)
    assert "<script>alert" not in client.get("/jezyk-migowy").get_data(as_text=True)


# --- the sign-language recording -----------------------------------------------------------


def test_sign_language_page_without_a_recording_says_so(client, seeded_pages):
    html = client.get("/jezyk-migowy").get_data(as_text=True)
    assert "Nagrania w polskim języku migowym jeszcze nie ma." in html
    assert "<video" not in html


def test_uploaded_recording_plays_with_captions_and_transcript(app, client, login_as, seeded_pages):
    login_as("coordinator")
    response = upload(client)
    assert response.status_code == 302
    video = db.session.scalar(db.select(SignLanguageVideo))
    assert video.content_type == "video/webm" and video.size_bytes == len(WEBM)
    html = client.get("/jezyk-migowy").get_data(as_text=True)
    src = f"/jezyk-migowy/pliki/{video.video_name}"
    assert f'<source src="{src}" type="video/webm">' in html
    assert re.search(
        r'<track kind="captions" src="/jezyk-migowy/pliki/\w+\.vtt" srclang="pl"', html
    )
    assert "Dzień dobry. Tu MOPR." in html.split("Transkrypcja nagrania")[1]
    assert video_files(app) == sorted([video.video_name, video.captions_name])


def test_recording_is_served_in_ranges_and_cached_for_good(client, login_as, seeded_pages):
    login_as("coordinator")
    upload(client)
    video = db.session.scalar(db.select(SignLanguageVideo))
    part = client.get(f"/jezyk-migowy/pliki/{video.video_name}", headers={"Range": "bytes=0-3"})
    assert part.status_code == 206
    assert part.data == WEBM[:4]
    assert part.headers["Content-Range"] == f"bytes 0-3/{len(WEBM)}"
    assert part.headers["Accept-Ranges"] == "bytes"
    assert "immutable" in part.headers["Cache-Control"]
    captions = client.get(f"/jezyk-migowy/pliki/{video.captions_name}")
    assert captions.mimetype == "text/vtt"
    assert captions.get_data(as_text=True).startswith("WEBVTT")


def test_only_the_current_recordings_files_are_served(client):
    assert client.get("/jezyk-migowy/pliki/..%2F..%2Fcampaign.sqlite").status_code == 404
    assert client.get("/jezyk-migowy/pliki/abc.webm").status_code == 404


def test_mp4_is_recognised_by_its_ftyp_box(client, login_as):
    login_as("coordinator")
    assert upload(client, video=MP4).status_code == 302
    assert db.session.scalar(db.select(SignLanguageVideo)).content_type == "video/mp4"


@pytest.mark.parametrize(
    ("video", "captions", "message"),
    [
        (b"To jest tekst, a nie film." * 10, CAPTIONS, "To nie jest nagranie MP4 ani WebM."),
        (b"\x1a\x45\xdf\xa3" + bytes(200), CAPTIONS, "To nie jest nagranie MP4 ani WebM."),
        (WEBM, "1\n00:00:00,000 --> 00:00:02,000\nSRT\n", "To nie jest plik napisów WebVTT"),
        (WEBM, "WEBVTT\n\nbez czasu\n", "nie zawiera żadnego napisu z czasem"),
        (WEBM, None, "Wybierz plik napisów WebVTT."),
        (None, CAPTIONS, "Wybierz plik nagrania."),
    ],
    ids=["text-as-video", "matroska-not-webm", "srt", "no-cues", "no-captions", "no-video"],
)
def test_bad_uploads_are_refused_in_polish_and_leave_nothing(
    app, client, login_as, video, captions, message
):
    login_as("coordinator")
    response = upload(client, video=video, captions=captions, transcript="Mój opis nagrania.")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert "Mój opis nagrania." in html  # the form keeps what was typed
    assert db.session.scalar(db.select(SignLanguageVideo)) is None
    assert video_files(app) == []


def test_recording_over_the_limit_is_refused(make_app, make_user):
    app = make_app(VIDEO_MAX_BYTES=2 * 1024 * 1024)
    client = app.test_client()
    login(client, make_user("coordinator"))
    html = upload(client, video=WEBM + bytes(3 * 1024 * 1024)).get_data(as_text=True)
    assert "Nagranie jest za duże: najwyżej 2 MB." in html, html.split("<main")[1][:1500]
    assert db.session.scalar(db.select(SignLanguageVideo)) is None
    assert video_files(app) == []


def test_a_new_recording_replaces_the_old_files(app, client, login_as):
    login_as("coordinator")
    upload(client)
    old = db.session.scalar(db.select(SignLanguageVideo)).file_names()
    upload(client, video=MP4)
    db.session.expire_all()
    (current,) = db.session.scalars(db.select(SignLanguageVideo)).all()
    assert video_files(app) == sorted(current.file_names())
    assert not set(old) & set(video_files(app))


def test_new_transcript_alone_keeps_the_recording(app, client, login_as):
    login_as("coordinator")
    upload(client)
    before = db.session.scalar(db.select(SignLanguageVideo)).file_names()
    assert (
        upload(client, video=None, captions=None, transcript="Nowa transkrypcja.").status_code
        == 302
    )
    db.session.expire_all()
    video = db.session.scalar(db.select(SignLanguageVideo))
    assert video.file_names() == before and video.transcript == "Nowa transkrypcja."
    assert video_files(app) == sorted(before)


def test_removing_the_recording_deletes_its_files(app, client, login_as):
    login_as("coordinator")
    upload(client)
    assert client.post("/biuro/jezyk-migowy/usun").status_code == 302
    assert video_files(app) == []
    assert "jeszcze nie ma" in client.get("/jezyk-migowy").get_data(as_text=True)


def test_files_written_in_a_transaction_that_rolls_back_are_removed(app):
    path = media.store(media.VIDEO, "test.webm", WEBM)
    assert path.exists()
    db.session.rollback()
    assert not path.exists()


def test_uploading_is_for_coordinators_only(client, login_as):
    login_as("social_worker")
    assert upload(client).status_code == 403


def test_a_failure_after_the_recording_is_written_leaves_no_file(app, login_as, monkeypatch):
    user = login_as("coordinator")

    def database_gone(*_args, **_kwargs):
        raise RuntimeError("the database went away mid-save")

    monkeypatch.setattr(pages, "record_event", database_gone)
    with pytest.raises(RuntimeError):
        pages.save_sign_video(
            video=io.BytesIO(WEBM), captions=CAPTIONS.encode(), transcript="T", actor_id=user.id
        )
    assert db.session.scalar(db.select(SignLanguageVideo)) is None
    assert video_files(app) == []
