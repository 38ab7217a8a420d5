"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from dotenv import load_dotenv

load_dotenv()  # a local .env, if there is one; the real environment wins

from campaign import create_app  # noqa: E402

app = create_app()
