// Roll-call forms: the conflict-of-interest field matters only for a member who recuses, so show it
// then and make it required; without script every field simply stays visible.
(function () {
  if (window.councilsReady) return;
  window.councilsReady = true;

  function sync(fieldset) {
    var recused = fieldset.querySelector("input[type=radio][value=recused]");
    var note = fieldset.querySelector(".conflict");
    if (!recused || !note) return;
    note.hidden = !recused.checked;
    var input = note.querySelector("input");
    if (input) input.required = recused.checked;
  }

  function syncAll(root) {
    (root || document).querySelectorAll("fieldset.roll-call").forEach(sync);
  }

  document.addEventListener("change", function (event) {
    var fieldset = event.target.closest && event.target.closest("fieldset.roll-call");
    if (fieldset) sync(fieldset);
  });
  document.addEventListener("DOMContentLoaded", function () { syncAll(); });
  document.addEventListener("htmx:afterSettle", function (event) { syncAll(event.target); });
  syncAll();
})();
