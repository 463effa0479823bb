"""The create/edit screens: good input saved, bad input refused beside the field, kept, unsaved."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conventions.models import Convention, DocumentConvention, ReunionComite
from intervenants.models import ActionJournal, Journal
from tests.conventions.factories import PDF_MINIMAL

pytestmark = pytest.mark.django_db


def _formset(prefixe, lignes=(), initiales=0):
    donnees = {
        f"{prefixe}-TOTAL_FORMS": str(len(lignes)),
        f"{prefixe}-INITIAL_FORMS": str(initiales),
    }
    for i, ligne in enumerate(lignes):
        donnees.update({f"{prefixe}-{i}-{champ}": valeur for champ, valeur in ligne.items()})
    return donnees


def _donnees(monde, financements=(), **champs):
    return {
        "titre": "Convention ISCG Estuaire 2024-2026",
        "reference": "ISCG-44",
        "employeur": monde.employeur.pk,
        "date_signature": "2023-12-15",
        "date_debut": "2024-01-01",
        "date_fin": "",
        "cout_annuel": "52 000,00",
        "postes": [monde.poste.pk],
        "temps_de_travail": "35 h",
        "gestion_courante_deleguee": "on",
        "delegation_details": "Congés validés par le commissaire.",
        "comite_suivi": "Une réunion par an.",
        **champs,
        **_formset("parties", [{"role": "prefet", "nom": "Préfet de Loire-Atlantique"}]),
        **_formset(
            "sites",
            [
                {
                    "site": monde.commissariat.pk,
                    "horaires_permanence": "lundi 9 h – 17 h",
                    "autorite_fonctionnelle": "Commissaire",
                }
            ],
        ),
        **_formset("financements", list(financements)),
    }


def _financement(annee, montant, financeur="fipd_etat"):
    return {"financeur": financeur, "annee": str(annee), "montant": montant}


def _envoyer(client_de, monde, persona="employeur", **kwargs):
    return client_de(persona).post(reverse("conventions:creer"), _donnees(monde, **kwargs))


def test_employeur_enregistre_une_convention_avec_ses_financements(client_de, monde):
    reponse = _envoyer(
        client_de,
        monde,
        financements=[_financement(2024, "26 000,00"), _financement(2024, "26000.00", "caf")],
    )
    convention = Convention.objects.get()
    assert reponse.status_code == 302
    assert convention.date_fin == datetime.date(2026, 12, 31)
    assert sorted(convention.financements.values_list("montant", flat=True)) == [
        Decimal("26000.00"),
        Decimal("26000.00"),
    ]
    horaires = convention.sites_couverts.get(site=monde.commissariat).horaires_permanence
    assert horaires == "lundi 9 h – 17 h"


def test_formulaire_de_creation_s_affiche(client_de):
    page = client_de("coordinateur").get(reverse("conventions:creer")).content.decode()
    assert "Nouvelle convention" in page
    assert 'name="financements-0-montant"' in page


def _refuse(reponse, message, valeur_gardee):
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert message in page
    assert valeur_gardee in page
    assert not Convention.objects.exists()


def test_fin_avant_debut_refusee_a_cote_du_champ(client_de, monde):
    reponse = _envoyer(client_de, monde, date_fin="2023-06-30")
    _refuse(reponse, "La date de fin précède la date de début.", "ISCG-44")
    assert reponse.context["form"].errors["date_fin"]


def test_parts_au_dela_de_100_pour_cent_refusees(client_de, monde):
    reponse = _envoyer(
        client_de,
        monde,
        financements=[_financement(2024, "40000"), _financement(2024, "20000", "caf")],
    )
    _refuse(reponse, "plus de 100 %", "40000")
    assert reponse.context["financements"].forms[0].errors["montant"]


def test_montant_negatif_refuse(client_de, monde):
    reponse = _envoyer(client_de, monde, financements=[_financement(2024, "-5")])
    _refuse(reponse, "Le montant ne peut pas être négatif.", "-5")


def test_annee_hors_convention_refusee(client_de, monde):
    reponse = _envoyer(client_de, monde, financements=[_financement(2031, "5")])
    _refuse(reponse, "hors de la durée de la convention", "2031")


def test_cout_negatif_refuse(client_de, monde):
    reponse = _envoyer(client_de, monde, cout_annuel="-1")
    _refuse(reponse, "Le coût ne peut pas être négatif.", "ISCG-44")


def test_poste_d_un_autre_employeur_refuse(client_de, monde):
    reponse = _envoyer(client_de, monde, persona="coordinateur", postes=[monde.poste_autre.pk])
    _refuse(reponse, "ne relève pas de l&#x27;employeur", "ISCG-44")


def test_resiliation_d_un_brouillon_refusee(client_de, monde):
    reponse = _envoyer(client_de, monde, date_signature="", date_resiliation="2025-01-01")
    _refuse(reponse, "Une convention non signée ne se résilie pas", "ISCG-44")


def test_modification_garde_les_lignes_et_journalise(client_de, monde, convention):
    from tests.navigateur import formulaire

    url = reverse("conventions:modifier", args=[convention.pk])
    client = client_de("coordinateur")
    donnees = formulaire(client.get(url)) | {
        "titre": ["Convention modifiée"],
        "financements-0-financeur": ["fipd_etat"],
        "financements-0-annee": ["2025"],
        "financements-0-montant": ["1000"],
    }
    reponse = client.post(url, donnees)
    convention.refresh_from_db()
    assert reponse.status_code == 302
    assert convention.titre == "Convention modifiée"
    assert convention.financements.count() == 1
    assert Journal.objects.filter(action=ActionJournal.MODIFICATION).exists()


def test_site_deja_couvert_ajoute_par_une_ligne_nouvelle_refuse_sans_erreur_serveur(
    client_de, monde, convention
):
    # Tampered data: the existing lines left out, the commissariat sent as a new line.
    reponse = client_de("coordinateur").post(
        reverse("conventions:modifier", args=[convention.pk]),
        _donnees(monde) | {"version": convention.version},
    )
    assert reponse.status_code == 200
    assert "Ce site figure déjà dans la convention." in reponse.content.decode()
    assert convention.sites_couverts.count() == 3


def test_page_de_modification_affiche_les_lignes_existantes(client_de, convention):
    from tests.conventions.factories import FinancementFactory

    FinancementFactory(convention=convention, montant=Decimal("12345.60"))
    page = client_de("employeur").get(reverse("conventions:modifier", args=[convention.pk]))
    assert "12345,60" in page.content.decode()


def test_avenant_enregistre(client_de, convention):
    reponse = client_de("employeur").post(
        reverse("conventions:avenant", args=[convention.pk]),
        {
            "date_signature": "2025-02-01",
            "objet": "Prolongation",
            "modifications": "Six mois de plus.",
            "nouvelle_date_fin": "2027-06-30",
        },
    )
    convention.refresh_from_db()
    assert reponse.status_code == 302
    assert convention.date_fin == datetime.date(2027, 6, 30)


def test_avenant_finissant_avant_le_debut_refuse(client_de, convention):
    reponse = client_de("employeur").post(
        reverse("conventions:avenant", args=[convention.pk]),
        {
            "date_signature": "2025-02-01",
            "objet": "Erreur de saisie",
            "modifications": "…",
            "nouvelle_date_fin": "2020-01-01",
        },
    )
    page = reponse.content.decode()
    assert "La nouvelle date de fin précède le début de la convention." in page
    assert "Erreur de saisie" in page
    assert not convention.avenants.exists()


def test_reunion_du_comite_enregistree_et_date_obligatoire(client_de, convention):
    url = reverse("conventions:reunion", args=[convention.pk])
    refuse = client_de("coordinateur").post(url, {"date": "", "participants": "Préfecture"})
    assert "Ce champ est obligatoire." in refuse.content.decode()
    client_de("coordinateur").post(url, {"date": "2025-03-12", "participants": "Préfecture"})
    assert ReunionComite.objects.get().participants == "Préfecture"


def _deposer(client_de, convention, contenu, nom="convention.pdf"):
    return client_de("employeur").post(
        reverse("conventions:document", args=[convention.pk]),
        {
            "type": "convention_signee",
            "titre": "Convention signée",
            "fichier": SimpleUploadedFile(nom, contenu, content_type="application/pdf"),
        },
    )


def test_document_pdf_depose(client_de, convention):
    reponse = _deposer(client_de, convention, PDF_MINIMAL)
    assert reponse.status_code == 302
    assert DocumentConvention.objects.get().taille == len(PDF_MINIMAL)


def test_fichier_non_pdf_refuse_meme_nomme_pdf(client_de, convention, fichiers_temporaires):
    reponse = _deposer(client_de, convention, b"<html>pas un pdf</html>")
    page = reponse.content.decode()
    assert "n&#x27;est pas un PDF" in page
    assert 'value="Convention signée"' in page
    assert not DocumentConvention.objects.exists()
    assert not (fichiers_temporaires / "conventions").exists()


def test_fichier_trop_gros_refuse(client_de, convention, settings):
    settings.CONVENTIONS_TAILLE_MAX_DOCUMENT = 1024
    reponse = _deposer(client_de, convention, PDF_MINIMAL + b"0" * 2048)
    assert "dépasse la taille maximale de 1,0" in reponse.content.decode()
    assert not DocumentConvention.objects.exists()


def test_enregistrer_et_ajouter_des_lignes_rouvre_le_formulaire(client_de, monde):
    donnees = _donnees(monde, financements=[_financement(2024, "1000")]) | {"continuer": "1"}
    reponse = client_de("employeur").post(reverse("conventions:creer"), donnees)
    convention = Convention.objects.get()
    assert reponse["Location"] == reverse("conventions:modifier", args=[convention.pk])
    page = client_de("employeur").get(reponse["Location"]).content.decode()
    assert 'name="financements-3-montant"' in page


def test_lignes_de_site_vides_ignorees_et_site_en_double_refuse(client_de, monde):
    donnees = _donnees(monde)
    donnees |= {"sites-TOTAL_FORMS": "3", "sites-1-site": "", "sites-2-site": ""}
    assert client_de("employeur").post(reverse("conventions:creer"), donnees).status_code == 302
    Convention.objects.all().delete()
    donnees |= {"sites-1-site": str(monde.commissariat.pk)}
    reponse = client_de("employeur").post(reverse("conventions:creer"), donnees)
    _refuse(reponse, "Ce site figure déjà dans la convention.", "ISCG-44")
