"""Generated letters (issue 17, item 3): the information préoccupante to the CRIP, the
signalement to the procureur, the attestation of follow-up — rendered as PDF, kept as
encrypted attachments, journaled."""

import datetime

import pytest
from django.urls import reverse

from accueil.models import OriginePiece, PieceJointe
from accueil.pieces import contenu_en_clair
from intervenants.models import ActionJournal, Journal
from tests.accueil.conftest import messages_de, texte
from tests.accueil.factories import SituationAnonymeFactory, TransmissionFactory
from tests.accueil.test_pieces import pdf_en_texte
from tests.navigateur import formulaire

pytestmark = pytest.mark.django_db

FAITS = "L'enfant Léo, 7 ans, a dit à l'école que son père le frappe avec une ceinture."


def _en_une_ligne(pdf: bytes) -> str:
    """The letter's text on one line; a word cut at its hyphen at a line end is joined."""
    return " ".join(pdf_en_texte(pdf).split()).replace("- ", "-")


@pytest.fixture
def mineure(situation):
    personne = situation.personne
    personne.annee_naissance = None
    personne.date_naissance = datetime.date(2012, 5, 4)
    personne.save()
    return situation


def _generer(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, formulaire(page))


def test_le_courrier_d_information_preoccupante(client_de, monde, mineure):
    monde["intervenante"].first_name, monde["intervenante"].last_name = "Claire", "Morel"
    monde["intervenante"].save()
    transmission = TransmissionFactory(
        situation=mineure,
        nature="ip_crip",
        fondement="casf_l226_2_1",
        destinataire="CRIP de Loire-Atlantique",
        resume=FAITS,
        personne_informee=False,
        motif_non_information="Informer le père exposerait l'enfant.",
        auteur=monde["intervenante"],
    )
    client = client_de("intervenante")
    dossier = texte(client.get(reverse("accueil:situation", args=[mineure.pk])))
    url = reverse("accueil:courrier_transmission", args=[transmission.pk])
    assert url in dossier

    reponse = _generer(client, url)

    assert reponse.status_code == 302
    piece = PieceJointe.objects.get()
    assert (piece.origine, piece.format, piece.transmission) == (
        OriginePiece.COURRIER_IP,
        "pdf",
        transmission,
    )
    assert "Information préoccupante à la CRIP" in messages_de(reponse)[0]
    lettre = _en_une_ligne(contenu_en_clair(piece))
    for attendu in (
        "information préoccupante",
        "article L226-2-1 du code de l'action sociale et des familles",
        "art. L226-2-1 du CASF (information préoccupante)",  # the recorded legal basis
        "CRIP de Loire-Atlantique",
        " ".join(FAITS.split()),
        "n'ont pas été informés",
        "Informer le père exposerait l'enfant.",
        "LEFÈVRE",
        "Élodie",
        "04/05/2012",
        "(mineur·e)",
        "Claire Morel",
        monde.poste.intitule,
    ):
        assert attendu in lettre, attendu
    trace = Journal.objects.get(action=ActionJournal.CREATION, objet_id=str(piece.pk))
    assert trace.details["origine"] == "courrier_ip"
    assert trace.details["transmission"] == transmission.pk
    assert "Léo" not in str(trace.details)
    # Kept with the file's pieces: listed and downloadable.
    dossier = texte(client.get(reverse("accueil:situation", args=[mineure.pk])))
    assert reverse("accueil:piece_telecharger", args=[piece.pk]) in dossier


