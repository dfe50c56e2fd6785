"""The contracts app's models: parenting contracts (``parenting``) and the
notices (``notices``: notices to improve and penalty notices)."""

from contracts.models.notices import *  # noqa: F403
from contracts.models.parenting import *  # noqa: F403
