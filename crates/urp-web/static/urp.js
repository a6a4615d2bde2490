// Marks the page as scripted, so the CSS fallbacks for pages without JavaScript switch off.
document.documentElement.classList.remove('no-js');

// After a refused submission, take keyboard and screen-reader users to the list of errors.
document.addEventListener('DOMContentLoaded', function () {
  var summary = document.getElementById('error-summary');
  if (summary) { summary.focus(); }
});

// The place of a report: the browser's position ("Use my position") and, when the ente has
// configured a tile server, a map to click on. Both fill the hidden coordinates; without a
// tile server no request leaves for a third party.
document.addEventListener('DOMContentLoaded', function () {
  var latField = document.getElementById('f-lat');
  var lonField = document.getElementById('f-lon');
  var status = document.getElementById('urp-locate-status');
  if (!latField || !lonField || !status) { return; }
  var mapEl = document.getElementById('urp-map');
  var map = null;
  var marker = null;

  function setPoint(lat, lon, found, move) {
    latField.value = lat.toFixed(6);
    lonField.value = lon.toFixed(6);
    status.textContent = found + ' ' + latField.value + ', ' + lonField.value;
    if (map) {
      if (marker) { marker.setLatLng([lat, lon]); } else {
        marker = window.L.marker([lat, lon], {
          icon: window.L.divIcon({ className: 'urp-map-pin', iconSize: [22, 22], iconAnchor: [11, 22] }),
          keyboard: false
        }).addTo(map);
      }
      if (move) { map.setView([lat, lon], Math.max(map.getZoom(), 16)); }
    }
  }

  if (mapEl && window.L) {
    var d = mapEl.dataset;
    map = window.L.map(mapEl, { scrollWheelZoom: false });
    window.L.tileLayer(d.tiles, { maxZoom: 19, attribution: d.attribution || '' }).addTo(map);
    map.attributionControl.setPrefix(false);
    if (latField.value && lonField.value) {
      map.setView([parseFloat(latField.value), parseFloat(lonField.value)], 16);
      setPoint(parseFloat(latField.value), parseFloat(lonField.value), d.found, false);
    } else {
      map.setView([parseFloat(d.lat), parseFloat(d.lon)], parseInt(d.zoom, 10));
    }
    map.on('click', function (e) { setPoint(e.latlng.lat, e.latlng.lng, d.found, false); });
    var clear = document.getElementById('urp-map-clear');
    if (clear) {
      clear.addEventListener('click', function () {
        latField.value = '';
        lonField.value = '';
        if (marker) { map.removeLayer(marker); marker = null; }
        status.textContent = clear.dataset.cleared;
      });
    }
  }

  var button = document.getElementById('urp-locate');
  if (!button || !navigator.geolocation) { return; }
  button.addEventListener('click', function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      setPoint(pos.coords.latitude, pos.coords.longitude, button.dataset.found, true);
    }, function () {
      status.textContent = button.dataset.failed;
    }, { enableHighAccuracy: true, timeout: 15000 });
  });
});
