"""A form sent twice — double click, browser resend — records once (issue 18, item 6).

Every page of the role × URL matrix is read as a browser reads it; each form that carries
the single-use token (``{% jeton_d_envoi %}``, intervenants/envois.py) is filled, sent, then
sent again with the same token: the second sending adds no row anywhere, and leads where
the first one led. Every creation form must carry the token: a new page whose address says
« nouveau » or « nouvelle » (or whose name ends in ``creer``) fails this test until its form
has the token and a filled example below.
"""

import datetime
import threading

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accueil.models import Entretien
from intervenants.envois import CHAMP, MESSAGE_DEJA_ENREGISTRE
from intervenants.models import EnvoiDeFormulaire, Intervenant
from tests.accueil.factories import PNG_MINIMAL, AdhesionFactory, SaisineFactory
from tests.conventions.factories import PDF_MINIMAL
from tests.factories import UserFactory
from tests.matrice import OK
from tests.navigateur import formulaire, formulaires_post
from tests.test_matrice_permissions import APPS, LIGNES

AUJOURD_HUI = timezone.localdate().isoformat()
DOUBLE = "double@envoi.invalid"

# Creation pages without « nouveau » in their address or « creer » in their name.
CREATIONS_AUTRES = {
    "accueil:saisine_qualifier",
    "accueil:partenaires",
    "accueil:orienter",
    "accueil:contact_anonyme",
    "intervenants:equipe_nommer",
    # Generated letters (issue 17, item 3): a confirmation that records a piece.
    "accueil:courrier_transmission",
    "accueil:attestation",
}
# A page reached with a query string (the new referral, once the person was looked for).
REQUETES = {"accueil:saisine_creer": "?nouvelle=1&nom=Double&annee=1980"}


def _suppleant():
    compte = UserFactory(username="suppleant", email="suppleant@envoi.invalid")
    Intervenant.objects.get_or_create(utilisateur=compte)
    return compte


def _adhesion(monde, kwargs):
    situation = apps.get_model("accueil", "Situation").objects.get(pk=kwargs["pk"])
    AdhesionFactory(situation=situation, recueillie_par=monde["intervenante"])


