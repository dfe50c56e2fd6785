"""Choices and chronology kinds of the legal app, in the users' words."""

from django.db import models


class LegalEventKind(models.TextChoices):
    BUNDLE_REQUESTED = "legal.bundle_requested", "Court bundle requested"
    BUNDLE_PRODUCED = "legal.bundle_produced", "Court bundle produced"
    BUNDLE_FAILED = "legal.bundle_failed", "Court bundle could not be produced"
    BUNDLE_DOWNLOADED = "legal.bundle_downloaded", "Court bundle downloaded"


class BundleStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being produced"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"
