"""Demo pupil voice: one record on every demo case at early help or later.

Recorded by the school's pastoral lead through ``voice.services``, so the
demo obeys the same rules as the portal (a closed case takes no new records,
so closed cases get none). Each record is dated some days back, after the case
opened; one is dated more than 12 weeks back when its case is old enough, so
that case shows the checklist's "child's voice" item as missing. A few records
carry a drawing made here with Pillow.
"""

from dataclasses import dataclass, field
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone
from PIL import Image, ImageDraw

from cases.enums import Stage
from cases.models import Case
from demo.clock import days_ago
from schools.models import School
from voice.enums import VoiceTool
from voice.models import PupilVoice
from voice.services import voice_record

# Early help or later, and still open.
VOICE_STAGES = (
    Stage.EARLY_HELP,
    Stage.PARENTING_CONTRACT,
    Stage.ESO,
    Stage.PROSECUTION_REFERRAL,
)


@dataclass(frozen=True)
class DemoVoice:
    tool: str
    words: str
    summary: str
    answers: dict = field(default_factory=dict)
    drawing: str = ""  # the name of a drawing function below
    days_ago: int = 10


def _png(image: Image.Image) -> SimpleUploadedFile:
    output = BytesIO()
    image.save(output, format="PNG")
    return SimpleUploadedFile("drawing.png", output.getvalue(), "image/png")


def _three_islands() -> SimpleUploadedFile:
    """Sea, three islands, a figure on the near one and a house on the far one."""
    image = Image.new("RGB", (900, 600), (170, 215, 240))
    draw = ImageDraw.Draw(image)
    for box in ((40, 330, 340, 520), (360, 220, 600, 360), (650, 60, 860, 170)):
        draw.ellipse(box, fill=(240, 220, 150), outline=(120, 90, 40), width=4)
        left, top, right, bottom = box
        draw.ellipse(
            (left + 30, top + 20, right - 30, bottom - 20), fill=(120, 190, 100)
        )
    # Two stick figures on the island of always.
    for x in (150, 230):
        draw.ellipse((x - 18, 360, x + 18, 396), outline=(30, 30, 30), width=4)
        draw.line((x, 396, x, 450), fill=(30, 30, 30), width=4)
        draw.line((x - 25, 415, x + 25, 415), fill=(30, 30, 30), width=4)
        draw.line((x, 450, x - 20, 490), fill=(30, 30, 30), width=4)
        draw.line((x, 450, x + 20, 490), fill=(30, 30, 30), width=4)
    # A dog on the island of sometimes.
    draw.ellipse((440, 265, 520, 300), fill=(140, 90, 50))
    draw.ellipse((510, 250, 540, 280), fill=(140, 90, 50))
    # A big grey building on the island of far away.
    draw.rectangle((715, 75, 800, 150), fill=(120, 120, 130), outline=(40, 40, 40))
    for x in (725, 750, 775):
        draw.rectangle((x, 90, x + 15, 105), fill=(230, 230, 90))
    draw.polygon([(460, 40), (520, 40), (490, 10)], fill=(250, 200, 40))
    return _png(image)