# What a user types in each form that records (fields the page leaves empty or unticked,
# a value or a function of the world);
# the other fields are sent as the page shows them. A form with the token and no entry here
# is sent as it stands (the edit forms: unchanged, they are valid).
SAISIES = {
    "accueil:saisine_creer": {
        "saisine-site": lambda monde: monde.commissariat.pk,
        "saisine-origine": "main_courante",
        "saisine-urgence": "ordinaire",
        "saisine-motif": "Différend conjugal",
        "personne-sexe": "F",
        "situation-statut_affaire": "victime",
        "situation-problematique_principale": "vc_physiques",
        "situation-connu_service_social": "inconnu",
    },
    "accueil:saisine_qualifier": {
        "decision": "nouvelle",
        "personne-nom": "Qualifiée",
        "personne-sexe": "F",
        "situation-statut_affaire": "victime",
        "situation-problematique_principale": "vc_physiques",
        "situation-connu_service_social": "inconnu",
    },
    "accueil:entretien_creer": {"mode": "physique", "adhesion": "on", "duree_minutes": "30"},
    "accueil:acte_creer": {"type": "evaluation"},
    "accueil:orientation_creer": {"type_partenaire": "cidff", "consentement": "on"},
    "accueil:transmission_creer": {
        "nature": "secret_partage",
        "fondement": "casf_l121_6_2",
        "destinataire": "Service social départemental",
        "resume": "Besoin d'un accompagnement",
        "personne_informee": "on",
    },
    "accueil:partenaires": {"nom": "CIDFF du double envoi", "type": "cidff"},
    "accueil:requisition_creer": {
        "poste": lambda monde: monde.poste.pk,
        "qualite_requerant": "opj_police",
        "requerant": "Lieutenant Double, BPF",
        "cadre": "cpp_77_1_1",
        "ecrite": "on",
        "objet": "Date du dernier entretien",
        "reponse": "refusee",
        "motif_refus": "hors_mission",
    },
    "accueil:orienter": {
        "nom": "Doublon",
        "origine": "policier_accueil",
        "urgence": "ordinaire",
        "motif": "Différend",
        "personne_informee": "on",
    },
    "accueil:orientation_issue": {"issue": "relais_confirme", "date_issue": AUJOURD_HUI},
    "accueil:rendez_vous_creer": {
        "heure": "14:30",
        "lieu": "domicile",
        "intervenant": lambda monde: monde["intervenante"].pk,
    },
    "accueil:rappel_creer": {"intervenant": lambda monde: monde["intervenante"].pk},
    "accueil:rendez_vous_honorer": {"mode": "physique", "adhesion": "on"},
    "accueil:situation_referent": {"referent": lambda monde: monde["intervenante"].pk},
    "accueil:contact_anonyme": {
        "mode": "telephonique",
        "duree_minutes": "20",
        "sexe": "F",
        "tranche_age": "25-39",
        "statut_affaire": "victime",
        "problematique_principale": "vc_psychologiques",
        "adhesion": "on",
    },
    "accueil:personne_identifier": {"nom": "Identifiée", "prenom": "Enfin"},
    "conventions:creer": {
        "titre": "Convention du double envoi",
        "employeur": lambda monde: monde.employeur.pk,
        "date_debut": "2024-01-01",
        "postes": lambda monde: monde.poste.pk,
    },
    "conventions:avenant": {
        "date_signature": "2025-02-01",
        "objet": "Prolongation",
        "modifications": "Six mois de plus.",
    },
    "conventions:reunion": {"date": "2025-03-12", "participants": "Préfecture"},
    "conventions:document": {
        "type": "convention_signee",
        "titre": "Convention signée",
        "fichier": lambda monde: SimpleUploadedFile(
            "convention.pdf", PDF_MINIMAL, content_type="application/pdf"
        ),
    },
    "intervenants:equipe_nommer": {
        "compte": lambda monde: (
            UserFactory(username="double", email="double@envoi.invalid").username
        ),
        "courriel": DOUBLE,
        "date_debut": AUJOURD_HUI,
    },
    "intervenants:equipe_suppleance_creer": {
        "compte": lambda monde: _suppleant().username,
        "date_debut": AUJOURD_HUI,
        "dernier_jour": (timezone.localdate() + datetime.timedelta(days=13)).isoformat(),
    },
    "accueil:passation_ecrire": {"texte": "Rendez-vous au CIDFF mardi à 10 h."},
    # Attachments (issue 17, item 2): the file is recognised by its content.
    "accueil:piece_deposer": {
        "titre": "Certificat médical",
        "fichier": lambda monde: SimpleUploadedFile(
            "certificat.png", PNG_MINIMAL, content_type="image/png"
        ),
    },
    "accueil:situation_cloturer": {"confirmation": "on", "jour": AUJOURD_HUI},
    "accueil:adhesion_retirer": {"confirmation": "on", "jour": AUJOURD_HUI},
}
# What a page needs in the world before its form can be recorded.
PREPARATIONS = {
    "accueil:orientation_creer": _adhesion,
    "accueil:adhesion_retirer": _adhesion,
}


def _est_une_creation(nom: str, url: str) -> bool:
    return nom in CREATIONS_AUTRES or nom.endswith("creer") or "nouveau" in url or "nouvelle" in url


def _pages():
    for nom, ligne in sorted(LIGNES.items()):
        if ligne.methode != "get" or any(m in nom for m in ("pdf", "export", "grille", ".csv")):
            continue
        persona = next((p for p, a in ligne.attendus.items() if a == OK and p != "anonyme"), None)
        if persona:
            yield nom, persona


def _etat_de_la_base() -> dict:
    etat = {}
    for modele in apps.get_models():
        if modele._meta.app_label in APPS:
            etat[modele._meta.label] = sorted(
                repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in ligne))
                for ligne in modele.objects.values_list(
                    *[f.attname for f in modele._meta.concrete_fields]
                )
            )
    return etat


def _porte_le_jeton(page) -> bool:
    if "text/html" not in page.get("Content-Type", ""):
        return False
    chemin = page.wsgi_request.path
    return any(
        CHAMP in form["types"]
        for form in formulaires_post(page.content.decode())
        if form["attrs"].get("action", "") in ("", chemin)
    )


def _erreurs(reponse) -> str:
    texte = reponse.content.decode()
    return " | ".join(
        ligne.strip()
        for ligne in texte.splitlines()
        if "invalid-feedback" in ligne or "alert" in ligne
    )


