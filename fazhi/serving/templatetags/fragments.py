"""``{% fragment "name" key ... %}...{% endfragment %}``: render once per process and epoch.

Use only around template parts that are the same for every reader (no user, no CSRF token, no
query string) and change only with what purges the page cache. Keys that resolve to None or ""
render without caching."""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token

from fazhi.serving.fragments import cached_render

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist: NodeList, keys: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.keys = keys

    def render(self, context: template.Context) -> str:
        key = tuple(expression.resolve(context) for expression in self.keys)
        if any(part is None or part == "" for part in key):
            return self.nodelist.render(context)
        return cached_render(key, context.get("request"), lambda: self.nodelist.render(context))


@register.tag("fragment")
def fragment(parser: Parser, token: Token) -> FragmentNode:
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("fragment needs a name and keys")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits])
