"""Pupil voice: uploads, the private drawing, who sees and records, answers,
the chronology, the checklist item, the pages and the demo."""

import os
import struct
import zlib
from datetime import datetime, time, timedelta
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import (
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image, PngImagePlugin

from cases.checklist import checklist_status
from cases.enums import Stage
from cases.models import CaseEvent
from tests.portal.test_access import portal_url_names
from voice import services
from voice.answers import clean_answers
from voice.enums import VoiceEventKind, VoiceTool
from voice.images import NOT_AN_IMAGE, TOO_LARGE, TOO_MANY_PIXELS
from voice.models import PupilVoice
from voice.selectors import latest_voice

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

OUTSIDERS = [
    "sibling_lead",  # school staff of another school in the same LA
    "other_la",  # LA staff of another LA
    "other_legal",
    "la",  # LA staff of this LA, case not shared
    "legal",
    "superuser",  # no membership: sees nothing in the portal
    "nobody",
]


def world_voices(world):
    """Voice records in the test's own world (the session demo has its own)."""
    return PupilVoice.objects.filter(
        pupil__school__local_authority__in=[world.la, world.other_la]
    )


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path) -> Path:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


def stored_files(root: Path) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


# --- Images made for the tests ------------------------------------------------


def png_bytes(size=(40, 30), mode="RGB", color=(200, 30, 30), **save) -> bytes:
    output = BytesIO()
    Image.new(mode, size, color).save(output, format="PNG", **save)
    return output.getvalue()


