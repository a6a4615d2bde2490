// "Copia link" on the front office's search results: copies the public address of a sheet.
// Delegated, so it works on results htmx swaps in while the operator types.
document.addEventListener('click', function (e) {
  var button = e.target.closest && e.target.closest('.srch-copy');
  if (!button || !navigator.clipboard) { return; }
  navigator.clipboard.writeText(button.dataset.url).then(function () {
    var status = document.getElementById('srch-results');
    button.firstChild.textContent = button.dataset.done;
    if (status) { status.setAttribute('data-copied', button.dataset.url); }
  });
});