def _thermometer() -> SimpleUploadedFile:
    """A thermometer coloured in to near the top, with marks."""
    image = Image.new("RGB", (400, 700), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((170, 40, 230, 560), radius=30, outline=(0, 0, 0), width=5)
    draw.ellipse((140, 530, 260, 650), fill=(210, 40, 40), outline=(0, 0, 0), width=5)
    draw.rectangle((182, 130, 218, 560), fill=(210, 40, 40))
    for y in range(80, 560, 48):
        draw.line((230, y, 260, y), fill=(0, 0, 0), width=3)
    return _png(image)


def _school_drawing() -> SimpleUploadedFile:
    """A school, a small figure by the gate and a dark cloud over the roof."""
    image = Image.new("RGB", (800, 600), (235, 245, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 470, 800, 600), fill=(110, 180, 90))
    draw.rectangle((220, 220, 620, 470), fill=(200, 120, 90), outline=(60, 30, 20))
    draw.polygon([(200, 220), (640, 220), (420, 110)], fill=(120, 60, 50))
    draw.rectangle((390, 370, 450, 470), fill=(70, 50, 40))
    for x in (250, 330, 500, 560):
        draw.rectangle((x, 260, x + 45, 310), fill=(250, 250, 200), outline=(0, 0, 0))
    for box in ((300, 40, 420, 110), (370, 20, 520, 100), (460, 50, 560, 115)):
        draw.ellipse(box, fill=(90, 90, 100))
    x = 130
    draw.ellipse((x - 14, 400, x + 14, 428), outline=(0, 0, 0), width=3)
    draw.line((x, 428, x, 465), fill=(0, 0, 0), width=3)
    draw.line((x, 465, x - 12, 490), fill=(0, 0, 0), width=3)
    draw.line((x, 465, x + 12, 490), fill=(0, 0, 0), width=3)
    return _png(image)


DRAWINGS = {
    "three_islands": _three_islands,
    "thermometer": _thermometer,
    "school": _school_drawing,
}

VOICES = (
    DemoVoice(
        tool=VoiceTool.THERMOMETER,
        words=(
            "Maths is the worst, it's like a nine because he makes you answer out "
            "loud. Mornings before I come in are a ten. Art is fine, like a two. "
            "Lunch is a seven cos of the noise in the hall."
        ),
        summary=(
            "Anxiety peaks before school and in lessons where she may be asked to "
            "answer aloud. Art and the library are calm. Agreed a quiet start in "
            "the library and no cold-calling in maths for now."
        ),
        answers={
            "ratings": [
                {"about": "time_of_day", "name": "Before school", "rating": 10},
                {"about": "lesson", "name": "Maths", "rating": 9},
                {"about": "place", "name": "The hall at lunch", "rating": 7},
                {"about": "lesson", "name": "PE changing rooms", "rating": 8},
                {"about": "lesson", "name": "Art", "rating": 2},
                {"about": "place", "name": "Library", "rating": 1},
            ]
        },
        drawing="thermometer",
        days_ago=12,
    ),
    DemoVoice(
        tool=VoiceTool.THREE_ISLANDS,
        words=(
            "Me and my mum and Biscuit are on always. My nan on sometimes because "
            "she lives far. The big school goes on far away and the boys from the "
            "bus."
        ),
        summary=(
            "He put his mum and the dog on the island of always, his nan on the "
            "island of sometimes, and the school building and the boys on the bus "
            "on the island of far away. The bus journey needs looking at."
        ),
        answers={
            "always": ["Me", "Mum", "Biscuit (dog)"],
            "sometimes": ["Nan", "Mr Patel (form tutor)"],
            "far_away": ["The big school", "The boys on the bus"],
        },
        drawing="three_islands",
        days_ago=20,
    ),
    DemoVoice(
        tool=VoiceTool.EXPLORATORY_DRAWING,
        words=(
            "That's me at the gate. I can't go in when the cloud is there. The "
            "cloud is when my tummy hurts."
        ),
        summary=(
            "Drew the school with a dark cloud over it and herself small by the "
            "gate, outside. Links the cloud to stomach aches in the morning; the "
            "school nurse is to see her with mum."
        ),
        drawing="school",
        # Older than 12 weeks where the case allows: the checklist item shows
        # as missing on that case (unless someone ticked it by hand).
        days_ago=100,
    ),
    DemoVoice(
        tool=VoiceTool.THREE_HOUSES,
        words=(
            "I worry that I'm behind and everyone will look at me when I go back. "
            "Good things is drama club and Amira. My dream is I could just come in "
            "late when it's bad and nobody says anything."
        ),
        summary=(
            "Worried about being behind and being noticed on return. Drama club "
            "and one friend are protective. Wants a discreet way in on bad days: "
            "a late pass through student services was discussed."
        ),
        answers={
            "worries": ["Being behind", "Everyone looking at me"],
            "good_things": ["Drama club", "Amira"],
            "dreams": ["Coming in late on bad days without a fuss"],
        },
        days_ago=30,
    ),
    DemoVoice(
        tool=VoiceTool.FIVE_POINT_SCALE,
        words=(
            "Registration is a 4 because it's loud. Science is a 2. Home time is a "
            "1. Tuesdays are a 5 because of swimming."
        ),
        summary=(
            "Tuesdays (swimming) are the hardest day; registration is difficult "
            "because of noise. A key adult will meet him at the side door."
        ),
        answers={
            "ratings": [
                {"about": "lesson", "name": "Swimming (Tuesdays)", "rating": 5},
                {"about": "time_of_day", "name": "Registration", "rating": 4},
                {"about": "lesson", "name": "Science", "rating": 2},
                {"about": "time_of_day", "name": "Home time", "rating": 1},
            ]
        },
        days_ago=6,
    ),
)


def _has_voice(school: School) -> bool:
    return PupilVoice.objects.filter(
        Q(case__school=school) | Q(pupil__school=school)
    ).exists()


def demo_voice_ensure(*, school: School, school_key: str) -> int:
    """One voice record on each open case at early help or later; once only.

    Returns the number of records created (0 when the school already has some).
    """
    if _has_voice(school):
        return 0
    pastoral = get_user_model().objects.get(username=f"pastoral.{school_key}")
    cases = list(
        Case.objects.filter(school=school, stage__in=VOICE_STAGES)
        .select_related("pupil")
        .order_by("opened_at", "pk")
    )
    today = timezone.localdate()
    created = 0
    for index, case in enumerate(cases):
        demo = VOICES[index % len(VOICES)]
        opened_days = (today - timezone.localdate(case.opened_at)).days
        days = max(0, min(demo.days_ago, opened_days - 1))
        with days_ago(days, 14):
            voice_record(
                by=pastoral,
                case=case,
                tool=demo.tool,
                words=demo.words,
                summary=demo.summary,
                recorded_on=timezone.localdate(),
                answers=demo.answers,
                drawing=DRAWINGS[demo.drawing]() if demo.drawing else None,
            )
        created += 1
    return created
