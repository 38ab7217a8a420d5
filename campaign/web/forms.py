"""A service's refusal (a domain error) shown on the WTForms form the request came from."""

from flask_babel import gettext

from campaign.core.errors import DomainError


def show_error(form, error: DomainError) -> None:
    """Put each per-field message beside its field and the rest above the form.

    `error.fields` maps a field name to a marked source string (translated here, like the main
    message) or to "" for "the main message concerns this field". When a named field is not on
    this form (or no field is named), the main message goes to `form.form_errors`, which the
    error summary at the top of the form shows, so no refusal is ever lost.
    """
    placed_all = bool(error.fields)
    for name, text in error.fields.items():
        if name not in form:
            placed_all = False
            continue
        message = _field_message(text, error)
        form[name].errors = [*form[name].errors, message]
    if not placed_all:
        form.form_errors.append(error.translated())


def _field_message(text: str, error: DomainError) -> str:
    if not text:
        return error.translated()
    message = gettext(text)
    return message % error.params if error.params else message
