"""`flask reminders send`: remind donors whose parcel deadline is near."""

from flask.cli import AppGroup

reminders = AppGroup("reminders", help="Deadline reminders for donors.")
