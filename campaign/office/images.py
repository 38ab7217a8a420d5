"""News photos: recognised by Pillow from their content, re-encoded without any metadata.

A phone photo carries EXIF with GPS coordinates (a family's home), a camera serial number, often
XMP and a thumbnail with its own EXIF. Nothing of it may leave through the site, so every stored
file is built from the decoded pixels alone (a new image, empty `info`), never saved from the
uploaded image object: what Pillow would carry over cannot leak because there is nothing to carry.
"""

import warnings
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from campaign.i18n import N_
from campaign.office.media import UploadRefused

ACCEPTED = {"JPEG", "PNG", "WEBP"}
WIDTHS = (480, 960, 1600)
JPEG_QUALITY = 82
WEBP_QUALITY = 80


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    ext: str  # jpg, png or webp
    data: bytes


@dataclass(frozen=True)
class Processed:
    fallback_format: str  # jpg, or png for pictures with transparency
    width: int  # of the largest variant
    height: int
    variants: list[Variant]

    @property
    def widths(self) -> list[int]:
        return sorted({v.width for v in self.variants})


def refused(message: str) -> UploadRefused:
    return UploadRefused(message, fields={"photo": "refused"})


def open_photo(data: bytes, *, max_pixels: int) -> Image.Image:
    """Decode an uploaded photo, or refuse it: not a picture, not our format, damaged, a bomb."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice that; a warning is a refusal here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data))
            if image.format not in ACCEPTED:
                raise refused(N_("Zdjęcie musi być w formacie JPEG, PNG lub WebP."))
            if image.width * image.height > max_pixels:
                raise _too_many_pixels(max_pixels)
            if image.format == "JPEG":
                # Decode at a reduced scale when the photo is far larger than we keep: less memory.
                image.draft("RGB", (WIDTHS[-1], WIDTHS[-1]))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(max_pixels) from error
    except UnidentifiedImageError as error:
        raise refused(N_("To nie jest zdjęcie. Wybierz plik JPEG, PNG lub WebP.")) from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise refused(
            N_("Plik zdjęcia jest uszkodzony albo niekompletny. Zapisz go jeszcze raz i spróbuj.")
        ) from error
    return image


def _too_many_pixels(max_pixels: int) -> UploadRefused:
    return UploadRefused(
        N_("Zdjęcie ma za dużo pikseli. Zmniejsz je (najwyżej %(mp)d megapikseli)."),
        fields={"photo": "pixels"},
        mp=max_pixels // 1_000_000,
    )


def process(data: bytes, *, max_pixels: int) -> Processed:
    """Every width (never enlarged) in the fallback format and in WebP, with no metadata."""
    image = open_photo(data, max_pixels=max_pixels)
    image = ImageOps.exif_transpose(image)  # keep the picture upright once EXIF is gone
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    profile = image.info.get("icc_profile")
    image = image.convert("RGBA" if has_alpha else "RGB")
    if profile:
        image = _to_srgb(image, profile)
    fallback = "png" if has_alpha else "jpg"
    variants = []
    for width in _widths(image.width):
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        pixels = Image.frombytes(resized.mode, resized.size, resized.tobytes())
        variants.append(Variant(width, height, fallback, _encode(pixels, fallback)))
        variants.append(Variant(width, height, "webp", _encode(pixels, "webp")))
    largest = variants[-1]
    return Processed(fallback, largest.width, largest.height, variants)


def _to_srgb(image: Image.Image, profile: bytes) -> Image.Image:
    """The colours as the camera meant them (e.g. Display P3), since the profile is not kept."""
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(profile))
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # a broken or unusual profile: the pixels as they are


def _widths(original: int) -> list[int]:
    largest = min(original, WIDTHS[-1])
    return [w for w in WIDTHS if w < largest] + [largest]


def _encode(image: Image.Image, ext: str) -> bytes:
    out = BytesIO()
    if ext == "jpg":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif ext == "png":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()
