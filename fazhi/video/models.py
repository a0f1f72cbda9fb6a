"""视频: a video report page, living under a ChannelPage like an article."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from fazhi.core.content import PublicContent
from fazhi.core.pages import ContentPage, content_search_fields
from fazhi.core.panels import HookedPanels
from fazhi.core.urls_absolute import absolute_url
from fazhi.video.structured_data import video_object
from fazhi.video.validation import (
    external_kind,
    format_duration,
    iso_duration,
    peek,
    stored_video_name,
    validate_video_file,
    validate_video_url,
)


class VideoFieldFile(FieldFile):
    """Stores an upload under the extension of what it is (``x.mp4.php`` holding MP4: ``x.mp4``),
    whichever way it arrives: the admin form, ``load_demo``, the factories."""

    def save(self, name: str, content: Any, save: bool = True) -> None:
        super().save(stored_video_name(name, peek(content)), content, save)


class VideoFileField(models.FileField):
    attr_class = VideoFieldFile


class VideoPage(ContentPage):
    """One video report: the file (or an allowed provider's player), poster, duration and credits.

    时间, 来源, 作者, 责任编辑, where it lives and the <head> block come from ``ContentPage``."""

    is_video = True  # templates that list several page types tell videos apart by this
    og_type = "video.other"
    share_image_spec = "fill-960x540"  # the player's poster rendition, named by og:image too

    description = models.TextField("简介", blank=True)
    video_file = VideoFileField(
        "视频文件",
        upload_to="video/%Y/%m/",
        blank=True,
        validators=[validate_video_file],
        help_text="MP4 或 WebM；按文件内容检查，而不是扩展名。",
    )
    external_url = models.URLField(
        "外部视频地址",
        max_length=500,
        blank=True,
        validators=[validate_video_url],
        help_text="不上传文件时，填写允许的视频平台的播放器地址（https）。",
    )
    poster = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="封面图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duration = models.PositiveIntegerField("时长（秒）", null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("publish_time"),
                FieldRowPanel([FieldPanel("source"), FieldPanel("author")]),
                FieldPanel("responsible_editor"),
            ],
            heading="时间、来源与作者",
        ),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("video_file"),
                FieldPanel("external_url"),
                FieldRowPanel([FieldPanel("poster"), FieldPanel("duration")]),
            ],
            heading="视频（上传文件或外部地址，二选一）",
        ),
        HookedPanels("related"),  # 相关阅读 pins and drops (fazhi.related)
    ]

    search_fields = content_search_fields(index.SearchField("description"))

    class Meta:
        verbose_name = "视频"
        verbose_name_plural = "视频"

    def clean(self) -> None:
        super().clean()
        if bool(self.video_file) == bool(self.external_url):
            message = "请上传视频文件，或填写外部视频地址（二选一）。"
            raise ValidationError({"video_file": message, "external_url": message})

    @property
    def duration_display(self) -> str:
        return format_duration(self.duration)

    @property
    def iso_duration(self) -> str:
        return iso_duration(self.duration)

    @property
    def external_kind(self) -> str:
        return external_kind(self.external_url) if self.external_url else ""

    def video_url(self) -> str:
        return self.video_file.url if self.video_file else self.external_url

    def video_mime(self) -> str:
        name = self.video_file.name.lower() if self.video_file else self.external_url.lower()
        return "video/webm" if name.endswith(".webm") else "video/mp4"

    def neighbours(self) -> Any:
        """上一篇/下一篇 in the channel, articles and videos together: one query."""
        from fazhi.news.selectors import neighbours

        return neighbours(self)

    def summary(self, length: int = 120) -> str:
        text = " ".join(self.description.split())
        return text if len(text) <= length else text[: length - 1] + "…"

    # The <head> block (ContentPage, core/includes/content_head.html).
    def share_image(self) -> Any | None:
        return self.poster

    def head_meta(self) -> list[tuple[str, str]]:
        return [("video:duration", str(self.duration))] if self.duration else []

    def structured_data(self, site_name: str, image_url: str = "") -> dict[str, Any]:
        return video_object(self, image_url)

    def public_content(self) -> PublicContent:
        parent = self.get_parent()
        return PublicContent(
            title=self.title,
            publish_time=self.publish_time,
            lead=self.summary(200),
            body=self.description,
            author=self.author,
            source=self.source,
            channel=parent.title if parent else "",
        )

    @classmethod
    def listing_queryset(cls) -> models.QuerySet[VideoPage]:
        """What channel lists, the home page and feeds read (live; selectors drop private ones).

        Poster renditions are prefetched: one query for all posters of a list.
        """
        return (
            cls.objects.live()
            .select_related("poster")
            .prefetch_related("poster__renditions")
            .only(
                "id",
                "title",
                "url_path",
                "path",
                "depth",
                "publish_time",
                "description",
                "author",
                "source",
                "duration",
                "video_file",
                "poster",
            )
        )

    def get_sitemap_urls(self, request: HttpRequest | None = None) -> list[dict[str, Any]]:
        """The page's sitemap entry, with the video sitemap tags (rendered by sitemap.xml)."""
        urls = super().get_sitemap_urls(request)
        thumbnail = ""
        if self.poster:
            thumbnail = absolute_url(self.poster.get_rendition("fill-640x360").url)
        content = absolute_url(self.video_file.url) if self.video_file else ""
        for url in urls:
            url["video"] = {
                "thumbnail_loc": thumbnail,
                "title": self.title,
                "description": self.summary(2000) or self.title,
                "content_loc": content,
                "player_loc": "" if content else self.external_url,
                "duration": self.duration,
                "publication_date": self.publish_time,
            }
        return urls
