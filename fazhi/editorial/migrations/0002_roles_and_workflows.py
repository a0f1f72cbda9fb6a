"""The newsroom's roles as Wagtail groups, with page permissions, and the 三审/两审 workflows.

- 通讯员/记者: admin access, images and documents; writes only through channel desk groups
  ("撰稿：<栏目>", Wagtail "add" on that channel), created here for every existing channel.
- 编辑 / 部门主任/值班主编 / 总编辑: add + change (+ lock) on the site, no publish: they publish
  only by approving their step of the workflow. 总编辑 may also override 责任编辑.
- 管理员: every page permission including publish, users, workflows and site settings.
- Workflows: 三审 (初审→复审→终审) assigned to the home page, so to every article and video;
  两审 (初审→终审) exists unassigned, for a channel to choose in 设置 > 工作流.
Wagtail's sample "Moderators approval" workflow is switched off and its empty sample groups removed.
"""

from django.db import migrations

REPORTER, EDITOR, DIRECTOR, CHIEF, MANAGER = (
    "通讯员/记者",
    "编辑",
    "部门主任/值班主编",
    "总编辑",
    "管理员",
)
DESK_PREFIX = "撰稿："

MEDIA = [
    ("wagtailimages", "image", ["add", "choose"]),
    ("wagtaildocs", "document", ["add", "choose"]),
]
PAGE_PERMS = {
    EDITOR: ["add", "change", "lock"],
    DIRECTOR: ["add", "change", "lock"],
    CHIEF: ["add", "change", "lock"],
    MANAGER: ["add", "change", "publish", "lock", "unlock", "bulk_delete"],
}
MODEL_PERMS = {
    REPORTER: [("wagtailadmin", "admin", "access_admin")],
    EDITOR: [("wagtailadmin", "admin", "access_admin"), ("editorial", "reviewevent", "view_reviewevent")],
    DIRECTOR: [("wagtailadmin", "admin", "access_admin"), ("editorial", "reviewevent", "view_reviewevent")],
    CHIEF: [
        ("wagtailadmin", "admin", "access_admin"),
        ("editorial", "reviewevent", "view_reviewevent"),
        ("editorial", "reviewevent", "override_responsible_editor"),
    ],
    MANAGER: [
        ("wagtailadmin", "admin", "access_admin"),
        ("editorial", "reviewevent", "view_reviewevent"),
        ("auth", "user", "add_user"),
        ("auth", "user", "change_user"),
        ("auth", "user", "delete_user"),
        ("auth", "group", "add_group"),
        ("auth", "group", "change_group"),
        ("wagtailcore", "workflow", "add_workflow"),
        ("wagtailcore", "workflow", "change_workflow"),
        ("wagtailcore", "task", "add_task"),
        ("wagtailcore", "task", "change_task"),
        ("core", "sitesettings", "change_sitesettings"),
    ],
}


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename}
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ReviewTask = apps.get_model("editorial", "ReviewTask")
    ChannelPage = apps.get_model("news", "ChannelPage")
    ChannelDesk = apps.get_model("editorial", "ChannelDesk")

    site = Site.objects.filter(is_default_site=True).first()
    home = site.root_page if site else Page.objects.filter(depth=2).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).first()

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (REPORTER, EDITOR, DIRECTOR, CHIEF, MANAGER)}
    for name, perms in MODEL_PERMS.items():
        groups[name].permissions.add(*(_permission(apps, *perm) for perm in perms))
    if home is not None:
        for name, codenames in PAGE_PERMS.items():
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=groups[name],
                    page=home,
                    permission=_permission(apps, "wagtailcore", "page", f"{codename}_page"),
                )
    if root_collection is not None:
        for name, group in groups.items():
            for app_label, model, actions in MEDIA:
                extra = ["change"] if name != REPORTER else []
                extra += ["delete"] if name == MANAGER else []
                for action in actions + extra:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=_permission(apps, app_label, model, f"{action}_{model}"),
                    )

    # A desk for every channel that exists already; later channels get one on creation.
    add_page = _permission(apps, "wagtailcore", "page", "add_page")
    for channel in ChannelPage.objects.all():
        if ChannelDesk.objects.filter(channel_id=channel.pk).exists():
            continue
        group, _ = Group.objects.get_or_create(name=f"{DESK_PREFIX}{channel.title}"[:150])
        GroupPagePermission.objects.get_or_create(group=group, page_id=channel.pk, permission=add_page)
        ChannelDesk.objects.create(channel_id=channel.pk, group=group)

    # The review steps and the two workflows.
    task_type, _ = ContentType.objects.get_or_create(app_label="editorial", model="reviewtask")
    tasks = {}
    for step, group_name in (("初审", EDITOR), ("复审", DIRECTOR), ("终审", CHIEF)):
        task = ReviewTask.objects.filter(name=step).first()
        if task is None:
            task = ReviewTask.objects.create(name=step, content_type=task_type, active=True)
        task.groups.add(groups[group_name])
        tasks[step] = task
    for name, steps, assign in (
        ("三审（初审→复审→终审）", ["初审", "复审", "终审"], True),
        ("两审（初审→终审）", ["初审", "终审"], False),
    ):
        workflow, created = Workflow.objects.get_or_create(name=name, defaults={"active": True})
        if created:
            for order, step in enumerate(steps):
                WorkflowTask.objects.create(workflow=workflow, task_id=tasks[step].pk, sort_order=order)
        if assign and home is not None:
            WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})

    # Wagtail's sample workflow would let its "Moderators" publish alone: retire it.
    sample = Workflow.objects.filter(name="Moderators approval")
    WorkflowPage.objects.filter(workflow__in=sample).delete()
    sample.update(active=False, name="Wagtail 示例审批（已停用）")
    # Its task, shown in the admin's task list, is retired and renamed too.
    Task = apps.get_model("wagtailcore", "Task")
    Task.objects.filter(name="Moderators approval").update(active=False, name="Wagtail 示例审批（已停用）")
    for name in ("Moderators", "Editors"):
        Group.objects.filter(name=name, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("core", "0002_create_homepage"),
        ("news", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
