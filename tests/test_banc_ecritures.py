"""The write phase of the benchmark counts what the browsers saw recorded, then compares it
with the rows in the database (tests/perf/ecritures.py): the accounting itself, without the
benchmark."""

from tests.perf.ecritures import JETONS, Envoi, ecarts_de_lignes, lignes_attendues


def _envoi(type_, issue):
    return Envoi(
        type_, duree=0.01, statut={"refuse": 200, "erreur": 500}.get(issue, 302), issue=issue
    )


def test_chaque_envoi_enregistre_compte_une_ligne_par_table_de_son_type():
    envois = [
        _envoi("qualification", "enregistre"),
        _envoi("entretien", "enregistre"),
        _envoi("entretien", "enregistre"),
        _envoi("identite", "enregistre"),
    ]
    attendues = lignes_attendues(envois)
    # A qualification opens a situation and takes up its referral: two tables.
    assert attendues["situations ouvertes"] == attendues["saisines prises en charge"] == 1
    assert attendues["entretiens"] == 2
    assert attendues["rectifications (versions)"] == 1
    assert attendues["actes"] == 0
    assert attendues[JETONS] == 4


def test_un_refus_ou_une_erreur_n_attend_rien_et_un_deja_garde_seulement_son_jeton():
    envois = [
        _envoi("qualification", "deja"),
        _envoi("acte", "refuse"),
        _envoi("orientation", "erreur"),
    ]
    attendues = lignes_attendues(envois)
    assert attendues[JETONS] == 1
    assert sum(n for table, n in attendues.items() if table != JETONS) == 0


def test_une_ligne_perdue_ou_doublee_est_nommee():
    attendues = lignes_attendues([_envoi("acte", "enregistre"), _envoi("entretien", "enregistre")])
    trouvees = {**attendues, "actes": 0, "entretiens": 2}
    assert ecarts_de_lignes(attendues, trouvees) == [
        "entretiens : 2 en base pour 1 envois enregistrés",
        "actes : 0 en base pour 1 envois enregistrés",
    ]
    assert ecarts_de_lignes(attendues, dict(attendues)) == []
