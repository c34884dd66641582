// Deliberation behaviours: clear a comment form once htmx has posted it successfully.
(function () {
  if (window.deliberationLoaded) { return; }
  window.deliberationLoaded = true;
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.matches && form.matches("form[data-reset-on-success]") && event.detail.successful) {
      form.reset();
      var details = form.closest("details");
      if (details) { details.open = false; }
    }
  });
})();