def test_le_courrier_de_signalement_au_procureur(client_de, monde, mineure):
    transmission = TransmissionFactory(
        situation=mineure,
        nature="signalement_procureur",
        fondement="cp_226_14",
        destinataire="Parquet du tribunal judiciaire de Saint-Nazaire",
        resume=FAITS,
        copie_crip=True,
        date_copie_crip=mineure.date_ouverture,
        auteur=monde["intervenante"],
    )
    reponse = _generer(
        client_de("intervenante_binome"),
        reverse("accueil:courrier_transmission", args=[transmission.pk]),
    )

    assert reponse.status_code == 302
    piece = PieceJointe.objects.get(transmission=transmission)
    assert piece.origine == OriginePiece.COURRIER_SIGNALEMENT
    lettre = _en_une_ligne(contenu_en_clair(piece))
    for attendu in (
        "procureur de la République",
        "Parquet du tribunal judiciaire de Saint-Nazaire",
        "art. 226-14 1° du code pénal",
        " ".join(FAITS.split()),
        f"Copie adressée le {mineure.date_ouverture:%d/%m/%Y}",
        "L226-4",
        "ne peut engager la responsabilité civile, pénale ou disciplinaire",
        "ont été informés",
    ):
        assert attendu in lettre, attendu


def test_le_signalement_sur_l_article_40_le_cite(client_de, monde, situation):
    transmission = TransmissionFactory(
        situation=situation,
        nature="signalement_procureur",
        fondement="cpp_40",
        destinataire="Procureur de la République",
        copie_crip=True,
        auteur=monde["intervenante"],
    )
    _generer(
        client_de("intervenante"), reverse("accueil:courrier_transmission", args=[transmission.pk])
    )
    lettre = _en_une_ligne(contenu_en_clair(PieceJointe.objects.get()))
    assert "En application de l'article 40 du code de procédure pénale" in lettre


def test_une_transmission_sans_courrier_prevu_repond_404(client_de, monde, situation):
    transmission = TransmissionFactory(situation=situation, auteur=monde["intervenante"])
    url = reverse("accueil:courrier_transmission", args=[transmission.pk])
    client = client_de("intervenante")
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not PieceJointe.objects.exists()


def test_le_courrier_d_un_autre_poste_repond_404(client_de, monde, situation_autre):
    transmission = TransmissionFactory(
        situation=situation_autre, nature="ip_crip", fondement="casf_l226_2_1"
    )
    url = reverse("accueil:courrier_transmission", args=[transmission.pk])
    for persona in ("intervenante", "chef", "employeur", "coordinateur", "admin"):
        assert client_de(persona).post(url).status_code == 404
    assert not PieceJointe.objects.exists()


def test_pas_de_courrier_pour_un_contact_anonyme(client_de, monde):
    situation = SituationAnonymeFactory(personne__poste=monde.poste)
    transmission = TransmissionFactory(
        situation=situation, nature="signalement_procureur", fondement="cpp_40", copie_crip=True
    )
    reponse = _generer(
        client_de("intervenante"), reverse("accueil:courrier_transmission", args=[transmission.pk])
    )
    assert reponse.status_code == 200
    assert "pas donné son identité" in texte(reponse)
    assert not PieceJointe.objects.exists()


def test_l_attestation_de_suivi_ne_dit_que_les_dates(client_de, monde, situation):
    client = client_de("intervenante")
    url = reverse("accueil:attestation", args=[situation.pk])
    assert url in texte(client.get(reverse("accueil:situation", args=[situation.pk])))

    reponse = _generer(client, url)

    assert reponse.status_code == 302
    piece = PieceJointe.objects.get()
    assert (piece.origine, piece.transmission) == (OriginePiece.ATTESTATION, None)
    lettre = _en_une_ligne(contenu_en_clair(piece))
    assert "atteste que la personne ci-dessous est accompagnée par le poste depuis le" in lettre
    assert f"{situation.date_ouverture:%d/%m/%Y}" in lettre
    assert "LEFÈVRE" in lettre
    # Neither the reasons of the follow-up nor what the attestation does not need.
    assert situation.get_problematique_principale_display() not in lettre
    assert "06 11 22 33 44" not in lettre
    assert Journal.objects.filter(
        action=ActionJournal.CREATION, objet_id=str(piece.pk), details__origine="attestation"
    ).exists()
