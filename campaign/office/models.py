"""The centre's public content: news (with photos), announcements, contact entries, pages and
the sign-language recording."""

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.core.clock import utcnow
from campaign.extensions import db


class NewsArticle(db.Model):
    __tablename__ = "news_articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    lead: Mapped[str] = mapped_column(Text, default="")
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    # Rendered and sanitised once on save, never at request time.
    body_html: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(index=True)  # None: draft
    archive_at: Mapped[datetime | None] = mapped_column(index=True)  # moves to /archiwum then
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    # Title, lead and body folded to lower-case ASCII (campaign.office.search) for the site search.
    search_text: Mapped[str] = mapped_column(Text, default="")

    author: Mapped["User | None"] = relationship()  # noqa: F821
    # Deleted through the ORM (no passive deletes), so every photo's files go with the article.
    photos: Mapped[list["NewsPhoto"]] = relationship(
        back_populates="article",
        cascade="all, delete-orphan",
        order_by="NewsPhoto.position, NewsPhoto.id",
    )

    def is_published(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.published_at is not None and self.published_at <= now

    def is_archived(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.archive_at is not None and self.archive_at <= now

    def state(self, now: datetime | None = None) -> str:
        """draft, scheduled, published or archived: what the editors' list shows as a badge."""
        now = now or utcnow()
        if self.published_at is None:
            return "draft"
        if not self.is_published(now):
            return "scheduled"
        return "archived" if self.is_archived(now) else "published"


class Announcement(db.Model):
    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(default=utcnow)
    ends_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    search_text: Mapped[str] = mapped_column(Text, default="")

    def is_active(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.starts_at <= now and (self.ends_at is None or now < self.ends_at)


class ContactKind(enum.StrEnum):
    LEADERSHIP = "leadership"  # director and deputies
    RECEPTION = "reception"  # complaints, interventions and requests reception
    OTHER = "other"


class ContactEntry(db.Model):
    __tablename__ = "contact_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default=ContactKind.LEADERSHIP.value)
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    hours: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)


class NewsPhoto(db.Model):
    """A photo of an article, stored re-encoded (no metadata) in several widths, JPEG/PNG + WebP.

    Files are `<token>-<width>.<ext>` under UPLOAD_FOLDER/photos; the random token never comes
    back for other content, so the files may be cached forever.
    """

    __tablename__ = "news_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("news_articles.id"), index=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    alt: Mapped[str] = mapped_column(String(300))
    shows_child: Mapped[bool] = mapped_column(Boolean, default=False)
    # "jpg" or "png" (kept for pictures with transparency); every width exists in WebP too.
    fallback_format: Mapped[str] = mapped_column(String(4), default="jpg")
    widths: Mapped[str] = mapped_column(String(60))  # "480,960,1600", ascending
    width: Mapped[int] = mapped_column()  # of the largest stored variant
    height: Mapped[int] = mapped_column()
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    article: Mapped[NewsArticle] = relationship(back_populates="photos")

    @property
    def width_list(self) -> list[int]:
        return [int(w) for w in self.widths.split(",") if w]

    def file_name(self, width: int, ext: str) -> str:
        return f"{self.token}-{width}.{ext}"

    def file_names(self) -> list[str]:
        return [
            self.file_name(w, ext)
            for w in self.width_list
            for ext in (self.fallback_format, "webp")
        ]

    def height_at(self, width: int) -> int:
        return round(self.height * width / self.width)


class PageKey(enum.StrEnum):
    """The editable pages; the value is also the page's address."""

    EASY_READ = "tekst-latwy-do-czytania"
    SIGN_LANGUAGE = "jezyk-migowy"


class OfficePage(db.Model):
    """A page the coordinators edit (Markdown), in Polish and optionally in English."""

    __tablename__ = "office_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    body_en_markdown: Mapped[str] = mapped_column(Text, default="")
    body_en_html: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def in_language(self, locale: str) -> tuple[str, str, str]:
        """(title, html, language of the text): English when asked for and written, else Polish."""
        if locale == "en" and self.title_en and self.body_en_html:
            return self.title_en, self.body_en_html, "en"
        return self.title, self.body_html, "pl"


class SignLanguageVideo(db.Model):
    """The recording in Polish Sign Language with its captions; the newest row is the one shown."""

    __tablename__ = "sign_language_videos"

    id: Mapped[int] = mapped_column(primary_key=True)
    video_name: Mapped[str] = mapped_column(String(80))  # under UPLOAD_FOLDER/video
    content_type: Mapped[str] = mapped_column(String(40))  # video/webm or video/mp4
    size_bytes: Mapped[int] = mapped_column()
    captions_name: Mapped[str] = mapped_column(String(80))
    transcript: Mapped[str] = mapped_column(Text, default="")
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def file_names(self) -> list[str]:
        return [self.video_name, self.captions_name]
