"""The mail outbox: every e-mail is a row written in the same transaction as the change that
causes it, and a sender (`flask mail send`) delivers the rows with retries, so a mail server that
is down loses nothing and slows no request."""
