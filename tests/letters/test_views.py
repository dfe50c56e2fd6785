"""The letters pages: who gets what, the PDF's headers, the list's queries,
and the letter templates in the Wagtail admin."""

import json
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from cases.models import Case
from letters.models import LetterTemplate, SentHow, SentLetter
from letters.services import letter_prepare
from schools.models import School

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

TEMPLATES_LIST = "wagtailsnippets_letters_lettertemplate:list"
TEMPLATE_EDIT = "wagtailsnippets_letters_lettertemplate:edit"


def prepare(world, family, recipient=None) -> SentLetter:
    return letter_prepare(
        case=family.case,
        kind="attendance_concern",
        recipient=recipient or family.mother,
        by=world.users["officer"],
    )


def pdf_url(letter: SentLetter) -> str:
    return reverse(
        "portal:letters:letter_pdf",
        kwargs={"pk": letter.case_id, "letter_pk": letter.pk},
    )


def body(response) -> bytes:
    return (
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


# --- Who may see a letter -------------------------------------------------


@pytest.mark.parametrize("who", ["sibling_lead", "la", "other_la", "nobody"])
def test_outsiders_get_404_on_every_letter_url(world, family, client_as, who):
    letter = prepare(world, family)
    client = client_as(world.users[who])
    case = family.case.pk
    urls = [
        pdf_url(letter),
        letter.get_absolute_url(),
        reverse("portal:letters:letter_list", kwargs={"pk": case}),
        reverse("portal:letters:letter_new", kwargs={"pk": case}),
        reverse("portal:letters:case_batch_pdf", kwargs={"pk": case}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(letter.get_absolute_url(), {"how": "post"}).status_code == 404
    letter.refresh_from_db()
    assert letter.waiting


@pytest.mark.parametrize("who", ["officer", "pastoral", "lead", "head", "la"])
def test_those_who_see_the_case_get_the_pdf_never_cached(world, family, client_as, who):
    letter = prepare(world, family)
    if who == "la":
        world.share(family.case)
    response = client_as(world.users[who]).get(pdf_url(letter))
    assert response.status_code == 200
    assert {"no-store", "private"} <= cache_directives(response)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="letter-{family.case.pk}-{letter.pk}-attendance_concern.pdf"'
    )
    assert body(response) == letter.pdf.open("rb").read()


def test_woolwich_staff_get_404_for_a_chaucer_letter(client_as, demo_user):
    chaucer = School.objects.get(urn="900001")
    case = (
        Case.objects.filter(
            school=chaucer, pupil__carer_relationships__may_contact=True
        )
        .order_by("pk")
        .first()
    )
    carer = case.pupil.carer_relationships.filter(may_contact=True).first().parent_carer
    letter = letter_prepare(
        case=case,
        kind="attendance_concern",
        recipient=carer,
        by=demo_user("officer.chaucer"),
    )
    for username in (
        "officer.woolwich",
        "pastoral.woolwich",
        "lead.woolwich",
        "dsl.woolwich",
        "head.woolwich",
        "la.greenwich",
        "legal.greenwich",
        "editor",
    ):
        response = client_as(username).get(pdf_url(letter))
        assert response.status_code == 404, username
    assert client_as("officer.chaucer").get(pdf_url(letter)).status_code == 200


# --- The pages --------------------------------------------------------------


def test_prepare_form_makes_a_letter_for_the_chosen_parent(world, family, client_as):
    client = client_as(world.users["officer"])
    url = reverse("portal:letters:letter_new", kwargs={"pk": family.case.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert b"Ms Grace Okafor (Mother), 14 Elm Street, Leeds, LS2 2BB" in page.content

    refused = client.post(url, {})
    assert refused.status_code == 200
    assert b"Choose who the letter is to." in refused.content

    response = client.post(url, {"recipient": family.father.pk})
    letter = SentLetter.objects.get(case=family.case)
    assert response.status_code == 302
    assert response["Location"] == letter.get_absolute_url()
    assert letter.recipient == family.father


def test_a_parent_of_another_pupil_is_not_a_choice(world, family, client_as):
    from tests.factories import CarerRelationshipFactory

    stranger = CarerRelationshipFactory(pupil=world.pupil()).parent_carer
    url = reverse("portal:letters:letter_new", kwargs={"pk": family.case.pk})
    response = client_as(world.users["officer"]).post(url, {"recipient": stranger.pk})
    assert response.status_code == 200
    assert not SentLetter.objects.filter(case=family.case).exists()


def test_the_letter_page_records_it_sent(world, family, client_as):
    letter = prepare(world, family)
    client = client_as(world.users["officer"])
    page = client.get(letter.get_absolute_url())
    assert b"Waiting to be sent" in page.content
    response = client.post(letter.get_absolute_url(), {"how": SentHow.BY_HAND})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.sent_how, letter.sent_by) == (
        SentHow.BY_HAND,
        world.users["officer"],
    )
    again = client.post(letter.get_absolute_url(), {"how": SentHow.POST})
    assert again.status_code == 403


def test_the_case_page_shows_the_letters_panel(world, family, client_as):
    prepare(world, family)
    response = client_as(world.users["officer"]).get(family.case.get_absolute_url())
    assert b'id="letters-heading"' in response.content
    assert b"1 waiting to be sent" in response.content


def test_the_days_batch_joins_the_letters(world, family, client_as):
    prepare(world, family, family.mother)
    prepare(world, family, family.father)
    client = client_as(world.users["officer"])
    for url in (
        reverse("portal:letters:case_batch_pdf", kwargs={"pk": family.case.pk}),
        reverse(
            "portal:letters:school_batch_pdf", kwargs={"school_pk": world.school.pk}
        ),
    ):
        response = client.get(url)
        assert {"no-store", "private"} <= cache_directives(response)
        text = "".join(
            p.extract_text() for p in PdfReader(BytesIO(body(response))).pages
        )
        assert "Ms Grace Okafor" in text
        assert "Mr Daniel Mensah" in text
    far = reverse(
        "portal:letters:school_batch_pdf", kwargs={"school_pk": world.far_school.pk}
    )
    assert client.get(far).status_code == 404


def test_my_work_lists_letters_waiting_to_be_sent(world, family):
    from django.utils import timezone

    from schools.work import my_work

    letter = prepare(world, family)
    items = [
        i
        for i in my_work(world.users["officer"], timezone.localdate())
        if i.kind == "Letter to send"
    ]
    assert [item.url for item in items] == [letter.get_absolute_url()]
    assert [
        i
        for i in my_work(world.users["lead"], timezone.localdate())
        if i.kind == "Letter to send"
    ] == []


def test_the_outbox_shows_only_messages_about_cases_the_user_sees(
    world, family, client_as, settings
):
    from letters.services import letter_send

    settings.EMAIL_BACKEND = "letters.mail.OutboxBackend"
    letter = prepare(world, family)
    letter_send(letter=letter, how=SentHow.EMAIL, by=world.users["officer"])
    url = reverse("portal:letters:outbox")
    assert b"grace@example.com" in client_as(world.users["officer"]).get(url).content
    assert (
        b"grace@example.com"
        not in client_as(world.users["sibling_lead"]).get(url).content
    )


def test_case_letters_list_queries_do_not_grow_with_letters(world, family, client_as):
    client = client_as(world.users["officer"])
    url = reverse("portal:letters:letter_list", kwargs={"pk": family.case.pk})
    first = prepare(world, family)

    def add(count: int) -> None:
        SentLetter.objects.bulk_create(
            SentLetter(
                case=family.case,
                kind=first.kind,
                recipient=family.mother,
                recipient_name=first.recipient_name,
                subject=first.subject,
                pdf=first.pdf.name,
                pdf_sha256=first.pdf_sha256,
                prepared_by=world.users["officer"],
            )
            for _ in range(count)
        )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(9)
    at_10 = queries()
    add(190)
    assert queries() == at_10


# --- Letter templates in the Wagtail admin ---------------------------------


def template(**owner) -> LetterTemplate:
    return LetterTemplate.objects.create(
        kind="attendance_concern",
        subject="S",
        body="<p>{{ pupil_forename }}</p>",
        **owner,
    )


def test_an_attendance_lead_sees_and_edits_only_their_schools_templates(
    world, client_as
):
    own = template(school=world.school)
    sibling = template(school=world.sibling_school)
    la_default = template(local_authority=world.la)
    client = client_as(world.users["lead"])

    listing = client.get(reverse(TEMPLATES_LIST))
    assert listing.status_code == 200
    edit_urls = {
        reverse(TEMPLATE_EDIT, args=[t.pk]) for t in (own, sibling, la_default)
    }
    shown = {url for url in edit_urls if url.encode() in listing.content}
    assert shown == {reverse(TEMPLATE_EDIT, args=[own.pk])}

    assert client.get(reverse(TEMPLATE_EDIT, args=[own.pk])).status_code == 200
    for other in (sibling, la_default):
        assert client.get(reverse(TEMPLATE_EDIT, args=[other.pk])).status_code == 404
        assert (
            client.get(
                reverse(
                    "wagtailsnippets_letters_lettertemplate:history", args=[other.pk]
                )
            ).status_code
            == 404
        )
        assert (
            client.post(
                reverse(
                    "wagtailsnippets_letters_lettertemplate:delete", args=[other.pk]
                )
            ).status_code
            == 404
        )
    assert (
        LetterTemplate.objects.filter(
            pk__in=[own.pk, sibling.pk, la_default.pk]
        ).count()
        == 3
    )


def test_the_owner_choices_are_only_what_the_user_may_edit(world, client_as):
    own = template(school=world.school)
    response = client_as(world.users["lead"]).get(reverse(TEMPLATE_EDIT, args=[own.pk]))
    form = response.context["form"]
    assert list(form.fields["school"].queryset) == [world.school]
    assert list(form.fields["local_authority"].queryset) == []


def test_an_la_lead_practitioner_edits_the_las_defaults(world, client_as):
    la_default = template(local_authority=world.la)
    other_default = template(local_authority=world.other_la)
    school_own = template(school=world.school)
    client = client_as(world.users["la"])
    assert client.get(reverse(TEMPLATE_EDIT, args=[la_default.pk])).status_code == 200
    for other in (other_default, school_own):
        assert client.get(reverse(TEMPLATE_EDIT, args=[other.pk])).status_code == 404


@pytest.mark.parametrize("who", ["pastoral", "officer", "legal"])
def test_staff_with_neither_role_have_no_letter_templates(world, client_as, who):
    own = template(school=world.school)
    client = client_as(world.users[who])
    listing = client.get(reverse(TEMPLATES_LIST))
    assert listing.status_code in (302, 403, 404)
    edit = client.get(reverse(TEMPLATE_EDIT, args=[own.pk]))
    assert edit.status_code in (302, 403, 404)
    home = client.get(reverse("wagtailadmin_home"))
    assert b"Letter templates" not in home.content


def test_the_menu_shows_letter_templates_to_an_attendance_lead(world, client_as):
    home = client_as(world.users["lead"]).get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    assert b"Letter templates" in home.content


def test_a_superuser_sees_every_template(world, client_as):
    templates = [
        template(school=world.school),
        template(local_authority=world.other_la),
    ]
    listing = client_as(world.users["superuser"]).get(reverse(TEMPLATES_LIST))
    for t in templates:
        assert reverse(TEMPLATE_EDIT, args=[t.pk]).encode() in listing.content


def test_the_admin_form_names_a_misspelt_field_and_previews_the_letter(
    world, client_as
):
    own = template(school=world.school)
    client = client_as(world.users["lead"])
    data = {
        "kind": "attendance_concern",
        "school": world.school.pk,
        "local_authority": "",
        "subject": "About {{ pupil_forname }}",
        "body": json.dumps(
            {
                "blocks": [
                    {
                        "key": "a",
                        "type": "unstyled",
                        "text": "Hi {{ pupil_forename }}",
                        "depth": 0,
                        "inlineStyleRanges": [],
                        "entityRanges": [],
                    }
                ],
                "entityMap": {},
            }
        ),
    }
    response = client.post(reverse(TEMPLATE_EDIT, args=[own.pk]), data)
    assert response.status_code == 200
    assert "Did you mean “pupil_forename”?" in response.content.decode()
    own.refresh_from_db()
    assert own.subject == "S"

    preview = reverse(
        "wagtailsnippets_letters_lettertemplate:preview_on_edit", args=[own.pk]
    )
    good = {**data, "subject": "About {{ pupil_forename }}"}
    assert client.post(preview, good).json()["is_valid"] is True
    shown = client.get(preview).content.decode()
    assert "Hi Sam" in shown
    assert "Hawthorn Park Academy" in shown
