"""``{{ tag.name|tag_href }}``: the tag page's address, or "" for a name no URL can carry."""

from django import template
from django.urls import NoReverseMatch

from fazhi.news.tags import tag_url

register = template.Library()


@register.filter
def tag_href(name: str) -> str:
    # A "/" in a tag (imported from an old site, or hostile) has no /tags/<name>/ address: the
    # tag is shown as text rather than breaking the whole article.
    try:
        return tag_url(name)
    except NoReverseMatch:
        return ""
