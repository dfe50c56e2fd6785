"""Dating demo history in the past, with time-machine (a demo and test tool)."""

from contextlib import contextmanager
from datetime import datetime, time, timedelta

import time_machine
from django.utils import timezone


@contextmanager
def days_ago(days: int, hour: int = 10):
    """Run the block as if it were ``hour`` o'clock ``days`` days ago."""
    moment = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=days), time(hour))
    )
    with time_machine.travel(moment, tick=False):
        yield