@pytest.mark.django_db
def test_chaque_formulaire_envoye_deux_fois_n_enregistre_qu_une_fois(monde, client_de):
    protegees, creations, ecarts = set(), set(), []
    for nom, persona in _pages():
        ligne = LIGNES[nom]
        kwargs = ligne.kwargs(monde)
        url = reverse(nom, kwargs=kwargs)
        if _est_une_creation(nom, url):
            creations.add(nom)
        if nom in PREPARATIONS:
            PREPARATIONS[nom](monde, kwargs)
        client = client_de(persona)
        url += REQUETES.get(nom, "")
        page = client.get(url)
        if not _porte_le_jeton(page):
            continue
        protegees.add(nom)
        donnees = formulaire(page) | {
            k: [v(monde) if callable(v) else v] for k, v in SAISIES.get(nom, {}).items()
        }
        avant = _etat_de_la_base()
        premier = client.post(url, donnees)
        if premier.status_code != 302:
            ecarts.append(
                f"{nom} : premier envoi refusé ({premier.status_code}) {_erreurs(premier)}"
            )
            continue
        apres_premier = _etat_de_la_base()
        second = client.post(url, donnees)
        apres_second = _etat_de_la_base()
        if nom in creations and apres_premier == avant:
            ecarts.append(f"{nom} : le premier envoi n'a rien enregistré")
        for modele, lignes in apres_second.items():
            if lignes != apres_premier[modele]:
                ecarts.append(f"{nom} : le second envoi a changé {modele}")
        if (second.status_code, second.get("Location")) != (302, premier["Location"]):
            ecarts.append(f"{nom} : le second envoi mène à {second.get('Location')}")
        suite = client.get(second["Location"])
        if escape(MESSAGE_DEJA_ENREGISTRE) not in suite.content.decode():
            ecarts.append(f"{nom} : la page du résultat ne dit pas que c'était déjà enregistré")
    assert ecarts == [], "\n".join(ecarts)
    assert creations <= protegees, f"formulaires de création sans jeton : {creations - protegees}"
    assert protegees >= set(SAISIES)


@pytest.mark.django_db
def test_sans_jeton_ou_avec_un_jeton_invalide_l_envoi_est_traite_normalement(monde, client_de):
    """The token protects the user from her own resends; a form without one (a script,
    an old page) is processed as before, and a forged one is not trusted."""
    client = client_de("intervenante")
    saisine = SaisineFactory(situation__personne__poste=monde.poste, site=monde.commissariat)
    url = reverse("accueil:acte_creer", args=[saisine.situation_id])
    donnees = {"date": AUJOURD_HUI, "type": "evaluation"}
    for jeton in (None, "n'importe quoi", "x" * 100_000, "abc:def:ghi"):
        envoi = donnees | ({CHAMP: jeton} if jeton else {})
        assert client.post(url, envoi).status_code == 302
    assert saisine.situation.actes.count() == 4
    assert not EnvoiDeFormulaire.objects.exists()


@pytest.mark.django_db
def test_le_jeton_d_un_autre_compte_ne_vaut_rien(monde, client_de):
    situation = SaisineFactory(
        situation__personne__poste=monde.poste, site=monde.commissariat
    ).situation
    url = reverse("accueil:acte_creer", args=[situation.pk])
    page = client_de("intervenante_binome").get(url)
    donnees = formulaire(page) | {"type": ["evaluation"]}
    client = client_de("intervenante")
    assert client.post(url, donnees).status_code == 302
    assert client.post(url, donnees).status_code == 302
    assert situation.actes.count() == 2  # not hers: no protection, and no lookup either


@pytest.mark.django_db
def test_un_envoi_refuse_se_corrige_et_se_renvoie_avec_le_meme_jeton(monde, client_de):
    client = client_de("intervenante")
    situation = SaisineFactory(
        situation__personne__poste=monde.poste, site=monde.commissariat
    ).situation
    url = reverse("accueil:acte_creer", args=[situation.pk])
    donnees = formulaire(client.get(url))
    refuse = client.post(url, donnees)  # no type chosen
    assert refuse.status_code == 200
    assert 'name="jeton_envoi"' in refuse.content.decode()
    assert client.post(url, donnees | {"type": ["evaluation"]}).status_code == 302
    assert situation.actes.count() == 1


@pytest.mark.django_db(transaction=True)
def test_deux_envois_simultanes_du_meme_formulaire_n_enregistrent_qu_une_fois(monde):
    """The second request arrives while the first one is still writing: its token insert
    waits on the unique index, then finds the first one's result."""
    situation = SaisineFactory(
        situation__personne__poste=monde.poste, site=monde.commissariat
    ).situation
    url = reverse("accueil:entretien_creer", args=[situation.pk])
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(monde["intervenante"])
    donnees = formulaire(clients[0].get(url)) | {"mode": ["physique"], "adhesion": ["on"]}
    depart = threading.Barrier(2)
    reponses = []

    def envoyer(client):
        try:
            depart.wait()
            reponses.append(client.post(url, donnees))
        finally:
            connection.close()

    fils = [threading.Thread(target=envoyer, args=(c,)) for c in clients]
    for f in fils:
        f.start()
    for f in fils:
        f.join(30)
    assert [r.status_code for r in reponses] == [302, 302]
    assert reponses[0]["Location"] == reponses[1]["Location"]
    assert Entretien.objects.filter(situation=situation).count() == 1
