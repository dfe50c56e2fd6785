"""Tests of today's register on any day of the week.

The demo writes no register for a day without school, so a test of "today's"
unexplained absences moves to 10 o'clock on the demo's last register day when
today is a weekend, a holiday or past midnight since the demo was loaded.
time-machine moves the whole process, the browser tests' live server too.
"""

from contextlib import contextmanager
from datetime import datetime, time

import time_machine
from django.db.models import Max
from django.utils import timezone

from attendance.models import RegisterMark


@contextmanager
def on_the_last_register_day(urn: str = "900001"):
    day = RegisterMark.objects.filter(school__urn=urn).aggregate(day=Max("date"))["day"]
    if day is None or day == timezone.localdate():
        yield
        return
    with time_machine.travel(
        timezone.make_aware(datetime.combine(day, time(10))), tick=True
    ):
        yield
