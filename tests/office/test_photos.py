"""News photos: checked by content, stored in several widths without any metadata, served with
srcset and long cache lifetimes; refusals leave nothing; deleting an article removes its files."""

import io
import re
import struct
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from campaign.core.clock import utcnow
from campaign.extensions import db
from campaign.office import media, photos
from campaign.office.models import NewsArticle, NewsPhoto
from tests.conftest import login

GPS_IFD = 0x8825
GPS_POSITION = {1: "N", 2: (54.0, 21.0, 3.5), 3: "E", 4: (18.0, 38.0, 2.0)}  # a Gdańsk street


def phone_jpeg(size=(2000, 1500), orientation: int | None = None) -> bytes:
    """A JPEG as a phone writes it: EXIF with the camera, the GPS position, XMP and a profile."""
    image = Image.new("RGB", size, (200, 120, 40))
    for x in range(0, size[0], 50):  # some detail, so the encoder has work to do
        image.paste((20, 60, 160), (x, 0, x + 10, size[1]))
    exif = Image.Exif()
    exif[0x010F] = "Telefon"  # Make
    exif[0x0110] = "Model X"  # Model
    if orientation:
        exif[0x0112] = orientation
    exif.get_ifd(GPS_IFD).update(GPS_POSITION)
    out = io.BytesIO()
    image.save(
        out,
        "JPEG",
        exif=exif,
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">exif:GPSLatitude 54,21.05N</x:xmpmeta>',
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)  # the test's own premise
    return data


def png_bomb(side: int = 20_000) -> bytes:
    """A valid 1-bit PNG of side×side pixels that compresses to a few dozen kilobytes."""
    compressor = zlib.compressobj(9)
    row = b"\x00" + bytes((side + 7) // 8)
    idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def photo_files(app) -> list[str]:
    folder = Path(app.config["UPLOAD_FOLDER"]) / media.PHOTOS
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def attach(client, article, data: bytes, name="zdjecie.jpg", **fields):
    form = {"photo": (io.BytesIO(data), name), "alt": "Gala w Dworze Artusa", **fields}
    return client.post(
        f"/biuro/aktualnosci/{article.id}/zdjecia", data=form, content_type="multipart/form-data"
    )


@pytest.fixture
def editor(client, login_as):
    return login_as("coordinator")


def served_urls(html: str) -> list[str]:
    urls = set()
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        urls.update(part.strip().split(" ")[0] for part in srcset.split(","))
    return sorted(urls)


def test_gps_exif_never_leaves_through_any_served_width(app, client, editor, make_article):
    article = make_article("Dzień Pracownika Socjalnego")
    assert attach(client, article, phone_jpeg()).status_code == 302
    html = client.get(f"/aktualnosci/{article.slug}").get_data(as_text=True)
    urls = served_urls(html)
    # Three widths, each as JPEG and WebP.
    assert len(urls) == 6
    assert {re.search(r"-(\d+)\.", u)[1] for u in urls} == {"480", "960", "1600"}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        image = Image.open(io.BytesIO(response.data))
        assert image.getexif() == {}
        assert "exif" not in image.info and "xmp" not in image.info
        assert "icc_profile" not in image.info
        assert b"Exif\x00\x00" not in response.data and b"GPS" not in response.data
        assert b"Telefon" not in response.data


def test_photos_are_served_with_srcset_alt_and_long_cache_lifetimes(
    app, client, editor, make_article
):
    article = make_article()
    attach(client, article, phone_jpeg(), alt="Dzieci z prezentami")
    html = client.get(f"/aktualnosci/{article.slug}").get_data(as_text=True)
    assert '<source type="image/webp"' in html
    assert re.search(r'<img src="/pliki/zdjecia/[0-9a-f]{24}-1600\.jpg"', html)
    assert 'alt="Dzieci z prezentami"' in html and 'width="1600" height="1200"' in html
    visitor = app.test_client()
    for url in served_urls(html):
        response = visitor.get(url)
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.mimetype in {"image/jpeg", "image/webp"}


def test_a_broken_colour_profile_does_not_stop_the_photo(client, editor, make_article):
    out = io.BytesIO()
    Image.new("RGB", (600, 400), (10, 20, 30)).save(out, "JPEG", icc_profile=b"\x00" * 128)
    assert attach(client, make_article(), out.getvalue()).status_code == 302
    assert db.session.scalar(db.select(NewsPhoto)).width_list == [480, 600]


def test_small_photos_are_never_enlarged(client, editor, make_article):
    article = make_article()
    attach(client, article, phone_jpeg(size=(700, 300)))
    photo = db.session.scalar(db.select(NewsPhoto))
    assert photo.width_list == [480, 700]
    assert (photo.width, photo.height) == (700, 300)


def test_photo_taken_sideways_is_stored_upright(client, editor, make_article):
    article = make_article()
    attach(client, article, phone_jpeg(size=(800, 400), orientation=6))
    photo = db.session.scalar(db.select(NewsPhoto))
    assert (photo.width, photo.height) == (400, 800)


def test_transparent_png_keeps_png_beside_webp(app, client, editor, make_article):
    out = io.BytesIO()
    Image.new("RGBA", (600, 400), (0, 0, 0, 0)).save(out, "PNG")
    attach(client, make_article(), out.getvalue(), name="logo.png")
    photo = db.session.scalar(db.select(NewsPhoto))
    assert photo.fallback_format == "png"
    assert photo_files(app) == sorted(photo.file_names())


def truncated_jpeg() -> bytes:
    data = phone_jpeg()
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("make_data", "name", "message"),
    [
        (
            lambda: b"To jest zwykly tekst, nie zdjecie.\n" * 50,
            "zdjecie.jpg",
            "To nie jest zdjęcie.",
        ),
        (png_bomb, "bomba.png", "Zdjęcie ma za dużo pikseli."),
        (truncated_jpeg, "urwane.jpg", "Plik zdjęcia jest uszkodzony albo niekompletny."),
        (
            lambda: (lambda out: (Image.new("RGB", (40, 40)).save(out, "GIF"), out.getvalue())[1])(
                io.BytesIO()
            ),
            "animacja.gif",
            "Zdjęcie musi być w formacie JPEG, PNG lub WebP.",
        ),
    ],
    ids=["text-renamed-jpg", "decompression-bomb", "truncated", "gif"],
)
def test_bad_photos_are_refused_in_polish_and_nothing_is_stored(
    app, client, editor, make_article, make_data, name, message
):
    article = make_article()
    response = attach(client, article, make_data(), name=name, alt="Mój opis")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert 'value="Mój opis"' in html  # what was typed stays
    assert db.session.scalar(db.select(NewsPhoto)) is None
    assert photo_files(app) == []


