"""How published figures are shown (rapports/presentation.py): evolution, bars, masked
cells, the comparison left out when the period before holds nothing, highlights."""

from rapports import presentation
from rapports.statistiques import MOIS, libelle_de_rang


def _c(valeur):
    """A published cell; ``None`` is a masked one."""
    if valeur is None:
        return {"valeur": None, "masque": "secret", "texte": "masqué"}
    return {"valeur": valeur, "masque": "", "texte": str(valeur)}


def _publie(indicateurs, tableaux=(), entetes=("2026", "2025")):
    return {
        "entetes": list(entetes),
        "indicateurs": [
            {"code": code, "libelle": code, "cellules": [_c(v) for v in valeurs]}
            for code, valeurs in indicateurs
        ],
        "delai_median": ["3 j", "non publié"],
        "tableaux": list(tableaux),
    }


def _tableau(cle, lignes, total=None):
    return {
        "cle": cle,
        "titre": cle,
        "unite": "",
        "note": "",
        "entetes": ["2026", "2025"],
        "lignes": [
            {"code": libelle, "libelle": libelle, "cellules": [_c(v) for v in valeurs]}
            for libelle, valeurs in lignes
        ],
        "total": {"libelle": "Total", "cellules": [_c(v) for v in total]} if total else None,
    }


def test_evolution_en_pourcentage_et_jamais_sur_une_case_masquee():
    assert presentation.evolution([_c(134), _c(85)], "2025")["court"] == "+58\u202f%"
    baisse = presentation.evolution([_c(4), _c(6)], "2025")
    assert (baisse["court"], baisse["sens"]) == ("−33\u202f%", "baisse")
    assert presentation.evolution([_c(5), _c(5)], "2025")["court"] == "stable"
    assert presentation.evolution([_c(12), _c(0)], "2025")["texte"] == "aucun en 2025"
    for cellules in ([_c(None), _c(12)], [_c(12), _c(None)]):
        masquee = presentation.evolution(cellules, "2025")
        assert (masquee["court"], masquee["texte"]) == ("", "évolution non publiée")


def test_une_barre_masquee_n_est_pas_une_barre_nulle():
    t = _tableau(
        "origines", [("police", [40, None]), ("mairie", [0, 20]), ("bailleur", [None, None])]
    )
    g = presentation.graphique(t, 2)
    police, mairie = g["lignes"]
    assert police["barres"][0]["part"] == presentation.PART_MAXIMALE
    assert police["barres"][1] | {"periode": None} == {
        "serie": 1,
        "periode": None,
        "texte": "masqué",
        "masque": True,
        "part": 0,
    }
    # A published zero is a zero, written as such; a masked cell is flagged, never a zero.
    assert mairie["barres"][0]["masque"] is False and mairie["barres"][0]["texte"] == "0"
    assert mairie["barres"][1]["part"] == round(presentation.PART_MAXIMALE / 2, 1)
    # Masked in every period: named under the chart, not drawn.
    assert g["masquees"] == ["bailleur"]


def test_sans_activite_l_annee_precedente_pas_de_comparaison():
    vide = _publie([("personnes", [12, 0]), ("situations", [10, 0])])
    p = presentation.presenter(vide)
    assert p["avec_comparaison"] is False
    assert p["entetes"] == ["2026"]
    assert all(c["precedente"] is None for c in p["chiffres"])
    # A masked figure the year before means there was activity: the comparison stays.
    masquee = _publie([("personnes", [12, None]), ("situations", [10, 0])])
    assert presentation.presenter(masquee)["avec_comparaison"] is True


def test_les_tableaux_perdent_leur_colonne_de_comparaison_quand_elle_est_vide():
    t = _tableau("sexe", [("femme", [12, 0]), ("homme", [None, 0])], total=[20, 0])
    p = presentation.presenter(_publie([("situations", [20, 0])], [t]))
    (rendu,) = p["tableaux"]
    assert rendu["entetes"] == ["2026"]
    assert [len(ligne["cellules"]) for ligne in rendu["lignes"]] == [1, 1]
    assert rendu["totaux"] == [("2026", _c(20))]
    assert [len(ligne["barres"]) for ligne in rendu["graphique"]["lignes"]] == [1]
    assert rendu["graphique"]["masquees"] == ["homme"]


def test_generique_un_chiffre_et_un_tableau_nouveaux_apparaissent():
    nouveau = _tableau("contacts_anonymes", [("téléphone", [14, 11])])
    p = presentation.presenter(
        _publie([("personnes", [1, 1]), ("contacts_anonymes", [14, 11])], [nouveau])
    )
    assert "contacts_anonymes" in [c["code"] for c in p["chiffres"]]
    assert [t["cle"] for t in p["tableaux"]] == ["contacts_anonymes"]
    sections = presentation.sections_pdf(p["tableaux"])
    assert [(s["ancre"], len(s["tableaux"])) for s in sections] == [("autres", 1)]


def test_les_cinq_chiffres_de_la_premiere_page_dans_leur_ordre():
    codes = ["actes", "orientations", "entretiens", "saisines", "situations", "personnes"]
    p = presentation.presenter(_publie([(code, [1, 1]) for code in codes]))
    assert [c["code"] for c in p["principaux"]] == list(presentation.PRINCIPAUX)


def test_faits_marquants_premiere_phrase_des_trois_premieres_parties_redigees():
    textes = [
        {"titre": "Saisines", "texte": ""},
        {"titre": "Situations", "texte": "Les violences dominent. Puis le reste."},
        {"titre": "Suites", "texte": "Des relais\nvers le CIDFF ! Détail."},
        {"titre": "Impact", "texte": "Plus rapide."},
        {"titre": "Perspectives", "texte": "Jamais lu."},
    ]
    faits = presentation.faits_marquants(textes)
    assert faits == [
        {"titre": "Situations", "texte": "Les violences dominent."},
        {"titre": "Suites", "texte": "Des relais vers le CIDFF !"},
        {"titre": "Impact", "texte": "Plus rapide."},
    ]
    long = presentation.premiere_phrase("mot " * 200)
    assert len(long) <= 281 and long.endswith("…")


def test_les_lignes_d_une_serie_se_nomment_comme_les_colonnes():
    annee_avant = [(2025, m) for m in range(1, 13)]
    assert libelle_de_rang("janvier", 2026, 0, annee_avant, MOIS) == "janvier"
    trimestre_avant = [(2026, 4), (2026, 5), (2026, 6)]
    assert libelle_de_rang("juillet", 2026, 0, trimestre_avant, MOIS) == "juillet / avril"
    assert libelle_de_rang("juillet", 2026, 0, [], MOIS) == "juillet 2026"
