"""The readers the framework names (issue 19, point 3): the departmental prevention council
(CDP), the employer of the posts, and the functional authority's own section."""

import pytest
from django.urls import reverse

from intervenants.models import ActionJournal, Journal
from rapports import services
from rapports.models import MENTION_SANS_EVALUATION, BilanAnnuel, EtatRapport
from rapports.statistiques import Perimetre
from tests.accueil.factories import PersonneFactory
from tests.factories import DepartementFactory, EmployeurFactory, PosteFactory, SiteFactory
from tests.rapports.factories import BilanAnnuelFactory
from tests.rapports.test_workflow import texte_pdf

EVALUATION = "Une intervenante reconnue par les équipes de nuit, sollicitée chaque semaine."


def _url(nom, bilan):
    return reverse(f"rapports:{nom}", kwargs={"pk": bilan.pk})


def _lit(client, bilan) -> bool:
    """Both the page and the PDF answer, or neither."""
    codes = {client.get(_url("bilan_detail", bilan)).status_code}
    if bilan.etat != EtatRapport.BROUILLON:
        codes.add(client.get(_url("bilan_pdf", bilan)).status_code)
    assert len(codes) == 1, codes
    return codes == {200}


@pytest.fixture
def brouillon(monde):
    """A site's draft, written by the coordinator: the chief adds its assessment."""
    return services.creer_bilan(
        auteur=monde["coordinateur"],
        perimetre=Perimetre("site", monde.commissariat),
        annee=2025,
    )


def _poster_evaluation(client, bilan, texte, version=None):
    return client.post(
        _url("bilan_evaluation", bilan),
        {"version": version or bilan.version, "evaluation_autorite": texte},
    )


# --- The CDP ------------------------------------------------------------------------------


def test_le_cdp_lit_les_bilans_transmis_au_cdp_de_son_departement(monde, client_de):
    du_site = BilanAnnuelFactory(
        site=monde.commissariat, departement=monde.departement, transmis=True, pour_cdp=True
    )
    du_departement = BilanAnnuelFactory(departement=monde.departement, transmis=True)
    client = client_de("cdp")
    assert _lit(client, du_site)
    assert _lit(client, du_departement)
    liste = client.get(reverse("rapports:liste")).content.decode()
    assert du_site.titre_court in liste and du_departement.titre_court in liste
    assert '<td data-label="Présenté au">CLSPD et CDP</td>' in liste
    assert '<td data-label="Présenté au">CDP</td>' in liste


def test_le_cdp_ne_lit_ni_un_autre_departement_ni_un_bilan_non_transmis(monde, client_de):
    ailleurs = DepartementFactory(code="35", nom="Ille-et-Vilaine")
    site_ailleurs = SiteFactory(nom="Commissariat de Rennes", departement=ailleurs)
    refuses = [
        BilanAnnuelFactory(departement=ailleurs, transmis=True),
        BilanAnnuelFactory(site=site_ailleurs, departement=ailleurs, transmis=True, pour_cdp=True),
        BilanAnnuelFactory(departement=monde.departement),  # draft
        BilanAnnuelFactory(departement=monde.departement, fige=True),  # validated only
        # Transmitted to the commune's CLSPD only.
        BilanAnnuelFactory(site=monde.commissariat, departement=monde.departement, transmis=True),
    ]
    client = client_de("cdp")
    assert [b.pk for b in refuses if _lit(client, b)] == []
    assert "Aucun bilan annuel." in client.get(reverse("rapports:liste")).content.decode()


def test_le_clspd_ne_lit_pas_un_bilan_de_son_site_transmis_au_cdp_seulement(monde, client_de):
    bilan = BilanAnnuelFactory(
        site=monde.commissariat,
        departement=monde.departement,
        transmis=True,
        pour_clspd=False,
        pour_cdp=True,
    )
    assert not _lit(client_de("clspd"), bilan)
    assert _lit(client_de("cdp"), bilan)


def test_le_cdp_n_ecrit_rien(monde, brouillon, client_de):
    client = client_de("cdp")
    for nom in ("bilan_modifier", "bilan_valider", "bilan_evaluation"):
        assert client.post(_url(nom, brouillon), {"version": 1}).status_code == 404
    assert client.get(reverse("rapports:bilan_creer")).status_code == 404
    assert client.get(reverse("rapports:tableau_de_bord")).status_code == 404