def test_photo_over_the_size_limit_is_refused(make_app, make_user, make_article):
    app = make_app(PHOTO_MAX_BYTES=1024 * 1024)
    client = app.test_client()
    login(client, make_user("coordinator"))
    html = attach(client, make_article(), bytes(1024 * 1024 + 10)).get_data(as_text=True)
    assert "Zdjęcie jest za duże: najwyżej 1 MB." in html
    assert photo_files(app) == []


def test_alt_text_is_required(app, client, editor, make_article):
    html = attach(client, make_article(), phone_jpeg(), alt="").get_data(as_text=True)
    assert "Opisz, co widać na zdjęciu." in html
    assert photo_files(app) == []


def test_no_photo_of_a_child_without_consent(app, client, editor, make_article):
    article = make_article()
    html = attach(client, article, phone_jpeg(), shows_child="y").get_data(as_text=True)
    assert "Zdjęcie dziecka można dodać tylko ze zgodą rodzica lub opiekuna." in html
    assert photo_files(app) == []
    assert attach(client, article, phone_jpeg(), shows_child="y", consent="y").status_code == 302
    assert db.session.scalar(db.select(NewsPhoto)).shows_child is True


def test_deleting_an_article_removes_its_photos_and_files(app, client, editor, make_article):
    article = make_article()
    attach(client, article, phone_jpeg())
    attach(client, article, phone_jpeg(size=(500, 500)))
    assert len(photo_files(app)) == 10
    assert client.post(f"/biuro/aktualnosci/{article.id}/usun").status_code == 302
    assert db.session.scalar(db.select(NewsArticle)) is None
    assert db.session.scalar(db.select(NewsPhoto)) is None
    assert photo_files(app) == []


def test_deleting_a_photo_removes_only_its_files(app, client, editor, make_article):
    article = make_article()
    attach(client, article, phone_jpeg())
    attach(client, article, phone_jpeg(size=(500, 500)))
    first, second = db.session.scalars(db.select(NewsPhoto).order_by(NewsPhoto.id)).all()
    keep = sorted(second.file_names())
    assert client.post(f"/biuro/zdjecia/{first.id}/usun").status_code == 302
    assert photo_files(app) == keep


def test_photos_of_an_unpublished_article_are_not_public(app, client, login_as, make_article):
    article = make_article(published_at=utcnow() + timedelta(days=3))
    login_as("coordinator")
    attach(client, article, phone_jpeg(size=(500, 500)))
    photo = db.session.scalar(db.select(NewsPhoto))
    url = f"/pliki/zdjecia/{photo.file_name(500, 'jpg')}"
    assert client.get(url).headers["Cache-Control"] == "private, no-store"
    anonymous = app.test_client()
    assert anonymous.get(url).status_code == 404


def test_unknown_photo_names_are_not_found(client):
    assert client.get("/pliki/zdjecia/..%2Fcampaign.sqlite").status_code == 404
    assert client.get(f"/pliki/zdjecia/{'a' * 24}-480.jpg").status_code == 404


def test_photos_are_for_coordinators_only(client, login_as, make_article):
    login_as("social_worker")
    assert attach(client, make_article(), phone_jpeg()).status_code == 403


def test_a_failure_after_the_files_are_written_leaves_no_file(app, make_article, monkeypatch):
    article = make_article()

    def database_gone(*_args, **_kwargs):
        raise RuntimeError("the database went away mid-save")

    # The audit write comes after the files are stored: the latest moment a save can fail.
    monkeypatch.setattr(photos, "record_event", database_gone)
    with pytest.raises(RuntimeError):
        photos.add_photo(
            article,
            io.BytesIO(phone_jpeg()),
            alt="A",
            shows_child=False,
            consent=False,
            actor_id=None,
        )
    assert db.session.scalar(db.select(NewsPhoto)) is None
    assert photo_files(app) == []
