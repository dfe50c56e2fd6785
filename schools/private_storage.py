"""Private file storage: outside the public media folder, with no URL.

Files here are served only by a portal view that checks the user's permission
(``voice.views``, ``letters.views``). The folder is
``settings.PRIVATE_MEDIA_ROOT``, read each time so that tests can point it at a
temporary folder.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


@deconstructible(path="schools.private_storage.PrivateMediaStorage")
class PrivateMediaStorage(FileSystemStorage):
    def __init__(self) -> None:
        super().__init__(location=None, base_url=None)

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:  # type: ignore[override]
        location = Path(os.path.abspath(self.base_location))
        public = [
            Path(os.path.abspath(folder))
            for folder in (settings.MEDIA_ROOT, settings.STATIC_ROOT)
            if folder
        ]
        if any(_inside(location, folder) for folder in public):
            raise ImproperlyConfigured(
                "PRIVATE_MEDIA_ROOT must be outside MEDIA_ROOT and STATIC_ROOT."
            )
        return str(location)

    def url(self, name: str) -> str:
        raise ValueError("Private files have no public URL; serve them through a view.")


private_storage = PrivateMediaStorage()
