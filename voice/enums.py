"""The pupil-voice tools (seed 002 Appendix 7) and the parts of their answers."""

from django.db import models


class VoiceTool(models.TextChoices):
    THERMOMETER = "thermometer", "Anxiety / scaling thermometer"
    FIVE_POINT_SCALE = "five_point_scale", "5-point scale"
    WELLBEING_CARDS = "wellbeing_cards", "School wellbeing cards"
    EXPLORATORY_DRAWING = "exploratory_drawing", "Children's exploratory drawing"
    IDEAL_SCHOOL = "ideal_school", "Ideal classroom / school"
    THREE_HOUSES = "three_houses", "Three houses"
    THREE_ISLANDS = "three_islands", "Three islands"
    CONVERSATION = "conversation", "Conversation"


class RatedThing(models.TextChoices):
    """What a row of a thermometer or 5-point scale rates."""

    PLACE = "place", "Place"
    LESSON = "lesson", "Lesson or activity"
    TIME_OF_DAY = "time_of_day", "Time of day"


# The tools whose answers are rows of ratings, and their scales (inclusive).
SCALES: dict[str, tuple[int, int]] = {
    VoiceTool.THERMOMETER: (0, 10),
    VoiceTool.FIVE_POINT_SCALE: (1, 5),
}

# The tools whose answers are three lists of names, in the order they are asked.
LISTS: dict[str, tuple[tuple[str, str], ...]] = {
    VoiceTool.THREE_ISLANDS: (
        ("always", "The island of always"),
        ("sometimes", "The island of sometimes"),
        ("far_away", "The island of far away"),
    ),
    VoiceTool.THREE_HOUSES: (
        ("worries", "The house of worries"),
        ("good_things", "The house of good things"),
        ("dreams", "The house of dreams"),
    ),
}


class VoiceEventKind(models.TextChoices):
    """The chronology kind pupil voice writes (registered with ``cases.events``
    by ``voice.providers``)."""

    VOICE_RECORDED = "voice.recorded", "Pupil voice recorded"
