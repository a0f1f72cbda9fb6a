"""StreamField blocks of an article body: small, named pieces an editor picks from."""

from __future__ import annotations

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]


class SectionHeadingBlock(blocks.CharBlock):
    """A numbered section heading such as ``一、聚力抓好…``; rendered as ``<h2>`` and listed in the 目录."""

    class Meta:
        icon = "title"
        label = "小标题"
        template = "news/blocks/section_heading.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="图片")
    caption = blocks.CharBlock(label="图片说明", required=False, max_length=200)

    class Meta:
        icon = "image"
        label = "图片"
        template = "news/blocks/captioned_image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="引文")
    attribution = blocks.CharBlock(label="出处", required=False, max_length=100)

    class Meta:
        icon = "openquote"
        label = "引用"
        template = "news/blocks/quote.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label="段落", features=PARAGRAPH_FEATURES)
    heading = SectionHeadingBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