def test_parcours_du_bilan_vers_le_cdp_avec_ses_chiffres_proteges(monde, activite, client_de):
    """Written by the coordinator, presented to both councils, read by the CDP as PDF."""
    coordinateur = client_de("coordinateur")
    coordinateur.post(
        reverse("rapports:bilan_creer"),
        {"perimetre": f"site-{monde.commissariat.pk}", "annee": 2025},
    )
    bilan = BilanAnnuel.objects.get()
    reponse = coordinateur.post(
        _url("bilan_modifier", bilan),
        {
            "version": bilan.version,
            "texte_impact": "Des relais effectifs.",
            "pour_clspd": "on",
            "pour_cdp": "on",
        },
    )
    assert reponse.status_code == 302
    coordinateur.post(_url("bilan_valider", bilan))
    coordinateur.post(_url("bilan_transmettre", bilan))
    bilan.refresh_from_db()
    assert (bilan.etat, bilan.pour_clspd, bilan.pour_cdp) == (EtatRapport.TRANSMIS, True, True)
    pdf = client_de("cdp").get(_url("bilan_pdf", bilan))
    texte = " ".join(texte_pdf(pdf.content).split())
    assert "conseil local de sécurité" in texte and "conseil départemental" in texte
    # The protected figures: the rule of every reader outside the post.
    assert bilan.instantane["statistiques"]["seuil"] == 11
    assert "masqué" in texte
    page = client_de("cdp").get(_url("bilan_detail", bilan)).content.decode()
    assert "masqué" in page and "Kerbrat" not in page
    assert Journal.objects.filter(
        action=ActionJournal.EXPORT, utilisateur=monde["cdp"], objet_id=str(bilan.pk)
    ).exists()


# --- Recipients ---------------------------------------------------------------------------


def test_un_bilan_sans_destinataire_est_refuse_a_cote_du_champ(monde, brouillon, client_de):
    reponse = client_de("coordinateur").post(
        _url("bilan_modifier", brouillon),
        {"version": brouillon.version, "texte_impact": "Texte conservé."},
    )
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "Choisissez au moins un destinataire" in page
    assert "Texte conservé." in page
    brouillon.refresh_from_db()
    assert (brouillon.texte_impact, brouillon.pour_clspd) == ("", True)


def test_le_bilan_du_departement_va_au_cdp_quoi_qu_on_envoie(monde, client_de):
    bilan = services.creer_bilan(
        auteur=monde["coordinateur"],
        perimetre=Perimetre("departement", monde.departement),
        annee=2025,
    )
    assert (bilan.pour_clspd, bilan.pour_cdp) == (False, True)
    reponse = client_de("coordinateur").post(
        _url("bilan_modifier", bilan),
        {"version": bilan.version, "texte_impact": "Bilan du département.", "pour_clspd": "on"},
    )
    assert reponse.status_code == 302
    bilan.refresh_from_db()
    assert (bilan.pour_clspd, bilan.pour_cdp) == (False, True)
    assert bilan.entete()[2] == "présenté au conseil départemental de prévention de la délinquance"


# --- The employer -------------------------------------------------------------------------


def test_l_employeur_lit_les_bilans_figes_de_ses_postes_pdf_compris(monde, client_de):
    valide = BilanAnnuelFactory(site=monde.brigade_1, departement=monde.departement, fige=True)
    transmis = BilanAnnuelFactory(
        site=monde.commissariat, departement=monde.departement, transmis=True
    )
    du_departement = BilanAnnuelFactory(departement=monde.departement, transmis=True)
    client = client_de("employeur")
    assert _lit(client, valide) and _lit(client, transmis) and _lit(client, du_departement)
    assert Journal.objects.filter(
        action=ActionJournal.EXPORT, utilisateur=monde["employeur"], objet_id=str(valide.pk)
    ).exists()


def test_l_employeur_ne_lit_ni_un_brouillon_ni_le_bilan_d_un_autre_employeur(monde, client_de):
    brouillon = BilanAnnuelFactory(site=monde.commissariat, departement=monde.departement)
    d_un_autre = BilanAnnuelFactory(
        site=monde.commissariat_autre, departement=monde.departement, transmis=True
    )
    ailleurs = DepartementFactory(code="35", nom="Ille-et-Vilaine")
    du_departement_voisin = BilanAnnuelFactory(departement=ailleurs, transmis=True)
    client = client_de("employeur")
    assert not _lit(client, brouillon)
    assert not _lit(client, d_un_autre)
    assert not _lit(client, du_departement_voisin)
    # The other employer reads its own site's report, not the persona employer's.
    autre = EmployeurFactory(nom="Commune de Rezé", departement=monde.departement)
    PosteFactory(intitule="ISCG Rezé 2", employeur=autre, sites=[monde.commissariat_autre])
    assert not _lit(client, d_un_autre)


