from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def comment_max_length() -> int:
    """The longest comment accepted (FAZHI_COMMENT_MAX_LENGTH), for the form's maxlength."""
    return settings.COMMENT_MAX_LENGTH
