"""相关阅读: the words that characterise each article or video, and the lists computed from them.

- ``TermDocuments``: in how many indexed pages a word occurs (document frequency, for IDF); the
  row of the empty word counts the indexed pages.
- ``RelatedDocument``: the distinct words of one indexed page (what its frequencies counted),
  so a new version or a removal adjusts the counts exactly. Keyed by the page id, without a
  foreign key: it outlives a deleted page until the change signal takes its counts back.
- ``KeyTerm``: the page's few highest-weighted words (TF-IDF, unit length): the postings the
  similarity query reads.
- ``RelatedLink``: the stored 相关阅读 of a page, in order: what its render reads (one query).
- ``RelatedChoice``: editors' pins and drops, edited with the page (an InlinePanel).
"""

from __future__ import annotations

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import Orderable

TERM_LENGTH = 32


class TermDocuments(models.Model):
    term = models.CharField(max_length=TERM_LENGTH, primary_key=True)
    documents = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.term}: {self.documents}"


class RelatedDocument(models.Model):
    page_id = models.BigIntegerField(primary_key=True)
    terms = models.TextField(blank=True)  # distinct words, space-separated
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"page {self.page_id}"


class KeyTerm(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    term = models.CharField(max_length=TERM_LENGTH)
    weight = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "term"], name="related_key_term")]
        indexes = [models.Index(fields=["term", "page", "weight"], name="related_term_postings")]

    def __str__(self) -> str:
        return f"{self.page_id} {self.term} {self.weight:.3f}"


class RelatedLink(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="related_links"
    )
    target = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="related_from"
    )
    position = models.PositiveSmallIntegerField()
    score = models.FloatField(default=0)
    pinned = models.BooleanField(default=False)

    class Meta:
        ordering = ["page", "position"]
        constraints = [models.UniqueConstraint(fields=["page", "target"], name="related_link_once")]

    def __str__(self) -> str:
        return f"{self.page_id} → {self.target_id}"


class RelatedChoice(Orderable):
    PIN = "pin"
    DROP = "drop"
    ACTIONS = [(PIN, "固定显示在相关阅读中"), (DROP, "不在相关阅读中显示")]

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="related_choices")
    target = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="文章或视频",
        on_delete=models.CASCADE,
        related_name="+",
    )
    action = models.CharField("处理", max_length=8, choices=ACTIONS, default=PIN)

    panels = [
        PageChooserPanel("target", ["news.ArticlePage", "video.VideoPage"]),
        FieldPanel("action"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "相关阅读调整"
        verbose_name_plural = "相关阅读调整"