def test_l_employeur_n_ecrit_pas_le_bilan(monde, brouillon, client_de):
    client = client_de("employeur")
    assert client.post(_url("bilan_modifier", brouillon), {"version": 1}).status_code == 404
    assert client.post(_url("bilan_valider", brouillon)).status_code == 404


# --- The functional authority's assessment ---------------------------------------------------


def test_le_chef_ecrit_son_evaluation_journalisee(monde, brouillon, client_de):
    client = client_de("chef")
    assert (
        "Écrire les éléments d'évaluation"
        in client.get(_url("bilan_detail", brouillon)).content.decode()
    )
    reponse = _poster_evaluation(client, brouillon, EVALUATION)
    assert reponse.status_code == 302
    brouillon.refresh_from_db()
    assert brouillon.evaluation_autorite == EVALUATION
    assert brouillon.evaluation_par == monde["chef"]
    assert brouillon.evaluation_le is not None
    entree = Journal.objects.get(
        action=ActionJournal.MODIFICATION, utilisateur=monde["chef"], objet_id=str(brouillon.pk)
    )
    assert entree.details["section"] == "evaluation_autorite"
    assert EVALUATION not in str(entree.details)  # the journal never holds the content
    page = client_de("coordinateur").get(_url("bilan_detail", brouillon)).content.decode()
    assert EVALUATION in page


def test_un_nom_de_personne_suivie_est_refuse_par_la_garde(monde, brouillon, client_de):
    PersonneFactory(poste=monde.poste, nom="Kerbrat", prenom="Maïwenn")
    texte = "Très bon suivi de Madame KERBRAT, orientée vers le CIDFF."
    reponse = _poster_evaluation(client_de("chef"), brouillon, texte)
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "données nominatives" in page
    assert "KERBRAT" in page  # the author's own passage, quoted back beside the field
    assert 'id="error_1_id_evaluation_autorite"' in page or "invalid-feedback" in page
    brouillon.refresh_from_db()
    assert brouillon.evaluation_autorite == ""
    assert not Journal.objects.filter(
        action=ActionJournal.MODIFICATION, objet_id=str(brouillon.pk)
    ).exists()


def test_un_telephone_de_personne_suivie_est_refuse(monde, brouillon, client_de):
    PersonneFactory(poste=monde.poste, telephone="06 11 22 33 44")
    reponse = _poster_evaluation(client_de("chef"), brouillon, "Joignable au 0611223344.")
    assert reponse.status_code == 200
    brouillon.refresh_from_db()
    assert brouillon.evaluation_autorite == ""


def test_deux_sessions_du_chef_ne_s_ecrasent_pas(monde, brouillon, client, client_de):
    from django.test import Client

    premiere = client_de("chef")
    seconde = Client()
    seconde.force_login(monde["chef"])
    version = brouillon.version
    assert premiere.get(_url("bilan_evaluation", brouillon)).status_code == 200
    assert seconde.get(_url("bilan_evaluation", brouillon)).status_code == 200
    assert _poster_evaluation(premiere, brouillon, EVALUATION, version).status_code == 302
    reponse = _poster_evaluation(seconde, brouillon, "Autre texte, écrit à côté.", version)
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "a été modifié par quelqu" in page
    assert "Autre texte, écrit à côté." in page  # the input is kept
    brouillon.refresh_from_db()
    assert brouillon.evaluation_autorite == EVALUATION


def test_l_evaluation_et_les_textes_du_coordinateur_ne_s_ecrasent_pas(monde, brouillon, client_de):
    version = brouillon.version
    assert _poster_evaluation(client_de("chef"), brouillon, EVALUATION, version).status_code == 302
    reponse = client_de("coordinateur").post(
        _url("bilan_modifier", brouillon),
        {"version": version, "texte_impact": "Ouvert avant l'évaluation.", "pour_clspd": "on"},
    )
    assert reponse.status_code == 200
    brouillon.refresh_from_db()
    assert (brouillon.evaluation_autorite, brouillon.texte_impact) == (EVALUATION, "")


@pytest.mark.parametrize(
    "persona",
    [
        "agent",
        "clspd",
        "employeur",
        "coordinateur",
        "cdp",
        "intervenante",
        "intervenant_autre",
        "admin",
        "sans_role",
    ],
)
def test_seul_le_chef_du_site_ecrit_l_evaluation(persona, monde, brouillon, client_de):
    reponse = _poster_evaluation(client_de(persona), brouillon, "Écrit par un autre rôle.")
    assert reponse.status_code == 404
    brouillon.refresh_from_db()
    assert brouillon.evaluation_autorite == ""


