"""A service's refusal lands on the form: beside the field it names, above the form otherwise."""

import pytest
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField

from campaign.core.errors import ValidationFailed
from campaign.i18n import N_
from campaign.web.forms import show_error


class CentreForm(FlaskForm):
    number = IntegerField("Numer")
    name = StringField("Nazwa")


@pytest.fixture
def form_in(app):
    """A form in a request whose visitor reads `lang` ("pl" or "en")."""

    def build(lang: str = "pl") -> CentreForm:
        context = app.test_request_context(method="POST", headers={"Accept-Language": lang})
        context.push()
        request_contexts.append(context)
        return CentreForm(meta={"csrf": False})

    request_contexts = []
    yield build
    for context in reversed(request_contexts):
        context.pop()


def test_a_field_message_stands_beside_its_field_in_the_visitors_language(form_in):
    form = form_in("en")
    error = ValidationFailed(
        N_("Popraw dane centrum."), fields={"number": N_("Centrum o tym numerze już istnieje.")}
    )

    show_error(form, error)

    assert form.number.errors == ["A centre with this number already exists."]
    assert not form.name.errors and form.form_errors == []


def test_an_empty_field_message_means_the_main_message_concerns_that_field(form_in):
    form = form_in("pl")

    show_error(form, ValidationFailed(N_("Nie ma takiego centrum."), fields={"number": ""}))

    assert form.number.errors == ["Nie ma takiego centrum."]
    assert form.form_errors == []


def test_a_refusal_naming_no_field_goes_above_the_form(form_in):
    form = form_in("en")

    show_error(form, ValidationFailed(N_("Popraw dane centrum.")))

    assert form.form_errors == ["Correct the centre details."]
    assert list(form.errors.values()) == [["Correct the centre details."]]  # the summary shows it


def test_a_field_this_form_lacks_still_gets_its_refusal_shown_above_the_form(form_in):
    form = form_in("pl")
    error = ValidationFailed(
        N_("Popraw dane centrum."), fields={"name": "", "center": N_("Wybierz centrum.")}
    )

    show_error(form, error)

    assert form.name.errors == ["Popraw dane centrum."]
    assert form.form_errors == ["Popraw dane centrum."]


def test_parameters_of_the_refusal_fill_the_field_message(form_in):
    form = form_in("pl")
    error = ValidationFailed(
        N_("Za późno: najpóźniej %(date)s."),
        fields={"number": N_("Za późno: najpóźniej %(date)s.")},
        date="24.12.2026",
    )

    show_error(form, error)

    assert form.number.errors == ["Za późno: najpóźniej 24.12.2026."]
