// Small behaviours that need script; the CSP forbids inline handlers, so they live here.
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-action=print]");
  if (target) {
    event.preventDefault();
    window.print();
  }
});
