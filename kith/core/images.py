"""Uploaded images, validated by their content (not their name) once for every app:
profile photos, group logos and covers, post images."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from kith.core.errors import KithError

__all__ = ["FORMATS", "MAX_PIXELS", "as_jpeg", "read_image"]

FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000


def read_image(upload, *, max_bytes: int, label: str, field: str) -> Image.Image:
    """The upload as an RGB image, upright, or a KithError naming ``field``
    ("{label}: use a JPEG, PNG, WebP or GIF image.")."""
    if upload.size > max_bytes:
        raise KithError(f"{label}: the file is larger than {max_bytes // (1024 * 1024)} MB.", "too_large", field)
    try:
        data = upload.read()
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format not in FORMATS:
            raise KithError(f"{label}: use a JPEG, PNG, WebP or GIF image.", "invalid_image", field)
        if image.width * image.height > MAX_PIXELS:
            raise KithError(f"{label}: the image is too large (over 40 megapixels).", "too_large", field)
        return ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise KithError(f"{label}: that file is not an image we can read.", "invalid_image", field) from exc


def as_jpeg(image: Image.Image, size: tuple[int, int]) -> ContentFile:
    """``image`` cropped to fill ``size`` and encoded as JPEG."""
    fitted = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    fitted.save(buffer, "JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue())
