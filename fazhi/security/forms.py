"""Upload forms that refuse what the image library cannot read, instead of failing with a 500."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class CheckedImageField(WagtailImageField):
    """Wagtail's image field. Willow names a file's format from its first bytes, so a file that
    starts like a GIF (``GIF89a<html>…``) passes as one; reading its size then raised Pillow's
    UnidentifiedImageError out of the form (a 500 in the admin). Here it is "not an image"."""

    def check_image_pixel_size(self, f: Any) -> None:
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except Exception as error:  # any reader error: the file is no image
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error


class ImageForm(BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: every image upload (add, multiple add, chooser, edit)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if type(field) is WagtailImageField:  # same field, with the reader's errors handled
            field.__class__ = CheckedImageField
