"""The person's name as the search compares it, kept by the database (issue 18).

Why: the caseload's name filter and the search bar compared ``upper(unaccent(nom))`` and
``upper(unaccent(prenom))`` with the word sought, and PostgreSQL ran unaccent() on every
person of the post at each search, and on the word itself once per row (unaccent() is not
IMMUTABLE, so it is not folded): 20 ms of SQL for « mar » on the national benchmark's largest
post (6 656 people), run twice (count and page). ``nom_cherchable`` is a stored generated
column, ``recherche_personne(nom, prenom)``; the word goes through ``recherche_texte``,
folded once by the planner. Both are IMMUTABLE wrappers of unaccent (their search path is
fixed to the one the extension was created in): if the unaccent rules ever changed, the
column would be recomputed by ``UPDATE accueil_personne SET nom = nom``.
"""

from django.db import migrations, models

FONCTIONS = """
CREATE FUNCTION recherche_texte(texte text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS $$
    SELECT upper(unaccent(texte))
$$;
CREATE FUNCTION recherche_personne(nom text, prenom text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS $$
    SELECT recherche_texte(nom || ' ' || prenom)
$$;
"""
RETOUR = """
DROP FUNCTION recherche_personne(text, text);
DROP FUNCTION recherche_texte(text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accueil", "0013_registre_des_requisitions_et_destinataire_de_l_annuaire"),
    ]

    operations = [
        migrations.RunSQL(FONCTIONS, RETOUR),
        migrations.AddField(
            model_name="personne",
            name="nom_cherchable",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Func(
                    models.F("nom"),
                    models.F("prenom"),
                    function="recherche_personne",
                    output_field=models.TextField(),
                ),
                output_field=models.TextField(),
            ),
        ),
    ]