def test_le_chef_d_un_autre_site_n_ecrit_pas_l_evaluation(monde, client_de):
    bilan = BilanAnnuelFactory(site=monde.commissariat_autre, departement=monde.departement)
    assert _poster_evaluation(client_de("chef"), bilan, EVALUATION).status_code == 404


def test_le_bilan_du_departement_n_a_pas_de_section_d_autorite(monde, client_de):
    bilan = BilanAnnuelFactory(departement=monde.departement)
    assert _poster_evaluation(client_de("chef"), bilan, EVALUATION).status_code == 404
    assert bilan.evaluation() is None


def test_l_evaluation_apparait_dans_le_pdf(monde, activite, brouillon, client_de):
    _poster_evaluation(client_de("chef"), brouillon, EVALUATION)
    client_de("coordinateur").post(_url("bilan_valider", brouillon))
    brouillon.refresh_from_db()
    assert brouillon.etat == EtatRapport.VALIDE
    texte = " ".join(texte_pdf(bytes(brouillon.pdf)).split())
    assert "Éléments d'évaluation de l'autorité fonctionnelle" in texte
    assert "sollicitée chaque semaine" in texte
    # The CLSPD, once transmitted, reads the same words.
    client_de("coordinateur").post(_url("bilan_transmettre", brouillon))
    page = client_de("clspd").get(_url("bilan_detail", brouillon)).content.decode()
    assert EVALUATION in page


def test_sans_evaluation_le_bilan_se_valide_avec_une_mention(monde, brouillon, client_de):
    detail = client_de("coordinateur").get(_url("bilan_detail", brouillon)).content.decode()
    assert "n'a pas encore écrit ses éléments d'évaluation" in detail
    client_de("coordinateur").post(_url("bilan_valider", brouillon))
    brouillon.refresh_from_db()
    assert brouillon.etat == EtatRapport.VALIDE
    assert brouillon.instantane["evaluation"]["mention"] == MENTION_SANS_EVALUATION
    texte = " ".join(texte_pdf(bytes(brouillon.pdf)).split())
    assert MENTION_SANS_EVALUATION in texte


def test_l_evaluation_est_figee_a_la_validation(monde, brouillon, client_de):
    services.valider_rapport(auteur=monde["coordinateur"], rapport=brouillon)
    brouillon.refresh_from_db()
    reponse = _poster_evaluation(client_de("chef"), brouillon, "Trop tard.")
    assert reponse.status_code == 302
    brouillon.refresh_from_db()
    assert brouillon.evaluation_autorite == ""
    with pytest.raises(services.RapportFige):
        services.ecrire_evaluation(
            auteur=monde["chef"], bilan=brouillon, version=brouillon.version, texte="Trop tard."
        )


def test_la_garde_relit_l_evaluation_a_la_validation(monde, brouillon):
    """A person recorded after the assessment was written still blocks the validation."""
    services.ecrire_evaluation(
        auteur=monde["chef"],
        bilan=brouillon,
        version=brouillon.version,
        texte="Relais efficace avec Goasdoué-Mével, partenaire associatif.",
    )
    PersonneFactory(poste=monde.poste, nom="Goasdoué-Mével")
    with pytest.raises(services.TexteNominatif) as erreur:
        services.valider_rapport(auteur=monde["chef"], rapport=brouillon)
    assert erreur.value.occurrences[0].section.startswith("Éléments d'évaluation")


def test_l_evaluation_renvoyee_inchangee_n_ecrit_rien(monde, brouillon, client_de):
    services.ecrire_evaluation(
        auteur=monde["chef"], bilan=brouillon, version=brouillon.version, texte=EVALUATION
    )
    brouillon.refresh_from_db()
    avant = (brouillon.version, brouillon.evaluation_le)
    assert _poster_evaluation(client_de("coordinateur"), brouillon, EVALUATION).status_code == 404
    assert _poster_evaluation(client_de("chef"), brouillon, EVALUATION).status_code == 302
    brouillon.refresh_from_db()
    assert (brouillon.version, brouillon.evaluation_le) == avant


def test_une_evaluation_trop_longue_est_refusee_en_francais(monde, brouillon, client_de):
    reponse = _poster_evaluation(client_de("chef"), brouillon, "x" * 8001)
    assert reponse.status_code == 200
    assert "au plus 8000 caractères" in reponse.content.decode()
    brouillon.refresh_from_db()
    assert brouillon.evaluation_autorite == ""
