"""What an editor may not publish: bad phone numbers and emails, impossible dates
and times, empty sections. Checked on the models and through the Wagtail editor.
"""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from policy_pages.blocks import EMPTY_SECTION_MESSAGE, SectionBlock, TableBlock
from policy_pages.models import AttendancePolicyPage, PolicyContact
from policy_pages.validators import (
    mailto_href,
    tel_href,
    validate_contact_email,
    validate_uk_phone,
)
from tests.policy_pages.admin_forms import edit_form_data, post_edit

# Page.clean() asks the database whether the slug is free under its parent.
pytestmark = [pytest.mark.unit, pytest.mark.django_db]

PHONE_MESSAGE = (
    "Enter a UK phone number of 10 or 11 digits starting with 0 (for example "
    "0114 232 2338), or starting with +44. Only digits, spaces, hyphens and "
    "brackets are allowed."
)
EMAIL_MESSAGE = "Enter a complete email address, for example office@school.sch.uk."


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("0114 232 2338", "tel:+441142322338"),
        ("01142322338", "tel:+441142322338"),
        ("(0114) 232-2338", "tel:+441142322338"),
        ("+44 114 232 2338", "tel:+441142322338"),
        ("020 8310 7000", "tel:+442083107000"),
        ("0800 111 111", "tel:+44800111111"),
    ],
)
def test_uk_phone_valid_becomes_international_tel_link(phone, href):
    validate_uk_phone(phone)
    assert tel_href(phone) == href


@pytest.mark.parametrize(
    "phone",
    [
        "0114 23",
        "114 232 2338",
        "0114 232 23388",
        "ring 0114 232 2338",
        "+1 212 555 0100",
        "0114/232/2338",
    ],
)
def test_uk_phone_invalid_is_refused_with_a_clear_message(phone):
    with pytest.raises(ValidationError) as error:
        validate_uk_phone(phone)
    assert error.value.messages == [PHONE_MESSAGE]


def test_email_invalid_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        validate_contact_email("office.school.sch.uk")
    assert error.value.messages == [EMAIL_MESSAGE]


def test_email_with_ampersand_is_valid_and_encoded_in_mailto():
    address = "sheffieldinclusion&attendance@sheffield.gov.uk"
    validate_contact_email(address)
    assert mailto_href(address) == (
        "mailto:sheffieldinclusion%26attendance@sheffield.gov.uk"
    )


def test_contact_without_name_or_any_way_to_reach_is_refused():
    contact = PolicyContact(role="Attendance Officer")
    with pytest.raises(ValidationError) as error:
        contact.full_clean(exclude=["page"])
    assert error.value.messages == [
        "Give a name, phone number, email address or website for this contact, "
        "so parents know who or how to contact."
    ]


def test_contact_with_bad_phone_and_email_reports_both_fields():
    contact = PolicyContact(role="DSL", name="A Person", phone="12", email="nope")
    with pytest.raises(ValidationError) as error:
        contact.full_clean(exclude=["page"])
    assert error.value.message_dict == {
        "phone": [PHONE_MESSAGE],
        "email": [EMAIL_MESSAGE],
    }


def policy(**fields) -> AttendancePolicyPage:
    values = {
        "title": "Attendance policy",
        "slug": "attendance-policy",
        "date_of_issue": date(2024, 9, 26),
        "review_date": date(2025, 9, 26),
        "absence_how": "<p>Phone.</p>",
        "leave_how": "<p>Write.</p>",
        **fields,
    }
    return AttendancePolicyPage(**values)


def test_review_date_before_issue_date_is_refused():
    page = policy(review_date=date(2024, 9, 1))
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert error.value.message_dict == {
        "review_date": [
            "The next review date must be after the date of issue (26 September 2024)."
        ]
    }


def test_review_date_equal_to_issue_date_is_refused():
    page = policy(review_date=date(2024, 9, 26))
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert list(error.value.message_dict) == ["review_date"]


