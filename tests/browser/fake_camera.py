"""A fake camera for Chromium: a Y4M video made from real slip PDFs, and a browser started on it.

Y4M is a tiny text header and raw I420 frames (a full-size Y plane, then U and V at half width
and height), which Chromium's `--use-file-for-fake-video-capture` plays in a loop. No ffmpeg.
"""

from contextlib import contextmanager
from pathlib import Path

import pypdfium2
from PIL import Image

WIDTH, HEIGHT, FPS = 640, 480, 10


def slip_photo(pdf: bytes) -> Image.Image:
    """The slip's parcel part (code, QR) as a camera would frame it: the top of the first page."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0].render(scale=2).to_pil().convert("RGB")
    finally:
        document.close()
    top = page.crop((0, 0, page.width, int(page.height * 0.3)))
    top.thumbnail((WIDTH - 20, HEIGHT - 20))
    frame = Image.new("RGB", (WIDTH, HEIGHT), (235, 235, 230))  # a table under the slip
    frame.paste(top, ((WIDTH - top.width) // 2, (HEIGHT - top.height) // 2))
    return frame


def blank_frame() -> Image.Image:
    return Image.new("RGB", (WIDTH, HEIGHT), (235, 235, 230))


def write_y4m(path: Path, scenes: list[tuple[Image.Image, float]]) -> Path:
    """Each scene is (image, seconds on screen); the video loops through them in order."""
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
        for image, seconds in scenes:
            y, u, v = image.convert("YCbCr").split()
            half = (WIDTH // 2, HEIGHT // 2)
            frame = y.tobytes() + u.resize(half).tobytes() + v.resize(half).tobytes()
            for _ in range(max(1, round(seconds * FPS))):
                out.write(b"FRAME\n" + frame)
    return path


@contextmanager
def browser_with_camera(playwright, video: Path):
    """A Chromium of its own whose camera shows `video` (the session's browser has none),
    started by the session's Playwright."""
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    args = [
        *CHROMIUM_ARGS,
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
    try:
        yield browser
    finally:
        browser.close()
