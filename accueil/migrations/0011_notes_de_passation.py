"""Why (issue 17, item 1): a handover note per file, written by the post's worker for
her substitute (and back), encrypted like interview notes."""

import accueil.chiffrement
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accueil', '0010_releve_des_mains_courantes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='NotePassation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                ('texte', accueil.chiffrement.TexteChiffre(verbose_name='note de passation')),
                ('ecrite_le', models.DateTimeField(default=django.utils.timezone.now, verbose_name='écrite le')),
                ('lue_le', models.DateTimeField(blank=True, null=True, verbose_name='lue le')),
                ('auteur', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='écrite par')),
                ('lue_par', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='lue par')),
                ('situation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='note_passation', to='accueil.situation', verbose_name='situation')),
            ],
            options={
                'verbose_name': 'note de passation',
                'verbose_name_plural': 'notes de passation',
            },
        ),
    ]