def test_last_review_in_the_future_is_refused():
    page = policy(
        last_reviewed=timezone.localdate() + timedelta(days=1),
        review_date=timezone.localdate() + timedelta(days=300),
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert error.value.message_dict == {
        "last_reviewed": ["The last review cannot be in the future."]
    }


def test_month_precision_stores_the_first_of_the_month():
    page = policy(
        date_precision="month",
        date_of_issue=date(2024, 11, 20),
        last_reviewed=date(2024, 9, 14),
        review_date=date(2026, 7, 31),
    )
    page.clean()
    assert (page.date_of_issue, page.last_reviewed, page.review_date) == (
        date(2024, 11, 1),
        date(2024, 9, 1),
        date(2026, 7, 1),
    )


def test_register_closing_before_it_opens_is_refused():
    page = policy(am_register_opens=time(8, 40), am_register_closes=time(8, 30))
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert error.value.message_dict == {
        "am_register_closes": [
            "Morning register closes (8.30am) must be after morning register "
            "opens (8.40am)."
        ]
    }


def test_school_day_in_order_is_accepted_with_gaps():
    page = policy(
        day_starts=time(8, 30),
        am_register_opens=time(8, 30),
        am_register_closes=time(9, 0),
        pm_register_closes=time(13, 0),
        day_ends=time(15, 0),
    )
    page.clean()
    assert page.school_day() == [
        ("School day starts", "8.30am"),
        ("Morning register opens", "8.30am"),
        ("Morning register closes", "9.00am"),
        ("Afternoon register closes", "1.00pm"),
        ("School day ends", "3.00pm"),
    ]


def test_section_without_content_is_refused_with_a_clear_message():
    block = SectionBlock()
    value = block.to_python({"heading": "2. Aims", "content": []})
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    content_error = error.value.block_errors["content"]
    assert [e.message for e in content_error.non_block_errors.as_data()] == [
        EMPTY_SECTION_MESSAGE
    ]


def test_section_without_content_is_allowed_in_a_draft():
    block = SectionBlock()
    value = block.to_python({"heading": "2. Aims", "content": []})
    cleaned = block.clean_deferred(value)
    assert cleaned["heading"] == "2. Aims"


def test_table_row_with_wrong_number_of_cells_is_refused():
    block = TableBlock()
    value = block.to_python(
        {
            "caption": "Lateness",
            "first_column_is_header": True,
            "columns": ["Lates", "Action"],
            "rows": [["3", "Detention"], ["5"]],
        }
    )
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    row_errors = error.value.block_errors["rows"].block_errors
    assert {index: e.message for index, e in row_errors.items()} == {
        1: "Row 2 has 1 cells but the table has 2 columns. Give every row one "
        "cell per column."
    }


@pytest.mark.django_db
def test_publishing_a_page_with_an_empty_section_is_refused_by_any_route(make_policy):
    page = make_policy(sections=1)
    page.body = [("section", {"heading": "Empty", "content": []})]
    revision = page.save_revision()
    with pytest.raises(ValidationError) as error:
        revision.publish()
    assert error.value.message_dict == {
        "body": [f"Section 'Empty': {EMPTY_SECTION_MESSAGE}"]
    }
    page.refresh_from_db()
    assert [child.value["heading"] for child in page.body] == ["1. Section 1"]


# --- Through the Wagtail editor -------------------------------------------------


@pytest.fixture
def editor_client(client, make_policy, django_user_model):
    page = make_policy(contacts=1, sections=1)
    admin = django_user_model.objects.create_superuser(
        "policy-admin", "policy-admin@example.org", "not-used-password-123"
    )
    client.force_login(admin)
    return client, page


def assert_refused(response, page, message: str) -> None:
    """The editor shows the message and the page stays as it was."""
    assert response.status_code == 200
    assert message.encode() in response.content
    assert b"The page could not be saved due to validation errors" in response.content
    fresh = AttendancePolicyPage.objects.get(pk=page.pk)
    assert fresh.live_revision_id == page.live_revision_id
    assert fresh.latest_revision_id == page.latest_revision_id


@pytest.mark.integration
@pytest.mark.django_db
def test_editor_invalid_email_cannot_be_published(editor_client):
    client, page = editor_client
    data = edit_form_data(client, page)
    data["contacts-0-email"] = "person1.example.org"
    assert_refused(post_edit(client, page, data), page, EMAIL_MESSAGE)


@pytest.mark.integration
@pytest.mark.django_db
def test_editor_invalid_phone_cannot_be_published(editor_client):
    client, page = editor_client
    data = edit_form_data(client, page)
    data["contacts-0-phone"] = "call the office"
    assert_refused(post_edit(client, page, data), page, PHONE_MESSAGE)


@pytest.mark.integration
@pytest.mark.django_db
def test_editor_review_date_before_issue_cannot_be_published(editor_client):
    client, page = editor_client
    data = edit_form_data(client, page)
    data["review_date"] = (page.date_of_issue - timedelta(days=1)).isoformat()
    issued = page.date_of_issue.strftime("%-d %B %Y")
    message = f"The next review date must be after the date of issue ({issued})."
    assert_refused(post_edit(client, page, data), page, message)


@pytest.mark.integration
@pytest.mark.django_db
def test_editor_empty_section_cannot_be_published(editor_client):
    client, page = editor_client
    data = edit_form_data(client, page)
    data = {k: v for k, v in data.items() if not k.startswith("body-0-value-content-")}
    data["body-0-value-content-count"] = "0"
    assert_refused(post_edit(client, page, data), page, EMPTY_SECTION_MESSAGE)


@pytest.mark.integration
@pytest.mark.django_db
def test_editor_empty_section_can_be_saved_as_a_draft_but_not_go_live(editor_client):
    client, page = editor_client
    data = edit_form_data(client, page)
    data = {k: v for k, v in data.items() if not k.startswith("body-0-value-content-")}
    data["body-0-value-content-count"] = "0"
    response = post_edit(client, page, data, publish=False)
    assert response.status_code == 302
    fresh = AttendancePolicyPage.objects.get(pk=page.pk)
    assert fresh.live_revision_id == page.live_revision_id
    assert fresh.latest_revision_id != page.latest_revision_id
    with pytest.raises(ValidationError):
        fresh.latest_revision.publish()
    assert AttendancePolicyPage.objects.get(pk=page.pk).live_revision_id == (
        page.live_revision_id
    )


@pytest.mark.integration
@pytest.mark.django_db
def test_editor_unchanged_form_publishes(editor_client):
    """The form data the other tests start from is itself valid."""
    client, page = editor_client
    response = post_edit(client, page, edit_form_data(client, page))
    assert response.status_code == 302
    fresh = AttendancePolicyPage.objects.get(pk=page.pk)
    assert fresh.live_revision_id != page.live_revision_id
    assert [c.name for c in fresh.contacts.all()] == ["Person 1"]
