"""Pupil data never enters Wagtail: no pages, snippets, search index or documents."""

import pytest
from django.apps import apps
from wagtail.models import Page
from wagtail.search.index import Indexed
from wagtail.snippets.models import get_snippet_models

pytestmark = pytest.mark.unit

PERSONAL_DATA_APPS = (
    "schools",
    "attendance",
    "cases",
    "plans",
    "voice",
    "meetings",
    "contracts",
    "safeguarding",
)


# Settings a school or LA edits in Wagtail that name no pupil or parent: a
# meeting type is a name, who leads it and which letters go with it; an LA's
# penalty-notice code of conduct is a few figures and an address.
ORGANISATION_SETTINGS = ("meetings.MeetingTypeSetting", "contracts.CodeOfConduct")


def personal_data_models():
    return [
        model
        for label in PERSONAL_DATA_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.label not in ORGANISATION_SETTINGS
    ]


def test_the_organisation_settings_in_wagtail_hold_no_personal_data():
    from schools.models import CarerRelationship, ParentCarer, Pupil

    for label in ORGANISATION_SETTINGS:
        model = apps.get_model(label)
        for field in model._meta.get_fields():
            assert getattr(field, "related_model", None) not in {
                Pupil,
                ParentCarer,
                CarerRelationship,
            }, (model, field)


def test_no_personal_data_model_is_a_snippet_page_or_search_indexed():
    models = personal_data_models()
    assert models, "the schools app must have models to check"
    snippets = set(get_snippet_models())
    for model in models:
        assert model not in snippets, model
        assert not issubclass(model, Page), model
        assert not issubclass(model, Indexed), model


def test_no_wagtail_page_points_at_a_pupil_or_parent():
    from schools.models import CarerRelationship, ParentCarer, Pupil

    private = {Pupil, ParentCarer, CarerRelationship}
    for model in apps.get_models():
        if issubclass(model, Page):
            for field in model._meta.get_fields():
                assert getattr(field, "related_model", None) not in private, (
                    model,
                    field,
                )


def test_of_the_letters_only_the_templates_are_in_wagtail():
    """Letter templates are snippets, and hold text only: the letters made
    from them (pupils' and parents' data) stay out of Wagtail."""
    from letters.models import LetterTemplate
    from schools.models import CarerRelationship, ParentCarer, Pupil

    snippets = set(get_snippet_models())
    for model in apps.get_app_config("letters").get_models():
        if model is LetterTemplate:
            continue
        assert model not in snippets, model
        assert not issubclass(model, Page), model
        assert not issubclass(model, Indexed), model
    assert LetterTemplate in snippets
    assert not issubclass(LetterTemplate, Indexed)
    related = {
        getattr(field, "related_model", None)
        for field in LetterTemplate._meta.get_fields()
    }
    assert related.isdisjoint({Pupil, ParentCarer, CarerRelationship})
