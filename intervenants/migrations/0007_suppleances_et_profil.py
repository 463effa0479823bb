"""Why (issue 17, items 1 and 7): an employer names a substitute on a post for a dated
period, marked as such on the affectation (always bounded, checked by the database too);
the worker's profile gains the dates of her on-site training (framework III.3), may leave
her secrecy status empty until it is known, and is versioned since she and her employer
both edit it."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('intervenants', '0006_envois_de_formulaire'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='affectation',
            name='suppleance',
            field=models.BooleanField(db_default=False, default=False, verbose_name='suppléance'),
        ),
        migrations.AddField(
            model_name='intervenant',
            name='formation_debut',
            field=models.DateField(blank=True, null=True, verbose_name='formation sur site : début'),
        ),
        migrations.AddField(
            model_name='intervenant',
            name='formation_fin',
            field=models.DateField(blank=True, null=True, verbose_name='formation sur site : fin'),
        ),
        migrations.AddField(
            model_name='intervenant',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, verbose_name='modifié le'),
        ),
        migrations.AddField(
            model_name='intervenant',
            name='version',
            field=models.PositiveIntegerField(default=1, verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='intervenant',
            name='statut_secret',
            field=models.CharField(blank=True, choices=[('profession', 'soumis au secret par profession'), ('mission', 'soumis au secret par mission'), ('aucun', 'non soumis au secret professionnel')], max_length=16, verbose_name='secret professionnel'),
        ),
        migrations.AddConstraint(
            model_name='affectation',
            constraint=models.CheckConstraint(condition=models.Q(('suppleance', False), models.Q(('role', 'intervenant'), ('date_fin__isnull', False)), _connector='OR'), name='suppleance_d_intervenant_bornee', violation_error_message="Une suppléance est celle d'un intervenant, datée."),
        ),
        migrations.AddConstraint(
            model_name='intervenant',
            constraint=models.CheckConstraint(condition=models.Q(('formation_debut__isnull', True), ('formation_fin__isnull', True), ('formation_fin__gte', models.F('formation_debut')), _connector='OR'), name='intervenant_formation_fin_apres_debut'),
        ),
    ]
