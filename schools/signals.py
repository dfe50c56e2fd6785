"""Signals the schools app sends, for the apps above it to act on.

The schools app is the bottom of the dependency order, so it cannot call the
safeguarding or cases apps; they listen here instead (connected in their
``AppConfig.ready``).
"""

from django.dispatch import Signal

# A pupil joined another school of this installation (``schools.services.pupil_move``).
# Sent inside the move's transaction with ``move`` (a PupilMove) and ``by``.
pupil_moved = Signal()
