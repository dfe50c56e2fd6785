"""Checking and cleaning a child's drawing or a photo of one.

An upload is accepted only when Pillow decodes it as a PNG or JPEG: the file
name and the browser's content type are never trusted. The checks, in order:

1. at most ``MAX_BYTES`` (10 MB), before anything is decoded;
2. Pillow identifies it as PNG or JPEG (no other decoder is tried);
3. at most ``MAX_PIXELS`` (25 megapixels), from the header, before the pixel
   data is decoded, so a small file that would decompress to a huge image
   (a decompression bomb) is refused without being decoded;
4. ``verify()`` (checksums, structure), then a full ``load()`` on a fresh
   handle (truncated or corrupt pixel data fails here).

The image is then turned the right way up (EXIF orientation) and re-encoded in
its own format, so no metadata survives: no EXIF (camera, GPS location, time),
no XMP, no PNG text chunks, no ICC profile, no comments.
"""

import struct
import warnings
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 25_000_000

NOT_AN_IMAGE = "The file is not a PNG or JPEG image."
TOO_LARGE = "The image is larger than 10 MB."
TOO_MANY_PIXELS = "The image has more than 25 megapixels."
UNREADABLE = "The image could not be read: it may be damaged. Try saving it again."

# Pillow format name -> (content type, file extension).
FORMATS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg")}
CONTENT_TYPES = {
    extension: content_type for content_type, extension in FORMATS.values()
}

# What Pillow raises on a file that is not a valid image of the format it claims.
_DECODE_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    TypeError,
    struct.error,
)


@dataclass(frozen=True)
class CleanImage:
    """A checked image, re-encoded without metadata, ready to store."""

    content: bytes
    content_type: str
    extension: str
    width: int
    height: int

    def as_file(self, name: str) -> ContentFile:
        return ContentFile(self.content, name=name)


def content_type_for(name: str) -> str:
    """The content type of a stored drawing, from the extension it was saved with."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return CONTENT_TYPES.get(extension, "application/octet-stream")


def _read(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(TOO_LARGE, code="too_large")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(TOO_LARGE, code="too_large")
    if not data:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    return data


def _open(data: bytes) -> Image.Image:
    """Open (header only) as PNG or JPEG; a bomb Pillow spots is a pixel refusal."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(BytesIO(data), formats=tuple(FORMATS))
    except Image.DecompressionBombError as error:
        raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels") from error
    except _DECODE_ERRORS as error:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from error


def _check_header(image: Image.Image) -> str:
    # Phone cameras often write multi-picture JPEGs, which Pillow calls MPO:
    # they are JPEGs, and only the first picture is kept.
    image_format = "JPEG" if image.format == "MPO" else image.format
    if image_format not in FORMATS:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    width, height = image.size
    if width < 1 or height < 1:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    if width * height > MAX_PIXELS:
        raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels")
    return image_format


def _decode(data: bytes) -> tuple[Image.Image, str]:
    probe = _open(data)
    with probe:
        image_format = _check_header(probe)
        try:
            probe.verify()
        except _DECODE_ERRORS as error:
            raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from error
    # verify() leaves the image unusable: decode it again, in full.
    image = _open(data)
    try:
        _check_header(image)
        image.load()
    except ValidationError:
        image.close()
        raise
    except _DECODE_ERRORS as error:
        image.close()
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from error
    return image, image_format


def _reencode(image: Image.Image, image_format: str) -> tuple[bytes, int, int]:
    # A new image (exif_transpose copies when there is nothing to turn); an
    # orientation tag that cannot be read leaves the image as it is.
    try:
        upright = ImageOps.exif_transpose(image)
    except (*_DECODE_ERRORS, KeyError):
        upright = image.copy()
    # Pillow's encoders fall back on ``info`` for some metadata (the PNG ICC
    # profile, the JPEG comment): keep only the transparency, which is pixels.
    transparency = upright.info.get("transparency")
    upright.info = {} if transparency is None else {"transparency": transparency}
    output = BytesIO()
    if image_format == "JPEG":
        if upright.mode not in ("L", "RGB"):
            upright = upright.convert("RGB")
        upright.save(
            output,
            format="JPEG",
            quality=90,
            optimize=True,
            exif=b"",
            icc_profile=None,
            comment=b"",
        )
    else:
        if upright.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            upright = upright.convert("RGBA")
        # No pnginfo (tEXt, iTXt, zTXt chunks), no exif, no ICC profile.
        upright.save(output, format="PNG", icc_profile=None)
    return output.getvalue(), upright.width, upright.height


def clean_image(upload) -> CleanImage:
    """Check an uploaded file and return it re-encoded, or raise ValidationError."""
    data = _read(upload)
    image, image_format = _decode(data)
    try:
        try:
            content, width, height = _reencode(image, image_format)
        except _DECODE_ERRORS as error:
            raise ValidationError(UNREADABLE, code="unreadable") from error
    finally:
        image.close()
    content_type, extension = FORMATS[image_format]
    return CleanImage(
        content=content,
        content_type=content_type,
        extension=extension,
        width=width,
        height=height,
    )
