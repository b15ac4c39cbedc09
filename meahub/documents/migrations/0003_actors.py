"""The controlled list of actors starts as the parser's table (``parser.actors.ACTORS``)."""

from django.db import migrations
from django.utils.text import slugify


def add_actors(apps, schema_editor):
    from meahub.documents.parser.actors import ACTORS

    Actor = apps.get_model("documents", "Actor")
    for position, (name, patterns) in enumerate(ACTORS):
        Actor.objects.get_or_create(
            name=name,
            defaults={
                "slug": slugify(name),
                "patterns": "\n".join(patterns),
                "position": (position + 1) * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_initial")]

    operations = [migrations.RunPython(add_actors, migrations.RunPython.noop)]