def noise_png(width: int, height: int, compress_level: int = 6) -> bytes:
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    output = BytesIO()
    image.save(output, format="PNG", compress_level=compress_level)
    return output.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height (pixel data far too short)."""
    data = bytearray(png_bytes((2, 2)))
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


def gif_bytes() -> bytes:
    output = BytesIO()
    Image.new("P", (20, 20)).save(output, format="GIF")
    return output.getvalue()


def upload(data: bytes, name="drawing.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type)


def record(world, case=None, *, by="pastoral", pupil=None, **kwargs) -> PupilVoice:
    values = {
        "tool": VoiceTool.CONVERSATION,
        "words": "I don't like the bus, the big boys shout.",
        "recorded_on": timezone.localdate(),
        "summary": "Worried about the bus journey.",
    }
    values.update(kwargs)
    return services.voice_record(
        by=world.users[by], case=case, pupil=pupil if case is None else None, **values
    )


def noon(days_from_today: int):
    day = timezone.localdate() + timedelta(days=days_from_today)
    return timezone.make_aware(datetime.combine(day, time(12)))


# --- Upload checks ------------------------------------------------------------

BAD_UPLOADS = {
    "text named .png": (lambda: b"Not an image at all.\n" * 40, NOT_AN_IMAGE),
    "svg named .png": (
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>',
        NOT_AN_IMAGE,
    ),
    "gif named .png": (gif_bytes, NOT_AN_IMAGE),
    "truncated png": (lambda: noise_png(200, 200)[:40_000], NOT_AN_IMAGE),
    "png without its end": (lambda: png_bytes()[:-12], NOT_AN_IMAGE),
    "over 10 MB": (lambda: noise_png(1900, 1900, compress_level=1), TOO_LARGE),
    "over 25 megapixels": (
        lambda: png_bytes((5001, 5000), mode="L", color=255),
        TOO_MANY_PIXELS,
    ),
    # The header says 50 megapixels and the pixel data is missing: refused for
    # its size, so the size was checked before anything was decoded.
    "50 megapixels claimed": (lambda: png_claiming(10_000, 5_000), TOO_MANY_PIXELS),
    # Over Pillow's own decompression-bomb limit.
    "decompression bomb": (lambda: png_claiming(30_000, 30_000), TOO_MANY_PIXELS),
}


@pytest.mark.parametrize("kind", list(BAD_UPLOADS))
def test_refused_upload_writes_nothing_and_leaves_no_file(world, private_root, kind):
    make, message = BAD_UPLOADS[kind]
    data = make()
    if kind == "over 10 MB":
        assert len(data) > 10 * 1024 * 1024
    case = world.case_at(Stage.EARLY_HELP)
    events = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(ValidationError) as refused:
        record(world, case, drawing=upload(data))
    assert refused.value.message_dict == {"drawing": [message]}
    assert not world_voices(world).exists()
    assert CaseEvent.objects.filter(case=case).count() == events
    assert stored_files(private_root) == []


def test_jpeg_is_stored_upright_without_exif_gps_or_comment(world, private_root):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x0112] = 6  # orientation: turn 90° clockwise to display
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    output = BytesIO()
    Image.new("RGB", (60, 40), (10, 120, 200)).save(
        output, format="JPEG", exif=exif.tobytes(), comment=b"12 Acacia Road"
    )
    original = output.getvalue()
    assert Image.open(BytesIO(original)).getexif().get_ifd(0x8825)  # has GPS
    case = world.case_at(Stage.EARLY_HELP)

    voice = record(world, case, drawing=upload(original, "IMG_0001.JPG", "image/jpeg"))

    [path] = stored_files(private_root)
    assert path.suffix == ".jpg"
    raw = path.read_bytes()
    for secret in (b"Exif", b"PhoneMaker", b"Acacia"):
        assert secret not in raw
    with Image.open(path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (40, 60)  # turned the right way up
        assert dict(stored.getexif()) == {}
        assert stored.getexif().get_ifd(0x8825) == {}
        assert "exif" not in stored.info
        assert "comment" not in stored.info
    assert (voice.drawing_width, voice.drawing_height) == (40, 60)


def test_png_text_chunks_are_stripped(world, private_root):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Taken at 12 Acacia Road")
    info.add_itxt("Author", "Parent's phone")
    data = png_bytes(pnginfo=info)
    assert b"Acacia" in data
    record(world, world.case_at(Stage.EARLY_HELP), drawing=upload(data))
    [path] = stored_files(private_root)
    assert b"Acacia" not in path.read_bytes()
    with Image.open(path) as stored:
        assert stored.text == {}


def test_valid_png_is_stored_privately_under_a_random_name(world, private_root):
    case = world.case_at(Stage.EARLY_HELP)
    voice = record(world, case, drawing=upload(png_bytes(), "my-drawing-of-mum.png"))
    [path] = stored_files(private_root)
    assert path.suffix == ".png"
    assert "mum" not in path.name
    assert len(path.stem) == 32  # a uuid4 in hex
    assert Path(voice.drawing.path) == path
    with pytest.raises(ValueError, match="no public URL"):
        voice.drawing.url  # noqa: B018


def test_type_comes_from_the_content_not_the_name(world, private_root, client):
    """A PNG named .jpg and sent as image/jpeg is kept and served as a PNG."""
    case = world.case_at(Stage.EARLY_HELP)
    voice = record(world, case, drawing=upload(png_bytes(), "photo.jpg", "image/jpeg"))
    [path] = stored_files(private_root)
    assert path.suffix == ".png"
    client.force_login(world.users["pastoral"])
    response = client.get(voice.get_drawing_url())
    assert response["Content-Type"] == "image/png"


def test_no_file_is_left_when_the_write_fails_after_storing_it(
    world, private_root, monkeypatch
):
    case = world.case_at(Stage.EARLY_HELP)

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "event_record", broken)
    with pytest.raises(RuntimeError):
        record(world, case, drawing=upload(png_bytes()))
    assert stored_files(private_root) == []
    assert not world_voices(world).exists()


def test_a_valid_image_is_not_stored_when_the_rest_is_refused(world, private_root):
    case = world.case_at(Stage.EARLY_HELP)
    with pytest.raises(ValidationError) as refused:
        record(world, case, words="   ", drawing=upload(png_bytes()))
    assert set(refused.value.message_dict) == {"words"}
    assert stored_files(private_root) == []


def test_private_root_inside_media_root_is_refused(world, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = Path(settings.MEDIA_ROOT) / "private"
    case = world.case_at(Stage.EARLY_HELP)
    with pytest.raises(ImproperlyConfigured):
        record(world, case, drawing=upload(png_bytes()))


# --- Serving the drawing ------------------------------------------------------


@pytest.mark.parametrize("on_case", [True, False])
def test_drawing_is_served_privately_with_safe_headers(
    world, client, settings, private_root, on_case
):
    if on_case:
        voice = record(
            world, world.case_at(Stage.EARLY_HELP), drawing=upload(png_bytes())
        )
    else:
        voice = record(world, pupil=world.pupil(), drawing=upload(png_bytes()))
    client.force_login(world.users["officer"])
    response = client.get(voice.get_drawing_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    body = b"".join(response.streaming_content)
    path = Path(voice.drawing.path).resolve()
    assert body == path.read_bytes()
    assert path.is_relative_to(Path(private_root).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def test_a_record_without_a_drawing_has_no_drawing_url(world, client):
    case = world.case_at(Stage.EARLY_HELP)
    voice = record(world, case)
    client.force_login(world.users["officer"])
    url = reverse(
        "portal:voice:voice_drawing", kwargs={"pk": case.pk, "voice_pk": voice.pk}
    )
    assert client.get(url).status_code == 404


# --- Who sees and records -----------------------------------------------------


def _voice_requests(case, voice, pupil, pupil_voice):
    """(url name, method, url, data, headers) for every voice URL."""
    case_kwargs = {"pk": case.pk}
    case_record = {"pk": case.pk, "voice_pk": voice.pk}
    pupil_kwargs = {"pupil_pk": pupil.pk}
    pupil_record = {"pupil_pk": pupil.pk, "voice_pk": pupil_voice.pk}
    post = {"tool": "conversation", "words": "Hello", "recorded_on": "2026-01-05"}
    htmx = {"HX-Request": "true", "HX-Target": "voice-answers"}
    for prefix, kwargs, record_kwargs in (
        ("voice", case_kwargs, case_record),
        ("pupil_voice", pupil_kwargs, pupil_record),
    ):
        for name, url_kwargs in (
            ("list", kwargs),
            ("new", kwargs),
            ("detail", record_kwargs),
            ("drawing", record_kwargs),
        ):
            full = f"portal:voice:{prefix}_{name}"
            url = reverse(full, kwargs=url_kwargs)
            yield full, "get", url, {}, {}
            yield full, "post", url, post, {}
        new = reverse(f"portal:voice:{prefix}_new", kwargs=kwargs)
        yield f"portal:voice:{prefix}_new", "get", new, {"tool": "three_islands"}, htmx


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_every_voice_url(world, client, outsider):
    case = world.case_at(Stage.EARLY_HELP, shared=False)
    voice = record(world, case, drawing=upload(png_bytes()))
    pupil = world.pupil()
    pupil_voice = record(world, pupil=pupil, drawing=upload(png_bytes()))
    events = CaseEvent.objects.filter(case=case).count()
    client.force_login(world.users[outsider])
    visited = set()
    for name, method, url, data, headers in _voice_requests(
        case, voice, pupil, pupil_voice
    ):
        response = getattr(client, method)(url, data, headers=headers)
        assert response.status_code == 404, (outsider, method, url, headers)
        visited.add(name)
    voice_urls = {
        name for name in portal_url_names() if name.startswith("portal:voice:")
    }
    assert visited == voice_urls
    assert world_voices(world).count() == 2
    assert CaseEvent.objects.filter(case=case).count() == events


@pytest.mark.parametrize("user", ["head", "la", "legal"])
def test_pupil_records_are_for_the_schools_case_workers_only(world, client, user):
    """The headteacher, and the LA with a case shared, still get 404 on them."""
    case = world.case_at(Stage.EARLY_HELP, shared=True)
    record(world, case)
    pupil = world.pupil()
    pupil_voice = record(world, pupil=pupil, drawing=upload(png_bytes()))
    client.force_login(world.users[user])
    assert (
        client.get(reverse("portal:voice:voice_list", args=[case.pk])).status_code
        == 200
    )
    for url in (
        reverse("portal:voice:pupil_voice_list", args=[pupil.pk]),
        reverse("portal:voice:pupil_voice_new", args=[pupil.pk]),
        pupil_voice.get_absolute_url(),
        pupil_voice.get_drawing_url(),
    ):
        assert client.get(url).status_code == 404, url
    with pytest.raises(PermissionDenied):
        record(world, pupil=pupil, by=user)


def test_a_record_is_found_only_under_its_own_case_or_pupil(world, client):
    first = world.case_at(Stage.EARLY_HELP)
    second = world.open_case()
    voice = record(world, first, drawing=upload(png_bytes()))
    pupil = world.pupil()
    pupil_voice = record(world, pupil=pupil)
    client.force_login(world.users["lead"])
    for url in (
        reverse("portal:voice:voice_detail", args=[second.pk, voice.pk]),
        reverse("portal:voice:voice_drawing", args=[second.pk, voice.pk]),
        reverse("portal:voice:voice_detail", args=[first.pk, pupil_voice.pk]),
        reverse("portal:voice:pupil_voice_detail", args=[pupil.pk, voice.pk]),
        reverse("portal:voice:pupil_voice_detail", args=[first.pupil_id, voice.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(voice.get_absolute_url()).status_code == 200
    assert client.get(pupil_voice.get_absolute_url()).status_code == 200


def test_headteacher_sees_voice_records_but_cannot_record(world, client):
    case = world.case_at(Stage.EARLY_HELP)
    voice = record(world, case, drawing=upload(png_bytes()))
    client.force_login(world.users["head"])
    listing = client.get(reverse("portal:voice:voice_list", args=[case.pk]))
    assert listing.status_code == 200
    assert "the big boys shout" in listing.content.decode()
    assert reverse("portal:voice:voice_new", args=[case.pk]) not in (
        listing.content.decode()
    )
    assert client.get(voice.get_absolute_url()).status_code == 200
    assert client.get(voice.get_drawing_url()).status_code == 200
    new = reverse("portal:voice:voice_new", args=[case.pk])
    assert client.get(new).status_code == 403
    response = client.post(
        new, {"tool": "conversation", "words": "Hi", "recorded_on": "2026-01-05"}
    )
    assert response.status_code == 403
    assert world_voices(world).count() == 1
    with pytest.raises(PermissionDenied):
        record(world, case, by="head")
    assert world_voices(world).count() == 1


def test_shared_la_practitioner_records_and_a_closed_case_takes_none(world):
    case = world.case_at(Stage.EARLY_HELP, shared=True)
    assert record(world, case, by="la").recorded_by == world.users["la"]
    closed = world.case_at(Stage.CLOSED)
    with pytest.raises(PermissionDenied):
        record(world, closed, by="lead")


def test_pupil_with_an_open_case_gets_records_on_the_case(world, client):
    case = world.open_case()
    with pytest.raises(ValidationError, match="has an open case"):
        record(world, pupil=case.pupil)
    client.force_login(world.users["pastoral"])
    page = client.get(reverse("portal:voice:pupil_voice_new", args=[case.pupil_id]))
    assert reverse("portal:voice:voice_new", args=[case.pk]) in page.content.decode()
    assert 'name="words"' not in page.content.decode()


# --- Answers per tool ---------------------------------------------------------

ROW = {"about": "lesson", "name": "Maths", "rating": 7}
ANSWERS = [
    (VoiceTool.THERMOMETER, {"ratings": [ROW]}, None),
    (VoiceTool.THERMOMETER, {"ratings": [{**ROW, "rating": 0}]}, None),
    (VoiceTool.THERMOMETER, {"ratings": [{**ROW, "rating": 10}]}, None),
    (VoiceTool.THERMOMETER, {"ratings": [{**ROW, "rating": 11}]}, "from 0 to 10"),
    (VoiceTool.THERMOMETER, {"ratings": [{**ROW, "rating": -1}]}, "from 0 to 10"),
    (VoiceTool.THERMOMETER, {"ratings": [{**ROW, "rating": "7"}]}, "whole number"),
    (VoiceTool.THERMOMETER, {"ratings": [{**ROW, "rating": True}]}, "whole number"),
    (VoiceTool.THERMOMETER, {"ratings": [{**ROW, "about": "x"}]}, "choose a place"),
    (VoiceTool.THERMOMETER, {"ratings": [{**ROW, "name": " "}]}, "name the place"),
    (VoiceTool.THERMOMETER, {"ratings": []}, "at least one place"),
    (VoiceTool.THERMOMETER, {}, "at least one place"),
    (VoiceTool.THERMOMETER, {"ratings": [{"name": "Maths"}]}, "give what is rated"),
    (VoiceTool.THERMOMETER, {"ratings": [ROW] * 21}, "at most 20"),
    (VoiceTool.THERMOMETER, {"ratings": [ROW], "always": []}, "does not use"),
    (VoiceTool.FIVE_POINT_SCALE, {"ratings": [{**ROW, "rating": 1}]}, None),
    (VoiceTool.FIVE_POINT_SCALE, {"ratings": [{**ROW, "rating": 5}]}, None),
    (VoiceTool.FIVE_POINT_SCALE, {"ratings": [{**ROW, "rating": 0}]}, "from 1 to 5"),
    (VoiceTool.FIVE_POINT_SCALE, {"ratings": [{**ROW, "rating": 6}]}, "from 1 to 5"),
    (
        VoiceTool.THREE_ISLANDS,
        {"always": ["Mum"], "sometimes": [], "far_away": ["The bus"]},
        None,
    ),
    (VoiceTool.THREE_ISLANDS, {"always": ["Mum"]}, None),
    (VoiceTool.THREE_ISLANDS, {"always": [], "far_away": [" "]}, "at least one"),
    (VoiceTool.THREE_ISLANDS, {"always": "Mum"}, "list of names"),
    (VoiceTool.THREE_ISLANDS, {"always": ["x" * 101]}, "at most 100"),
    (VoiceTool.THREE_ISLANDS, {"worries": ["Maths"]}, "does not use"),
    (
        VoiceTool.THREE_HOUSES,
        {"worries": ["Maths"], "good_things": ["Art"], "dreams": ["Vet"]},
        None,
    ),
    (VoiceTool.THREE_HOUSES, {"always": ["Mum"]}, "does not use"),
    (VoiceTool.THREE_HOUSES, {"worries": [], "dreams": []}, "at least one"),
    (VoiceTool.CONVERSATION, {}, None),
    (VoiceTool.WELLBEING_CARDS, {}, None),
    (VoiceTool.CONVERSATION, {"ratings": [ROW]}, "no structured answers"),
    (VoiceTool.IDEAL_SCHOOL, {"notes": "x"}, "no structured answers"),
    (VoiceTool.CONVERSATION, ["not", "a", "dict"], "not in the form"),
]


@pytest.mark.parametrize(("tool", "answers", "problem"), ANSWERS)
def test_answers_are_validated_per_tool(world, tool, answers, problem):
    case = world.case_at(Stage.EARLY_HELP)
    if problem is None:
        voice = record(world, case, tool=tool, answers=answers)
        assert voice.answers == clean_answers(tool, answers)
        return
    with pytest.raises(ValidationError) as refused:
        record(world, case, tool=tool, answers=answers)
    messages = refused.value.message_dict["answers"]
    assert any(problem in message for message in messages), messages
    assert not world_voices(world).exists()


def test_names_are_trimmed_and_blank_lines_dropped(world):
    voice = record(
        world,
        world.case_at(Stage.EARLY_HELP),
        tool=VoiceTool.THREE_ISLANDS,
        answers={"always": [" Mum ", "", "Nan"], "far_away": ["  "]},
    )
    assert voice.answers == {"always": ["Mum", "Nan"], "sometimes": [], "far_away": []}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("words", "  ", "in their own words"),
        ("recorded_on", None, "Give the date"),
        ("tool", "diary", "Choose the tool"),
    ],
)
def test_the_record_itself_is_validated(world, field, value, message):
    case = world.case_at(Stage.EARLY_HELP)
    with pytest.raises(ValidationError) as refused:
        record(world, case, **{field: value})
    assert message in " ".join(refused.value.message_dict[field])


def test_a_date_in_the_future_is_refused(world):
    case = world.case_at(Stage.EARLY_HELP)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        record(world, case, recorded_on=tomorrow)


# --- The chronology -----------------------------------------------------------


def test_each_case_record_writes_exactly_one_chronology_event(world):
    case = world.case_at(Stage.EARLY_HELP)
    voices = [
        record(world, case, tool=VoiceTool.CONVERSATION),
        record(
            world,
            case,
            tool=VoiceTool.THREE_ISLANDS,
            answers={"always": ["Mum"]},
        ),
    ]
    events = list(
        CaseEvent.objects.filter(
            case=case, kind=VoiceEventKind.VOICE_RECORDED
        ).order_by("pk")
    )
    assert [event.details for event in events] == [
        {"voice": voices[0].pk, "label": "Conversation"},
        {"voice": voices[1].pk, "label": "Three islands"},
    ]
    assert all(event.recorded_by == world.users["pastoral"] for event in events)
    before = CaseEvent.objects.count()
    record(world, pupil=world.pupil())
    assert CaseEvent.objects.count() == before  # no case, no chronology


# --- The checklist ------------------------------------------------------------


def _child_voice(case):
    return next(s for s in checklist_status(case) if s.item.key == "child_voice")


def test_child_voice_item_is_met_for_12_weeks_from_the_record(world):
    case = world.case_at(Stage.EARLY_HELP)
    assert not _child_voice(case).met
    voice = record(world, case)
    status = _child_voice(case)
    assert status.met
    assert status.evidence.url == voice.get_absolute_url()
    assert "last 12 weeks" in status.evidence.summary
    with time_machine.travel(noon(84), tick=False):
        assert _child_voice(case).met
    with time_machine.travel(noon(85), tick=False):
        assert not _child_voice(case).met


def test_a_voice_record_too_old_to_count_says_so_and_from_which_date(world, client):
    case = world.case_at(Stage.EARLY_HELP)
    assert _child_voice(case).shortfall is None  # nothing at all: nothing to say
    said = timezone.localdate() - timedelta(days=100)
    voice = record(world, case, recorded_on=said)
    status = _child_voice(case)
    assert not status.met
    counts_from = timezone.localdate() - timedelta(weeks=12)
    assert status.shortfall.url == voice.get_absolute_url()
    assert f"{said.day} {said:%B %Y}, is too old to count" in status.shortfall.summary
    assert f"on or after {counts_from.day} {counts_from:%B %Y}" in (
        status.shortfall.summary
    )
    client.force_login(world.users["officer"])
    page = client.get(case.get_absolute_url()).content.decode()
    assert "is too old to count" in page


def test_child_voice_counts_from_the_day_the_child_said_it(world):
    case = world.case_at(Stage.EARLY_HELP)
    record(world, case, recorded_on=timezone.localdate() - timedelta(days=85))
    assert not _child_voice(case).met
    record(world, pupil=world.pupil())  # no case: does not count anywhere
    assert not _child_voice(case).met


# --- Pages --------------------------------------------------------------------


def test_voice_list_query_count_is_constant(world, client):
    case = world.case_at(Stage.EARLY_HELP)
    for _ in range(2):
        record(world, case)
    client.force_login(world.users["lead"])
    url = reverse("portal:voice:voice_list", args=[case.pk])
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    PupilVoice.objects.bulk_create(
        PupilVoice(
            pupil=case.pupil,
            case=case,
            tool=VoiceTool.CONVERSATION,
            recorded_on=timezone.localdate(),
            recorded_by=world.users[key],
            words=f"Words {n}",
        )
        for n in range(20)
        for key in ("officer", "dsl")
    )
    with CaptureQueriesContext(connection) as forty_two:
        response = client.get(url)
    assert response.content.decode().count("<q>") == 42
    assert len(forty_two) == len(two)


def test_adding_a_thermometer_through_the_form(world, client, private_root):
    case = world.case_at(Stage.EARLY_HELP)
    client.force_login(world.users["pastoral"])
    url = reverse("portal:voice:voice_new", args=[case.pk])
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page
    response = client.post(
        url,
        {
            "tool": "thermometer",
            "recorded_on": timezone.localdate().isoformat(),
            "words": "Maths is a nine. Mornings are a ten.",
            "summary": "Anxious before school & in maths.",
            "rating_0_about": "lesson",
            "rating_0_name": "Maths",
            "rating_0_rating": "9",
            "rating_2_about": "time_of_day",
            "rating_2_name": "Before school",
            "rating_2_rating": "10",
            "island_always": "Ignored for this tool",
            "drawing": upload(png_bytes(), "thermo.png"),
        },
    )
    voice = world_voices(world).get()
    assert response.status_code == 302
    assert response["Location"] == voice.get_absolute_url()
    assert voice.answers == {
        "ratings": [
            {"about": "lesson", "name": "Maths", "rating": 9},
            {"about": "time_of_day", "name": "Before school", "rating": 10},
        ]
    }
    assert len(stored_files(private_root)) == 1
    detail = client.get(voice.get_absolute_url()).content.decode()
    assert "<blockquote><p>Maths is a nine. Mornings are a ten.</p></blockquote>" in (
        detail
    )
    assert (
        'alt="The child&#x27;s anxiety / scaling thermometer: Anxious before '
        'school &amp; in maths."' in detail
    )
    assert voice.get_drawing_url() in detail
    assert "Before school" in detail


def test_form_errors_are_summarised_and_linked_to_their_fields(world, client):
    case = world.case_at(Stage.EARLY_HELP)
    client.force_login(world.users["pastoral"])
    url = reverse("portal:voice:voice_new", args=[case.pk])
    response = client.post(
        url,
        {
            "tool": "five_point_scale",
            "recorded_on": timezone.localdate().isoformat(),
            "words": "",
            "rating_1_about": "place",
            "rating_1_name": "The hall",
            "rating_1_rating": "7",
            "drawing": upload(b"GIF89a not really", "hall.png"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    assert '<a href="#id_words">' in page
    assert '<a href="#id_rating_1_rating">' in page
    assert "A rating on the 5-point scale is from 1 to 5." in page
    assert not world_voices(world).exists()


def test_form_shows_the_service_refusal_of_a_bad_image(world, client, private_root):
    case = world.case_at(Stage.EARLY_HELP)
    client.force_login(world.users["pastoral"])
    response = client.post(
        reverse("portal:voice:voice_new", args=[case.pk]),
        {
            "tool": "conversation",
            "recorded_on": timezone.localdate().isoformat(),
            "words": "I want to go to the other school.",
            "drawing": upload(b"\x89PNG\r\n\x1a\n broken", "drawing.png"),
        },
    )
    page = response.content.decode()
    assert '<a href="#id_drawing">' in page
    assert NOT_AN_IMAGE in page
    assert not world_voices(world).exists()
    assert stored_files(private_root) == []


def test_htmx_tool_choice_swaps_in_that_tools_fields(world, client):
    case = world.case_at(Stage.EARLY_HELP)
    client.force_login(world.users["pastoral"])
    url = reverse("portal:voice:voice_new", args=[case.pk])
    full = client.get(url).content.decode()
    assert 'name="island_always"' in full
    assert 'name="rating_0_rating"' in full
    response = client.get(
        url,
        {"tool": "three_islands"},
        headers={"HX-Request": "true", "HX-Target": "voice-answers"},
    )
    partial = response.content.decode()
    assert partial.lstrip().startswith('<div id="voice-answers"')
    assert 'name="island_far_away"' in partial
    assert 'name="rating_0_rating"' not in partial
    assert 'name="house_worries"' not in partial


@pytest.mark.parametrize(("user", "dsl_link"), [("pastoral", False), ("dsl", True)])
def test_form_sends_safeguarding_matters_to_the_dsl(world, client, user, dsl_link):
    case = world.case_at(Stage.EARLY_HELP)
    client.force_login(world.users[user])
    page = client.get(reverse("portal:voice:voice_new", args=[case.pk])).content
    page = page.decode()
    assert "is a safeguarding matter, do not record it here" in page
    note_add = reverse("portal:safeguarding:note_add", args=[case.pupil_id])
    assert (note_add in page) is dsl_link
    if not dsl_link:
        assert "Speak to your school's DSL" in page
        assert f'href="{case.pupil.get_absolute_url()}"' in page


def test_pupil_level_record_through_the_form(world, client):
    pupil = world.pupil()
    client.force_login(world.users["officer"])
    response = client.post(
        reverse("portal:voice:pupil_voice_new", args=[pupil.pk]),
        {
            "tool": "three_houses",
            "recorded_on": timezone.localdate().isoformat(),
            "words": "I worry about tests.",
            "house_worries": "Tests\nThe bus",
            "house_dreams": "Being a vet",
        },
    )
    voice = world_voices(world).get()
    assert response["Location"] == voice.get_absolute_url()
    assert voice.case is None
    assert voice.answers == {
        "worries": ["Tests", "The bus"],
        "good_things": [],
        "dreams": ["Being a vet"],
    }
    listing = client.get(reverse("portal:voice:pupil_voice_list", args=[pupil.pk]))
    assert "I worry about tests." in listing.content.decode()


def test_latest_voice_partial_shows_the_childs_words_first(world):
    case = world.case_at(Stage.EARLY_HELP)
    assert latest_voice(case) is None
    record(
        world,
        case,
        words="Older words.",
        recorded_on=timezone.localdate() - timedelta(days=9),
    )
    record(
        world,
        case,
        tool=VoiceTool.THREE_ISLANDS,
        words="Mum is on always.",
        answers={"always": ["Mum"]},
        recorded_on=timezone.localdate() - timedelta(days=2),
    )
    newest = latest_voice(case)
    assert newest.words == "Mum is on always."
    html = render_to_string(
        "voice/partials/case_panel.html",
        {"case": case, "latest_voice": newest, "can_record": False},
    )
    assert "Older words." not in html
    assert html.index("Mum is on always.") < html.index("Three islands")
    assert html.index("Three islands") < html.index("Test Pastoral")
    assert reverse("portal:voice:voice_list", args=[case.pk]) in html
    assert reverse("portal:voice:voice_new", args=[case.pk]) not in html


# --- The demo -----------------------------------------------------------------


def test_demo_voice_gives_each_case_from_early_help_one_record(private_root):
    from cases.models import Case
    from demo.voice import VOICE_STAGES, demo_voice_ensure
    from schools.models import School

    school = School.objects.get(urn="900001")  # the demo's Chaucer school
    PupilVoice.objects.filter(pupil__school=school).delete()
    cases = Case.objects.filter(school=school, stage__in=VOICE_STAGES)
    assert cases.exists()

    created = demo_voice_ensure(school=school, school_key="chaucer")

    assert created == cases.count()
    for case in cases:
        [voice] = case.voice_records.all()
        assert voice.recorded_by.username == "pastoral.chaucer"
        assert voice.recorded_on >= timezone.localdate(case.opened_at)
    assert not PupilVoice.objects.filter(
        case__school=school, case__stage__in=[Stage.CONCERN, Stage.CLOSED]
    ).exists()
    assert PupilVoice.objects.filter(case__school=school).exclude(drawing="").exists()
    assert stored_files(private_root)
    assert demo_voice_ensure(school=school, school_key="chaucer") == 0
