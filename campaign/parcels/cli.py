"""`flask export` and `flask purge`."""

import click

export = click.Group("export", help="Export campaign data as CSV.")
purge = click.Group("purge", help="Remove donors' personal data after the retention period.")
