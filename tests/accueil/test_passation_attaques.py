"""Handover notes attacked (review of issue 17): a note written on a closed file, or on a
person whose data was erased, would escape the retention purge and the erasure for good."""

import pytest
from django.urls import reverse

from accueil import retention
from accueil.models import NotePassation

pytestmark = pytest.mark.django_db

TEXTE = "Rappeler sa sœur au 06 98 76 54 32, jamais le domicile."


def _ecrire(client, situation):
    return client.post(
        reverse("accueil:passation_ecrire", args=[situation.pk]), {"version": "0", "texte": TEXTE}
    )


def _erreurs(reponse) -> str:
    return " ".join(" ".join(e) for e in reponse.context["form"].errors.values())


def test_pas_de_note_sur_un_dossier_dont_les_donnees_sont_effacees(situation, client_de, monde):
    """The erasure deletes the notes; one written afterwards would never be purged (the
    purge only looks at persons not yet erased)."""
    retention.effacer_personne(
        auteur=monde["intervenante"], personne=situation.personne, motif="demande"
    )
    reponse = _ecrire(client_de("intervenante"), situation)
    assert reponse.status_code in (200, 404)
    if reponse.status_code == 200:
        assert "effacées" in _erreurs(reponse)
        assert reponse.context["form"]["texte"].value() == TEXTE
    assert not NotePassation.objects.exists()


def test_pas_de_note_sur_un_dossier_clos(situation, client_de):
    situation.date_cloture = situation.date_ouverture
    situation.save()
    reponse = _ecrire(client_de("intervenante"), situation)
    assert reponse.status_code == 200
    assert "close" in _erreurs(reponse)
    assert reponse.context["form"]["texte"].value() == TEXTE
    assert not NotePassation.objects.exists()


def test_sur_un_dossier_ouvert_la_note_s_ecrit_toujours(situation, client_de):
    assert _ecrire(client_de("intervenante"), situation).status_code == 302
    assert NotePassation.objects.filter(situation=situation).exists()
