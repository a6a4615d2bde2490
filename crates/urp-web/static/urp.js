// Marks the page as scripted, so the CSS fallbacks for pages without JavaScript switch off.
document.documentElement.classList.remove('no-js');

// After a refused submission, take keyboard and screen-reader users to the list of errors.
document.addEventListener('DOMContentLoaded', function () {
  var summary = document.getElementById('error-summary');
  if (summary) { summary.focus(); }
});

// "Use my position": fills the hidden coordinates of a report from the browser's geolocation.
// No map tiles are loaded, so no request leaves for a third party.
document.addEventListener('DOMContentLoaded', function () {
  var button = document.getElementById('urp-locate');
  if (!button || !navigator.geolocation) { return; }
  var status = document.getElementById('urp-locate-status');
  button.addEventListener('click', function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      var lat = pos.coords.latitude.toFixed(6);
      var lon = pos.coords.longitude.toFixed(6);
      document.getElementById('f-lat').value = lat;
      document.getElementById('f-lon').value = lon;
      status.textContent = button.dataset.found + ' ' + lat + ', ' + lon;
    }, function () {
      status.textContent = button.dataset.failed;
    }, { enableHighAccuracy: true, timeout: 15000 });
  });
});
