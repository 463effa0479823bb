// Dashboard period selector: show only the fields the chosen kind of period uses.
// Progressive enhancement: without this script every field shows and the form still works
// (the server reads only the fields of the chosen kind).
(function () {
  "use strict";
  var UTILES = {
    annee: ["annee"],
    trimestre: ["annee", "trimestre"],
    mois: ["annee", "mois"],
    plage: ["debut", "fin"],
  };
  var CHAMPS = ["annee", "trimestre", "mois", "debut", "fin"];

  document.querySelectorAll("form.selecteur-periode").forEach(function (formulaire) {
    var nature = formulaire.querySelector("[name=nature]");
    if (!nature) {
      return;
    }
    function afficher() {
      var utiles = UTILES[nature.value] || CHAMPS;
      CHAMPS.forEach(function (nom) {
        var bloc = formulaire.querySelector("#div_id_" + nom);
        if (bloc) {
          bloc.hidden = utiles.indexOf(nom) === -1;
        }
      });
    }
    nature.addEventListener("change", afficher);
    afficher();
  });
})();
