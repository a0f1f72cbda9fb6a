from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from fazhi.core.templatetags.core_tags import json_ld
from fazhi.news.models import ArticlePage
from fazhi.news.structured_data import news_article

register = template.Library()


@register.simple_tag(takes_context=True)
def article_json_ld(context, page: ArticlePage, site_name: str) -> SafeString:
    return json_ld(news_article(page, site_name, request=context.get("request")))
