import io

import pytest
from cryptography.fernet import Fernet
from django.contrib import admin
from django.core.management import call_command
from django.db import connection

from accueil.models import Entretien, Partenaire
from tests.accueil.factories import EntretienFactory

pytestmark = pytest.mark.django_db


def _colonne_brute(entretien):
    with connection.cursor() as curseur:
        curseur.execute("SELECT notes FROM accueil_entretien WHERE id = %s", [entretien.pk])
        return curseur.fetchone()[0]


def test_rechiffrer_passe_les_notes_sous_la_nouvelle_cle(settings):
    ancienne = settings.CHIFFREMENT_CLES[0]
    entretien = EntretienFactory(notes="Madame souhaite un hébergement.")
    nouvelle = Fernet.generate_key().decode()
    settings.CHIFFREMENT_CLES = [nouvelle, ancienne]

    call_command("rechiffrer", stdout=io.StringIO())

    jeton = _colonne_brute(entretien)
    assert (
        Fernet(nouvelle.encode()).decrypt(jeton.encode())
        == "Madame souhaite un hébergement.".encode()
    )
    settings.CHIFFREMENT_CLES = [nouvelle]
    assert Entretien.objects.get(pk=entretien.pk).notes == "Madame souhaite un hébergement."


def test_l_administration_n_expose_aucun_modele_confidentiel():
    modeles = {m._meta.label for m in admin.site._registry if m._meta.app_label == "accueil"}
    assert modeles == {Partenaire._meta.label}
