// Sharing pages: show only the pledge field that fits the chosen kind (the form works without it).
(function () {
  function update(form) {
    var select = form.querySelector("select[name=kind]");
    if (!select) { return; }
    form.querySelectorAll("[data-pledge]").forEach(function (box) {
      box.hidden = box.getAttribute("data-pledge") !== select.value;
    });
  }
  function init() {
    document.querySelectorAll("form.pledge-form").forEach(update);
  }
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form.pledge-form");
    if (form && event.target.name === "kind") { update(form); }
  });
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:load", init);
})();
